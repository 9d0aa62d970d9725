"""JSON-RPC framing over a byte stream, read on a thread of its own.

pygls reads a message by trusting its `Content-Length` (a header of 10^12 bytes asks for a
buffer of that size) and reads stdin through a buffered file on an executor thread that keeps the
process alive after `exit`. Here a daemon thread reads raw chunks (`os.read`, no buffered-file lock
held at interpreter shutdown), cuts them into messages, decodes their JSON and hands them to the
event loop. A body larger than `max_message_bytes()` is never held in memory: its first bytes are
kept (to name the request it was and answer it with an error), the rest is read and dropped.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from typing import Any, Callable

log = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # 64 MiB: a 50 MB document still fits, JSON-escaped
MAX_HEADER_BYTES = 64 * 1024
HEAD_BYTES = 4096  # kept of an oversized body, to find its id, method and document
CHUNK = 1 << 16

_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d{1,20})[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_ID = re.compile(rb'"id"\s*:\s*(-?\d{1,18}|"(?:[^"\\]|\\.){0,200}")')
_METHOD = re.compile(rb'"method"\s*:\s*"([^"\\]{1,200})"')
_URI = re.compile(rb'"uri"\s*:\s*"((?:[^"\\]|\\.){1,4000})"')


def max_message_bytes() -> int:
    """The largest message body read, in bytes: `WFLINT_LSP_MAX_MESSAGE_BYTES` or 64 MiB."""
    value = os.environ.get("WFLINT_LSP_MAX_MESSAGE_BYTES", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_MAX_MESSAGE_BYTES


@dataclass
class Message:
    """A decoded message body (`data`), or why there is none (`error`)."""

    data: Any = None
    error: str | None = None


@dataclass
class Oversized:
    """A message whose body was skipped: its declared size and what its first bytes tell."""

    length: int
    id: int | str | None = None
    method: str | None = None
    uri: str | None = None


class FrameReader:
    """Messages from `read_chunk()` (bytes; b"" at the end of the stream)."""

    def __init__(self, read_chunk: Callable[[], bytes], limit: int | None = None):
        self._read = read_chunk
        self._buffer = bytearray()
        self.limit = limit or max_message_bytes()

    def _fill(self) -> bool:
        chunk = self._read()
        if not chunk:
            return False
        self._buffer += chunk
        return True

    def next(self) -> Message | Oversized | None:
        """The next message, or None at the end of the stream."""
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            while end < 0:
                if len(self._buffer) > MAX_HEADER_BYTES:  # no header block ends: not LSP, drop it
                    del self._buffer[:-3]
                    return Message(error=f"no end of headers within {MAX_HEADER_BYTES} bytes")
                if not self._fill():
                    return None
                end = self._buffer.find(b"\r\n\r\n")
            headers = bytes(self._buffer[:end])
            del self._buffer[: end + 4]
            match = _CONTENT_LENGTH.search(headers)
            if match is None:
                return Message(error=f"a header block without Content-Length: {headers[:200]!r}")
            length = int(match.group(1))
            if length > self.limit:
                return self._skip(length)
            while len(self._buffer) < length:
                if not self._fill():
                    return None
            body = bytes(self._buffer[:length])
            del self._buffer[:length]
            try:
                return Message(data=json.loads(body))
            except (ValueError, RecursionError) as error:
                return Message(error=f"the body is not JSON: {error}")

    def _skip(self, length: int) -> Oversized | None:
        while len(self._buffer) < min(length, HEAD_BYTES):
            if not self._fill():
                break
        head = bytes(self._buffer[:HEAD_BYTES])
        skipped = Oversized(length)
        if (found := _ID.search(head)) is not None:
            raw = found.group(1).decode("utf-8", "replace")
            skipped.id = json.loads(raw) if raw.startswith('"') else int(raw)
        if (found := _METHOD.search(head)) is not None:
            skipped.method = found.group(1).decode("utf-8", "replace")
        if (found := _URI.search(head)) is not None:
            try:
                skipped.uri = json.loads(b'"' + found.group(1) + b'"')
            except ValueError:
                pass
        remaining = length
        taken = min(remaining, len(self._buffer))
        del self._buffer[:taken]
        remaining -= taken
        while remaining > 0:  # read and drop, never holding more than a chunk
            chunk = self._read()
            if not chunk:
                break
            if len(chunk) > remaining:
                self._buffer += chunk[remaining:]
            remaining -= len(chunk)
        return skipped


def fd_reader(fd: int) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return os.read(fd, CHUNK)
        except OSError:
            return b""

    return read


class FdWriter:
    """Writes whole messages to a file descriptor (no buffered file to close or flush)."""

    def __init__(self, fd: int):
        self._fd = fd

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def close(self) -> None:  # the descriptor belongs to the process; nothing to release
        pass
