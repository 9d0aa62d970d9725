"""SARIF 2.1.0 for GitHub code scanning: rules with help text, locations, related locations,
fixes and partial fingerprints (so an alert survives unrelated edits above it).

Every `artifactLocation.uri` is a URI reference (RFC 3986), percent-encoded: a file below the
working directory is relative to `%SRCROOT%` (declared in `originalUriBaseIds` as the working
directory's `file:` URI), any other file an absolute `file:` URI without `uriBaseId`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..diagnostics import Severity
from ..rules import all_rules, docs_url, rule_docs
from .paths import relative_path
from .terminal import json_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"


def artifact_location(path: str) -> dict:
    """The SARIF artifactLocation of a file: `{"uri": "dags/a%20b.yml", "uriBaseId": "%SRCROOT%"}`
    below the working directory, `{"uri": "file:///elsewhere/a.yml"}` outside it."""
    relative = relative_path(path)
    if relative is None:
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    # The file name's bytes (undecodable ones included), every byte but unreserved ones and
    # `/` percent-encoded: `#`, `?`, `%`, spaces and a `:` that would read as a scheme.
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SRCROOT}


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
        location = artifact_location(result.path)
        for diagnostic in result.diagnostics:
            item = {"ruleId": diagnostic.code}
            if diagnostic.code in index:
                item["ruleIndex"] = index[diagnostic.code]
            item.update({
                "level": _LEVEL[diagnostic.severity],
                "message": {"text": diagnostic.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": dict(location),
                        "region": _region(result.source, diagnostic.start, diagnostic.end),
                    }
                }],
                "partialFingerprints": {"primaryLocationLineHash": _fingerprint(result, diagnostic)},
            })
            if diagnostic.related:
                item["relatedLocations"] = [
                    {
                        "id": i,
                        "message": {"text": related.message},
                        "physicalLocation": {
                            "artifactLocation": artifact_location(related.path or result.path),
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
                        "artifactLocation": dict(location),
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
            "originalUriBaseIds": {SRCROOT: {"uri": _srcroot()}},
            "results": sarif_results,
            "columnKind": "unicodeCodePoints",
        }],
    }
    stream.write(json_text(document) + "\n")


def _srcroot() -> str:
    """The working directory as an absolute `file:` URI ending in `/`, as SARIF requires of a
    base URI (the root folder is `file:///`, not `file:////`)."""
    uri = Path(os.getcwd()).as_uri()
    return uri if uri.endswith("/") else uri + "/"
