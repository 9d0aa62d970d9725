"""Parsing a template with Airflow 3's Jinja settings while keeping every token's offset.

Jinja's tokens carry only line numbers.  ``_Tokens`` re-lexes with Jinja's own lexer and locates
each raw token in the string; ``PositionParser`` is Jinja's parser fed with those tokens, so a
syntax error points at the exact offending token and the nodes it builds carry source spans
(``_wf_span``, plus ``_wf_name_span`` on filters and tests and ``_wf_attr_span`` on getattrs).
"""

from __future__ import annotations

import re

import jinja2
import jinja2.nativetypes
import jinja2.sandbox
from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.lexer import TOKEN_RAW_BEGIN, TOKEN_RAW_END, TokenStream, ignored_tokens
from jinja2.parser import Parser

from wflint.jinja.results import AIRFLOW3_FILTERS, TemplateSyntaxProblem
_DROPPED_BY_WRAP = frozenset(ignored_tokens) | {TOKEN_RAW_BEGIN, TOKEN_RAW_END}


def _never_called(value, *args, **kwargs):  # filters exist only so the environment knows names
    raise RuntimeError("wflint never renders templates")


def _make_environment(native: bool) -> jinja2.Environment:
    options = {"undefined": jinja2.StrictUndefined, "extensions": ["jinja2.ext.do"], "cache_size": 0}
    cls = jinja2.nativetypes.NativeEnvironment if native else jinja2.sandbox.SandboxedEnvironment
    env = cls(**options)
    env.filters.update({name: _never_called for name in AIRFLOW3_FILTERS})
    return env


ENVIRONMENTS = {False: _make_environment(False), True: _make_environment(True)}

JINJA_FILTERS: frozenset[str] = frozenset(ENVIRONMENTS[False].filters) - AIRFLOW3_FILTERS
JINJA_TESTS: frozenset[str] = frozenset(ENVIRONMENTS[False].tests)
JINJA_GLOBALS: frozenset[str] = frozenset(ENVIRONMENTS[False].globals)


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


class PositionParser(Parser):
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


def parse_with_positions(s: str, native: bool = False) -> nodes.Template | TemplateSyntaxProblem:
    """The position-annotated tree of ``s``, or its syntax error located in ``s``."""
    env = ENVIRONMENTS[bool(native)]
    tokens = _Tokens(env, s)
    parser: PositionParser | None = None
    try:
        parser = PositionParser(env, tokens)
        return parser.parse()
    except TemplateSyntaxError as exc:
        if exc is tokens.lex_error or parser is None:
            start, end = tokens.lex_error_span() if tokens.lex_error is not None else _one_char(s, 0)
        else:
            start, end = parser.error_span(exc)
        return TemplateSyntaxProblem(exc.message or str(exc), start, end, exc.lineno or 1)
    except RecursionError:
        raise  # too deep to analyse, which is not a syntax error: the caller skips the template
    except Exception as exc:  # noqa: BLE001 - Jinja failing otherwise would fail at run time too
        return TemplateSyntaxProblem(f"{type(exc).__name__}: {exc}", *_one_char(s, 0), 1)
