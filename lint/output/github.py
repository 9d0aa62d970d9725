"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from ..diagnostics import Severity
from .paths import display_path
from .terminal import visible

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results, stream, options) -> None:
    for result in results:
        for d in result.diagnostics:
            properties = ",".join([
                f"file={_escape_property(display_path(d.path))}",
                f"line={d.line}",
                f"col={d.column}",
                f"endLine={d.end_line}",
                f"endColumn={d.end_column}",
                f"title={_escape_property(f'{d.code} {d.name}')}",
            ])
            stream.write(f"::{_COMMAND[d.severity]} {properties}::{_escape_data(f'{d.code} {visible(d.message)}')}\n")
