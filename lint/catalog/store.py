"""Loading catalogs lazily and answering lookups. Never imports Airflow.

Shipped catalogs come with an index (import path -> distribution), so a lookup reads the index and
then only the catalog files its class and base classes live in. User catalogs are layered on top:
a user catalog replaces the shipped catalog of the same distribution as a whole, so that every
answer comes from one consistent version of that distribution.
"""

from __future__ import annotations

import _thread  # the C lock primitives; `threading` would add to every start-up
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .history import HISTORY_SUFFIX, ReleaseHistory
from .fileformat import CATALOG_FORMAT, CATALOG_SUFFIXES, FORMAT_VERSION, INDEX_FILE, INDEX_FORMAT
from .model import AirflowFacts, ArgumentInfo, Deprecation, OperatorInfo, Suggestion


class CatalogError(Exception):
    """A catalog or index file that cannot be used."""


def read_json_file(path: Path) -> dict:
    try:
        from ..yaml.source import read_file

        raw = read_file(str(path))  # a regular file only: a FIFO would block
        if path.name.endswith(".gz"):
            import gzip  # only gzipped catalogs pay for it

            raw = gzip.decompress(raw)
        document = json.loads(raw)
    except (OSError, ValueError) as error:
        raise CatalogError(f"cannot read catalog {path}: {error}") from error
    if not isinstance(document, dict):
        raise CatalogError(f"{path}: not a catalog (expected a JSON object)")
    if document.get("format") not in (CATALOG_FORMAT, INDEX_FORMAT):
        raise CatalogError(f"{path}: not a wflint catalog (format {document.get('format')!r})")
    if document.get("format_version") != FORMAT_VERSION:
        raise CatalogError(
            f"{path}: catalog format version {document.get('format_version')!r}, this wflint reads "
            f"version {FORMAT_VERSION}; rebuild it with `python -m wflint.catalog.build`"
        )
    return document


class _PackageSource:
    """Where one distribution's catalog is, loading it on first use."""

    __slots__ = ("package", "file", "version", "document")

    def __init__(self, package: str, file: Path, version: str, document: dict | None = None):
        self.package = package
        self.file = file
        self.version = version
        self.document = document

    def load(self) -> dict:
        if self.document is None:
            self.document = read_json_file(self.file)
        return self.document


class _Layer:
    """One folder of catalogs (with or without an index) or a list of catalog files."""

    def __init__(
        self,
        paths: dict[str, str] | None = None,
        deprecated_aliases: set[str] | None = None,
        facts_in: str | None = None,
    ):
        self.packages: dict[str, _PackageSource] = {}
        self.paths = paths or {}  # import path -> package
        self.deprecated_aliases = deprecated_aliases or set()
        self.alias_targets: dict[str, str] = {}
        self.facts_in = facts_in

    @classmethod
    def from_folder(cls, folder: Path) -> _Layer:
        index_file = folder / INDEX_FILE
        if not index_file.is_file():
            return cls.from_files(sorted(p for p in folder.iterdir() if p.name.endswith(CATALOG_SUFFIXES)))
        index = read_json_file(index_file)
        layer = cls(
            paths=index["paths"],
            deprecated_aliases=set(index.get("deprecated_aliases", ())),
            facts_in=index.get("facts_in"),
        )
        layer.alias_targets = index.get("alias_targets", {})
        for package, entry in index["catalogs"].items():
            layer.packages[package] = _PackageSource(package, folder / entry["file"], entry["version"])
        return layer

    @classmethod
    def from_files(cls, files: Iterable[Path]) -> _Layer:
        """Catalog files without an index: read now, since their paths are only inside them."""
        return cls.from_documents((file, read_json_file(file)) for file in files)

    @classmethod
    def from_documents(cls, documents: Iterable[tuple[Path, dict]]) -> _Layer:
        """Catalog documents already in memory, each with the file it came from."""
        layer = cls()
        for file, document in documents:
            if document["format"] != CATALOG_FORMAT:
                continue
            package = document["package"]
            layer.packages[package] = _PackageSource(package, file, document["version"], document)
            for path in (*document["classes"], *document["aliases"]):
                layer.paths[path] = package
            for path, alias in document["aliases"].items():
                layer.alias_targets[path] = alias["target"]
                if alias["deprecated"]:
                    layer.deprecated_aliases.add(path)
            if "facts" in document:
                layer.facts_in = package
        return layer


def _is_public(path: str) -> bool:
    """Private classes (``_GlueCrawlerBaseOperator``) are catalogued as bases, never offered."""
    return not path.rpartition(".")[2].startswith("_")


def _argument(entry: dict, inherited_from: str | None) -> ArgumentInfo:
    return ArgumentInfo(
        name=entry["name"],
        annotation=entry.get("annotation"),
        required=entry["required"],
        default=entry.get("default"),
        has_default="default" in entry or "default_text" in entry,
        default_text=entry.get("default_text"),
        description=entry.get("description"),
        inherited_from=inherited_from,
        deprecated=entry.get("deprecated"),
    )


def _deprecation(entry: dict | None) -> Deprecation | None:
    if not entry:
        return None
    return Deprecation(entry["message"], entry.get("replacement"), entry.get("source", ""))


class Catalog:
    """Operator knowledge from catalog files: lookups, did-you-mean, and Airflow facts."""

    _default: Catalog | None = None
    _default_lock = _thread.allocate_lock()

    def __init__(self, make_layers: Callable[[], list[_Layer]]):
        """Use Catalog.default() or Catalog.from_paths(); `make_layers` runs on first use."""
        self._make_layers = make_layers
        self._loaded = False
        self._lock = _thread.RLock()
        self._packages: dict[str, _PackageSource] = {}
        self._paths: dict[str, str] = {}
        self._deprecated_aliases: set[str] = set()
        self._aliases_of: dict[str, list[str]] = {}  # canonical path -> its other import paths
        self._facts_in: str | None = None
        self._infos: dict[str, OperatorInfo | None] = {}
        self._declared_by: dict[str, list[ArgumentInfo]] = {}  # base class -> its arguments
        self._facts: AirflowFacts | None = None
        self._all: list[OperatorInfo] | None = None

    def _ensure_loaded(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            layers = self._make_layers()
            for layer in layers:  # later layers replace whole distributions of earlier ones
                self._packages.update(layer.packages)
            for layer in layers:
                for path, package in layer.paths.items():
                    if self._packages.get(package) is layer.packages.get(package):
                        self._paths[path] = package
                        if path in layer.deprecated_aliases:
                            self._deprecated_aliases.add(path)
                        if path in layer.alias_targets:
                            self._aliases_of.setdefault(layer.alias_targets[path], []).append(path)
                if layer.facts_in and self._packages.get(layer.facts_in) is layer.packages.get(layer.facts_in):
                    self._facts_in = layer.facts_in
            self._loaded = True

    # --- construction ------------------------------------------------------------------

    @staticmethod
    def shipped_folder() -> Path:
        import wflint.schemas  # the data package; its __init__ is empty

        return Path(wflint.schemas.__file__).resolve().parent / "catalogs"

    @classmethod
    def default(cls) -> Catalog:
        """The catalogs shipped with wflint (one shared instance; nothing is read until a lookup)."""
        with cls._default_lock:
            if cls._default is None:
                cls._default = ReleasedCatalog(lambda: [_Layer.from_folder(cls.shipped_folder())])
            return cls._default

    @classmethod
    def from_paths(cls, paths: Iterable[str | Path], *, include_shipped: bool = True) -> Catalog:
        """Shipped catalogs with the user's catalogs (files or folders built by wflint) on top, in order."""
        user_paths = [Path(path) for path in paths]

        def user_layers() -> list[_Layer]:
            found = []
            for path in user_paths:
                if path.is_dir():
                    found.append(_Layer.from_folder(path))
                elif path.is_file():
                    found.append(_Layer.from_files([path]))
                else:
                    raise CatalogError(f"catalog not found: {path}")
            return found

        if not include_shipped:
            return cls(user_layers)
        return ReleasedCatalog(lambda: [_Layer.from_folder(cls.shipped_folder())], user_layers)

    # --- raw entries ---------------------------------------------------------------------

    def _document(self, package: str) -> dict:
        with self._lock:
            return self._packages[package].load()

    def _class_entry(self, path: str) -> tuple[dict, str] | None:
        package = self._paths.get(path)
        if package is None:
            return None
        entry = self._document(package)["classes"].get(path)
        return (entry, package) if entry is not None else None

    def _alias_entry(self, path: str) -> dict | None:
        package = self._paths.get(path)
        if package is None:
            return None
        return self._document(package)["aliases"].get(path)

    # --- lookups -------------------------------------------------------------------------

    def knows(self, import_path: str) -> bool:
        """Whether the path is a catalogued class or alias (reads only the index)."""
        self._ensure_loaded()
        return import_path in self._paths

    def lookup(self, import_path: str) -> OperatorInfo | None:
        """The operator at an import path, following import aliases; None when unknown."""
        self._ensure_loaded()
        with self._lock:
            if import_path in self._infos:
                return self._infos[import_path]
            info = self._build_info(import_path, set())
            self._infos[import_path] = info
            return info

    def _build_info(self, path: str, following: set[str]) -> OperatorInfo | None:
        found = self._class_entry(path)
        if found is not None:
            return self._info_from_entry(path, *found)
        alias = self._alias_entry(path)
        if alias is None or path in following:
            return None
        target = self._build_info(alias["target"], following | {path})
        if target is None:
            return None
        return target.replace(
            path=path,
            deprecated_alias=bool(alias.get("deprecated")),
            alias_message=alias.get("message"),
        )

    def _info_from_entry(self, path: str, entry: dict, package: str) -> OperatorInfo:
        arguments, complete = self._resolve_arguments(path, entry)
        source = self._packages[package]
        return OperatorInfo(
            path=path,
            canonical_path=path,
            kind=entry["kind"],
            summary=entry.get("summary", ""),
            package=package,
            package_version=source.version,
            bases=tuple(entry.get("bases", ())),
            arguments=arguments,
            arguments_complete=complete,
            template_fields=tuple(entry.get("template_fields", ())),
            template_ext=tuple(entry.get("template_ext", ())),
            template_fields_renderers=dict(entry.get("template_fields_renderers", {})),
            deprecation=_deprecation(entry.get("deprecation")),
            aliases=tuple(sorted(self._aliases_of.get(path, ()))),
        )

    def _resolve_arguments(self, path: str, entry: dict) -> tuple[dict[str, ArgumentInfo], bool]:
        """Own and inherited arguments, following the MRO as far as ``**kwargs`` are passed on.

        Returns the arguments and whether the chain ended at a class that accepts no more
        (BaseOperator rejects unknown keyword arguments).
        """
        arguments: dict[str, ArgumentInfo] = {}
        for class_path in (path, *entry.get("bases", ())):
            found = (entry, "") if class_path == path else self._class_entry(class_path)
            if found is None or "init" not in found[0]:
                continue
            init = found[0]["init"]
            if class_path == path:
                declared = [_argument(argument, None) for argument in init["arguments"]]
            else:
                declared = self._inherited_arguments(class_path, init)
            for argument in declared:
                arguments.setdefault(argument.name, argument)
            if not init["forwards_kwargs"]:
                return arguments, True
        return arguments, False

    def _inherited_arguments(self, class_path: str, init: dict) -> list[ArgumentInfo]:
        """A base class's own arguments as its subclasses see them; shared between subclasses."""
        declared = self._declared_by.get(class_path)
        if declared is None:
            declared = [_argument(argument, class_path) for argument in init["arguments"]]
            self._declared_by[class_path] = declared
        return declared

    # --- listings --------------------------------------------------------------------------

    def paths(self, *, include_aliases: bool = True) -> list[str]:
        """Every known import path (from the index only; no catalog is read)."""
        self._ensure_loaded()
        if include_aliases:
            return list(self._paths)
        return [path for path in self._paths if self._class_entry(path) is not None]

    def all_operators(self, *, include_mixins: bool = False) -> Iterator[OperatorInfo]:
        """Every catalogued class at its canonical path (loads all catalogs once, then cached)."""
        self._ensure_loaded()
        with self._lock:
            if self._all is None:
                everything = []
                for package in self._packages:
                    for path in self._document(package)["classes"]:
                        if self._paths.get(path) == package:
                            info = self.lookup(path)
                            if info is not None:
                                everything.append(info)
                self._all = everything
        return (info for info in self._all if (include_mixins or info.kind != "mixin") and _is_public(info.path))

    def operators_in_module(self, module: str, *, include_aliases: bool = True) -> list[OperatorInfo]:
        """Classes importable from a module, canonical ones first, then aliases defined there."""
        self._ensure_loaded()
        prefix = module + "."
        found = []
        for path in self._paths:
            if path.startswith(prefix) and "." not in path[len(prefix):]:
                info = self.lookup(path)
                if (
                    info is not None
                    and info.kind != "mixin"
                    and _is_public(path)
                    and (include_aliases or info.path == info.canonical_path)
                ):
                    found.append(info)
        found.sort(key=lambda info: (info.path != info.canonical_path, info.path))
        return found

    def siblings_with_argument(self, info: OperatorInfo, argument: str) -> list[OperatorInfo]:
        """Other classes of the same module that accept `argument` (e.g. `bucket` -> S3ListOperator)."""
        return [
            other
            for other in self.operators_in_module(info.module, include_aliases=False)
            if other.canonical_path != info.canonical_path and argument in other.arguments
        ]

    # --- suggestions -------------------------------------------------------------------------

    def suggestions(self, import_path: str, limit: int = 5) -> list[Suggestion]:
        self._ensure_loaded()
        from .suggest import suggest

        public = (path for path in self._paths if _is_public(path))
        return suggest(import_path, public, limit, deprecated=self._deprecated_aliases)

    def suggest_operator(self, import_path: str, limit: int = 5) -> list[str]:
        """Did-you-mean import paths for an unknown path, best first."""
        return [suggestion.path for suggestion in self.suggestions(import_path, limit)]

    # --- facts and user code -------------------------------------------------------------------

    def airflow_facts(self) -> AirflowFacts:
        self._ensure_loaded()
        with self._lock:
            if self._facts is None:
                if self._facts_in is None:
                    raise CatalogError("no catalog carries Airflow facts (the task SDK catalog is missing)")
                document = self._document(self._facts_in)
                facts = document["facts"]
                self._facts = AirflowFacts(
                    airflow_version=document["airflow_version"],
                    trigger_rules=tuple(facts["trigger_rules"]),
                    weight_rules=tuple(facts["weight_rules"]),
                    sensor_modes=tuple(facts["sensor_modes"]),
                    template_context=frozenset(facts["template_context"]),
                    template_filters=frozenset(facts["template_filters"]),
                    macros=dict(facts["macros"]),
                    removed_template_names={
                        name: tuple(entry["replacements"]) for name, entry in facts["removed_template_names"].items()
                    },
                    removed_task_arguments={
                        name: entry["replacement"] for name, entry in facts["removed_task_arguments"].items()
                    },
                    removed_trigger_rules={
                        name: entry["replacement"] for name, entry in facts["removed_trigger_rules"].items()
                    },
                    sources=dict(facts["sources"]),
                )
            return self._facts

    def package_versions(self) -> dict[str, str]:
        """Distribution -> version for every catalogued distribution (after layering)."""
        self._ensure_loaded()
        return {package: source.version for package, source in self._packages.items()}


RELEASES_FOLDER = "release-histories"


class ReleasedCatalog(Catalog):
    """The shipped catalogs (the newest releases), plus the release history of each distribution a
    deploy target may pin (catalogs/release-histories/<distribution>.json.gz, merged by
    scripts/build_catalogs.py from the catalogs the builder wrote in each release's environment):
    `at({distribution: version})` answers as those releases, with the user's catalogs still on top.
    Every release from MWAA Serverless's up to the newest is in the histories, so a message can name
    the release in which something first appeared."""

    sparse_releases = False

    def __init__(self, make_shipped: Callable[[], list[_Layer]],
                 make_user_layers: Callable[[], list[_Layer]] = lambda: []):
        shipped: list[list[_Layer]] = []

        def shipped_layers() -> list[_Layer]:
            # Read once and shared by every release view: their loaded documents with them.
            if not shipped:
                shipped.append(make_shipped())
            return shipped[0]

        user: list[list[_Layer]] = []

        def user_layers() -> list[_Layer]:
            if not user:
                user.append(make_user_layers())
            return user[0]

        super().__init__(lambda: [*shipped_layers(), *user_layers()])
        self._make_shipped = shipped_layers
        self._make_user_layers = user_layers
        self._history_files: dict[str, Path] | None = None
        self._histories: dict[str, ReleaseHistory] = {}
        self._views: dict[tuple[tuple[str, str], ...], Catalog] = {}

    def history_files(self) -> dict[str, Path]:
        """Distribution -> its shipped release history."""
        if self._history_files is None:
            folder = self.shipped_folder() / RELEASES_FOLDER
            self._history_files = {
                file.name[: -len(HISTORY_SUFFIX)]: file
                for file in (sorted(folder.glob(f"*{HISTORY_SUFFIX}")) if folder.is_dir() else ())
            }
        return self._history_files

    def history(self, package: str) -> ReleaseHistory | None:
        file = self.history_files().get(package)
        if file is None:
            return None
        with self._lock:
            found = self._histories.get(package)
            if found is None:
                try:
                    found = self._histories[package] = ReleaseHistory.read(file)
                except (OSError, ValueError, KeyError) as error:
                    raise CatalogError(f"cannot read release history {file}: {error}") from error
            return found

    def releases(self, package: str) -> list[str]:
        """The catalogued releases of `package`: the shipped newest and those of its history (as
        text; wflint.target.CatalogView orders them by release)."""
        newest = self.package_versions().get(package)
        known = set()
        if package in self.history_files():
            known.update(self.history(package).releases)
        if newest:
            known.add(newest)
        return sorted(known)

    def at(self, versions: dict[str, str]) -> Catalog:
        """The catalog as it is at `versions` (a distribution whose history lacks that release
        answers as the newest)."""
        newest = self.package_versions()
        chosen = tuple(sorted(
            (package, versions[package]) for package in self.history_files()
            if versions.get(package) not in (None, newest.get(package))
            and versions[package] in self.history(package).releases
        ))
        if not chosen:
            return self
        view = self._views.get(chosen)
        if view is None:
            histories = {package: self.history(package) for package, _ in chosen}
            make_shipped, make_user_layers = self._make_shipped, self._make_user_layers

            def layers() -> list[_Layer]:
                documents = [(self.history_files()[package], histories[package].at(release))
                             for package, release in chosen]
                return [*make_shipped(), _Layer.from_documents(documents), *make_user_layers()]

            view = self._views[chosen] = Catalog(layers)
        return view
