"""The one-file subcommands' common start (`wflint graph`, `wflint iam`): lint the file with the
discovered configuration (or `--config`), and refuse what is not a DAG Factory workflow."""

from __future__ import annotations

import os
import sys


class UsageError(Exception):
    """Said on standard error as `wflint COMMAND: error: …`, exit 2."""


def lint_workflow_file(args):
    """(project, lint result) of `args.file`; raises UsageError with the reason it cannot be read."""
    from ..config import ConfigError, load_config
    from ..engine import Project, lint_path

    if not os.path.isfile(args.file):
        raise UsageError(f"{args.file}: no such file")
    try:
        if args.config:
            from pathlib import Path

            project = Project(load_config(Path(args.config)))
        else:
            project = Project()
        result = lint_path(args.file, project)
    except ConfigError as error:
        raise UsageError(str(error)) from None
    if result.workflow is None or result.workflow.kind != "workflow":
        raise UsageError(f"{args.file} is not a DAG Factory workflow file")
    return project, result


def usage_error(command: str, error: UsageError) -> int:
    print(f"wflint {command}: error: {error}", file=sys.stderr)
    return 2
