"""The `wflint` command line. Each subcommand lives in `wflint.commands.<name>` and is
imported only when used, so `wflint check` never pays for the language server."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from . import __version__

COMMANDS = ("check", "rules", "rule", "schedule", "server", "catalog", "schema", "graph", "iam")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wflint",
        description="Lint DAG Factory workflow YAML (Apache Airflow, Amazon MWAA Serverless).",
    )
    parser.add_argument("--version", action="version", version=f"wflint {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser, subparsers


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["catalog", "build"]:
        # The catalog builder has its own options (it also runs without wflint installed).
        from .catalog.build import main as build_catalogs

        try:
            return build_catalogs(argv[2:])
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] != "airflow":
                raise
            print("wflint: error: `catalog build` introspects Airflow, and this environment has none: run it where "
                  "your Airflow and providers are installed (see docs/catalog.md)", file=sys.stderr)
            return 2
    # Register only the command being run (plus all of them for --help).
    wanted = next((a for a in argv if not a.startswith("-")), None)
    if wanted != "server":
        # A short run creates its long-lived objects (modules, schema, catalogs) at start-up, and
        # the cyclic collector would only walk them again and again; `check` turns it back on
        # once linting begins.
        gc.disable()
    parser, subparsers = build_parser()
    for name in COMMANDS if wanted not in COMMANDS else (wanted,):
        module = _command_module(name)
        if module is not None:
            module.register(subparsers)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    """The console script: `main`, then an exit without the interpreter's teardown, which would
    free every module and model object one at a time for nothing (the OS reclaims the memory at
    once). Output is flushed first; nothing else is left open at that point."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`wflint check | head`): nothing more to say
        pass
    os._exit(code)


def _command_module(name: str):
    try:
        return importlib.import_module(f"{__package__}.commands.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"{__package__}.commands.{name}":
            return None  # a command not built yet
        raise
