"""`wflint schema`: write the JSON Schema for editors (Red Hat YAML and others), with the
arguments of every catalogued operator. See docs/editors.md."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="write a JSON Schema (draft-07) of workflow files with operator arguments, for editors",
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument(
        "--catalog", action="append", default=[], metavar="PATH",
        help="a catalog file or folder to layer over the shipped ones (repeatable)",
    )
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..catalog import Catalog, CatalogError
    from ..editor_schema import render

    try:
        catalog = Catalog.from_paths(args.catalog) if args.catalog else Catalog.default()
        text = render(catalog)
    except CatalogError as error:
        print(f"wflint schema: {error}", file=sys.stderr)
        return 2
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0
