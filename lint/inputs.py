"""What a lint reads besides its own document: other files, and the clock.

The result cache (wflint.cache) reuses a file's diagnostics only while everything its lint read
is unchanged. Code that looks at another file (the defaults.yml chain, user catalogs, template
files, `python_callable_file`, custom operator source) notes it here, and code that asks for the
current time says so. Recording is off unless the cache turns it on for one lint at a time (the
language server never does).

A file whose contents matter is stamped with a hash of its bytes (an edit that keeps the size
and the mtime, or a checkout that rewrites a file unchanged, is told apart correctly); a path
whose existence alone matters, with its kind. Within one process a file's hash is computed once.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

try:  # hashlib's own import loads OpenSSL, a noticeable part of a cached run's start-up
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without the bundled BLAKE2
    from hashlib import blake2b

CONTENT = "blake2b:"  # the prefix of a content stamp; other stamps are kinds, or None


class Inputs:
    """The files one lint looked at, each with its stamp then, and whether it read the clock."""

    __slots__ = ("files", "clock")

    def __init__(self) -> None:
        self.files: dict[str, str | None] = {}  # path -> stamp (see `unchanged`)
        self.clock = False


_recording: Inputs | None = None
_hashes: dict[str, str | None] = {}  # path -> content stamp, for this process


def content_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def new_run() -> None:
    """Forget the hashes of an earlier run in this process (files may have changed since)."""
    _hashes.clear()


def content_stamp(path: str) -> str | None:
    """A hash of a regular file's bytes, or of the names in a folder; the kind of anything else;
    None when nothing is there."""
    stamp = _hashes.get(path, "")
    if stamp == "":
        from .yaml.source import read_file

        try:
            if os.path.isdir(path):
                stamp = CONTENT + content_hash("\n".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape"))
            else:
                stamp = CONTENT + content_hash(read_file(path))
        except OSError:
            stamp = kind_of(path)
        _hashes[path] = stamp
    return stamp


def kind_of(path: str) -> str | None:
    """"file", "folder", "other", or None when there is nothing at `path`."""
    if os.path.isfile(path):
        return "file"
    if os.path.isdir(path):
        return "folder"
    return "other" if os.path.lexists(path) else None


def unchanged(path: str, stamp) -> bool:
    """Whether `path` still has the stamp noted."""
    if type(stamp) is str and stamp.startswith(CONTENT):
        return content_stamp(path) == stamp
    if stamp is None:
        return not os.path.lexists(path)
    return kind_of(path) == stamp


def note_file(path: str) -> None:
    """The lint's result depends on what `path` contains (or that there is nothing there)."""
    if _recording is not None:
        noted = _recording.files.get(path)
        if noted is None or not noted.startswith(CONTENT):
            _recording.files[path] = content_stamp(path)


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
