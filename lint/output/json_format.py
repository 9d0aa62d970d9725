"""Machine output, versioned. Documented in docs/output.md.

{"version": 1, "tool": {"name": "wflint", "version": ...},
 "summary": {"files": N, "errors": N, "warnings": N, "infos": N},
 "diagnostics": [{"path", "line", "column", "end_line", "end_column", "code", "name", "severity",
                  "message", "url", "related": [{"path", "line", "column", "end_line",
                  "end_column", "message"}], "fix": {"title", "safe", "edits": [{"line",
                  "column", "end_line", "end_column", "new_text"}]} | null}]}

Lines and columns are 1-based and count Unicode code points; end positions are exclusive.
"""

from __future__ import annotations

from .. import __version__
from ..diagnostics import Severity
from ..rules import docs_url
from .paths import display_path
from .terminal import json_text

FORMAT_VERSION = 1


def as_dict(result, diagnostic) -> dict:
    source = result.source

    def edit(e):
        line, column = source.line_col(e.start)
        end_line, end_column = source.line_col(e.end)
        return {"line": line, "column": column, "end_line": end_line, "end_column": end_column, "new_text": e.new_text}

    return {
        "path": display_path(diagnostic.path),
        "line": diagnostic.line,
        "column": diagnostic.column,
        "end_line": diagnostic.end_line,
        "end_column": diagnostic.end_column,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity.label,
        "message": diagnostic.message,
        "url": docs_url(diagnostic.code),
        "related": [
            {
                "path": display_path(r.path or diagnostic.path),
                "line": r.line, "column": r.column, "end_line": r.end_line, "end_column": r.end_column,
                "message": r.message,
            }
            for r in diagnostic.related
        ],
        "fix": None if diagnostic.fix is None else {
            "title": diagnostic.fix.title, "safe": diagnostic.fix.safe, "edits": [edit(e) for e in diagnostic.fix.edits],
        },
    }


def render(results, stream, options) -> None:
    diagnostics = [as_dict(result, d) for result in results for d in result.diagnostics]
    counts = {s: 0 for s in Severity}
    for result in results:
        for d in result.diagnostics:
            counts[d.severity] += 1
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "wflint", "version": __version__},
        "summary": {
            "files": options.get("files", 0),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
        },
        "diagnostics": diagnostics,
    }
    stream.write(json_text(document) + "\n")
