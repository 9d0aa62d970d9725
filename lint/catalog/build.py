"""Build operator catalogs by introspecting the Airflow distributions installed in this environment.

    python -m wflint.catalog.build --out schemas/catalogs [--package NAME ...]
    python lint/catalog/build.py --out DIR [--package NAME ...]     (wflint not installed)

Writes one ``<distribution>.json`` (gzipped when large) per distribution, then rewrites
``index.json`` from every catalog in the output folder. Only the standard library is imported at
module level; Airflow is imported once the build starts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

if __package__:
    from . import collect_facts, introspect
    from .fileformat import CATALOG_FORMAT, CATALOG_SUFFIXES, FORMAT_VERSION, INDEX_FILE, INDEX_FORMAT
else:  # run as a script: make the sibling modules importable without installing wflint
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import collect_facts  # type: ignore[no-redef]
    import introspect  # type: ignore[no-redef]
    from fileformat import CATALOG_FORMAT, CATALOG_SUFFIXES, FORMAT_VERSION, INDEX_FILE, INDEX_FORMAT  # type: ignore[no-redef]

BUILDER_VERSION = "1.0.0"
TASK_SDK = "apache-airflow-task-sdk"
AIRFLOW_CORE = "apache-airflow-core"
PROVIDER_PREFIX = "apache-airflow-providers-"
DEFAULT_GZIP_OVER_BYTES = 3_000_000


def installed_airflow_distributions() -> list[str]:
    """The task SDK, Airflow core and every installed provider, by distribution name."""
    names = set()
    for distribution in importlib.metadata.distributions():
        name = (distribution.metadata["Name"] or "").lower().replace("_", "-")
        if name in (TASK_SDK, AIRFLOW_CORE) or name.startswith(PROVIDER_PREFIX):
            names.add(name)
    return sorted(names)


def catalog_document(name: str, scan: Any, built_at: str, airflow_version: str) -> dict[str, Any]:
    distribution = scan.distributions[name]
    classes = {
        path: introspect.describe_class(cls, scan.roots)
        for path, cls in sorted(scan.classes.items())
        if scan.owner[path] == name
    }
    document: dict[str, Any] = {
        "format": CATALOG_FORMAT,
        "format_version": FORMAT_VERSION,
        "package": name,
        "version": distribution.version,
        "airflow_version": airflow_version,
        "python_version": platform.python_version(),
        "built_at": built_at,
        "builder_version": BUILDER_VERSION,
        "classes": classes,
        "aliases": dict(sorted(scan.aliases.get(name, {}).items())),
        "skipped_modules": scan.skipped.get(name, []),
    }
    if name == TASK_SDK:
        document["facts"] = collect_facts.collect()
    return document


def dumps_catalog(document: dict[str, Any]) -> str:
    """Compact JSON with one class or alias per line, so that diffs between builds stay readable."""
    lines = ["{"]
    keys = list(document)
    for position, key in enumerate(keys):
        value = document[key]
        closing = "," if position < len(keys) - 1 else ""
        if key in ("classes", "aliases") and value:
            lines.append(f"{json.dumps(key)}:{{")
            items = list(value.items())
            for item_position, (path, entry) in enumerate(items):
                comma = "," if item_position < len(items) - 1 else ""
                entry_json = json.dumps(entry, separators=(",", ":"), ensure_ascii=False)
                lines.append(f"{json.dumps(path)}:{entry_json}{comma}")
            lines.append("}" + closing)
        else:
            lines.append(f"{json.dumps(key)}:{json.dumps(value, separators=(',', ':'), ensure_ascii=False)}{closing}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_catalog(out: Path, document: dict[str, Any], gzip_over: int) -> Path:
    text = dumps_catalog(document).encode("utf-8")
    base = out / document["package"]
    for suffix in CATALOG_SUFFIXES:  # drop the other variant left by an earlier build
        Path(f"{base}{suffix}").unlink(missing_ok=True)
    if len(text) > gzip_over:
        target = Path(f"{base}.json.gz")
        # mtime=0 keeps the gzip bytes identical between identical builds.
        target.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    else:
        target = Path(f"{base}.json")
        target.write_bytes(text)
    return target


def read_catalog_file(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return json.loads(raw)


def write_index(out: Path, built_at: str) -> Path:
    """Map every class and alias path of the folder's catalogs to the distribution that has it."""
    catalogs: dict[str, Any] = {}
    paths: dict[str, str] = {}
    deprecated_aliases: set[str] = set()
    alias_targets: dict[str, str] = {}
    facts_in = None
    for file in sorted(out.iterdir()):
        if file.name == INDEX_FILE or not file.name.endswith(CATALOG_SUFFIXES):
            continue
        document = read_catalog_file(file)
        if document.get("format") != CATALOG_FORMAT:
            continue
        package = document["package"]
        catalogs[package] = {
            "file": file.name,
            "version": document["version"],
            "airflow_version": document["airflow_version"],
            "classes": len(document["classes"]),
            "aliases": len(document["aliases"]),
        }
        if "facts" in document:
            facts_in = package
        for path in [*document["classes"], *document["aliases"]]:
            paths.setdefault(path, package)
        for path, alias in document["aliases"].items():
            alias_targets.setdefault(path, alias["target"])
            if alias["deprecated"]:
                deprecated_aliases.add(path)
    index = {
        "format": INDEX_FORMAT,
        "format_version": FORMAT_VERSION,
        "built_at": built_at,
        "builder_version": BUILDER_VERSION,
        "catalogs": catalogs,
        "facts_in": facts_in,
        "paths": dict(sorted(paths.items())),
        # Lets a lookup list a class's other import paths without reading the alias catalogs.
        "alias_targets": dict(sorted(alias_targets.items())),
        "deprecated_aliases": sorted(deprecated_aliases),
    }
    target = out / INDEX_FILE
    target.write_text(json.dumps(index, separators=(",", ":"), indent=0) + "\n", encoding="utf-8")
    return target


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m wflint.catalog.build", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the catalogs and index.json")
    parser.add_argument(
        "--package",
        action="append",
        dest="packages",
        metavar="NAME",
        help="distribution to catalogue (repeatable); default: the task SDK, core and all installed providers",
    )
    parser.add_argument("--gzip-over", type=int, default=DEFAULT_GZIP_OVER_BYTES, metavar="BYTES")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Importing Airflow reads configuration; keep it from touching the user's real AIRFLOW_HOME.
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    from airflow import __version__ as airflow_version

    packages = args.packages or installed_airflow_distributions()
    if TASK_SDK not in packages:
        # Base classes live in the task SDK; scanning it keeps inherited arguments resolvable.
        packages = [*packages, TASK_SDK]
    args.out.mkdir(parents=True, exist_ok=True)
    built_at = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    scan = introspect.scan(packages)
    for name in scan.distributions:
        document = catalog_document(name, scan, built_at, airflow_version)
        target = write_catalog(args.out, document, args.gzip_over)
        skipped = len(document["skipped_modules"])
        print(
            f"{target.name}: {document['version']}, {len(document['classes'])} classes, "
            f"{len(document['aliases'])} aliases, {skipped} modules skipped",
            file=sys.stderr,
        )
    write_index(args.out, built_at)
    return 0


def run_with_fixed_hash_seed() -> int:
    """Run main() under PYTHONHASHSEED=0, re-starting the interpreter if needed.

    Some operators build ``template_fields`` from sets, so their order follows string hashing;
    a fixed seed makes two builds of the same versions byte-identical (apart from ``built_at``).
    """
    if os.environ.get("PYTHONHASHSEED") == "0":
        return main()
    import subprocess

    return subprocess.call([sys.executable, *sys.orig_argv[1:]], env={**os.environ, "PYTHONHASHSEED": "0"})


if __name__ == "__main__":
    sys.exit(run_with_fixed_hash_seed())
