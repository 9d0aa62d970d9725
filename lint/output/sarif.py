"""SARIF 2.1.0 for GitHub code scanning: rules with help text, locations, related locations,
fixes and partial fingerprints (so an alert survives unrelated edits above it)."""

from __future__ import annotations

import hashlib
import json

from .. import __version__
from ..diagnostics import Severity
from ..rules import all_rules, docs_url, rule_docs
from . import display_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _region(source, start, end) -> dict:
    line, column = source.line_col(start)
    end_line, end_column = source.line_col(end)
    if (end_line, end_column) <= (line, column):
        end_line, end_column = line, column + 1
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _fingerprint(result, diagnostic) -> str:
    # Stable across edits elsewhere: the code, the message and the text of the flagged line.
    line_text = result.source.line_text(diagnostic.line - 1) if result.source and diagnostic.line else ""
    digest = hashlib.sha256(f"{diagnostic.code}\0{diagnostic.message}\0{line_text.strip()}".encode()).hexdigest()
    return digest[:32]


def render(results, stream, options) -> None:
    rules = all_rules()
    index = {rule.code: i for i, rule in enumerate(rules)}
    sarif_rules = []
    for rule in rules:
        docs = rule_docs(rule)
        sarif_rules.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": docs["summary"]},
            "fullDescription": {"text": docs.get("what", docs["summary"])},
            "help": {"text": docs["body"], "markdown": docs["body"]},
            "helpUri": docs_url(rule.code),
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            "properties": {"tags": ["workflow", "airflow"]},
        })
    sarif_results = []
    for result in results:
        uri = display_path(result.path)
        for diagnostic in result.diagnostics:
            item = {
                "ruleId": diagnostic.code,
                "ruleIndex": index.get(diagnostic.code, 0),
                "level": _LEVEL[diagnostic.severity],
                "message": {"text": diagnostic.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": _region(result.source, diagnostic.start, diagnostic.end),
                    }
                }],
                "partialFingerprints": {"primaryLocationLineHash": _fingerprint(result, diagnostic)},
            }
            if diagnostic.related:
                item["relatedLocations"] = [
                    {
                        "id": i,
                        "message": {"text": related.message},
                        "physicalLocation": {
                            "artifactLocation": {"uri": display_path(related.path or result.path), "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": related.line, "startColumn": related.column,
                                       "endLine": related.end_line, "endColumn": max(related.end_column, related.column + 1)
                                       if related.end_line == related.line else related.end_column},
                        },
                    }
                    for i, related in enumerate(diagnostic.related)
                ]
            if diagnostic.fix is not None:
                item["fixes"] = [{
                    "description": {"text": diagnostic.fix.title},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "replacements": [
                            {"deletedRegion": _region(result.source, e.start, e.end) if e.end > e.start else
                             {**_region(result.source, e.start, e.start), "endColumn": result.source.line_col(e.start)[1]},
                             "insertedContent": {"text": e.new_text}}
                            for e in diagnostic.fix.edits
                        ],
                    }],
                }]
            sarif_results.append(item)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "wflint", "version": __version__, "informationUri": "https://github.com/wflint/wflint",
                                "rules": sarif_rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": _srcroot()}},
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    json.dump(document, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def _srcroot() -> str:
    import os
    from pathlib import Path

    return Path(os.getcwd()).as_uri() + "/"
