"""YAML to a positioned node tree, fast and safe on hostile input.

libyaml (ruamel.yaml's C extension) produces the events; this module composes them into
nodes iteratively, so that:

* every node keeps its code-point span in the source (libyaml's mark index),
* deep nesting never touches Python's recursion limit and is cut off early (libyaml itself
  slows down quadratically on deeply nested flow collections),
* an alias is the *same* node object as its anchor, never a copy, so an alias bomb costs
  nothing, and every walker in wflint visits a node at most once,
* tags are recorded but nothing is ever constructed (`!!python/object` stays text).

Scalars are typed lazily with PyYAML's YAML 1.1 rules, because DAG Factory loads files with
PyYAML: `yes` is a boolean there and `2024-01-01` a date.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from _ruamel_yaml import CParser
from ruamel.yaml import events as _ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

MAX_DEPTH = 500

STR_TAG = "tag:yaml.org,2002:str"
_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
_KNOWN_SAFE_TAGS = frozenset(
    _STANDARD_TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary", "set", "omap", "pairs", "merge")
)


class Node:
    __slots__ = ("start", "end", "tag", "anchor")

    def __init__(self, start: int, end: int, tag: str | None, anchor: str | None):
        self.start = start
        self.end = end
        self.tag = tag
        self.anchor = anchor


class Scalar(Node):
    __slots__ = ("value", "style", "_typed")

    def __init__(self, value: str, style: str | None, start: int, end: int, tag=None, anchor=None):
        super().__init__(start, end, tag, anchor)
        self.value = value
        self.style = style or None  # None for plain scalars
        self._typed = _UNSET

    @property
    def plain(self) -> bool:
        return self.style is None

    @property
    def typed(self):
        """The value as PyYAML's SafeLoader/FullLoader would construct it (YAML 1.1)."""
        if self._typed is _UNSET:
            self._typed = resolve_scalar(self.value, self.style, self.tag)
        return self._typed

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}@{self.start})"


class Mapping(Node):
    __slots__ = ("pairs", "flow", "has_merge", "merged")

    def __init__(self, start: int, tag=None, anchor=None, flow=False):
        super().__init__(start, start, tag, anchor)
        self.pairs: list[tuple[Node, Node]] = []
        self.flow = flow
        self.has_merge = False  # a `<<` key: set while parsing so iter_pairs can skip the scan
        self.merged: list[tuple[Node, Node]] | None = None  # pairs with merge keys applied, once computed

    def __repr__(self) -> str:
        return f"Mapping({len(self.pairs)} pairs@{self.start})"


class Sequence(Node):
    __slots__ = ("items", "flow")

    def __init__(self, start: int, tag=None, anchor=None, flow=False):
        super().__init__(start, start, tag, anchor)
        self.items: list[Node] = []
        self.flow = flow

    def __repr__(self) -> str:
        return f"Sequence({len(self.items)} items@{self.start})"


class _Unset:
    __slots__ = ()


_UNSET = _Unset()


@dataclass(slots=True)
class YamlProblem:
    """A problem found while reading YAML: a syntax error or an unsafe construct."""

    kind: str  # "syntax", "encoding", "depth", "tag", "multiple-documents", "alias"
    message: str
    start: int
    end: int
    # (start, end, message) of a second place the problem concerns (where libyaml gave up)
    related: tuple = ()
    context: int | None = None  # where the construct the parser was reading began (syntax errors)


@dataclass(slots=True)
class YamlDocument:
    root: Node | None
    problems: list[YamlProblem] = field(default_factory=list)
    aliases: int = 0
    mappings: list["Mapping"] = field(default_factory=list)  # every mapping, in document order
    # Scalars whose text starts with "+": the only candidates for `+task` output references.
    plus_scalars: list["Scalar"] = field(default_factory=list)

    @property
    def syntax_ok(self) -> bool:
        return not any(p.kind in ("syntax", "depth", "encoding") for p in self.problems)


def parse_yaml(text: str) -> YamlDocument:
    """Compose the first document of `text` (BOM already stripped) into nodes.

    Never raises for bad input: syntax errors become problems with the parser's position.
    This loop is the hot path of every lint: it avoids calls and attribute lookups it can.
    """
    get_event = CParser(text).get_event
    anchors: dict[str, Node] = {}
    stack: list[Node] = []
    pending_key: list = []  # per open mapping: a key waiting for its value (None if not)
    problems: list[YamlProblem] = []
    holder: list[Node] = []  # the document's root, once composed
    mappings: list[Mapping] = []
    plus_scalars: list[Scalar] = []
    documents = 0
    aliases = 0
    scalar_event, mapping_start, sequence_start = _ev.ScalarEvent, _ev.MappingStartEvent, _ev.SequenceStartEvent
    mapping_end, sequence_end, alias_event = _ev.MappingEndEvent, _ev.SequenceEndEvent, _ev.AliasEvent
    document_start, stream_end = _ev.DocumentStartEvent, _ev.StreamEndEvent
    new_scalar = Scalar.__new__
    parent = None  # stack[-1], kept in a local
    parent_is_mapping = False
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is scalar_event:
                node = new_scalar(Scalar)
                node.value = value = event.value
                if value[:1] == "+":
                    plus_scalars.append(node)
                node.style = event.style or None
                node.start = event.start_mark.index
                node.end = event.end_mark.index
                node.tag = tag = event.ctag
                node.anchor = anchor = event.anchor
                node._typed = _UNSET
                if anchor is not None:
                    anchors[anchor] = node
                if tag is not None:
                    _check_tag(node, problems)
            elif kind is mapping_start or kind is sequence_start:
                if len(stack) >= MAX_DEPTH:
                    index = event.start_mark.index
                    problems.append(YamlProblem("depth", f"nesting deeper than {MAX_DEPTH} levels; wflint stops reading here", index, index + 1))
                    break
                node = (Mapping if kind is mapping_start else Sequence)(event.start_mark.index, event.ctag, event.anchor, bool(event.flow_style))
                if kind is mapping_start and documents == 1:
                    mappings.append(node)
                if event.anchor is not None:
                    anchors[event.anchor] = node
                if node.tag is not None:
                    _check_tag(node, problems)
            elif kind is mapping_end or kind is sequence_end:
                node = stack.pop()
                pending_key.pop()
                if node.flow:
                    node.end = event.end_mark.index
                else:
                    # A block collection ends where its last value ends, not at the next
                    # token (which may be lines further down).
                    children = node.pairs if kind is mapping_end else node.items
                    last = (children[-1][1] if kind is mapping_end else children[-1]) if children else None
                    node.end = last.end if last is not None and last.end > node.start else event.end_mark.index
                parent = stack[-1] if stack else None
                parent_is_mapping = parent.__class__ is Mapping
                continue
            elif kind is alias_event:
                aliases += 1
                node = anchors.get(event.anchor)
                if node is None:
                    problems.append(YamlProblem("syntax", f"found undefined alias '{event.anchor}'", event.start_mark.index, event.end_mark.index))
                    node = Scalar("", None, event.start_mark.index, event.end_mark.index)
            elif kind is document_start:
                documents += 1
                anchors.clear()
                if documents == 2:
                    start = event.start_mark.index
                    problems.append(YamlProblem(
                        "multiple-documents",
                        "a workflow file holds a single YAML document; DAG Factory rejects a second one",
                        start, max(event.end_mark.index, start + 3),
                    ))
                continue
            elif kind is stream_end:
                break
            else:
                continue
            # Attach the node to its parent (only the first document is kept).
            if documents == 1:
                if parent is None:
                    if not holder:
                        holder.append(node)
                elif parent_is_mapping:
                    key = pending_key[-1]
                    if key is None:
                        pending_key[-1] = node
                        if node.__class__ is Scalar and node.value == "<<" and node.style is None:
                            parent.has_merge = True
                    else:
                        parent.pairs.append((key, node))
                        pending_key[-1] = None
                else:
                    parent.items.append(node)
            if kind is mapping_start or kind is sequence_start:
                stack.append(node)
                pending_key.append(None)
                parent = node
                parent_is_mapping = kind is mapping_start
    except MarkedYAMLError as error:
        problems.append(_problem_from_error(error, text))
        problems[-1].context = error.context_mark.index if error.context_mark is not None else None
    except YAMLError as error:  # ReaderError: a character YAML does not allow
        position = getattr(error, "position", 0) or 0
        character = getattr(error, "character", None)
        if isinstance(character, int):
            escape = f"\\x{character:02x}" if character <= 0xFF else f"\\u{character:04x}"
            message = (f"character U+{character:04X} cannot appear in YAML ({getattr(error, 'reason', 'not printable')}); "
                       f"inside double quotes write it as {escape}")
        else:
            message = _one_line(str(error))
        problems.append(YamlProblem("syntax", message, position, position + 1))
    # Close what an error left open so every span is well formed.
    end = len(text)
    for node in stack:
        if node.end <= node.start:
            node.end = end
    root = holder[0] if holder else None
    if "\t" in text and root is not None and not problems:
        problem = _pyyaml_tab_problem(root, text)
        if problem is not None:
            problems.append(problem)
    return YamlDocument(root, problems, aliases, mappings, plus_scalars)


def _pyyaml_tab_problem(root: Node, text: str) -> YamlProblem | None:
    """The first tab PyYAML's pure-Python scanner rejects, which libyaml accepts.

    DAG Factory 1.0.1 loads files with PyYAML's FullLoader (the Python scanner, not libyaml):
    it accepts a tab only inside a quoted scalar, in a block scalar's content and in a comment.
    Anywhere else (before a comment, after a value, after `key:`, inside a plain scalar, in a
    flow collection, on an otherwise empty line) it fails with "found character '\\t' that
    cannot start any token", so the file does not load; libyaml takes a tab there as a space."""
    import bisect

    spans: list[tuple[int, int, int]] = []  # (start, end, where a block scalar's content starts, or -1)
    for node in walk(root):
        if type(node) is Scalar and node.end > node.start:
            if node.style in ("|", ">"):
                breaks = [i for i in (text.find("\n", node.start, node.end), text.find("\r", node.start, node.end)) if i != -1]
                spans.append((node.start, node.end, min(breaks) if breaks else node.end))
            else:
                spans.append((node.start, node.end, node.start if node.style in ("'", '"') else -1))
    spans.sort()
    starts = [span[0] for span in spans]

    def scalar_at(offset: int) -> tuple[int, int, int] | None:
        i = bisect.bisect_right(starts, offset) - 1
        return spans[i] if i >= 0 and spans[i][0] <= offset < spans[i][1] else None

    def in_comment(offset: int) -> bool:
        line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
        hash_at = text.find("#", line_start, offset)
        while hash_at != -1:
            span = scalar_at(hash_at)
            # A comment starts at a `#` after a blank or at a line's start, outside any scalar's
            # text (a block scalar's header line may end with one).
            if (span is None or (span[2] >= 0 and hash_at < span[2] and text[span[0]] in "|>")) and \
                    (hash_at == line_start or text[hash_at - 1] in " \t"):
                return True
            hash_at = text.find("#", hash_at + 1, offset)
        return False

    tab = text.find("\t")
    while tab != -1:
        span = scalar_at(tab)
        quoted_or_content = span is not None and span[2] >= 0 and (tab > span[2] if text[span[0]] in "|>" else True)
        if not quoted_or_content and not in_comment(tab):
            return YamlProblem(
                "syntax",
                "found character '\\t' that cannot start any token: PyYAML (which DAG Factory loads files with) "
                "accepts a tab only inside quotes, in a block scalar or in a comment; use spaces",
                tab, tab + 1,
            )
        tab = text.find("\t", tab + 1)
    return None


def _problem_from_error(error: MarkedYAMLError, text: str) -> YamlProblem:
    context_mark = error.context_mark
    if (context_mark is not None and error.context == "while scanning a quoted scalar"
            and "end of stream" in (error.problem or "") and 0 <= context_mark.index < len(text)):
        # An unclosed quote: the mistake is the opening quote, not the end of the file.
        quote = context_mark.index
        eof = error.problem_mark.index if error.problem_mark is not None else len(text)
        line_end = text.find("\n", quote)
        line_end = len(text) if line_end == -1 else line_end
        if line_end > quote + 1 and text[line_end - 1] == "\r":
            line_end -= 1
        # From the quote to the end of its line: the text that was meant to be the value.
        return YamlProblem("syntax", f"this {text[quote]} quote is never closed: the quoted scalar runs to the end "
                           f"of the file; close it where the value ends", quote, max(quote + 1, line_end),
                           (eof, eof, "the file ends here, still inside the quotes"))
    mark = error.problem_mark or error.context_mark
    start = mark.index if mark is not None else 0
    start = max(0, min(start, len(text)))
    message = error.problem or "invalid YAML"
    if error.context:
        context_mark = error.context_mark
        where = ""
        if context_mark is not None and context_mark is not mark:
            where = f" (started at line {context_mark.line + 1}, column {context_mark.column + 1})"
        message = f"{message} {error.context}{where}"
    end = start + 1 if start < len(text) and text[start] not in "\r\n" else start
    if start < len(text) and text[start] == "\t" and "tab" not in message:
        message += "; a tab: YAML indents with spaces only"
    return YamlProblem("syntax", message, start, end)


def _check_tag(node: Node, problems: list[YamlProblem]) -> None:
    tag = node.tag
    if tag in _KNOWN_SAFE_TAGS:
        return
    shown = "!!" + tag[len(_STANDARD_TAG_PREFIX) :] if tag.startswith(_STANDARD_TAG_PREFIX) else tag
    problems.append(
        YamlProblem(
            "tag",
            f"tag {shown} constructs an arbitrary object; wflint never constructs it and "
            "DAG Factory's loader rejects or executes it",
            node.start,
            node.start + 1,
        )
    )


def _one_line(message: str) -> str:
    return " ".join(message.split())


# -- walking ------------------------------------------------------------------------------


MERGE_KEY = "<<"


def iter_pairs(mapping: Mapping):
    """Key/value pairs of a mapping with YAML merge keys (`<<: *x`) applied as PyYAML does:
    explicit keys win over merged ones, and earlier merge sources win over later ones.
    Duplicate explicit keys are all yielded (the last one is what PyYAML keeps)."""
    if not mapping.has_merge:
        return mapping.pairs
    if mapping.merged is None:
        _resolve_merges(mapping)
    return mapping.merged


def _is_merge_key(key: Node) -> bool:
    return type(key) is Scalar and key.value == MERGE_KEY and key.style is None


def _merge_sources(mapping: Mapping) -> list[Mapping]:
    sources = []
    for key, value in mapping.pairs:
        if _is_merge_key(key):
            for source in value.items if type(value) is Sequence else (value,):
                if type(source) is Mapping and source is not mapping:
                    sources.append(source)
    return sources


def _resolve_merges(root: Mapping) -> None:
    """Apply the merge keys of `root` and of every mapping it merges from, each mapping once and
    without recursion: aliases let merges nest (and repeat) without bound, and an alias bomb of
    merge keys must stay linear. A mapping that merges itself through a cycle gets the explicit
    pairs of the mappings on the cycle (PyYAML never finishes such a document)."""
    stack = [root]
    opened: set[int] = set()
    while stack:
        mapping = stack[-1]
        if mapping.merged is not None:
            stack.pop()
            continue
        sources = _merge_sources(mapping)
        waiting = [s for s in sources if s.has_merge and s.merged is None and id(s) not in opened]
        if waiting and id(mapping) not in opened:
            opened.add(id(mapping))
            stack.extend(reversed(waiting))
            continue
        stack.pop()
        merged: list[tuple[Node, Node]] = []
        for source in sources:
            pairs = source.merged if source.merged is not None else source.pairs
            merged.extend(pair for pair in pairs if not _is_merge_key(pair[0]))
        explicit = [(k, v) for k, v in mapping.pairs if not _is_merge_key(k)]
        if len(explicit) == len(mapping.pairs):  # `<<` only as a quoted or tagged key
            mapping.merged = mapping.pairs
            continue
        seen = {k.value for k, _ in explicit if type(k) is Scalar}
        result = []
        for key, value in merged:
            name = key.value if type(key) is Scalar else None
            if name in seen:
                continue
            seen.add(name)
            result.append((key, value))
        mapping.merged = result + explicit


def mapping_get(mapping: Mapping, key: str) -> tuple[Scalar, Node] | None:
    """The last pair whose key is `key` (PyYAML keeps the last duplicate)."""
    found = None
    for k, v in iter_pairs(mapping):
        if type(k) is Scalar and k.value == key:
            found = (k, v)
    return found


def walk(root: Node):
    """Every node below `root` once, depth first, without recursion (aliases visited once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        kind = type(node)
        if kind is Mapping:
            for key, value in reversed(node.pairs):
                stack.append(value)
                stack.append(key)
        elif kind is Sequence:
            stack.extend(reversed(node.items))


def to_python(node: Node, _memo: dict[int, object] | None = None):
    """Plain Python data (dicts, lists, typed scalars); shared nodes stay shared objects,
    so an alias bomb does not blow up. Iterative, no recursion limit."""
    memo: dict[int, object] = {} if _memo is None else _memo
    if id(node) in memo:
        return memo[id(node)]
    # Two passes: allocate containers first, then fill them, children before parents.
    order: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in memo:
            continue
        kind = type(current)
        if kind is Scalar:
            memo[id(current)] = current.typed
            continue
        memo[id(current)] = {} if kind is Mapping else []
        order.append(current)
        if kind is Mapping:
            for k, v in current.pairs:
                stack.append(k)
                stack.append(v)
        else:
            stack.extend(current.items)
    for current in order:
        target = memo[id(current)]
        if type(current) is Mapping:
            for k, v in iter_pairs(current):
                key = memo[id(k)]
                try:
                    target[key] = memo[id(v)]
                except TypeError:  # unhashable key (a mapping used as a key)
                    target[repr(key)] = memo[id(v)]
        else:
            target.extend(memo[id(item)] for item in current.items)
    return memo[id(node)]


# -- comments ---------------------------------------------------------------------------


def in_scalar_text(document: YamlDocument | None, text: str, offsets) -> set[int]:
    """The `offsets` that lie in the text of a scalar (a quoted string, a block scalar's
    content, a plain value) rather than in a comment or between nodes: a `#` there is part of a
    value, not a YAML comment. A block scalar's header line (`|  # note`) is not its text.

    The parsed tree answers when it covers the whole stream; otherwise (a syntax error, a second
    document, nesting cut off) libyaml's scanner is asked, and an offset beyond the tokens it
    delivered before an error (inside a string left open, after a character YAML does not
    allow) counts as scalar text: nothing there is known to be a comment."""
    offsets = sorted(set(offsets))
    if not offsets:
        return set()
    complete = document is not None and (getattr(document, "complete_tree", False) or not any(
        p.kind in ("syntax", "depth", "encoding", "multiple-documents") for p in document.problems
    ))
    if complete:
        root = document.root
        return {offset for offset in offsets if root is not None and _tree_scalar_at(root, offset, text)}
    spans, stop = _scanned_scalar_spans(text)
    found = set()
    for offset in offsets:
        if offset >= stop or any(_in_text(start, end, style, offset, text) for start, end, style in spans):
            found.add(offset)
    return found


def _tree_scalar_at(root: Node, offset: int, text: str) -> bool:
    """Whether a scalar of the tree holds `offset` in its text: a walk down the collections
    whose span holds it (an alias is its anchor's node, so any path to a scalar is as good)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen or not node.start <= offset < node.end:
            continue
        seen.add(id(node))
        kind = type(node)
        if kind is Scalar:
            if _in_text(node.start, node.end, node.style, offset, text):
                return True
        elif kind is Mapping:
            for key, value in node.pairs:
                stack.append(key)
                stack.append(value)
        elif kind is Sequence:
            stack.extend(node.items)
    return False


def _in_text(start: int, end: int, style: str | None, offset: int, text: str) -> bool:
    if not start <= offset < end:
        return False
    if style in ("|", ">"):
        # The header (`|-`, `>2` and a comment after it) ends at the first line break.
        breaks = [i for i in (text.find("\n", start, end), text.find("\r", start, end)) if i != -1]
        return bool(breaks) and offset > min(breaks)
    return True


def _scanned_scalar_spans(text: str) -> tuple[list[tuple[int, int, str | None]], int]:
    """(start, end, style) of every scalar token in the stream, and the offset up to which the
    tokens are known: the text's end, or, when the scanner fails, the end of the last token it
    delivered (tokens it still held back, a key it was unsure of, are lost with the error)."""
    from ruamel.yaml.tokens import ScalarToken

    get_token = CParser(text).get_token
    spans: list[tuple[int, int, str | None]] = []
    reached = 0
    try:
        while True:
            token = get_token()
            if token is None:
                return spans, len(text)
            reached = token.end_mark.index
            if token.__class__ is ScalarToken:
                spans.append((token.start_mark.index, reached, token.style or None))
    except YAMLError:  # a scanner error, or a character YAML does not allow
        return spans, reached


# -- YAML 1.1 scalar typing (PyYAML's resolver) ---------------------------------------------

_BOOL_TRUE = frozenset("yes Yes YES true True TRUE on On ON".split())
_BOOL_FALSE = frozenset("no No NO false False FALSE off Off OFF".split())
_NULLS = frozenset(["", "~", "null", "Null", "NULL"])
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATETIME = re.compile(
    r"""^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})
    (?:[Tt]|[ \t]+)(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9]{1,2})(?::(?P<tz_minute>[0-9]{2}))?))?$""",
    re.X,
)


class InvalidScalar(str):
    """A plain scalar that looks like a typed value but cannot be constructed
    (e.g. `2024-13-45`); PyYAML raises on it. Kept as text with this marker type."""


class NumberTooLarge(InvalidScalar):
    """An integer with more digits than CPython converts to or from decimal text (4,300, see
    `sys.get_int_max_str_digits`): PyYAML raises ValueError on a decimal one (DAG Factory cannot
    load the file) and Airflow fails when it formats one written in hex, octal, binary or base 60.
    Kept as text, so that no rule ever holds an int it cannot print."""


# CPython's default limit on decimal digits in int <-> str conversion (the process may change
# it, so it is not read at run time), and the bits such an int has.
INT_MAX_STR_DIGITS = 4300
_INT_MAX_BITS = int(INT_MAX_STR_DIGITS * 3.3219)  # log2(10)


def resolve_scalar(value: str, style: str | None, tag: str | None):
    if tag is not None:
        if tag == STR_TAG:
            return value
        if tag.endswith(":int"):
            return _construct_int(value) if _INT.match(value) else InvalidScalar(value)
        if tag.endswith(":float"):
            return _construct_float(value) if _FLOAT.match(value) or _INT.match(value) else InvalidScalar(value)
        if tag.endswith(":bool"):
            return value in _BOOL_TRUE if value in _BOOL_TRUE or value in _BOOL_FALSE else InvalidScalar(value)
        if tag.endswith(":null"):
            return None
        return value
    if style is not None:
        return value
    if value in _NULLS:
        return None
    first = value[0]
    if first in "yYnNtTfFoO":
        if value in _BOOL_TRUE:
            return True
        if value in _BOOL_FALSE:
            return False
        return value
    if first in "-+0123456789.":
        if _INT.match(value):
            return _construct_int(value)
        if _FLOAT.match(value):
            return _construct_float(value)
        if first.isdigit() and len(value) >= 10:
            if _DATE.match(value):
                try:
                    return _dt.date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
                except ValueError:
                    return InvalidScalar(value)
            match = _DATETIME.match(value)
            if match:
                return _construct_datetime(match, value)
    return value


def _construct_int(value: str):
    """PyYAML's int constructor, except that an int too large to write in decimal (which PyYAML
    refuses, or Airflow fails to format) is a :class:`NumberTooLarge` instead."""
    text = value.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    if text[0] in "+-":
        text = text[1:]
    if text == "0":
        return 0
    if text.startswith("0b"):
        result = int(text[2:], 2)
    elif text.startswith("0x"):
        result = int(text[2:], 16)
    elif text.startswith("0"):
        result = int(text, 8)
    elif ":" in text:
        parts = text.split(":")
        # Each part after the first adds < 6 bits: bound the work before multiplying.
        if len(parts[0]) > INT_MAX_STR_DIGITS or len(parts) * 6 > _INT_MAX_BITS:
            return NumberTooLarge(value)
        result = 0
        for part in parts:
            result = result * 60 + int(part)
    elif len(text) > INT_MAX_STR_DIGITS:
        return NumberTooLarge(value)
    else:
        return sign * int(text)
    if result.bit_length() > _INT_MAX_BITS:
        return NumberTooLarge(value)
    return sign * result


def _construct_float(value: str):
    text = value.replace("_", "").lower()
    sign = -1.0 if text.startswith("-") else 1.0
    if text[0] in "+-":
        text = text[1:]
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    if ":" in text:
        result = 0.0
        for part in text.split(":"):
            result = result * 60 + float(part)
        return sign * result
    return sign * float(text)


def _construct_datetime(match, value: str):
    try:
        groups = match.groupdict()
        fraction = 0
        if groups["fraction"]:
            digits = groups["fraction"][:6]
            fraction = int(digits.ljust(6, "0"))
        tzinfo = None
        if groups["tz"] == "Z":
            tzinfo = _dt.timezone.utc
        elif groups["tz_sign"]:
            delta = _dt.timedelta(hours=int(groups["tz_hour"]), minutes=int(groups["tz_minute"] or 0))
            tzinfo = _dt.timezone(-delta if groups["tz_sign"] == "-" else delta)
        return _dt.datetime(
            int(groups["year"]), int(groups["month"]), int(groups["day"]),
            int(groups["hour"]), int(groups["minute"]), int(groups["second"]), fraction, tzinfo,
        )
    except ValueError:
        return InvalidScalar(value)


def type_name(value) -> str:
    """How a YAML value's type is named in messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, _dt.datetime):
        return "datetime"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "string"
