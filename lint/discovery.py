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


def honours_airflowignore(project):
    """`collect`'s `honours_airflowignore` for a project: whether the DAG Factory of a
    configuration's target skips what `.airflowignore` files name."""
    from .airflowignore import honoured_by

    return lambda config: honoured_by(project.target_for(config).dag_factory)


def collected(path: str, folder: str, config_for, honours_airflowignore=None) -> bool:
    """Whether `collect([folder], ...)` lists `path`, a file below `folder`, by the same decisions
    made for its ancestors only (no walk of the tree): for one file created or opened in an
    editor's workspace folder."""
    from .airflowignore import FILE_NAME, IgnoreTree

    path, folder = os.path.abspath(path), os.path.abspath(folder)
    relative = os.path.relpath(os.path.dirname(path), folder)
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return False
    chain = [folder]
    for part in ([] if relative == os.curdir else relative.split(os.sep)):
        chain.append(os.path.join(chain[-1], part))
    ignores = IgnoreTree()
    for depth, current in enumerate(chain):
        config: Config = config_for(os.path.join(current, "_"))
        honoured = honours_airflowignore is not None and honours_airflowignore(config)
        if honoured:
            ignores.enter(current, [FILE_NAME] if os.path.isfile(os.path.join(current, FILE_NAME)) else [])
        if depth + 1 < len(chain):
            below = chain[depth + 1]
            if config.is_excluded(below) or (honoured and ignores.skips(below, is_folder=True)):
                return False
            continue
        if honoured and ignores.skips(path):
            return False
        return config.is_included(path) and not config.is_excluded(path) and _lintable(path)
    return False


def _lintable(path: str) -> bool:
    """A regular file, or a path the lint reports as unreadable (a broken link, a link loop)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    return not_regular(mode) is None
