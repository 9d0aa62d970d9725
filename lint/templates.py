"""Static analysis of Jinja templates as Airflow 3 renders them; nothing is ever rendered.

Airflow 3's task SDK builds its template environment (``DAG.get_template_env`` /
``create_template_env`` in ``airflow.sdk.definitions``) as a ``jinja2.sandbox.SandboxedEnvironment``
subclass, or a ``jinja2.nativetypes.NativeEnvironment`` subclass when the DAG sets
``render_template_as_native_obj``, with ``undefined=jinja2.StrictUndefined`` (the DAG's
``template_undefined`` default), ``extensions=["jinja2.ext.do"]``, ``cache_size=0`` and the filters
``ds``, ``ds_nodash``, ``ts``, ``ts_nodash``, ``ts_nodash_with_tz`` added; ``user_defined_macros``
go into its globals and ``user_defined_filters`` into its filters.  StrictUndefined is why an unknown
name is a run-time failure rather than an empty string.

:func:`analyze_template` parses a string with an equivalent environment and reports, with exact
offsets into the string, the syntax error (in Jinja's words) or every context reference, filter,
test and ``ti.xcom_pull`` call.  :func:`check_references` judges those against a
:class:`TemplateContext`.  Offsets come from re-lexing with Jinja's own lexer and tying each parser
token to its position (see :class:`_PositionParser`).
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

import jinja2
import jinja2.nativetypes
import jinja2.sandbox
from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.lexer import TOKEN_RAW_BEGIN, TOKEN_RAW_END, TokenStream, ignored_tokens
from jinja2.parser import Parser

__all__ = [
    "AIRFLOW3_FILTERS",
    "AIRFLOW3_REMOVED_CONTEXT",
    "CatalogUnavailable",
    "FilterUse",
    "Reference",
    "TaskIdRef",
    "TemplateAnalysis",
    "TemplateContext",
    "TemplateProblem",
    "TemplateSyntaxProblem",
    "TestUse",
    "XComPull",
    "analyze_template",
    "check_references",
    "default_airflow3_context",
    "is_template",
    "make_context",
    "restrict_to_profile",
]

# Filters Airflow 3 adds to every template environment (task SDK, templater.FILTERS).
AIRFLOW3_FILTERS: frozenset[str] = frozenset({"ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz"})

# Context keys Airflow 3 removed, with what to write instead.  Airflow 2's Context listed the
# deprecated keys and their replacements; Airflow 3 removed them (newsfragment "Removed
# execution_date, next_ds, ... from Airflow context"), removed ``conf`` from the template context,
# and renamed dataset events to asset events.  Keys without an exact equivalent say so.
AIRFLOW3_REMOVED_CONTEXT: Mapping[str, str] = {
    "execution_date": "{{ logical_date }} (or {{ data_interval_start }})",
    "next_execution_date": "{{ data_interval_end }}",
    "next_ds": "{{ data_interval_end | ds }}",
    "next_ds_nodash": "{{ data_interval_end | ds_nodash }}",
    "prev_execution_date": "no direct equivalent; {{ prev_data_interval_start_success }} is the previous successful run",
    "prev_ds": "no direct equivalent; {{ prev_data_interval_start_success | ds }} is the previous successful run",
    "prev_ds_nodash": "no direct equivalent; {{ prev_data_interval_start_success | ds_nodash }} is the previous successful run",
    "prev_execution_date_success": "{{ prev_data_interval_start_success }}",
    "tomorrow_ds": "{{ macros.ds_add(ds, 1) }}",
    "tomorrow_ds_nodash": "{{ macros.ds_format(macros.ds_add(ds, 1), '%Y-%m-%d', '%Y%m%d') }}",
    "yesterday_ds": "{{ macros.ds_add(ds, -1) }}",
    "yesterday_ds_nodash": "{{ macros.ds_format(macros.ds_add(ds, -1), '%Y-%m-%d', '%Y%m%d') }}",
    "conf": "no replacement in templates: Airflow 3 removed the configuration object from the template context",
    "triggering_dataset_events": "{{ triggering_asset_events }}",
}

# Names Jinja itself binds inside constructs, valid only there.
_LOOP_NAMES = frozenset({"loop"})
_MACRO_NAMES = frozenset({"varargs", "kwargs", "caller"})
# Attributes that are methods of the params dict, not declared params.
_DICT_METHODS = frozenset(name for name in dir(dict) if not name.startswith("_"))
# Operands of these filters / tests may be undefined without failing under StrictUndefined.
_GUARD_FILTERS = frozenset({"default", "d"})
_GUARD_TESTS = frozenset({"defined", "undefined"})
_XCOM_RECEIVERS = frozenset({"ti", "task_instance"})
_DROPPED_BY_WRAP = frozenset(ignored_tokens) | {TOKEN_RAW_BEGIN, TOKEN_RAW_END}


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class TemplateSyntaxProblem:
    """Jinja's syntax error message, located at the offending token (``start``..``end`` in the string)."""

    message: str
    start: int
    end: int
    lineno: int


@dataclass(frozen=True, slots=True)
class Reference:
    """A name the template reads from the context (not bound inside the template).

    ``path`` holds the constant attribute / item keys that follow the root (``var.value.x`` ->
    ``("value", "x")``; ``params['x']`` -> ``("x",)``), ``path_spans`` the span of each (the
    attribute name, or the string literal with its quotes), ``path_is_item`` whether each was
    written as ``[...]``.  ``start``/``end`` span the root name.
    """

    name: str
    start: int
    end: int
    path: tuple[str, ...] = ()
    path_spans: tuple[tuple[int, int], ...] = ()
    path_is_item: tuple[bool, ...] = ()

    @property
    def dotted(self) -> str:
        return ".".join((self.name,) + self.path)


@dataclass(frozen=True, slots=True)
class FilterUse:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TestUse:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TaskIdRef:
    """A constant task id passed to ``xcom_pull``; the span covers the string literal with quotes."""

    task_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class XComPull:
    """``ti.xcom_pull(...)`` / ``task_instance.xcom_pull(...)``; ``start``/``end`` span the call.

    ``dynamic`` is True when task ids were passed but are not constant strings (nothing to check).
    """

    receiver: str
    start: int
    end: int
    task_ids: tuple[TaskIdRef, ...]
    dynamic: bool = False


@dataclass(frozen=True, slots=True)
class TemplateAnalysis:
    source: str
    syntax_error: TemplateSyntaxProblem | None = None
    references: tuple[Reference, ...] = ()
    filters: tuple[FilterUse, ...] = ()
    tests: tuple[TestUse, ...] = ()
    xcom_pulls: tuple[XComPull, ...] = ()
    # Names the template binds itself (set, for, macro, with, import): never context lookups.
    local_names: frozenset[str] = frozenset()
    # Paths (root, key, ...) used under ``is defined`` / ``| default``: allowed to be missing.
    guarded: frozenset[tuple[str, ...]] = frozenset()

    @property
    def ok(self) -> bool:
        return self.syntax_error is None


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    kind: str  # undefined-name | removed-name | not-in-profile | unknown-macro | macro-not-in-profile
    #            | unknown-filter | unknown-test | undeclared-param | unknown-xcom-task | syntax-error
    message: str
    start: int
    end: int
    severity: str  # "error" | "warning"
    name: str | None = None
    replacement: str | None = None
    suggestion: str | None = None


# --------------------------------------------------------------------------------------------
# Environment


def _never_called(value, *args, **kwargs):  # filters exist only so the environment knows names
    raise RuntimeError("wflint never renders templates")


def _make_environment(native: bool) -> jinja2.Environment:
    options = {"undefined": jinja2.StrictUndefined, "extensions": ["jinja2.ext.do"], "cache_size": 0}
    cls = jinja2.nativetypes.NativeEnvironment if native else jinja2.sandbox.SandboxedEnvironment
    env = cls(**options)
    env.filters.update({name: _never_called for name in AIRFLOW3_FILTERS})
    return env


_ENVIRONMENTS = {False: _make_environment(False), True: _make_environment(True)}

JINJA_FILTERS: frozenset[str] = frozenset(_ENVIRONMENTS[False].filters) - AIRFLOW3_FILTERS
JINJA_TESTS: frozenset[str] = frozenset(_ENVIRONMENTS[False].tests)
JINJA_GLOBALS: frozenset[str] = frozenset(_ENVIRONMENTS[False].globals)


def is_template(s: str) -> bool:
    """Whether ``s`` contains Jinja markup at all (the cheap test before analysing)."""
    return "{" in s and ("{{" in s or "{%" in s or "{#" in s)


# --------------------------------------------------------------------------------------------
# Token positions


_NEWLINE_RE = re.compile(r"(\r\n|\r|\n)")
_UNEXPECTED_CHAR_RE = re.compile(r"^unexpected char .* at (\d+)$")


def _normalised_offsets(s: str) -> list[int] | None:
    """Offsets in ``s`` of each character of Jinja's newline-normalised copy (None if identical)."""
    if "\r" not in s:
        return None
    result: list[int] = []
    i = 0
    for part in _NEWLINE_RE.split(s):
        if part in ("\r\n", "\r", "\n"):
            result.append(i)
        else:
            result.extend(range(i, i + len(part)))
        i += len(part)
    result.append(len(s))
    return result


class _Tokens:
    """Jinja's raw tokens for ``s`` with their ``[start, end)`` offsets in ``s``."""

    def __init__(self, env: jinja2.Environment, s: str) -> None:
        self.source = s
        self.env = env
        self.raw: list[tuple[int, str, str]] = []
        self.spans: list[tuple[int, int]] = []
        self.lex_error: TemplateSyntaxError | None = None
        self._to_original = _normalised_offsets(s)
        normalised = _NEWLINE_RE.sub("\n", s) if self._to_original is not None else s
        pos = 0
        try:
            for token in env.lexer.tokeniter(s, None):
                value = token[2]
                if not value:
                    start = pos
                elif normalised.startswith(value, pos):
                    start = pos
                else:  # whitespace removed by "-" whitespace control sits before the token
                    found = normalised.find(value, pos)
                    start = found if found >= 0 else pos
                pos = start + len(value)
                self.raw.append(token)
                if self._to_original is None:
                    self.spans.append((start, pos))
                else:
                    self.spans.append((self.original(start), self.original(pos)))
        except TemplateSyntaxError as exc:
            self.lex_error = exc
        self.end_of_tokens = pos

    def original(self, normalised_offset: int) -> int:
        table = self._to_original
        if table is None:
            return min(normalised_offset, len(self.source))
        return table[min(normalised_offset, len(table) - 1)]

    def lex_error_span(self) -> tuple[int, int]:
        """Where the lexer stopped: its own offset if it gives one, else the next non-blank."""
        assert self.lex_error is not None
        match = _UNEXPECTED_CHAR_RE.match(self.lex_error.message or "")
        if match:
            start = self.original(int(match.group(1)))
        else:
            start = self.original(self.end_of_tokens)
            while start < len(self.source) and self.source[start].isspace():
                start += 1
        return _one_char(self.source, start)


def _one_char(s: str, start: int) -> tuple[int, int]:
    if start >= len(s):
        return (max(len(s) - 1, 0), len(s)) if s else (0, 0)
    return start, start + 1


class _PositionParser(Parser):
    """Jinja's parser fed with position-tracked tokens; records spans on the nodes it builds.

    Every parser token is produced by ``Lexer.wrap`` from exactly one raw token, so mapping the
    produced ``Token`` objects to raw-token spans gives exact offsets.  Hooks set ``_wf_span`` on
    expression nodes (only when not already set) and name spans on filters, tests and getattrs.
    """

    def __init__(self, env: jinja2.Environment, tokens: _Tokens) -> None:
        super().__init__(env, "")  # the empty source tokenises instantly; the stream is replaced
        self.tokens = tokens
        self.parsed: list = []  # wrapped tokens in order (kept alive so ids stay unique)
        self.span_of: dict[int, tuple[int, int]] = {}
        self.index_of: dict[int, int] = {}
        self.wrap_error: tuple[TemplateSyntaxError, tuple[int, int]] | None = None
        self.stream = TokenStream(self._wrapped(), None, None)

    def _wrapped(self):
        # ``Lexer.wrap`` drops whitespace, comment and raw-block markers and turns every other raw
        # token into exactly one Token, in order: pair them with the kept raw tokens' spans.
        kept = [span for raw, span in zip(self.tokens.raw, self.tokens.spans) if raw[1] not in _DROPPED_BY_WRAP]
        produced = self.environment.lexer.wrap(iter(self.tokens.raw))
        index = 0
        while True:
            try:
                token = next(produced)
            except StopIteration:
                break
            except TemplateSyntaxError as exc:  # bad identifier or string escape in this token
                self.wrap_error = (exc, kept[min(index, len(kept) - 1)] if kept else (0, 0))
                raise
            span = kept[index] if index < len(kept) else self.token_span(None)
            self.index_of[id(token)] = index
            self.span_of[id(token)] = span
            self.parsed.append(token)
            index += 1
            yield token
        if self.tokens.lex_error is not None:
            raise self.tokens.lex_error

    # -- positions ---------------------------------------------------------------------------

    def token_span(self, token) -> tuple[int, int]:
        span = self.span_of.get(id(token)) if token is not None else None
        if span is None:  # the stream's own end-of-template token
            end = len(self.tokens.source)
            return end, end
        return span

    def _current_index(self) -> int:
        return self.index_of.get(id(self.stream.current), len(self.parsed))

    def _begin(self) -> tuple[int, int]:
        """(token index, source offset) of the current token."""
        return self._current_index(), self.token_span(self.stream.current)[0]

    def _end_of_previous(self) -> int:
        index = self._current_index() - 1
        return self.token_span(self.parsed[index])[1] if index >= 0 else 0

    @staticmethod
    def _mark(node, start: int, end: int) -> None:
        if node is not None and getattr(node, "_wf_span", None) is None:
            node._wf_span = (start, end)

    # -- hooks -------------------------------------------------------------------------------

    def parse_primary(self, *args, **kwargs):
        _, start = self._begin()
        node = super().parse_primary(*args, **kwargs)
        self._mark(node, start, self._end_of_previous())
        return node

    def parse_assign_target(self, *args, **kwargs):
        _, start = self._begin()
        node = super().parse_assign_target(*args, **kwargs)
        self._mark(node, start, self._end_of_previous())  # NSRef targets read their namespace
        return node

    def parse_subscript(self, node):
        base_start = getattr(node, "_wf_span", (self._begin()[1], 0))[0]
        result = super().parse_subscript(node)
        end = self._end_of_previous()
        if isinstance(result, nodes.Getattr):  # ``.name``: the name is the last token read
            result._wf_attr_span = self.token_span(self.parsed[self._current_index() - 1])
        self._mark(result, base_start, end)
        return result

    def parse_call(self, node):
        base_start = getattr(node, "_wf_span", (self._begin()[1], 0))[0]
        result = super().parse_call(node)
        self._mark(result, base_start, self._end_of_previous())
        return result

    def parse_filter(self, node, start_inline=False):
        first, _ = self._begin()
        result = super().parse_filter(node, start_inline)
        last = self._current_index()
        chain = []
        current = result
        while isinstance(current, nodes.Filter) and current is not node:
            chain.append(current)
            current = current.node
        sites = self._name_sites(first, last, after="pipe", inline_first=start_inline)
        for filter_node, site in zip(reversed(chain), sites):
            filter_node._wf_name_span = site
        return result

    def parse_test(self, node):
        first, _ = self._begin()
        result = super().parse_test(node)
        test = result.node if isinstance(result, nodes.Not) else result
        sites = self._name_sites(first, self._current_index(), after="name:is")
        if sites and isinstance(test, nodes.Test):
            test._wf_name_span = sites[0]
        return result

    def _name_sites(self, first: int, last: int, after: str, inline_first: bool = False) -> list[tuple[int, int]]:
        """Spans of the (dotted) names following each top-level ``after`` token in ``[first, last)``."""
        sites = []
        depth = 0
        k = first
        expecting = inline_first
        while k < last:
            token = self.parsed[k]
            if token.type in ("lparen", "lbracket", "lbrace"):
                depth += 1
            elif token.type in ("rparen", "rbracket", "rbrace"):
                depth -= 1
            elif depth == 0 and token.test(after):
                expecting = True
                k += 1
                continue
            if expecting and depth == 0 and token.type == "name":
                if token.value == "not" and after == "name:is":
                    k += 1
                    continue
                start, end = self.token_span(token)
                while k + 2 < last and self.parsed[k + 1].type == "dot" and self.parsed[k + 2].type == "name":
                    k += 2
                    end = self.token_span(self.parsed[k])[1]
                sites.append((start, end))
                expecting = False
            k += 1
        return sites

    def error_span(self, exc: TemplateSyntaxError) -> tuple[int, int]:
        if self.wrap_error is not None and self.wrap_error[0] is exc:
            return self.wrap_error[1]
        current = self.stream.current
        if current.type == "eof":  # unclosed block, missing end tag...: the end of the template
            return _one_char(self.tokens.source, len(self.tokens.source))
        span = self.span_of.get(id(current))
        if span is not None and current.lineno == exc.lineno:
            return span if span[1] > span[0] else _one_char(self.tokens.source, span[0])
        # Errors reported for an earlier line (e.g. "can't assign to ..."): first token of that line.
        for token in self.parsed:
            if token.lineno == exc.lineno:
                return self.token_span(token)
        return _one_char(self.tokens.source, len(self.tokens.source))


# --------------------------------------------------------------------------------------------
# Reference collection


def _target_names(node) -> set[str]:
    return {n.name for n in node.find_all(nodes.Name)} | ({node.name} if isinstance(node, nodes.Name) else set())


def _bindings(body: Iterable) -> set[str]:
    """Names bound directly in a scope: through if/else and filter blocks, not into new scopes."""
    bound: set[str] = set()
    for stmt in body:
        if isinstance(stmt, (nodes.Assign, nodes.AssignBlock)):
            if not isinstance(stmt.target, nodes.NSRef):
                bound |= _target_names(stmt.target)
        elif isinstance(stmt, nodes.Macro):
            bound.add(stmt.name)
        elif isinstance(stmt, nodes.Import):
            bound.add(stmt.target)
        elif isinstance(stmt, nodes.FromImport):
            bound |= {name[1] if isinstance(name, tuple) else name for name in stmt.names}
        elif isinstance(stmt, nodes.If):
            bound |= _bindings(stmt.body) | _bindings(stmt.else_)
            for elif_ in stmt.elif_:
                bound |= _bindings(elif_.body) | _bindings(elif_.else_)
        elif isinstance(stmt, nodes.FilterBlock):
            bound |= _bindings(stmt.body)
    return bound


def _span(node) -> tuple[int, int]:
    return getattr(node, "_wf_span", None) or (0, 0)


class _Collector:
    def __init__(self) -> None:
        self.references: list[Reference] = []
        self.filters: list[FilterUse] = []
        self.tests: list[TestUse] = []
        self.xcom_pulls: list[XComPull] = []
        self.local_names: set[str] = set()
        self.guarded: set[tuple[str, ...]] = set()
        self.scopes: list[set[str]] = []

    # scopes

    def bound(self, name: str) -> bool:
        return any(name in scope for scope in self.scopes)

    def in_scope(self, names: set[str], body: Iterable, extra: Iterable = ()) -> None:
        scope = set(names) | _bindings(body)
        self.local_names |= scope - _LOOP_NAMES - _MACRO_NAMES
        self.scopes.append(scope)
        for node in extra:
            self.visit(node)
        for node in body:
            self.visit(node)
        self.scopes.pop()

    # traversal

    def visit(self, node) -> None:
        if node is None:
            return
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is not None:
            method(node)
        else:
            self.generic(node)

    def generic(self, node) -> None:
        for child in node.iter_child_nodes():
            self.visit(child)

    def visit_Template(self, node) -> None:
        self.in_scope(set(), node.body)

    def visit_For(self, node) -> None:
        self.visit(node.iter)
        self.in_scope(_target_names(node.target) | _LOOP_NAMES, node.body, extra=[node.test])
        for stmt in node.else_:
            self.visit(stmt)

    def visit_Macro(self, node) -> None:
        for default in node.defaults:
            self.visit(default)
        self.in_scope({arg.name for arg in node.args} | _MACRO_NAMES, node.body)

    def visit_CallBlock(self, node) -> None:
        self.visit(node.call)
        for default in node.defaults:
            self.visit(default)
        self.in_scope({arg.name for arg in node.args} | _MACRO_NAMES, node.body)

    def visit_With(self, node) -> None:
        for value in node.values:
            self.visit(value)
        names: set[str] = set()
        for target in node.targets:
            names |= _target_names(target)
        self.in_scope(names, node.body)

    def visit_Block(self, node) -> None:
        self.in_scope(set(), node.body)

    def visit_Scope(self, node) -> None:
        self.in_scope(set(), node.body)

    def visit_Assign(self, node) -> None:
        self.visit(node.node)
        if isinstance(node.target, nodes.NSRef):
            self._name_load(node.target.name, _span(node.target))

    def visit_AssignBlock(self, node) -> None:
        self.visit(node.filter)
        for stmt in node.body:
            self.visit(stmt)

    def visit_Name(self, node) -> None:
        if node.ctx == "load":
            self._name_load(node.name, _span(node))

    def _name_load(self, name: str, span: tuple[int, int]) -> None:
        if not self.bound(name):
            self.references.append(Reference(name, span[0], span[0] + len(name)))

    def visit_Getattr(self, node) -> None:
        self._chain(node)

    def visit_Getitem(self, node) -> None:
        self._chain(node)

    def _chain(self, outer) -> None:
        """Record ``root.a['b'].c`` as one reference; visit dynamic parts as expressions."""
        steps = []
        node = outer
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            steps.append(node)
            node = node.node
        steps.reverse()
        base = node
        if not (isinstance(base, nodes.Name) and base.ctx == "load"):
            self.visit(base)
            for step in steps:
                if isinstance(step, nodes.Getitem):
                    self.visit(step.arg)
            return
        path: list[str] = []
        spans: list[tuple[int, int]] = []
        items: list[bool] = []
        constant = True
        for step in steps:
            if constant and isinstance(step, nodes.Getattr):
                path.append(step.attr)
                spans.append(getattr(step, "_wf_attr_span", _span(step)))
                items.append(False)
            elif constant and isinstance(step.arg, nodes.Const) and isinstance(step.arg.value, (str, int)):
                path.append(str(step.arg.value))
                spans.append(_span(step.arg))
                items.append(True)
            else:
                constant = False
                if isinstance(step, nodes.Getitem):
                    self.visit(step.arg)
        if not self.bound(base.name):
            start = _span(base)[0]
            self.references.append(
                Reference(base.name, start, start + len(base.name), tuple(path), tuple(spans), tuple(items))
            )

    def visit_Filter(self, node) -> None:
        start, end = getattr(node, "_wf_name_span", (0, 0))
        self.filters.append(FilterUse(node.name, start, end))
        if node.name in _GUARD_FILTERS and node.node is not None:
            self._guard(node.node)
        self.generic(node)

    def visit_Test(self, node) -> None:
        start, end = getattr(node, "_wf_name_span", (0, 0))
        self.tests.append(TestUse(node.name, start, end))
        if node.name in _GUARD_TESTS:
            self._guard(node.node)
        self.generic(node)

    def _guard(self, node) -> None:
        path: list[str] = []
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            if isinstance(node, nodes.Getattr):
                path.append(node.attr)
            elif isinstance(node.arg, nodes.Const):
                path.append(str(node.arg.value))
            else:
                return
            node = node.node
        if isinstance(node, nodes.Name):
            self.guarded.add(tuple([node.name] + path[::-1]))

    def visit_Call(self, node) -> None:
        callee = node.node
        if (
            isinstance(callee, nodes.Getattr)
            and callee.attr == "xcom_pull"
            and isinstance(callee.node, nodes.Name)
            and callee.node.name in _XCOM_RECEIVERS
            and not self.bound(callee.node.name)
        ):
            self._xcom_pull(node, callee.node.name)
        self.generic(node)

    def _xcom_pull(self, call, receiver: str) -> None:
        argument = None
        if call.args:
            argument = call.args[0]
        for keyword in call.kwargs:
            if keyword.key == "task_ids":
                argument = keyword.value
        ids: list[TaskIdRef] = []
        dynamic = False
        if argument is not None:
            values = argument.items if isinstance(argument, (nodes.List, nodes.Tuple)) else [argument]
            for value in values:
                if isinstance(value, nodes.Const) and isinstance(value.value, str):
                    start, end = _span(value)
                    ids.append(TaskIdRef(value.value, start, end))
                elif not (isinstance(value, nodes.Const) and value.value is None):
                    dynamic = True
        start, end = _span(call)
        self.xcom_pulls.append(XComPull(receiver, start, end, tuple(ids), dynamic))


# --------------------------------------------------------------------------------------------
# Entry points


def analyze_template(s: str, native: bool = False) -> TemplateAnalysis:
    """Parse ``s`` as Airflow 3 would (``native``: render_template_as_native_obj) and collect
    its syntax error or its references, each with exact offsets in ``s``.  Memoised per string;
    strings without Jinja markup return at once."""
    if not is_template(s):
        return TemplateAnalysis(s)
    return _analyze_cached(s, bool(native))


@functools.lru_cache(maxsize=8192)
def _analyze_cached(s: str, native: bool) -> TemplateAnalysis:
    env = _ENVIRONMENTS[bool(native)]
    tokens = _Tokens(env, s)
    parser: _PositionParser | None = None
    try:
        parser = _PositionParser(env, tokens)
        tree = parser.parse()
    except TemplateSyntaxError as exc:
        if exc is tokens.lex_error or parser is None:
            start, end = tokens.lex_error_span() if tokens.lex_error is not None else _one_char(s, 0)
        else:
            start, end = parser.error_span(exc)
        return TemplateAnalysis(s, TemplateSyntaxProblem(exc.message or str(exc), start, end, exc.lineno or 1))
    except Exception as exc:  # noqa: BLE001 - Jinja failing otherwise would fail at run time too
        return TemplateAnalysis(s, TemplateSyntaxProblem(f"{type(exc).__name__}: {exc}", *_one_char(s, 0), 1))
    collector = _Collector()
    collector.visit(tree)
    in_order = functools.partial(sorted, key=lambda item: (item.start, item.end))
    return TemplateAnalysis(
        s,
        None,
        tuple(in_order(collector.references)),
        tuple(in_order(collector.filters)),
        tuple(in_order(collector.tests)),
        tuple(in_order(collector.xcom_pulls)),
        frozenset(collector.local_names),
        frozenset(collector.guarded),
    )


@dataclass(frozen=True)
class TemplateContext:
    """What a template may refer to.  Build it with :func:`make_context`.

    ``names``: the task context's variables (from the task SDK catalog).  ``removed``: names Airflow
    3 removed -> replacement text.  ``macros``: members of ``macros`` (None: not checked).
    ``filters`` / ``tests``: available ones (Jinja's plus Airflow's).  ``params``: declared params
    (None: unknown, not checked).  ``task_ids``: the DAG's task ids (None: not checked).
    ``profile``: a runtime profile's name and the names / macros it documents (None: no profile).
    """

    names: frozenset[str]
    removed: Mapping[str, str] = field(default_factory=lambda: dict(AIRFLOW3_REMOVED_CONTEXT))
    macros: frozenset[str] | None = None
    filters: frozenset[str] = JINJA_FILTERS | AIRFLOW3_FILTERS
    tests: frozenset[str] = JINJA_TESTS
    globals: frozenset[str] = JINJA_GLOBALS
    params: frozenset[str] | None = None
    user_defined_macros: frozenset[str] = frozenset()
    user_defined_filters: frozenset[str] = frozenset()
    task_ids: frozenset[str] | None = None
    profile: str | None = None
    profile_names: frozenset[str] | None = None
    profile_macros: frozenset[str] | None = None

    def for_dag(
        self,
        *,
        params: Iterable[str] | None = None,
        user_defined_macros: Iterable[str] = (),
        user_defined_filters: Iterable[str] = (),
        task_ids: Iterable[str] | None = None,
    ) -> "TemplateContext":
        """This context with one DAG's declarations."""
        return replace(
            self,
            params=None if params is None else frozenset(params),
            user_defined_macros=frozenset(user_defined_macros),
            user_defined_filters=frozenset(user_defined_filters),
            task_ids=None if task_ids is None else frozenset(task_ids),
        )


def make_context(
    names: Iterable[str],
    *,
    macros: Iterable[str] | None = None,
    removed: Mapping[str, str] | None = None,
    extra_filters: Iterable[str] = (),
) -> TemplateContext:
    """A context from catalog facts: context variable names, ``macros`` members, and any filters
    beyond Jinja's builtins and Airflow's five."""
    return TemplateContext(
        names=frozenset(names),
        removed=dict(AIRFLOW3_REMOVED_CONTEXT if removed is None else removed),
        macros=None if macros is None else frozenset(macros),
        filters=JINJA_FILTERS | AIRFLOW3_FILTERS | frozenset(extra_filters),
    )


def restrict_to_profile(
    context: TemplateContext, profile: str, names: Iterable[str], macros: Iterable[str] | None = None
) -> TemplateContext:
    """Flag (as warnings) names and macros the runtime ``profile`` does not document, e.g. the
    ``mwaa-serverless`` lists from the profile data file."""
    return replace(
        context,
        profile=profile,
        profile_names=frozenset(names),
        profile_macros=None if macros is None else frozenset(macros),
    )


class CatalogUnavailable(LookupError):
    """The Airflow task SDK catalog is not available, so no default context can be built."""


def default_airflow3_context() -> TemplateContext:
    """FALLBACK: the Airflow 3 context from the generated catalog (``wflint.catalog``).

    The catalog, built by introspecting the installed task SDK, is the source of truth for the
    context names, filters, ``macros`` members and which names Airflow 3 removed; this module only
    words the replacements (:data:`AIRFLOW3_REMOVED_CONTEXT`).  Raises :class:`CatalogUnavailable`
    when the catalog carries no Airflow facts; :func:`make_context` builds a context from any list.
    """
    try:
        from wflint.catalog.store import Catalog

        facts = Catalog.default().airflow_facts()
    except Exception as exc:  # missing module or data file: the caller decides what to do
        raise CatalogUnavailable(f"wflint.catalog provides no Airflow facts: {exc}") from exc
    names = frozenset(facts.template_context)
    removed: dict[str, str] = {}
    for name, replacements in facts.removed_template_names.items():
        worded = " or ".join(r if r.startswith("{{") else "{{ %s }}" % r for r in replacements)
        removed[name] = AIRFLOW3_REMOVED_CONTEXT.get(name) or worded or "no direct equivalent"
    for name, text in AIRFLOW3_REMOVED_CONTEXT.items():  # conf, dataset events: not in the catalog's list
        if name not in names:
            removed.setdefault(name, text)
    return make_context(names, macros=facts.macros, removed=removed, extra_filters=facts.template_filters)


def _did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _hint(suggestion: str | None) -> str:
    return f"; did you mean '{suggestion}'?" if suggestion else ""


def check_references(analysis: TemplateAnalysis, context: TemplateContext) -> list[TemplateProblem]:
    """Problems with what the template refers to (the syntax error, if any, is not repeated here)."""
    problems: list[TemplateProblem] = []
    if analysis.syntax_error is not None:
        return problems
    guarded = analysis.guarded
    known_roots = context.names | context.user_defined_macros | context.globals
    for ref in analysis.references:
        name = ref.name
        if name in context.user_defined_macros or name in context.globals:
            continue
        if name in context.names:
            if context.profile_names is not None and name not in context.profile_names and (name,) not in guarded:
                problems.append(
                    TemplateProblem(
                        "not-in-profile",
                        f"'{name}' is not among the template variables {context.profile} documents",
                        ref.start, ref.end, "warning", name=name,
                    )
                )
            problems.extend(_check_path(ref, context, guarded))
            continue
        if (name,) in guarded:
            continue
        if name in context.removed:
            replacement = context.removed[name]
            problems.append(
                TemplateProblem(
                    "removed-name",
                    f"'{name}' was removed from the template context in Airflow 3; "
                    + (replacement if replacement.startswith("no ") else f"use {replacement}"),
                    ref.start, ref.end, "error", name=name, replacement=replacement,
                )
            )
            continue
        suggestion = _did_you_mean(name, known_roots)
        problems.append(
            TemplateProblem(
                "undefined-name",
                f"'{name}' is undefined in the Airflow 3 template context{_hint(suggestion)}",
                ref.start, ref.end, "error", name=name, suggestion=suggestion,
            )
        )
    all_filters = context.filters | context.user_defined_filters
    for use in analysis.filters:
        if use.name not in all_filters:
            suggestion = _did_you_mean(use.name, all_filters)
            problems.append(
                TemplateProblem(
                    "unknown-filter", f"No filter named '{use.name}'{_hint(suggestion)}",
                    use.start, use.end, "error", name=use.name, suggestion=suggestion,
                )
            )
    for use in analysis.tests:
        if use.name not in context.tests:
            suggestion = _did_you_mean(use.name, context.tests)
            problems.append(
                TemplateProblem(
                    "unknown-test", f"No test named '{use.name}'{_hint(suggestion)}",
                    use.start, use.end, "error", name=use.name, suggestion=suggestion,
                )
            )
    if context.task_ids is not None:
        for pull in analysis.xcom_pulls:
            for ref in pull.task_ids:
                if ref.task_id not in context.task_ids:
                    suggestion = _did_you_mean(ref.task_id, context.task_ids)
                    problems.append(
                        TemplateProblem(
                            "unknown-xcom-task",
                            f"xcom_pull names task '{ref.task_id}', which is not a task of this DAG{_hint(suggestion)}",
                            ref.start, ref.end, "warning", name=ref.task_id, suggestion=suggestion,
                        )
                    )
    problems.sort(key=lambda problem: (problem.start, problem.end))
    return problems


def _check_path(ref: Reference, context: TemplateContext, guarded) -> list[TemplateProblem]:
    if not ref.path:
        return []
    key, (start, end) = ref.path[0], ref.path_spans[0]
    if (ref.name, key) in guarded:
        return []
    if ref.name == "macros" and not ref.path_is_item[0]:
        if context.macros is not None and key not in context.macros:
            suggestion = _did_you_mean(key, context.macros)
            return [
                TemplateProblem(
                    "unknown-macro", f"'macros.{key}' does not exist in Airflow 3{_hint(suggestion)}",
                    start, end, "error", name=key, suggestion=suggestion,
                )
            ]
        if context.profile_macros is not None and key not in context.profile_macros:
            return [
                TemplateProblem(
                    "macro-not-in-profile", f"'macros.{key}' is not among the macros {context.profile} documents",
                    start, end, "warning", name=key,
                )
            ]
    if ref.name == "params" and context.params is not None and key not in context.params:
        if not ref.path_is_item[0] and key in _DICT_METHODS:
            return []  # params.get(...), params.items(): dict methods
        suggestion = _did_you_mean(key, context.params)
        return [
            TemplateProblem(
                "undeclared-param", f"param '{key}' is not declared in the DAG's params{_hint(suggestion)}",
                start, end, "warning", name=key, suggestion=suggestion,
            )
        ]
    return []


analyze_template.cache_clear = _analyze_cached.cache_clear  # type: ignore[attr-defined]
analyze_template.cache_info = _analyze_cached.cache_info  # type: ignore[attr-defined]
