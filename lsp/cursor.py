"""Where the cursor is, read from the text alone, so completion works in half-typed YAML.

While the user types, the document is often not valid YAML and the last model is stale. The
structure around the cursor is recovered from indentation, the way a reader does: walk up from
the cursor line; a line indented less is a parent (`key:`), a `- ` item starting at a smaller
column is a sequence item, lines at the same column are siblings. The result names the mapping
the cursor is in by its key path (`["etl", "tasks", "-"]`: an item of etl's task list) and what is
being typed there: a key, a value of a key, a list item, or a name inside `{{ }}`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from wflint.yaml.source import SourceText

ITEM = "-"  # path element for "an item of the sequence above"
# Keys whose list items are mappings (so `- ` there starts a new mapping, not a value).
MAPPING_LISTS = frozenset({"tasks", "task_groups"})

_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<dashes>(?:-(?:[ \t]+|$))*)(?P<rest>.*)$")
# A block-mapping key at the start of the content: plain, or quoted.
_KEY = re.compile(r"""^(?P<key>"[^"]*"|'[^']*'|[^\s#:'"\[\]{},][^#:]*?|[^\s#:'"\[\]{},])[ \t]*:(?:[ \t]+|$)(?P<value>.*)$""")
_COMMENT = re.compile(r"(?:^|[ \t])#")


@dataclass(slots=True)
class Line:
    """One line's shape: where its content starts, its `- ` items, and its key if any."""

    indent: int
    dash_columns: tuple[int, ...]
    content_column: int
    key: str | None
    value: str  # the text after `key:` (comment removed), or the whole content

    @property
    def is_item(self) -> bool:
        return bool(self.dash_columns)


def parse_line(text: str) -> Line | None:
    """The shape of a line; None for blank and comment-only lines."""
    match = _LINE.match(text)
    indent = len(match.group("indent"))
    dashes = match.group("dashes")
    rest = match.group("rest")
    columns = tuple(indent + i for i, ch in enumerate(dashes) if ch == "-")
    content_column = indent + len(dashes)
    if not rest.strip() and not columns:
        return None
    if rest.startswith("#") and not columns:
        return None
    key, value = None, strip_comment(rest).strip()
    found = _KEY.match(rest)
    if found:
        key = unquote(found.group("key").strip())
        value = unquote(strip_comment(found.group("value")).strip())
    return Line(indent, columns, content_column, key, value)


def strip_comment(text: str) -> str:
    if "#" not in text:
        return text
    quote = None
    for index, ch in enumerate(text):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (index == 0 or text[index - 1] in " \t"):
            return text[:index]
    return text


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


@dataclass(slots=True)
class CursorContext:
    offset: int
    path: list[str]  # keys from the root to the mapping (or sequence) the cursor is in
    mode: str  # "key", "value", "item", "template", "none"
    key: str | None = None  # "value"/"item": the key whose value is being typed
    word: str = ""  # what is typed so far (replaced by a completion)
    word_start: int = 0
    indent: int = 0  # column where a key typed here starts
    siblings: dict[str, str] = field(default_factory=dict)  # keys of the same mapping -> inline value
    template: str = ""  # "template": the expression typed after `{{`
    enclosing: list[dict[str, str]] = field(default_factory=list)  # keys of outer levels, innermost first
    in_flow: bool = False  # the value is a flow sequence `[a, b` being typed


def _word_start(prefix: str, allowed) -> int:
    start = len(prefix)
    while start > 0 and allowed(prefix[start - 1]):
        start -= 1
    return start


def _key_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def _value_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-.@+/"


def cursor_context(source: SourceText, offset: int) -> CursorContext:
    offset = source.clamp(offset)
    line_number = source.line_of(offset)
    line_start = source.line_start(line_number)
    prefix = source.text[line_start:offset]

    template_at = prefix.rfind("{{")
    if template_at != -1 and "}}" not in prefix[template_at:]:
        expression = prefix[template_at + 2 :]
        start = _word_start(expression, lambda ch: ch.isalnum() or ch == "_")
        context = _structure(source, line_number, prefix, offset, line_start)
        context.mode = "template"
        context.template = expression
        context.word = expression[start:]
        context.word_start = offset - (len(expression) - start)
        return context
    if _COMMENT.search(strip_quotes(prefix)):
        return CursorContext(offset, [], "none", word_start=offset)
    return _structure(source, line_number, prefix, offset, line_start)


def strip_quotes(text: str) -> str:
    """The text with quoted parts blanked, so a `#` inside quotes is not a comment."""
    return re.sub(r"'[^']*'|\"[^\"]*\"", lambda m: " " * len(m.group()), text)


def _structure(source: SourceText, line_number: int, prefix: str, offset: int, line_start: int) -> CursorContext:
    match = _LINE.match(prefix)
    indent = len(match.group("indent"))
    dashes = match.group("dashes")
    rest = match.group("rest")
    dash_columns = [indent + i for i, ch in enumerate(dashes) if ch == "-"]
    column = indent + len(dashes)

    tail: list[str] = [ITEM] if dash_columns else []
    limit = dash_columns[0] if dash_columns else column
    path, levels = _ancestors(source, line_number, limit, after_item=bool(dash_columns), own_column=column)
    siblings = levels[0] if not dash_columns else {}
    if not dash_columns:
        for key, value in _siblings_below(source, line_number, column).items():
            siblings.setdefault(key, value)
    enclosing = levels[1:]
    path = path + tail

    key_match = _KEY.match(rest)
    if key_match:  # `key: value-being-typed`
        key = unquote(key_match.group("key"))
        value = key_match.group("value")
        in_flow = "[" in value and "]" not in value
        start = _word_start(prefix, _value_char)
        mapping_path = path
        siblings.pop(key, None)
        return CursorContext(offset, mapping_path, "value", key, prefix[start:], line_start + start, column,
                             siblings, in_flow=in_flow, enclosing=enclosing)
    if ":" in rest:
        return CursorContext(offset, path, "none", word_start=offset, indent=column, siblings=siblings, enclosing=enclosing)
    start = _word_start(prefix, _value_char if dash_columns else _key_char)
    word = prefix[start:]
    if start < len(prefix) - len(rest):  # something odd before the word (a quote, a bracket)
        return CursorContext(offset, path, "none", word_start=offset, indent=column, siblings=siblings, enclosing=enclosing)
    if dash_columns:
        owner = path[-2] if len(path) >= 2 else None
        if owner in MAPPING_LISTS and len(path) >= 3:
            return CursorContext(offset, path, "key", None, word, line_start + start, column, siblings, enclosing=enclosing)
        return CursorContext(offset, path[:-1], "item", owner, word, line_start + start, column, siblings, enclosing=enclosing)
    return CursorContext(offset, path, "key", None, word, line_start + start, column, siblings, enclosing=enclosing)


def _ancestors(source: SourceText, line_number: int, limit: int, *, after_item: bool, own_column: int):
    """Key path above `line_number` for content at column `limit`, and the keys seen at each
    level on the way: `levels[0]` for the cursor's own mapping, then one per enclosing level."""
    path: list[str] = []
    levels: list[dict[str, str]] = [{}]

    def enter(element: str, keys: dict[str, str] | None = None) -> None:
        path.insert(0, element)
        levels.append(keys if keys is not None else {})

    for number in range(line_number - 1, -1, -1):
        raw = source.line_text(number)
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)
        # Fast skips (most lines of a large file): deeper content, sibling `- ` items, comments.
        if indent > limit or not stripped or stripped[0] == "#":
            continue
        if indent == limit and stripped[0] == "-" and (len(stripped) == 1 or stripped[1] in " \t"):
            continue
        line = parse_line(raw)
        if line is None:
            continue
        if line.is_item and line.dash_columns[0] < limit and line.content_column == limit:
            # `- task_id: x` opening the current item: a key of this level, then the item.
            if line.key is not None:
                levels[-1].setdefault(line.key, line.value)
            enter(ITEM)
            limit, after_item = line.dash_columns[-1], True
            continue
        if line.content_column == limit and not line.is_item and after_item and line.key is not None:
            # `tasks:` with its `- ` items at the same column (compact sequence).
            enter(line.key, {line.key: line.value})
            after_item = False
            continue
        if line.content_column >= limit and not (line.is_item and line.dash_columns[0] < limit):
            if line.content_column == limit and line.key is not None and not after_item:
                levels[-1].setdefault(line.key, line.value)
            continue
        if line.content_column < limit:
            if line.key is None:
                continue  # a scalar item or continuation text: no structure to learn
            enter(line.key, {line.key: line.value})
            limit, after_item = line.content_column, False
            if line.is_item:
                enter(ITEM)
                limit, after_item = line.dash_columns[-1], True
        else:  # an item whose dash is left of the limit but whose content is right of it
            enter(ITEM)
            limit, after_item = line.dash_columns[-1], True
        if limit == 0 and not after_item:
            break
    return path, levels


def _siblings_below(source: SourceText, line_number: int, column: int) -> dict[str, str]:
    found: dict[str, str] = {}
    for number in range(line_number + 1, source.line_count):
        line = parse_line(source.line_text(number))
        if line is None:
            continue
        if line.content_column < column or (line.is_item and line.dash_columns[0] < column):
            break
        if line.content_column == column and line.key is not None:
            found.setdefault(line.key, line.value)
    return found


def section_of(path: list[str], kind: str) -> str | None:
    """Which kind of mapping a key path names: "dag", "default_args", "task", "task_group",
    "root", or None. In a defaults.yml the root itself is DAG configuration."""
    parts = ["<defaults>", *path] if kind == "defaults" else list(path)
    if not parts:
        return "root"
    rest = parts[1:]
    if not rest:
        return "dag"
    if rest == ["default_args"]:
        return "default_args"
    if len(rest) == 2 and rest[0] == "tasks":
        return "task"
    if len(rest) == 2 and rest[0] == "task_groups":
        return "task_group"
    if len(rest) == 3 and rest[0] == "task_groups" and rest[2] == "default_args":
        return "default_args"
    if len(rest) == 3 and rest[0] == "tasks" and rest[2] == "partial":
        return "task_arguments"
    return None


def dag_name(path: list[str], kind: str) -> str | None:
    if kind == "defaults" or not path:
        return None
    return path[0]


_ITEM_PREFIX = re.compile(r"[ \t]*(?:-[ \t]+)*")


_TOP_LEVEL_LINE = re.compile(r"^[^ \t#\-\r\n]", re.M)


@functools.lru_cache(maxsize=16)  # str caches its hash: a repeated lookup costs nothing
def dag_block(text: str, dag: str) -> tuple[int, int] | None:
    """[start, end) of a top-level key's block: from its line to the next top-level key."""
    start = None
    for match in _TOP_LEVEL_LINE.finditer(text):
        position = match.start()
        if start is not None:
            return start, position
        end_of_line = text.find("\n", position)
        line = text[position : len(text) if end_of_line == -1 else end_of_line]
        if unquote(line.split(":", 1)[0]) == dag:
            start = position
    return (start, len(text)) if start is not None else None


def text_names(source: SourceText, dag: str | None, key: str) -> list[str]:
    """Values of `key:` lines (e.g. task_id) inside one DAG's block of the text: names typed
    since the last good parse. Runs on every completion, so it searches with str.find."""
    text = source.text
    low, high = 0, len(text)
    if dag is not None:
        block = dag_block(text, dag)
        if block is None:
            return []
        low, high = block
    found = []
    position = text.find(key, low, high)
    while position != -1:
        line_start = text.rfind("\n", 0, position) + 1
        after = position + len(key)
        if _ITEM_PREFIX.fullmatch(text, line_start, position):
            rest_end = text.find("\n", after)
            rest = text[after : len(text) if rest_end == -1 else rest_end].rstrip("\r")
            stripped = rest.lstrip(" \t")
            if stripped.startswith(":"):
                value = unquote(strip_comment(stripped[1:]).strip())
                if value:
                    found.append(value)
        position = text.find(key, after, high)
    return found
