"""What a lint reads besides its own document: other files, and the clock.

The result cache (wflint.cache) reuses a file's diagnostics only while everything its lint read
is unchanged. Code that looks at another file (the defaults.yml chain, user catalogs, template
files, `python_callable_file`, custom operator source) notes it here, and code that asks for the
current time says so. Recording is off unless the cache turns it on for one lint at a time (the
language server never does), and then a note costs one `stat`.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator


class Inputs:
    """The files one lint looked at, each with its stamp then, and whether it read the clock."""

    __slots__ = ("files", "clock")

    def __init__(self) -> None:
        self.files: dict[str, list[int] | str | None] = {}  # path -> stamp (see `unchanged`)
        self.clock = False


_recording: Inputs | None = None


def file_stamp(path: str) -> list[int] | None:
    """[mtime in ns, size] of a file, None when there is nothing at `path`."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def kind_of(path: str) -> str | None:
    """"file", "folder", "other", or None when there is nothing at `path`."""
    if os.path.isfile(path):
        return "file"
    if os.path.isdir(path):
        return "folder"
    return "other" if os.path.lexists(path) else None


def unchanged(path: str, stamp) -> bool:
    """Whether `path` still has the stamp noted (a list: its contents; a string: its kind)."""
    if stamp is None:
        return not os.path.lexists(path)
    if isinstance(stamp, str):
        return kind_of(path) == stamp
    return file_stamp(path) == stamp


def note_file(path: str) -> None:
    """The lint's result depends on what `path` contains (or that there is nothing there)."""
    if _recording is not None and not isinstance(_recording.files.get(path, 0), list):
        _recording.files[path] = file_stamp(path)


def note_exists(path: str) -> None:
    """The lint's result depends only on whether `path` is a file or a folder (a folder's
    mtime changes with every file added to it, `.git`'s with every git command)."""
    if _recording is not None and path not in _recording.files:
        _recording.files[path] = kind_of(path)


def isfile(path: str) -> bool:
    """`os.path.isfile`, noted."""
    note_exists(path)
    return os.path.isfile(path)


def isdir(path: str) -> bool:
    """`os.path.isdir`, noted."""
    note_exists(path)
    return os.path.isdir(path)


def note_clock() -> None:
    """The lint's result depends on the current time (such a result is never cached)."""
    if _recording is not None:
        _recording.clock = True


@contextmanager
def recording() -> Iterator[Inputs]:
    global _recording
    previous, _recording = _recording, Inputs()
    try:
        yield _recording
    finally:
        _recording = previous
