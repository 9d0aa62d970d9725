"""The versions a workflow will run on: Airflow, its task SDK, the providers and DAG Factory.

Every verdict that depends on a version follows the target. Each distribution's version comes
from the first of these that names it (as users expect of a command-line tool):

1. the command line (`--target NAME=VERSION`, `--target-requirements FILE`);
2. the configuration (`[tool.wflint.target]`: `airflow = "3.0.6"`, `dag-factory = "1.0.1"`,
   providers by distribution name, `requirements = "requirements.txt"`);
3. the deploy-target profile (`mwaa-serverless` pins what AWS's converter pins);
4. the environment wflint runs in, when Airflow is installed there (read from the installed
   distributions' metadata folders; Airflow is never imported);
5. the newest versions wflint's data knows.

Requirements and constraints files are read for exact pins (`==` / `===`), following `-r` and `-c`
includes; other lines, markers and hashes are skipped.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

AIRFLOW = "apache-airflow-core"
TASK_SDK = "apache-airflow-task-sdk"
DAG_FACTORY = "dag-factory"
# Short names accepted in the configuration and on the command line.
ALIASES = {"airflow": AIRFLOW, "apache-airflow": AIRFLOW, "task-sdk": TASK_SDK, "dagfactory": DAG_FACTORY}
# The newest DAG Factory release wflint's data describes (schemas/objects, DAG Factory's source).
NEWEST_DAG_FACTORY = "1.1.0"
_VERSION = re.compile(r"^\d+(?:\.\d+)*(?:(?:a|b|rc|\.post|\.dev)\d+)*$")
_REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<op>===|==)\s*(?P<version>[^\s;,#\\]+)\s*(?:[;#\\].*)?$"
)


class TargetError(ValueError):
    """A target that cannot be used (an unknown name, a version that is not one)."""


def normalize(name: str) -> str:
    """A distribution name as PEP 503 compares them, with the short aliases resolved."""
    folded = re.sub(r"[-_.]+", "-", name.strip()).lower()
    return ALIASES.get(folded, folded)


def relevant(name: str) -> bool:
    """Whether wflint's verdicts can depend on this distribution."""
    return name.startswith("apache-airflow") or name == DAG_FACTORY


def check_version(name: str, version: str) -> str:
    text = str(version).strip()
    if not _VERSION.match(text):
        raise TargetError(f"`{name}`: {version!r} is not a version (like 3.0.6)")
    return text


def check_name(name: str) -> str:
    normalized = normalize(name)
    if not relevant(normalized):
        raise TargetError(f"`{name}` is not a distribution whose version matters to wflint "
                          "(use `airflow`, `dag-factory`, `task-sdk` or an `apache-airflow-providers-*` name)")
    return normalized


@dataclass(frozen=True)
class Target:
    """Distribution -> version, each with where it came from."""

    versions: tuple[tuple[str, str], ...]
    sources: tuple[tuple[str, str], ...]

    def get(self, distribution: str) -> str | None:
        name = normalize(distribution)
        for known, version in self.versions:
            if known == name:
                return version
        return None

    def source(self, distribution: str) -> str | None:
        name = normalize(distribution)
        return next((where for known, where in self.sources if known == name), None)

    @property
    def airflow(self) -> str | None:
        return self.get(AIRFLOW)

    @property
    def dag_factory(self) -> str | None:
        return self.get(DAG_FACTORY)

    def as_dict(self) -> dict[str, str]:
        return dict(self.versions)

    def describe(self) -> list[str]:
        """One line per distribution: name, version, where it came from."""
        width = max((len(name) for name, _ in self.versions), default=0)
        sources = dict(self.sources)
        return [f"{name:<{width}}  {version:<8}  {sources.get(name, '')}" for name, version in self.versions]


def read_requirements(path: str, _seen: frozenset = frozenset()) -> dict[str, str]:
    """Exact pins of the distributions that matter to wflint, from a pip requirements or
    constraints file (includes followed, relative to the including file)."""
    real = os.path.realpath(path)
    if real in _seen:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as error:
        raise TargetError(f"cannot read requirements file {path}: {error.strerror or error}") from None
    pins: dict[str, str] = {}
    folder = os.path.dirname(os.path.abspath(path))
    for raw in lines:
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        include = re.match(r"^(?:-r|-c|--requirement|--constraint)[\s=]+(\S+)", line)
        if include:
            nested = include.group(1)
            nested = nested if os.path.isabs(nested) else os.path.join(folder, nested)
            for name, version in read_requirements(nested, _seen | {real}).items():
                pins.setdefault(name, version)
            continue
        match = _REQUIREMENT.match(line)
        if match and relevant(normalize(match.group("name"))) and _VERSION.match(match.group("version")):
            pins[normalize(match.group("name"))] = match.group("version")
    return pins


def installed_versions() -> dict[str, str]:
    """The Airflow distributions installed beside wflint, when Airflow itself is there, read from
    the `*.dist-info` folder names (no import, no importlib.metadata on the start-up path)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        if not entry or not os.path.isdir(entry):
            continue
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if not name.endswith(".dist-info"):
                continue
            stem = name[: -len(".dist-info")]
            distribution, _, version = stem.rpartition("-")
            distribution = normalize(distribution)
            if relevant(distribution) and distribution not in found and _VERSION.match(version):
                found[distribution] = version
    if AIRFLOW not in found and "apache-airflow" in found:
        found[AIRFLOW] = found["apache-airflow"]
    return found if AIRFLOW in found else {}


def newest_versions() -> dict[str, str]:
    """The newest versions wflint's shipped data describes."""
    versions: dict[str, str] = {DAG_FACTORY: NEWEST_DAG_FACTORY}
    try:
        from .catalog import Catalog

        versions.update(Catalog.default().package_versions())
    except Exception:  # no catalog: nothing newer is known
        pass
    return versions


def resolve(config, environment: dict[str, str] | None = None) -> Target:
    """The target for `config`: the command line's pins, then the configuration's, the
    profile's, the environment's (`environment`: for tests) and the newest known."""
    layers: list[tuple[str, dict[str, str]]] = []
    cli = dict(getattr(config, "target_cli", ()) or ())
    if getattr(config, "target_cli_requirements", None):
        for name, version in read_requirements(config.target_cli_requirements).items():
            cli.setdefault(name, version)
    layers.append(("command line", cli))
    configured = dict(getattr(config, "target", ()) or ())
    if getattr(config, "target_requirements", None):
        path = config.resolve(config.target_requirements)
        for name, version in read_requirements(path).items():
            configured.setdefault(name, version)
    where = os.path.basename(config.source) if getattr(config, "source", None) else "configuration"
    layers.append((f"{where} [tool.wflint.target]", configured))
    if config.profile:
        from .profiles import load_profile

        pins = load_profile(config.profile).get("target", {}).get("versions", {})
        layers.append((f"profile {config.profile}", {normalize(name): version for name, version in pins.items()}))
    layers.append(("installed beside wflint", installed_versions() if environment is None else environment))
    layers.append(("newest known to wflint", newest_versions()))
    chosen: dict[str, tuple[str, str]] = {}
    for where, pins in layers:
        for name, version in pins.items():
            chosen.setdefault(name, (version, where))
    # The task SDK follows Airflow when Airflow was named with more weight (3.0.6 ships with
    # task SDK 1.0.6, 3.3.2 with 1.3.2: the SDK's minor and patch follow Airflow's).
    rank = {where: index for index, (where, _) in enumerate(layers)}
    if AIRFLOW in chosen and TASK_SDK in chosen and rank[chosen[AIRFLOW][1]] < rank[chosen[TASK_SDK][1]]:
        parts = chosen[AIRFLOW][0].split(".")
        if len(parts) >= 2 and parts[0] == "3":
            sdk = ".".join(["1", *parts[1:3]])
            chosen[TASK_SDK] = (sdk, f"follows {AIRFLOW} {chosen[AIRFLOW][0]}")
    ordered = sorted(chosen)
    return Target(tuple((name, chosen[name][0]) for name in ordered), tuple((name, chosen[name][1]) for name in ordered))
