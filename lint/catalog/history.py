"""Release histories: every catalogued release of one distribution in one file.

A history is merged from the catalogs the builder writes for each release. Each class's own
fields, each of its arguments, each alias and each Airflow fact is stored once per distinct value
with the releases where it holds (``"9.30.0-9.33.0,9.35.1"``: runs of consecutive releases in the
history's own release order). `at(history, release)` gives back the catalog of one release,
exactly as the builder wrote it apart from its build time.

Standard library only: scripts/build_catalogs.py imports this module without installing wflint.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

HISTORY_FORMAT = "wflint-catalog-history"
HISTORY_VERSION = 1
HISTORY_SUFFIX = ".json.gz"
# Kept per release rather than merged: they describe the build, not the package.
BUILD_FIELDS = ("airflow_version", "python_version", "builder_version", "built_at", "skipped_modules")


def release_key(version: str) -> tuple:
    """Orders releases numerically (3.1.10 after 3.1.9); suffixes such as rc1 sort before."""
    parts = []
    for part in version.split("."):
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        suffix = part[len(digits):]
        parts.append((int(digits) if digits else -1, 0 if suffix else 1, suffix))
    return tuple(parts)


def gunzip_if_needed(name: str, raw: bytes) -> bytes:
    return gzip.decompress(raw) if name.endswith(".gz") else raw


# -- ranges of releases -------------------------------------------------------------------------


def ranges_text(indices: list[int], releases: list[str]) -> str:
    """Sorted release indices as runs: [0, 1, 2, 4] -> "9.30.0-9.32.0,9.34.0"."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and index == runs[-1][1] + 1:
            runs[-1][1] = index
        else:
            runs.append([index, index])
    return ",".join(releases[a] if a == b else f"{releases[a]}-{releases[b]}" for a, b in runs)


def ranges_indices(text: str, positions: dict[str, int]) -> frozenset[int]:
    found: set[int] = set()
    for run in text.split(","):
        first, _, last = run.partition("-")
        found.update(range(positions[first], positions[last or first] + 1))
    return frozenset(found)


def _variants(values: list[tuple[int, Any]], releases: list[str]) -> list[list]:
    """[(release index, value)] -> [[ranges, value]] with one entry per distinct value."""
    by_value: dict[str, tuple[Any, list[int]]] = {}
    for index, value in values:
        key = json.dumps(value, sort_keys=True)
        by_value.setdefault(key, (value, []))[1].append(index)
    return [[ranges_text(indices, releases), value] for value, indices in by_value.values()]


# -- merge ----------------------------------------------------------------------------------------


def _split_class(entry: dict) -> tuple[dict, dict[str, dict]]:
    """A class entry without its arguments (their names kept in order), and the arguments."""
    init = entry.get("init")
    if not init:
        return entry, {}
    arguments = {argument["name"]: argument for argument in init["arguments"]}
    shell = {**entry, "init": {**init, "arguments": list(arguments)}}
    return shell, arguments


def merge(documents: list[dict]) -> dict:
    """One history from the per-release catalogs of one distribution."""
    if not documents:
        raise ValueError("no catalogs to merge")
    package = documents[0]["package"]
    documents = sorted(documents, key=lambda document: release_key(document["version"]))
    releases = [document["version"] for document in documents]
    if len(set(releases)) != len(releases):
        raise ValueError(f"{package}: a release is given twice")
    shells: dict[str, list] = {}
    arguments: dict[str, dict[str, list]] = {}
    aliases: dict[str, list] = {}
    facts: dict[str, list] = {}
    extra: dict[str, list] = {}
    for index, document in enumerate(documents):
        if document["package"] != package:
            raise ValueError(f"cannot merge {document['package']} into {package}")
        for path, entry in document["classes"].items():
            shell, own = _split_class(entry)
            shells.setdefault(path, []).append((index, shell))
            for name, argument in own.items():
                arguments.setdefault(path, {}).setdefault(name, []).append((index, argument))
        for path, alias in document["aliases"].items():
            aliases.setdefault(path, []).append((index, alias))
        for key, value in document.get("facts", {}).items():
            facts.setdefault(key, []).append((index, value))
        for key, value in document.items():
            if key not in ("classes", "aliases", "facts", "version", "package", "format", "format_version",
                           *BUILD_FIELDS):
                extra.setdefault(key, []).append((index, value))
    history: dict[str, Any] = {
        "format": HISTORY_FORMAT,
        "format_version": HISTORY_VERSION,
        "catalog_format": [documents[-1]["format"], documents[-1]["format_version"]],
        "package": package,
        "releases": releases,
        "builds": {d["version"]: {field: d[field] for field in BUILD_FIELDS if field in d} for d in documents},
        "classes": {
            path: {
                "class": _variants(variants, releases),
                "arguments": {name: _variants(values, releases)
                              for name, values in sorted(arguments.get(path, {}).items())},
            }
            for path, variants in sorted(shells.items())
        },
        "aliases": {path: _variants(variants, releases) for path, variants in sorted(aliases.items())},
    }
    if facts:
        history["facts"] = {key: _variants(values, releases) for key, values in sorted(facts.items())}
    if extra:
        history["extra"] = {key: _variants(values, releases) for key, values in sorted(extra.items())}
    return history


def write(folder: Path, history: dict) -> Path:
    """<folder>/<distribution>.json.gz, one class per line inside, byte-identical between builds."""
    lines = ["{"]
    for key, value in history.items():
        if key in ("classes", "aliases") and value:
            items = [f"{json.dumps(path)}:{json.dumps(entry, separators=(',', ':'), ensure_ascii=False)}"
                     for path, entry in value.items()]
            lines.append(f"{json.dumps(key)}:{{\n" + ",\n".join(items) + "\n},")
        else:
            lines.append(f"{json.dumps(key)}:{json.dumps(value, separators=(',', ':'), ensure_ascii=False)},")
    lines[-1] = lines[-1].rstrip(",")
    text = "\n".join([*lines, "}"]) + "\n"
    target = folder / f"{history['package']}{HISTORY_SUFFIX}"
    target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return target


# -- one release back out ---------------------------------------------------------------------------


class ReleaseHistory:
    """A loaded history answering `at(release)` (each release's catalog built once, then kept)."""

    def __init__(self, document: dict):
        if document.get("format") != HISTORY_FORMAT or document.get("format_version") != HISTORY_VERSION:
            raise ValueError(f"not a wflint release history (format {document.get('format')!r}, "
                             f"version {document.get('format_version')!r})")
        self.document = document
        self.package: str = document["package"]
        self.releases: list[str] = document["releases"]
        self._positions = {release: index for index, release in enumerate(self.releases)}
        self._ranges: dict[str, frozenset[int]] = {}
        self._catalogs: dict[str, dict] = {}

    @classmethod
    def read(cls, path: Path) -> ReleaseHistory:
        return cls(json.loads(gunzip_if_needed(path.name, path.read_bytes())))

    def _holds(self, ranges: str, index: int) -> bool:
        found = self._ranges.get(ranges)
        if found is None:
            found = self._ranges[ranges] = ranges_indices(ranges, self._positions)
        return index in found

    def _pick(self, variants: list[list], index: int) -> tuple[bool, Any]:
        for ranges, value in variants:
            if self._holds(ranges, index):
                return True, value
        return False, None

    def _holding(self, named: dict[str, list[list]], index: int) -> dict:
        """name -> the value that holds at the release, for the names that have one there."""
        found = {}
        for name, variants in named.items():
            holds, value = self._pick(variants, index)
            if holds:
                found[name] = value
        return found

    def at(self, release: str) -> dict:
        """The catalog document of `release` (one of `releases`)."""
        cached = self._catalogs.get(release)
        if cached is not None:
            return cached
        index = self._positions[release]
        document = self.document
        fmt, fmt_version = document["catalog_format"]
        catalog: dict[str, Any] = {"format": fmt, "format_version": fmt_version, "package": self.package,
                                   "version": release, **document["builds"][release]}
        catalog.update(self._holding(document.get("extra", {}), index))
        classes: dict[str, Any] = {}
        for path, merged in document["classes"].items():
            found, shell = self._pick(merged["class"], index)
            if not found:
                continue
            init = shell.get("init")
            if init:
                own = merged["arguments"]
                rebuilt = [self._pick(own[name], index)[1] for name in init["arguments"]]
                shell = {**shell, "init": {**init, "arguments": rebuilt}}
            classes[path] = shell
        catalog["classes"] = classes
        catalog["aliases"] = self._holding(document["aliases"], index)
        if "facts" in document:
            catalog["facts"] = self._holding(document["facts"], index)
        self._catalogs[release] = catalog
        return catalog
