"""What linting a workspace shares between its documents: the configuration of each folder, the
parsed defaults.yml files, the rules each configuration enables and the operator catalogs.

Kept apart from the engine so that a run answered from the result cache never imports the YAML
reader, the model or the rules.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Config, find_config_file, load_config
from .inputs import note_exists, note_file

if TYPE_CHECKING:
    from .model.workflow import DefaultsFile

DEFAULTS_NAMES = ("defaults.yml", "defaults.yaml")


class Project:
    """Shared state for linting many documents of one workspace."""

    def __init__(self, config: Config | None = None, *, config_override=None, catalog=None):
        self._fixed_config = config
        self._config_override = config_override  # callable(Config) -> Config, for CLI flags
        self._config_by_folder: dict[str, Config] = {}
        self._defaults_cache: dict[str, tuple[float, DefaultsFile | None]] = {}
        self.enabled_rules: dict[tuple, list] = {}  # (config, path) -> rule instances, kept by the engine
        self._targets: dict = {}  # config -> Target
        self._views: dict = {}  # config -> CatalogView (the catalog at the config's target)
        self._catalog = catalog  # the shipped catalogs unless given (tests)
        self._user_catalogs: dict[tuple[str, ...], tuple[tuple, object]] = {}
        self.open_documents: dict[str, str] = {}  # path -> text, for editors' unsaved defaults.yml

    # -- configuration ----------------------------------------------------------------------

    def config_for(self, path: str) -> Config:
        if self._fixed_config is not None:
            return self._fixed_config
        folder = os.path.dirname(os.path.abspath(path))
        config = self._config_by_folder.get(folder)
        if config is None:
            config = load_config(find_config_file(folder))
            if self._config_override is not None:
                config = self._config_override(config)
            self._config_by_folder[folder] = config
        return config

    def forget_config(self) -> None:
        self._config_by_folder.clear()
        self.enabled_rules.clear()
        self._targets.clear()
        self._views.clear()
        self._user_catalogs.clear()

    def target_for(self, config: Config):
        """The versions the workflows under `config` run on (resolved once per configuration)."""
        target = self._targets.get(config)
        if target is None:
            from .target import resolve

            target = self._targets[config] = resolve(config)
        return target

    def catalog_at(self, config: Config):
        """The catalog for `config` (its user catalogs on top of the shipped ones) as it is at
        the config's target: what every operator verdict asks (wflint.target.CatalogView)."""
        catalog = self.catalog_for(config)
        view = self._views.get(config)
        if view is None or view.catalog is not catalog:  # a user catalog file changed
            from .target import CatalogView

            view = self._views[config] = CatalogView(catalog, self.target_for(config))
        return view

    # -- defaults.yml chain -------------------------------------------------------------------

    def defaults_chain(self, path: str, config: Config) -> list[DefaultsFile]:
        """defaults.yml files from the workflow's folder upward, closest first."""
        folder = Path(os.path.abspath(path)).parent
        # Folders compared where they really are: the path linted may pass through a symlink.
        stop = os.path.realpath(config.resolve(config.defaults_root)) if config.defaults_root else None
        root = os.path.realpath(config.root) if config.root else None
        chain: list[DefaultsFile] = []
        for current in (folder, *folder.parents):
            for name in DEFAULTS_NAMES:
                candidate = current / name
                note_file(str(candidate))
                defaults = self._load_defaults(str(candidate))
                if defaults is not None:
                    if os.path.abspath(candidate) != os.path.abspath(path):
                        chain.append(defaults)
                    break  # `.yml` wins over `.yaml` in the same folder
            if stop is not None and os.path.realpath(current) == stop:
                break
            if stop is None:
                note_exists(str(current / ".git"))
                if (current / ".git").exists() or (root is not None and os.path.realpath(current) == root):
                    break
        return chain

    def _load_defaults(self, path: str) -> DefaultsFile | None:
        text = self.open_documents.get(path)
        if text is None:
            try:
                mtime = os.stat(path).st_mtime
            except OSError:
                return None
            cached = self._defaults_cache.get(path)
            if cached is not None and cached[0] == mtime:
                return cached[1]
            from .yaml.source import read_file

            try:
                text = read_file(path).decode("utf-8")  # never a FIFO named defaults.yml
            except (OSError, UnicodeDecodeError):
                self._defaults_cache[path] = (mtime, None)
                return None
        else:
            mtime = -1.0
        from .model.workflow import DefaultsFile
        from .yaml.source import SourceText
        from .yaml.tree import parse_yaml

        source = SourceText(text)
        defaults = DefaultsFile(path, source, parse_yaml(source.text))
        if mtime >= 0:
            self._defaults_cache[path] = (mtime, defaults)
        return defaults

    def invalidate_defaults(self, path: str) -> None:
        self._defaults_cache.pop(path, None)

    # -- rules and catalog -------------------------------------------------------------------

    @property
    def catalog(self):
        """The shipped catalogs."""
        if self._catalog is None:
            from .catalog import Catalog

            self._catalog = Catalog.default()
        return self._catalog

    def catalog_for(self, config: Config):
        """The shipped catalogs with the config's `catalogs` layered on top: one catalog per
        list of paths, shared by every document, rebuilt when one of the files changes."""
        if not config.catalogs:
            return self.catalog
        paths = tuple(config.resolve(path) for path in config.catalogs)
        files = [file for path in paths for file in _catalog_files(path)]
        for file in files:
            note_file(file)
        stamp = tuple((file, _file_stamp(file)) for file in files)
        cached = self._user_catalogs.get(paths)
        if cached is None or cached[0] != stamp:
            from .catalog import Catalog, CatalogError

            catalog = Catalog.from_paths(paths)
            try:
                catalog.knows("")  # reads the catalogs' indexes now: a broken file shows here
            except CatalogError:
                # A broken user catalog must not stop linting (the config check names missing
                # paths); the shipped catalogs answer instead.
                catalog = self.catalog
            cached = self._user_catalogs[paths] = (stamp, catalog)
        return cached[1]


def _catalog_files(path: str) -> list[str]:
    """The files a user catalog path stands for: the file itself, or every catalog file of a
    folder (its index.json among them), any of which a lookup may read."""
    from .catalog.fileformat import CATALOG_SUFFIXES

    if not os.path.isdir(path):
        return [path]
    try:
        names = sorted(os.listdir(path))
    except OSError:
        return [path]
    return [path] + [os.path.join(path, name) for name in names if name.endswith(CATALOG_SUFFIXES)]


def _file_stamp(path: str) -> tuple:
    """Changes when a file is rewritten (or appears, or goes)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)
