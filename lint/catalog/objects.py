"""The object catalog: what DAG Factory's `__type__` objects may be, per Airflow version.

DAG Factory builds any Python object from a mapping with `__type__` (an import path) plus
keyword arguments (and `__args__`, a list of positional ones) when it loads a file: it imports
the module, takes the attribute and calls it (`dagfactory.utils.cast_with_type`). Any failure
(an unknown path, an unexpected keyword, a value the constructor refuses) fails the whole file.

This module is two things:

- the **builder**, run inside an Airflow environment with only the standard library on the
  path (`/opt/oracle/af306/bin/python lint/catalog/objects.py --out schemas/objects/`): it
  imports the modules DAG Factory workflows take objects from (`datetime`, `dateutil`,
  `pendulum`, Airflow's timetables, assets, params, deadlines; `kubernetes.client.models`
  when installed), lists their public names and introspects each class's constructor
  (parameters, kinds, defaults, annotations reduced to a few kinds, `Literal` choices), and
  probes the ranges the C constructors of `datetime` enforce against the real classes;
- the **reader**, `objects_for(version)`, which the rules use: the shipped JSON of the newest
  release at or below `version` (the newest of all without one).

The builder imports nothing from wflint, so it runs with any Python that has Airflow.
"""

from __future__ import annotations

import json
from pathlib import Path

FORMAT = 1

# Modules whose public classes are recorded. A `__type__` under one of the COVERED prefixes
# whose module is not in the catalog (or whose name the module lacks) does not import.
MODULES = (
    "datetime",
    "dateutil.relativedelta",
    "dateutil.tz",
    "pendulum",
    "airflow.timetables.trigger",
    "airflow.timetables.interval",
    "airflow.timetables.events",
    "airflow.timetables.simple",
    "airflow.timetables.assets",
    "airflow.timetables.base",
    "airflow.sdk",
    "airflow.sdk.definitions.asset",
    "airflow.sdk.definitions.param",
    "airflow.sdk.definitions.deadline",
    "airflow.sdk.definitions.timetables.trigger",
    "airflow.sdk.definitions.timetables.interval",
    "airflow.sdk.definitions.timetables.events",
    "airflow.sdk.definitions.timetables.assets",
    "airflow.sdk.definitions.timetables.simple",
    "airflow.sdk.bases.notifier",
    "airflow.assets",
    "airflow.datasets",
    "airflow.models.param",
    "airflow.utils.timezone",
    "kubernetes.client.models",
    "kubernetes.client",
)
# Import-path prefixes the catalog answers for. Anything else (a provider's or your own module)
# is not judged.
COVERED = ("datetime.", "dateutil.", "pendulum.", "airflow.timetables.", "airflow.sdk.", "airflow.assets.",
           "airflow.datasets.", "airflow.models.param.", "kubernetes.client.", "airflow.providers.")

# Packages whose every module name is recorded, so that a path into a module that does not exist
# there is told from one the catalog did not introspect.
PACKAGES = ("airflow.timetables", "airflow.sdk", "airflow.datasets", "airflow.assets", "dateutil", "pendulum")

# Ranges the C constructors enforce; the builder checks each bound against the real class
# (the bound works, one past it raises) and leaves out any it cannot confirm.
_RANGES = {
    "datetime.datetime": {"year": (1, 9999), "month": (1, 12), "day": (1, 31), "hour": (0, 23), "minute": (0, 59),
                          "second": (0, 59), "microsecond": (0, 999999), "fold": (0, 1)},
    "datetime.date": {"year": (1, 9999), "month": (1, 12), "day": (1, 31)},
    "datetime.time": {"hour": (0, 23), "minute": (0, 59), "second": (0, 59), "microsecond": (0, 999999), "fold": (0, 1)},
}
# Parameters of the C classes, which have no introspectable signature: (name, kind, required, kinds).
_C_SIGNATURES = {
    "datetime.timedelta": [(n, "pk", False, ["int", "float"]) for n in
                           ("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks")],
    "datetime.datetime": [("year", "pk", True, ["int"]), ("month", "pk", True, ["int"]), ("day", "pk", True, ["int"]),
                          *((n, "pk", False, ["int"]) for n in ("hour", "minute", "second", "microsecond")),
                          ("tzinfo", "pk", False, ["object", "none"]), ("fold", "ko", False, ["int"])],
    "datetime.date": [(n, "pk", True, ["int"]) for n in ("year", "month", "day")],
    "datetime.time": [*((n, "pk", False, ["int"]) for n in ("hour", "minute", "second", "microsecond")),
                      ("tzinfo", "pk", False, ["object", "none"]), ("fold", "ko", False, ["int"])],
}
# relativedelta refuses fractional years and months ("Non-integer years and months are ambiguous").
_INTEGER_ONLY = {"dateutil.relativedelta.relativedelta": ("years", "months")}


# -- the reader ---------------------------------------------------------------------------

_LOADED: dict[str, "ObjectCatalog"] = {}


def _data_dir() -> Path:
    import wflint.schemas  # the data package

    return Path(wflint.schemas.__file__).resolve().parent / "objects"


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in text.split("."))


_VERSIONS: list[str] = []


def available_versions() -> list[str]:
    """The Airflow releases with a shipped object catalog, oldest first (listed once)."""
    if not _VERSIONS:
        names = [p.name[len("objects-"):-len(".json")] for p in _data_dir().glob("objects-*.json")]
        _VERSIONS.extend(sorted(names, key=_version_key))
    return list(_VERSIONS)


def objects_for(version: str | None = None) -> "ObjectCatalog | None":
    """The object catalog of the newest shipped Airflow release at or below `version`
    (the newest of all when `version` is None or older than every shipped one)."""
    versions = available_versions()
    if not versions:
        return None
    chosen = versions[-1]
    if version:
        fitting = [v for v in versions if _version_key(v) <= _version_key(version)]
        chosen = fitting[-1] if fitting else versions[0]
    if chosen not in _LOADED:
        data = json.loads((_data_dir() / f"objects-{chosen}.json").read_text(encoding="utf-8"))
        _LOADED[chosen] = ObjectCatalog(data)
    return _LOADED[chosen]


def _with_kubernetes_models(data: dict) -> dict:
    """Add the Kubernetes client's models (schemas/objects/kubernetes-models.json.gz, written by
    wflint.catalog.kubernetes_models) to a catalog built where `kubernetes` was not installed."""
    missing = [module for module in data.get("unimportable", ()) if module.startswith("kubernetes")]
    path = _data_dir() / "kubernetes-models.json.gz"
    if not missing or not path.exists():
        return data
    import gzip

    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            models = json.load(handle)
    except (OSError, ValueError):
        return data
    data["modules"].update(models["modules"])
    data["classes"].update(models["classes"])
    data["unimportable"] = [module for module in data["unimportable"] if module not in models["modules"]]
    return data


class Parameter:
    __slots__ = ("name", "kind", "required", "kinds", "choices", "range", "integer_only")

    def __init__(self, raw: list, choices=None, bounds=None, integer_only=False):
        self.name, self.kind, required, kinds = raw
        self.required = bool(required)
        self.kinds = frozenset(kinds)  # empty: any value
        self.choices = choices
        self.range = bounds
        self.integer_only = integer_only


class ObjectClass:
    """One class's constructor as the catalog recorded it."""

    __slots__ = ("path", "parameters", "var_keyword", "var_positional", "is_class")

    def __init__(self, path: str, raw: dict):
        self.path = path
        choices = raw.get("choices", {})
        ranges = raw.get("ranges", {})
        integer_only = set(raw.get("integer_only", ()))
        self.parameters = [
            Parameter(p, choices.get(p[0]), ranges.get(p[0]), p[0] in integer_only) for p in raw.get("params", ())
        ]
        # A **kwargs that reaches a base class taking none accepts nothing more.
        self.var_keyword = bool(raw.get("kw")) and not raw.get("kw_strict")
        self.var_positional = bool(raw.get("va"))
        self.is_class = not raw.get("function")

    @property
    def keywords(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters if p.kind != "po"}

    @property
    def positional(self) -> list[Parameter]:
        return [p for p in self.parameters if p.kind in ("po", "pk")]


class ObjectCatalog:
    __slots__ = ("data", "_signatures", "_kubernetes_added")

    def __init__(self, data: dict):
        self.data = data
        self._signatures: dict[str, ObjectClass | None] = {}
        self._kubernetes_added = False

    def _add_kubernetes(self) -> None:
        """Read the Kubernetes models only when a path asks for them (a few ms a run otherwise)."""
        if not self._kubernetes_added:
            self._kubernetes_added = True
            _with_kubernetes_models(self.data)

    @property
    def airflow_version(self) -> str:
        return self.data["airflow_version"]

    @staticmethod
    def covers(path: str) -> bool:
        return path.startswith(COVERED) or path.count(".") == 1 and path.startswith(("datetime.", "pendulum."))

    def module_names(self, module: str) -> dict[str, str] | None:
        """Public names of a module (name -> canonical class path), None if it does not import."""
        if module.startswith("kubernetes"):
            self._add_kubernetes()
        return self.data["modules"].get(module)

    def resolve(self, path: str) -> tuple[str, str | None]:
        """("ok", canonical) | ("no-module", None) | ("no-name", None) | ("unknown", None).
        A module is judged missing only when the release has none of that name below a package
        the builder listed (`submodules`); one that exists but was not introspected is unknown."""
        module, _, name = path.rpartition(".")
        if not module or not self.covers(path):
            return "unknown", None
        names = self.module_names(module)
        if names is None:
            if module in self.data.get("unimportable", ()) or module in self.data.get("submodules", ()):
                return "unknown", None
            if not any(module == package or module.startswith(package + ".") for package in self.data.get("packages", ())):
                return "unknown", None
            return "no-module", None
        if name not in names:
            return "no-name", None
        return "ok", names[name] or None

    def signature(self, canonical: str) -> ObjectClass | None:
        if canonical.startswith("kubernetes"):
            self._add_kubernetes()
        if canonical not in self._signatures:
            raw = self.data["classes"].get(canonical)
            self._signatures[canonical] = ObjectClass(canonical, raw) if raw is not None else None
        return self._signatures[canonical]

    def dag_factory_reads(self, key: str) -> bool | None:
        """Whether the DAG Factory release of this catalog reads configuration key `key`
        (None: not known)."""
        facts = self.data.get("dag_factory")
        return None if not facts else key in facts["keys_read"]

    @property
    def dag_factory_version(self) -> str | None:
        return self.data.get("dag_factory_version")

    def paths_named(self, name: str) -> list[str]:
        """Every recorded import path whose last part is `name` (for a moved class)."""
        self._add_kubernetes()
        return sorted(f"{module}.{name}" for module, names in self.data["modules"].items() if name in names)

    def known_paths(self) -> list[str]:
        self._add_kubernetes()
        return [f"{module}.{name}" for module, names in self.data["modules"].items() for name in names]


# -- the builder (runs inside an Airflow environment; standard library only) -------------------

def _annotation_kinds(annotation) -> list[str]:
    """A few value kinds an annotation allows (empty: any). Unknown names count as `object`."""
    import typing

    if annotation is None or annotation is type(None):
        return ["none"]
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", None) or repr(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Union or (origin is not None and getattr(origin, "__name__", "") == "UnionType"):
        kinds: set[str] = set()
        for arg in typing.get_args(annotation):
            sub = _annotation_kinds(arg)
            if not sub:
                return []
            kinds.update(sub)
        return sorted(kinds)
    if isinstance(annotation, str):
        kinds = set()
        for part in (p.strip() for p in _split_union(text)):
            sub = _name_kinds(part)
            if not sub:
                return []
            kinds.update(sub)
        return sorted(kinds)
    if origin is not None:
        return _name_kinds(getattr(origin, "__name__", str(origin)))
    return _name_kinds(text)


def _split_union(text: str) -> list[str]:
    text = text.strip()
    if text.startswith("Optional[") and text.endswith("]"):
        return [*_split_union(text[9:-1]), "None"]
    if text.startswith("Union[") and text.endswith("]"):
        text = text[6:-1].replace(",", "|")
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "["
        depth -= char == "]"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


_SIMPLE = {
    "str": "str", "int": "int", "float": "float", "bool": "bool", "None": "none", "NoneType": "none",
    "list": "list", "List": "list", "Sequence": "list", "Iterable": "list", "Collection": "list", "tuple": "list",
    "set": "list", "dict": "dict", "Dict": "dict", "Mapping": "dict", "MutableMapping": "dict",
}


def _name_kinds(text: str) -> list[str]:
    base = text.split("[", 1)[0].strip().strip("'\"").rsplit(".", 1)[-1]
    if base in ("Any", "object", "") or text.startswith("Literal"):
        return []
    return [_SIMPLE.get(base, "object")]


def _literal_choices(annotation) -> list | None:
    import typing

    if typing.get_origin(annotation) is typing.Literal:
        return [value for value in typing.get_args(annotation) if isinstance(value, (str, int, float, bool))]
    return None


def _introspect(obj) -> dict | None:
    import inspect
    import typing

    is_class = inspect.isclass(obj)
    target = obj.__init__ if is_class else obj
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    try:
        hints = typing.get_type_hints(target)
    except Exception:  # noqa: BLE001 - forward references that do not resolve: keep the strings
        hints = {}
    params, choices, raw = [], {}, {}
    kinds_map = {inspect.Parameter.POSITIONAL_ONLY: "po", inspect.Parameter.POSITIONAL_OR_KEYWORD: "pk",
                 inspect.Parameter.KEYWORD_ONLY: "ko"}
    for parameter in signature.parameters.values():
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            raw["kw"] = 1
            continue
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            raw["va"] = 1
            continue
        annotation = hints.get(parameter.name, parameter.annotation)
        if annotation is inspect.Parameter.empty:
            kinds = []
        else:
            kinds = _annotation_kinds(annotation)
            literal = _literal_choices(annotation)
            if literal:
                choices[parameter.name] = literal
        # A default of None makes None acceptable whatever the annotation says.
        if kinds and parameter.default is None and "none" not in kinds:
            kinds = sorted({*kinds, "none"})
        required = parameter.default is inspect.Parameter.empty
        params.append([parameter.name, kinds_map[parameter.kind], int(required), kinds])
    raw["params"] = params
    if choices:
        raw["choices"] = choices
    if not is_class:
        raw["function"] = 1
    return raw


def _probe_ranges(cls, path: str, params: list) -> dict:
    """Keep each known bound that the real constructor confirms."""
    confirmed = {}
    base = {p[0]: 1 for p in params if p[2]}
    for name, (low, high) in _RANGES.get(path, {}).items():
        def works(value, name=name):
            try:
                cls(**{**base, name: value})
            except (ValueError, OverflowError):
                return False
            return True
        if works(low) and works(high) and not works(low - 1) and not works(high + 1):
            confirmed[name] = [low, high]
    return confirmed


def _refuses_unknown_keywords(cls, raw: dict) -> bool:
    """Whether a notifier whose constructor takes **kwargs still refuses a keyword it does not
    know (its base class takes none): built once with placeholder strings for the required
    arguments and one made-up keyword. Nothing is sent: a notifier acts only when notified."""
    required = {p[0]: "x" for p in raw["params"] if p[2] and p[1] != "po"}
    try:
        cls(**required, wflint_probe_keyword=1)
    except TypeError as error:
        return "wflint_probe_keyword" in str(error)
    except Exception:  # noqa: BLE001 - failed for another reason: unknown
        return False
    return False


def _notification_modules() -> list[str]:
    """The notifier modules of the installed providers (`airflow.providers.*/notifications/*.py`),
    found on disk: workflows name their classes in callbacks."""
    try:
        import airflow.providers as providers
    except Exception:  # noqa: BLE001
        return []
    found = set()
    for root in getattr(providers, "__path__", []):
        for path in Path(root).glob("**/notifications/*.py"):
            if path.name.startswith("_"):
                continue
            relative = path.relative_to(root).with_suffix("")
            found.add("airflow.providers." + ".".join(relative.parts))
    return sorted(found)


def build() -> dict:
    import importlib
    import inspect
    import warnings

    warnings.simplefilter("ignore")
    data: dict = {"format": FORMAT, "airflow_version": None, "modules": {}, "classes": {}, "unimportable": [],
                  "packages": list(PACKAGES)}
    try:
        from importlib.metadata import version

        data["airflow_version"] = version("apache-airflow")
        data["dag_factory_version"] = version("dag-factory")
    except Exception:  # noqa: BLE001
        pass
    for module_name in (*MODULES, *_notification_modules()):
        try:
            module = importlib.import_module(module_name)
        except Exception:  # noqa: BLE001 - not in this environment: the catalog says nothing about it
            if module_name.startswith("kubernetes"):
                data["unimportable"].append(module_name)
            continue
        names: dict[str, str] = {}
        candidates = set(dir(module)) | set(getattr(module, "__all__", ()) or ())
        for attr in ("__lazy_imports", "_lazy_imports", "__deprecated_classes", "_DEPRECATED", "__deprecated"):
            extra = getattr(module, attr, None) or getattr(module, f"_{module.__name__.split('.')[-1]}{attr}", None)
            if isinstance(extra, dict):
                candidates.update(extra)
        for name in sorted(candidates):
            if name.startswith("_"):
                continue
            try:
                obj = getattr(module, name)
            except Exception:  # noqa: BLE001
                continue
            if not (inspect.isclass(obj) or inspect.isfunction(obj) or inspect.isbuiltin(obj)):
                continue
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                continue
            owner = getattr(obj, "__module__", "") or ""
            canonical = f"{owner}.{getattr(obj, '__qualname__', name)}" if owner else ""
            if owner in ("typing", "typing_extensions", "abc", "builtins", "collections.abc") or owner.startswith("sqlalchemy"):
                continue
            if canonical.startswith("_datetime.") or canonical.startswith("datetime."):
                canonical = "datetime." + canonical.split(".", 1)[1]
            names[name] = canonical
            if canonical in data["classes"]:
                continue
            if canonical in _C_SIGNATURES:
                raw = {"params": [[n, k, int(r), t] for n, k, r, t in _C_SIGNATURES[canonical]]}
                ranges = _probe_ranges(obj, canonical, raw["params"])
                if ranges:
                    raw["ranges"] = ranges
            else:
                raw = _introspect(obj)
                if raw is None:
                    continue
            if raw.get("kw") and inspect.isclass(obj) and hasattr(obj, "notify") and _refuses_unknown_keywords(obj, raw):
                raw["kw_strict"] = 1  # **kwargs reaches a base class that takes none
            if canonical in _INTEGER_ONLY:
                raw["integer_only"] = list(_INTEGER_ONLY[canonical])
            data["classes"][canonical] = raw
        data["modules"][module_name] = names
    # Every module below the packages workflows take objects from, by name only (nothing more
    # is imported): a path into one of them that the catalog did not introspect is not judged.
    import pkgutil

    submodules: set[str] = set()
    for package_name in PACKAGES:
        try:
            package = importlib.import_module(package_name)
        except Exception:  # noqa: BLE001 - absent in this release: every path into it fails
            continue
        submodules.add(package_name)
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), prefix=package_name + ".", onerror=lambda _: None):
            if ".tests." in info.name or info.name.endswith(".tests"):
                continue
            submodules.add(info.name)
    data["submodules"] = sorted(submodules - set(data["modules"]))
    # Only what a module path can reach is kept: classes nothing names are left out.
    reachable = {c for names in data["modules"].values() for c in names.values()}
    data["classes"] = {k: v for k, v in sorted(data["classes"].items()) if k in reachable}
    return data


_KEY_READS = (
    r"\.get\(\s*[\"'](\w+)[\"']",                 # config.get("key")
    r"\[\s*[\"'](\w+)[\"']\s*\]",                 # config["key"]
    r"[\"'](\w+)[\"']\s+(?:not\s+)?in\s+\w",         # "key" in config
    r"check_dict_key\([^,]+,\s*[\"'](\w+)[\"']",     # utils.check_dict_key(config, "key")
)
_CALLBACK_NAME = r"[\"'](on_\w+_callback|sla_miss_callback)[\"']"


def dag_factory_keys() -> dict | None:
    """The configuration keys DAG Factory reads anywhere in its package (a superset of the DAG
    keys it passes on: any key it names is taken as read), from its source. Callback keys also
    count in their `_name` / `_file` forms, which it builds with f-strings."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("dagfactory")
    if spec is None or not spec.submodule_search_locations:
        return None
    keys: set[str] = set()
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for pattern in _KEY_READS:
                keys.update(re.findall(pattern, text))
            for callback in re.findall(_CALLBACK_NAME, text):
                keys.update((callback, f"{callback}_name", f"{callback}_file"))
    return {"keys_read": sorted(keys)}


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Build the object catalog of this Python environment.")
    parser.add_argument("--out", required=True, help="a folder (objects-<airflow version>.json is written) or a file")
    args = parser.parse_args(argv)
    data = build()
    data["dag_factory"] = dag_factory_keys()
    out = Path(args.out)
    if out.suffix != ".json":
        out.mkdir(parents=True, exist_ok=True)
        out = out / f"objects-{data['airflow_version']}.json"
    out.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['classes'])} classes, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
