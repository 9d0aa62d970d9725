"""Analysing a template expression by expression.

Most templates in workflow files are text with a few `{{ ... }}` expressions and no
statements, and the same expressions (`{{ ds }}`, `{{ ds_nodash }}`) recur in thousands of
otherwise different strings. Such a template is analysed one expression at a time, each
distinct expression parsed by Jinja once (memoised), and the results shifted into place; the
simplest expressions (`{{ name }}`, `{{ name.attr }}`) need no Jinja parse at all. A template
with statements or comments (`{% %}`, `{# #}`), where scoping spans expressions, or with a
syntax error (whose message Jinja words for the whole string) is parsed whole. Tests check
that both ways give the same analysis.
"""

from __future__ import annotations

import re

from wflint.jinja.results import (
    Argument,
    CallUse,
    FilterUse,
    NestedTemplate,
    Reference,
    TaskIdRef,
    TemplateAnalysis,
    TestUse,
    XComPull,
)

# Names Jinja reads as constants or operators, never as context lookups.
_RESERVED = frozenset({"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if", "else"})
_SIMPLE = re.compile(r"\{\{-?(\s*)([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*-?\}\}\Z")
_OPENING = {"(": ")", "[": "]", "{": "}"}
# `{{ ti.xcom_pull(task_ids='extract') }}`, optionally with `key='...'`: the commonest call.
_XCOM_PULL = re.compile(
    r"\{\{-?\s*(?P<receiver>ti|task_instance)\.(?P<method>xcom_pull)\(\s*task_ids\s*=\s*"
    r"(?P<quoted>(?P<quote>['\"])(?P<task>[^'\"\\{}]*)(?P=quote))"
    r"(?:\s*,\s*key\s*=\s*(?P<key>(?P<key_quote>['\"])(?P<key_value>[^'\"\\{}]*)(?P=key_quote)))?"
    r"\s*(?P<close>\))\s*-?\}\}\Z"
)


def expression_blocks(s: str) -> list[tuple[int, int]] | None:
    """Spans of the `{{ ... }}` expressions of `s`, or None when `s` has statements, comments or
    anything this simple scan might misread (an unclosed expression, an unbalanced bracket)."""
    if "{%" in s or "{#" in s:
        return None
    blocks: list[tuple[int, int]] = []
    position = s.find("{{")
    length = len(s)
    while position != -1:
        index = position + 2
        closing: list[str] = []
        quote = ""
        end = -1
        while index < length:
            char = s[index]
            if quote:
                if char == "\\":
                    index += 2
                    continue
                if char == quote:
                    quote = ""
            elif char in ("'", '"'):
                quote = char
            elif char in _OPENING:
                closing.append(_OPENING[char])
            elif char in ")]}":
                if closing:
                    if closing.pop() != char:
                        return None
                elif s.startswith("}}", index):
                    end = index + 2
                    break
                else:
                    return None
            index += 1
        if end == -1:
            return None  # unclosed: Jinja's own error message is wanted
        blocks.append((position, end))
        position = s.find("{{", end)
    return blocks


def simple_expression(block: str) -> TemplateAnalysis | None:
    """`{{ name }}`, `{{ name.attr.attr }}` and `{{ ti.xcom_pull(task_ids='x') }}` analysed
    without Jinja (None: not that simple)."""
    match = _SIMPLE.match(block)
    if match is None:
        return _xcom_pull(block)
    name = match.group(2)
    if name in _RESERVED:
        return None
    start = match.start(2)
    path: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = match.end(2)
    for attribute in match.group(3).split(".")[1:]:
        offset += 1
        path.append(attribute)
        spans.append((offset, offset + len(attribute)))
        offset += len(attribute)
    reference = Reference(name, start, start + len(name), tuple(path), tuple(spans), (False,) * len(path))
    return TemplateAnalysis(block, references=(reference,))


def _xcom_pull(block: str) -> TemplateAnalysis | None:
    match = _XCOM_PULL.match(block)
    if match is None:
        return None
    receiver = match.group("receiver")
    start = match.start("receiver")
    reference = Reference(receiver, start, match.end("receiver"), ("xcom_pull",),
                          ((match.start("method"), match.end("method")),), (False,))
    task = TaskIdRef(match.group("task"), match.start("quoted"), match.end("quoted"))
    pull = XComPull(receiver, start, match.end("close"), (task,))
    arguments = [Argument("str", match.group("task"), match.start("quoted"), match.end("quoted"), "task_ids")]
    if match.group("key") is not None:
        arguments.append(Argument("str", match.group("key_value"), match.start("key"), match.end("key"), "key"))
    call = CallUse(receiver, ("xcom_pull",), match.start("method"), match.end("method"), tuple(arguments))
    return TemplateAnalysis(block, references=(reference,), xcom_pulls=(pull,), calls=(call,))


def shifted(analysis: TemplateAnalysis, offset: int) -> TemplateAnalysis:
    """The analysis of an expression (without syntax error) moved to where it stands in the
    whole template. (Built directly: `dataclasses.replace` would cost more than the analysis.)"""
    return TemplateAnalysis(
        analysis.source,
        None,
        tuple(
            Reference(r.name, r.start + offset, r.end + offset, r.path,
                      tuple((a + offset, b + offset) for a, b in r.path_spans), r.path_is_item)
            for r in analysis.references
        ),
        tuple(FilterUse(f.name, f.start + offset, f.end + offset) for f in analysis.filters),
        tuple(TestUse(t.name, t.start + offset, t.end + offset) for t in analysis.tests),
        tuple(
            XComPull(x.receiver, x.start + offset, x.end + offset,
                     tuple(TaskIdRef(t.task_id, t.start + offset, t.end + offset) for t in x.task_ids), x.dynamic)
            for x in analysis.xcom_pulls
        ),
        analysis.local_names,
        analysis.guarded,
        tuple(
            CallUse(c.root, c.path, c.start + offset, c.end + offset,
                    tuple(Argument(a.kind, a.value, a.start + offset, a.end + offset, a.keyword, a.name) for a in c.args), c.star)
            for c in analysis.calls
        ),
        tuple(NestedTemplate(n.start + offset, n.end + offset) for n in analysis.nested),
    )


def combine(s: str, parts: list[tuple[TemplateAnalysis, int]]) -> TemplateAnalysis:
    """One analysis for the whole template from its expressions' (each with its offset; none
    with a syntax error: those templates are parsed whole, for Jinja's own message)."""
    moved = [shifted(analysis, offset) for analysis, offset in parts]
    return TemplateAnalysis(
        s,
        None,
        tuple(r for m in moved for r in m.references),
        tuple(f for m in moved for f in m.filters),
        tuple(t for m in moved for t in m.tests),
        tuple(x for m in moved for x in m.xcom_pulls),
        frozenset().union(*(m.local_names for m in moved)),
        frozenset().union(*(m.guarded for m in moved)),
        tuple(c for m in moved for c in m.calls),
        tuple(n for m in moved for n in m.nested),
    )
