"""`wflint catalog build ...`: build operator catalogs in an environment that has Airflow
(the same builder as `python -m wflint.catalog.build`; see docs/catalog.md). The CLI hands
`catalog build` straight to the builder; this module only lists the command in the help."""

from __future__ import annotations


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "catalog", help="build operator catalogs from the installed Airflow: catalog build --out DIR",
        description="`wflint catalog build --out DIR [--package NAME ...]` introspects the Airflow packages "
                    "installed in this environment into catalog files (see docs/catalog.md; -h after build for all options).",
    )
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])
