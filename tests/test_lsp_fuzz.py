"""The server's text never drifts from the editor's: 10,000 random incremental edits (seeded),
with U+0085, U+2028, U+2029, form feed, CRLF, lone CR, surrogate pairs and positions past the
end of lines and of the document, checked against a reference model of the LSP spec written
here, and the diagnostics published for the final text against `wflint check` of it."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys

from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_fixtures.support import client, open_document, published  # noqa: F401  (client: a pytest fixture)
from wflint.yaml.source import SourceText

BREAK = re.compile(r"\r\n|\r|\n")  # LSP's line breaks, and only these
SNIPPETS = ["a", "x: 1", "\n", "\r\n", "\r", "\x85", "\u2028", "\u2029", "\x0c", "😀", "é", "𝄞b", "\t", "",
            "    - task_id: t\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n",
            "  schedule_interval: '@daily'\n", "{{ ds }}", "#", ":", "- "]
START = ("fuzz_dag:\n  schedule: '@daily'\n  start_date: 2024-01-01\n  tasks:\n"
         "    - task_id: a😀\x85b\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\r\n"
         "    - task_id: c\u2028d\n      operator: airflow.providers.standard.operators.empty.EmptyOperator\n")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end without the break) of every line."""
    spans, start = [], 0
    for match in BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def reference_offset(text: str, line: int, character: int) -> int:
    spans = line_spans(text)
    if line >= len(spans):
        return len(text)
    start, end = spans[line]
    units = 0
    for index in range(start, end):
        if units >= character:
            return index
        units += 2 if ord(text[index]) > 0xFFFF else 1
    return end


def random_position(rng: random.Random, text: str) -> tuple[int, int]:
    spans = line_spans(text)
    if rng.random() < 0.05:
        return len(spans) + rng.randrange(3), rng.randrange(5)  # past the end of the document
    line = rng.randrange(len(spans))
    start, end = spans[line]
    if rng.random() < 0.1:
        return line, (end - start) * 2 + rng.randrange(1, 100)  # past the end of the line
    index = rng.randint(start, end)
    return line, sum(2 if ord(ch) > 0xFFFF else 1 for ch in text[start:index])


def random_edit(rng: random.Random, text: str):
    first, second = sorted([random_position(rng, text), random_position(rng, text)])
    if rng.random() < 0.5:
        second = first  # an insertion
    new_text = "".join(rng.choice(SNIPPETS) for _ in range(rng.randrange(1, 3)))
    start, end = reference_offset(text, *first), reference_offset(text, *second)
    assert start <= end
    change = types.TextDocumentContentChangePartial(
        range=types.Range(start=types.Position(*first), end=types.Position(*second)), text=new_text)
    return change, text[:start] + new_text + text[end:]


async def server_text(client: LanguageClient, uri: str) -> str:
    state = await client.protocol.send_request_async("wflint/debug", {"uri": uri})
    return state["text"] if isinstance(state, dict) else state.text


def check_cli(path) -> list[tuple]:
    output = subprocess.run([sys.executable, "-m", "wflint", "check", "--format", "json", "--no-cache", str(path)],
                            capture_output=True, text=True, timeout=120)
    source = SourceText(path.read_bytes().decode("utf-8"))
    found = []
    for item in json.loads(output.stdout)["diagnostics"]:
        start = source.lsp_position(source.line_start(item["line"] - 1) + item["column"] - 1)
        end = source.lsp_position(source.line_start(item["end_line"] - 1) + item["end_column"] - 1)
        found.append((item["code"], item["message"], start, end))
    return sorted(found)


async def test_ten_thousand_random_edits_keep_the_editors_text(client: LanguageClient, tmp_path):
    rng = random.Random(19)
    edits = 0
    for burst in range(4):
        path = tmp_path / f"fuzz_{burst}.yml"
        text = START
        uri = open_document(client, path, text)
        version = 1
        for _ in range(2500):
            change, text = random_edit(rng, text)
            version += 1
            edits += 1
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
            if version % 250 == 0:
                assert await server_text(client, uri) == text, f"drift after {edits} edits"
        assert await server_text(client, uri) == text
        diagnostics = await published(client, uri, version)
        path.write_text(text, encoding="utf-8", newline="")
        got = sorted((d.code, d.message, (d.range.start.line, d.range.start.character),
                      (d.range.end.line, d.range.end.character)) for d in diagnostics)
        assert got == check_cli(path)
    assert edits == 10_000


async def test_the_issues_two_drifts(client: LanguageClient, tmp_path):
    # U+0085 is not a line break; a position past the end of a line is its end.
    uri = open_document(client, tmp_path / "a.yml", "k: a\x85bcdefgh\n")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(0, 5), end=types.Position(0, 7)), text="")]))
    assert await server_text(client, uri) == "k: a\x85defgh\n"  # (0,5)-(0,7) is "bc"
    uri = open_document(client, tmp_path / "b.yml", "k: abc")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(0, 100), end=types.Position(0, 100)), text="X")]))
    assert await server_text(client, uri) == "k: abcX"
