"""wflint diagnostics as LSP diagnostics, pushed (publishDiagnostics) or pulled
(textDocument/diagnostic)."""

from __future__ import annotations

import os

from lsprotocol import types

from wflint.diagnostics import Diagnostic, Related, Severity
from wflint.rules import docs_url
from wflint.yaml.source import SourceText

from .convert import path_to_uri, to_range
from .workspace import Document

SOURCE = "wflint"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# Codes whose diagnostics mark text that can go (greyed out) or is deprecated (struck through).
UNNECESSARY_CODES = frozenset({"WF090"})
DEPRECATED_CODES = frozenset({"WF014"})


def lsp_diagnostics(document: Document, sources: dict[str, SourceText] | None = None) -> list[types.Diagnostic]:
    result = document.result
    if result is None:
        return []
    source = result.source or document.source
    return [to_lsp(diagnostic, source, document.uri, sources or {}) for diagnostic in result.diagnostics]


def to_lsp(diagnostic: Diagnostic, source: SourceText, uri: str, sources: dict[str, SourceText]) -> types.Diagnostic:
    tags = []
    if diagnostic.code in UNNECESSARY_CODES:
        tags.append(types.DiagnosticTag.Unnecessary)
    if diagnostic.code in DEPRECATED_CODES:
        tags.append(types.DiagnosticTag.Deprecated)
    return types.Diagnostic(
        range=to_range(source, diagnostic.start, diagnostic.end),
        message=diagnostic.message,
        severity=SEVERITIES.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
        code=diagnostic.code,
        code_description=types.CodeDescription(href=docs_url(diagnostic.code)),
        source=SOURCE,
        tags=tags or None,
        related_information=[_related(r, source, uri, sources) for r in diagnostic.related] or None,
        # Enough to find the wflint diagnostic (and its fix) again in a code action request.
        data={"code": diagnostic.code, "start": diagnostic.start, "end": diagnostic.end},
    )


def _related(related: Related, source: SourceText, uri: str, sources: dict[str, SourceText]) -> types.DiagnosticRelatedInformation:
    if related.path is None:
        location = types.Location(uri=uri, range=to_range(source, related.start, related.end))
    else:
        other = sources.get(related.path) or _read_source(related.path)
        if other is not None:
            rng = to_range(other, related.start, related.end)
        else:  # the engine's 1-based code-point line/column: close enough without the file
            start = types.Position(line=max((related.line or 1) - 1, 0), character=max((related.column or 1) - 1, 0))
            end = types.Position(line=max((related.end_line or related.line or 1) - 1, 0),
                                 character=max((related.end_column or related.column or 1) - 1, 0))
            rng = types.Range(start=start, end=end)
        location = types.Location(uri=path_to_uri(related.path), range=rng)
    return types.DiagnosticRelatedInformation(location=location, message=related.message)


def _read_source(path: str) -> SourceText | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return SourceText(handle.read())
    except (OSError, UnicodeDecodeError):
        return None


def result_id(document: Document) -> str:
    """Identifies one lint of one text, so a pull can answer "unchanged"."""
    return f"{document.generation}.{document.lint_runs}"


def pull_report(document: Document, previous_result_id: str | None, sources) -> types.DocumentDiagnosticReport:
    rid = result_id(document)
    if previous_result_id == rid:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
    return types.RelatedFullDocumentDiagnosticReport(items=lsp_diagnostics(document, sources), result_id=rid)


def open_sources(documents) -> dict[str, SourceText]:
    """Line indexes of open documents by path, so related locations in an open defaults.yml
    use its unsaved text."""
    return {document.path: document.source for document in documents if os.path.isabs(document.path)}
