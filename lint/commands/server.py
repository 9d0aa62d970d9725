"""`wflint server`: the language server (pygls), over stdio or TCP."""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser("server", help="run the language server (LSP over stdio)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    parser.add_argument("--stdio", action="store_true", help="use stdio (the default)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..lsp.__main__ import serve

    return serve(args.tcp)
