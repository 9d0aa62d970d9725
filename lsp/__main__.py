"""`python -m wflint.lsp [--tcp HOST:PORT]` and `wflint server`: run the language server."""

from __future__ import annotations

import argparse
import logging
import sys


def serve(tcp: str | None = None) -> int:
    """Serve LSP over stdio, or over TCP when `tcp` is "HOST:PORT" (for debugging)."""
    # stdout carries the protocol: anything logged must go to stderr.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="wflint-lsp %(levelname)s %(name)s: %(message)s")
    from .server import server

    if tcp:
        host, _, port = tcp.rpartition(":")
        if not port.isdigit():
            print(f"wflint server: --tcp expects HOST:PORT, got {tcp!r}", file=sys.stderr)
            return 2
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wflint.lsp", description="wflint language server (LSP over stdio).")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    args = parser.parse_args(argv)
    return serve(args.tcp)


if __name__ == "__main__":
    sys.exit(main())
