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
includes (a URL is never fetched; Airflow's constraints URL names its release); a pin whose
environment marker does not hold is skipped, and so are other lines and hashes.
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
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?P<op>===|==)\s*(?P<version>[^\s;,#\\]+)\s*"
    r"(?:;(?P<marker>[^#\\]*))?(?:[#\\].*)?$"
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
            if "://" in nested:
                # Never fetched. Airflow's own constraints URL names its release
                # (.../constraints-3.0.6/constraints-3.11.txt): that much is known.
                named = re.search(r"constraints-(\d+\.\d+\.\d+)/", nested)
                if named:
                    pins.setdefault(AIRFLOW, named.group(1))
                continue
            nested = nested if os.path.isabs(nested) else os.path.join(folder, nested)
            for name, version in read_requirements(nested, _seen | {real}).items():
                pins.setdefault(name, version)
            continue
        match = _REQUIREMENT.match(line)
        if match and relevant(normalize(match.group("name"))) and _VERSION.match(match.group("version")) \
                and _marker_holds(match.group("marker")):
            pins[normalize(match.group("name"))] = match.group("version")
    return pins


def _marker_holds(marker: str | None) -> bool:
    """Whether a requirement's environment marker (`; python_version >= "3.12"`) holds where
    wflint runs (the nearest stand-in for where the workflows run). Evaluated with `packaging`
    when it is installed (pip's own dependency in practice, not one of wflint's); without it, or
    for a marker it cannot read, the pin counts."""
    if not marker or not marker.strip():
        return True
    try:
        from packaging.markers import InvalidMarker, Marker
    except ImportError:
        return True
    try:
        return Marker(marker.strip()).evaluate()
    except (InvalidMarker, ValueError, TypeError):
        return True


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


# -- comparing versions ---------------------------------------------------------------------------

def version_key(version: str | None) -> tuple:
    """Sort key of a release string (`9.35.1`, `1.1.0rc1`: a pre-release before its release)."""
    if not version:
        return ((), 0)
    numbers = tuple(int(part) for part in re.findall(r"\d+", re.split(r"(?:a|b|rc|\.dev)\d", version)[0]))
    final = 0 if re.search(r"(?:a|b|rc|\.dev)\d", version) else 1
    return (numbers, final)


def at_least(version: str | None, minimum: str) -> bool:
    return version_key(version) >= version_key(minimum)


# -- DAG Factory releases (schemas/dag-factory-versions.json) -------------------------------------

_DAG_FACTORY_DATA: dict | None = None


def dag_factory_data() -> dict:
    """What differs between DAG Factory releases, with the release each difference starts or
    ends at (read from DAG Factory's source of each release; the file says how)."""
    global _DAG_FACTORY_DATA
    if _DAG_FACTORY_DATA is None:
        import json

        from wflint.schemas import read_text

        _DAG_FACTORY_DATA = json.loads(read_text("dag-factory-versions.json"))
    return _DAG_FACTORY_DATA


def dag_factory_feature(name: str) -> dict:
    return dag_factory_data()["features"][name]


def dag_factory_has(name: str, version: str | None) -> bool:
    """Whether DAG Factory `version` has the feature (the newest release when None)."""
    feature = dag_factory_feature(name)
    version = version or NEWEST_DAG_FACTORY
    if "since" in feature and not at_least(version, feature["since"]):
        return False
    return not ("until" in feature and at_least(version, feature["until"]))


# -- the operator catalog at the target -----------------------------------------------------------

_RELEASE_LISTS = ("releases", "versions", "catalogued_versions")  # what a versioned catalog may call it


class CatalogView:
    """The operator catalog as it is at a target: the one place that knows how the catalog is
    asked for a release (`Catalog.at({distribution: version})`, from the multi-release catalogs).

    Everything a rule asks (`lookup`, `knows`, `suggestions`, `airflow_facts`, ...) answers for
    the target's versions; `added_in` / `argument_added_in` say in which later release a class
    or an argument missing at the target appears. A catalog that knows one release only (no
    `at`) answers as it is, and the target changes nothing.

    What it needs of a catalog that knows several releases: `at({distribution: version})` -> a
    catalog of those releases (the Catalog API; `OperatorInfo.package_version` is the release),
    `releases(distribution)` (or `versions(...)`) -> the catalogued releases, and `lookup` /
    `package_versions` of the catalog itself answering for the newest release."""

    __slots__ = ("catalog", "target", "view", "versioned", "sparse", "_releases", "_views", "_added", "_judged")

    def __init__(self, catalog, target: Target):
        self.catalog = catalog
        self.target = target
        self.versioned = callable(getattr(catalog, "at", None))
        # Only some releases catalogued (wflint's shipped data): nothing can be said about the
        # releases between them.
        self.sparse = bool(getattr(catalog, "sparse_releases", False))
        self._releases: dict[str, list[str]] = {}
        self._views: dict[tuple, object] = {}
        self._added: dict[tuple, object] = {}
        self._judged: dict[str, str] | None = None
        self.view = self._at(self.judged_versions()) if self.versioned else catalog

    def __getattr__(self, name):  # lookup, knows, paths, suggestions, airflow_facts, ...
        return getattr(self.view, name)

    # -- which releases -------------------------------------------------------------------

    def releases(self, package: str) -> list[str]:
        """The catalogued releases of a distribution, oldest first ([] when unversioned)."""
        found = self._releases.get(package)
        if found is None:
            found = []
            if self.versioned:
                for name in _RELEASE_LISTS:
                    method = getattr(self.catalog, name, None)
                    if callable(method):
                        try:
                            found = sorted(method(package) or (), key=version_key)
                        except (KeyError, TypeError, ValueError):
                            found = []
                        break
            self._releases[package] = found
        return found

    def judged_versions(self) -> dict[str, str]:
        """Distribution -> the catalogued release the target is judged with: the target's own
        version, else the newest catalogued release before it (the oldest one for an older
        target)."""
        if self._judged is not None:
            return self._judged
        chosen = {}
        for package, newest in self.catalog.package_versions().items():
            wanted = self.target.get(package) or newest
            releases = self.releases(package)
            if releases and wanted not in releases and self.sparse:
                wanted = newest
            elif releases and wanted not in releases:
                earlier = [r for r in releases if version_key(r) <= version_key(wanted)]
                wanted = earlier[-1] if earlier else releases[0]
            chosen[package] = wanted
        self._judged = chosen
        return chosen

    def package_version(self, package: str | None) -> str | None:
        """The version of `package` the verdicts are for."""
        if not package:
            return None
        if self.versioned:
            return self.target.get(package) or self.judged_versions().get(package)
        return self.catalog.package_versions().get(package)

    def describe(self, package: str | None) -> str:
        """`apache-airflow-providers-amazon 9.30.0`; the task SDK as `Airflow 3.0.6 / task SDK 1.0.6`."""
        version = self.package_version(package) or ""
        if package == TASK_SDK and version:
            return self.release_name(package, version)
        return f"{package} {version}".strip()

    def _at(self, versions: dict[str, str]):
        key = tuple(sorted(versions.items()))
        view = self._views.get(key)
        if view is None:
            view = self._views[key] = self.catalog.at(versions)
        return view

    def _later(self, package: str) -> list[str]:
        current = self.package_version(package)
        return [r for r in self.releases(package) if version_key(r) > version_key(current)]

    # -- what appears later ---------------------------------------------------------------

    def newest_info(self, path: str):
        """The class as the newest catalogued release has it (None: no release has it)."""
        return self.catalog.lookup(path)

    def added_in(self, path: str) -> tuple[str, str] | None:
        """(distribution, release) where a class missing at the target first appears."""
        if not self.versioned or self.view.knows(path):
            return None
        info = self.catalog.lookup(path)
        if info is None or not info.package:
            return None
        key = ("class", path)
        if key not in self._added:
            release = self.first_later(info.package, lambda catalog: catalog.knows(path))
            self._added[key] = (info.package, release) if release else None
        return self._added[key]

    def first_later(self, package: str, test) -> str | None:
        """The first catalogued release of `package` after the target's where `test(catalog at
        that release)` holds (None: none, or the catalog knows one release only)."""
        if not self.versioned or not package:
            return None
        versions = self.judged_versions()
        for release in self._later(package):
            if test(self._at({**versions, package: release})):
                return release
        return None

    def argument_owner(self, info, argument: str) -> str | None:
        """The distribution whose class declares `argument` in the newest release (a base class
        of another distribution: `render_template_as_native_obj` is the task SDK's)."""
        newest = self.catalog.lookup(info.canonical_path)
        declared = newest.arguments.get(argument) if newest is not None else None
        owner = info.package
        if declared is not None and declared.inherited_from:
            base = self.catalog.lookup(declared.inherited_from)
            owner = base.package if base is not None and base.package else owner
        return owner

    def argument_added_in(self, info, argument: str) -> tuple[str, str] | None:
        """(distribution, release) where the class (at the target: `info`) first accepts an
        argument it does not accept at the target."""
        key = ("argument", info.canonical_path, argument)
        if key not in self._added:
            found = None
            owner = self.argument_owner(info, argument) if self.versioned else None
            if owner:
                def accepts(catalog):
                    later = catalog.lookup(info.canonical_path)
                    return later is not None and argument in later.arguments

                release = self.first_later(owner, accepts)
                found = (owner, release) if release else None
            self._added[key] = found
        return self._added[key]

    def optional_since(self, info, argument: str) -> tuple[str, str] | None:
        """(distribution, release) from which an argument required at the target has a default."""
        key = ("optional", info.canonical_path, argument)
        if key not in self._added:
            found = None
            owner = self.argument_owner(info, argument) if self.versioned else None
            if owner:
                def optional(catalog):
                    later = catalog.lookup(info.canonical_path)
                    declared = later.arguments.get(argument) if later is not None else None
                    return declared is not None and not declared.required

                release = self.first_later(owner, optional)
                found = (owner, release) if release else None
            self._added[key] = found
        return self._added[key]

    def fact_added_in(self, fact: str, value: str) -> str | None:
        """The Airflow release from which an Airflow-wide fact (`trigger_rules`, ...) holds
        `value`, when it does not at the target."""
        key = ("fact", fact, value)
        if key not in self._added:
            found = None
            package = TASK_SDK  # the catalog that carries Airflow's facts
            release = self.first_later(package, lambda catalog: value in getattr(catalog.airflow_facts(), fact, ()))
            if release:
                found = self._at({**self.judged_versions(), package: release}).airflow_facts().airflow_version
            self._added[key] = found
        return self._added[key]

    def added_wording(self, release_name: str, verb: str = "it was added in", sparse_verb: str | None = None) -> str:
        """`it was added in 9.33.0`; with only some releases catalogued the first one is not known,
        so only that the later release has it: `9.39.0 has it` (or `sparse_verb 9.39.0`)."""
        if not self.sparse:
            return f"{verb} {release_name}"
        return f"{sparse_verb} {release_name}" if sparse_verb else f"{release_name} has it"

    def release_name(self, package: str, release: str) -> str:
        """How a message names a release: `9.33.0`; the task SDK's with the Airflow release it
        ships with (`Airflow 3.2.0 / task SDK 1.2.0`), as the catalog of that release says."""
        if package != TASK_SDK:
            return release
        airflow = None
        if self.versioned:
            try:
                airflow = self._at({**self.judged_versions(), TASK_SDK: release}).airflow_facts().airflow_version
            except Exception:  # a catalog without facts: the SDK's minor and patch follow Airflow's
                airflow = None
        if airflow is None:
            parts = release.split(".")
            airflow = ".".join(["3", *parts[1:3]]) if len(parts) >= 2 and parts[0] == "1" else None
        return f"Airflow {airflow} / task SDK {release}" if airflow else f"task SDK {release}"

    def since(self, path: str, argument: str | None = None) -> str | None:
        """The release from which a class (or its argument) exists, up to the target's, when that
        is later than the oldest catalogued release (for the editor's hover)."""
        if not self.versioned or self.sparse:
            return None
        info = self.view.lookup(path)
        if info is None or not info.package:
            return None
        owner = self.argument_owner(info, argument) if argument else info.package
        key = ("since", path, argument)
        if key not in self._added:
            found = None
            releases = self.releases(owner)
            current = self.package_version(owner)
            versions = self.judged_versions()
            for index, release in enumerate(releases):
                if version_key(release) > version_key(current):
                    break
                later = self._at({**versions, owner: release}).lookup(path)
                if later is not None and (argument is None or argument in later.arguments):
                    found = None if index == 0 else self.release_name(owner, release)
                    break
            self._added[key] = found
        return self._added[key]
