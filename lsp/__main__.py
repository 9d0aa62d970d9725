"""`python -m wflint.lsp [--tcp HOST:PORT]` and `wflint server`: run the language server."""

from __future__ import annotations

import argparse
import logging
import os
import sys


def serve(tcp: str | None = None) -> int:
    """Serve LSP over stdio, or over TCP when `tcp` is "HOST:PORT" (for debugging; one
    connection). The exit code: 0 after `shutdown` then `exit`, 1 for an `exit` (or the end of
    input) without `shutdown`, as LSP says."""
    # stdout carries the protocol: anything logged must go to stderr. pygls' own warnings
    # reach the client's log only when they are real problems; wflint's messages at info.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="wflint-lsp %(levelname)s %(name)s: %(message)s")
    logging.getLogger("wflint").setLevel(logging.INFO)
    if os.environ.get("WFLINT_TRACEMALLOC"):
        import tracemalloc

        tracemalloc.start()
    from . import transport
    from .server import server

    if tcp:
        host, _, port = tcp.rpartition(":")
        if not port.isdigit():
            print(f"wflint server: --tcp expects HOST:PORT, got {tcp!r}", file=sys.stderr)
            return 2
        import socket

        with socket.create_server((host or "127.0.0.1", int(port))) as listener:
            connection, _ = listener.accept()
        with connection:
            return server.serve(lambda: connection.recv(transport.CHUNK), _SocketWriter(connection))
    stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
    sys.stdout.flush()
    sys.stdout = sys.stderr  # a stray print() must never corrupt the protocol stream
    return server.serve(transport.fd_reader(stdin), transport.FdWriter(stdout))


class _SocketWriter:
    def __init__(self, connection):
        self._connection = connection

    def write(self, data: bytes) -> None:
        self._connection.sendall(data)

    def close(self) -> None:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wflint.lsp", description="wflint language server (LSP over stdio).")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    args = parser.parse_args(argv)
    return serve(args.tcp)


if __name__ == "__main__":
    sys.exit(main())
