"""Which files `wflint check` looks at."""

from __future__ import annotations

import os

from .config import Config
from .yaml.source import not_regular


def collect(paths: list[str], config_for, honours_airflowignore=None) -> list[str]:
    """Every file to lint, sorted, without duplicates. Files named on the command line are
    always linted; folders are walked with the include/exclude globs of the configuration that
    applies to each file, and only regular files are taken from them (a FIFO or a device named
    `*.yml` would block the run or never end). `honours_airflowignore(config)`: whether the
    target's DAG Factory skips what `.airflowignore` files name (wflint.airflowignore); those
    files are skipped in folder walks too."""
    from .airflowignore import IgnoreTree

    found: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            ignores = IgnoreTree()
            for folder, subfolders, files in os.walk(path):
                config: Config = config_for(os.path.join(folder, "_"))
                honoured = honours_airflowignore is not None and honours_airflowignore(config)
                if honoured:
                    ignores.enter(folder, files)
                subfolders[:] = sorted(
                    d for d in subfolders
                    if not config.is_excluded(os.path.join(folder, d))
                    and not (honoured and ignores.skips(os.path.join(folder, d), is_folder=True))
                )
                for name in files:
                    candidate = os.path.join(folder, name)
                    if honoured and ignores.skips(candidate):
                        continue
                    if config.is_included(candidate) and not config.is_excluded(candidate) and _lintable(candidate):
                        found.add(os.path.normpath(candidate))
        else:
            found.add(os.path.normpath(path))
    return sorted(found)


def _lintable(path: str) -> bool:
    """A regular file, or a path the lint reports as unreadable (a broken link, a link loop)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    return not_regular(mode) is None
