"""Editor help inside arguments that become AWS requests: completion of request members (required
first, with botocore's documentation) and of enum values, and hover on a member, from the same
call map and shapes WF801 checks with (wflint.aws)."""

from __future__ import annotations

from lsprotocol import types

from wflint.aws.check import argument_checks
from wflint.aws.shapes import BOTOCORE, Shape
from wflint.yaml.tree import Scalar, Sequence

from . import knowledge
from .cursor import ITEM, CursorContext, section_of

PROVIDER = "apache-airflow-providers-amazon"


def _provider_version(config) -> str | None:
    view = knowledge.catalog(config)
    try:
        return view.judged_versions().get(PROVIDER) if hasattr(view, "judged_versions") else None
    except Exception:
        return None


def _checks(config, operator: str, argument: str):
    info = knowledge.operator_info(config, operator)
    if info is None or not info.canonical_path.startswith("airflow.providers.amazon."):
        return ()
    return argument_checks(info.canonical_path, _provider_version(config)).get(argument, ())


def _walk(shape: Shape | None, segments: list[str]) -> Shape | None:
    for segment in segments:
        if shape is None:
            return None
        if segment == ITEM:
            shape = shape.item if shape.kind == "list" else None
        elif shape.kind == "structure":
            member = shape.member(segment)
            shape = member.shape if member else None
        elif shape.kind == "map":
            shape = shape.value
        else:
            return None
    return shape


def _argument_at(context: CursorContext, kind: str, inner: list[str]):
    """(operator, argument, segments below the argument) when `inner` (a key path) lies inside a
    task argument, else None."""
    path = inner
    for level in range(2, len(path)):
        if section_of(path[:level], kind) != "task":
            continue
        # the task's own keys: the innermost enclosing mapping naming an operator class
        operator = next((keys["operator"].strip("'\"") for keys in [context.siblings, *context.enclosing]
                         if "." in keys.get("operator", "")), "")
        start = level + 1 if len(path) > level and path[level] == "partial" else level
        if len(path) <= start or not operator:
            return None
        return operator, path[start], path[start + 1:]
    return None


def _shapes(context: CursorContext, kind: str, config, inner: list[str]):
    found = _argument_at(context, kind, inner)
    if found is None:
        return []
    operator, argument, segments = found
    shapes = []
    for check in _checks(config, operator, argument):
        shape = _walk(check.shape, segments)
        if shape is not None:
            shapes.append((check, shape))
    return shapes


def _type_name(shape: Shape) -> str:
    if shape.kind == "list":
        return f"list of {_type_name(shape.item)}"
    if shape.kind == "map":
        return f"map of {_type_name(shape.value)}"
    return {"structure": "mapping", "long": "integer", "double": "number", "float": "number", "blob": "string (bytes)"}.get(
        shape.kind, shape.kind)


def _facts(shape: Shape, required: bool) -> str:
    facts = [f"`{_type_name(shape)}`"]
    if required:
        facts.append("required")
    if shape.minimum is not None or shape.maximum is not None:
        unit = "" if shape.kind in ("integer", "long", "float", "double") else " length"
        low = shape.minimum if shape.minimum is not None else ""
        high = shape.maximum if shape.maximum is not None else ""
        facts.append(f"{unit.strip() or 'range'} {low}..{high}")
    if shape.enum:
        facts.append("one of " + ", ".join(f"`{value}`" for value in shape.enum[:15]) + (" …" if len(shape.enum) > 15 else ""))
    if shape.json:
        facts.append("sent as JSON")
    return " · ".join(facts)


def member_items(context: CursorContext, kind: str, config) -> list[types.CompletionItem]:
    """Keys: the members of the request structure the cursor is in; a new list item (`- |`)
    of a list of structures starts with one of the item's members."""
    items: dict[str, types.CompletionItem] = {}
    if context.mode == "item":
        inner, present, indent = [*context.path, ITEM], set(), context.indent + 2
    else:
        inner, present, indent = context.path, set(context.siblings), context.indent
    for check, shape in _shapes(context, kind, config, inner):
        if shape.kind != "structure":
            continue
        for name, member in shape.members().items():
            if name in present or name in items:
                continue
            if not check.path and name in check.supplied:
                continue  # the operator fills it from another argument or itself
            text = f"**{name}** ({_facts(member.shape, member.required)})"
            if member.doc:
                text += f"\n\n{member.doc}"
            text += f"\n\nAWS {check.service} `{check.operation}` request (botocore {BOTOCORE})"
            nested = member.shape.kind in ("structure", "map", "list")
            items[name] = types.CompletionItem(
                label=name, kind=types.CompletionItemKind.Field,
                detail=f"{_type_name(member.shape)}{' (required)' if member.required else ''}",
                documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                sort_text=f"{0 if member.required else 1}{name}",
                insert_text=f"{name}:" + ("\n" + " " * (indent + 2) if nested and member.shape.kind != "list" else " "),
            )
    return list(items.values())


def value_items(context: CursorContext, kind: str, config) -> list[types.CompletionItem]:
    """Values: the enum values (or true/false) of the member being typed."""
    if context.key is None:
        return []
    items: dict[str, types.CompletionItem] = {}
    for check, shape in _shapes(context, kind, config, [*context.path, context.key]):
        values = shape.enum or (("true", "false") if shape.kind == "boolean" else ())
        for value in values:
            items.setdefault(value, types.CompletionItem(
                label=value, kind=types.CompletionItemKind.EnumMember,
                detail=f"{check.operation}.{context.key}"))
    return list(items.values())


def hover_text(task, chain, argument_depth: int, config) -> tuple[str, Scalar] | None:
    """Hover on a key inside an argument that becomes (part of) an AWS request."""
    if task is None or len(chain) <= argument_depth or task.operator is None or type(task.operator.value) is not Scalar:
        return None
    argument_key = chain[argument_depth - 1][0] if argument_depth and len(chain) >= argument_depth else None
    pairs = chain[argument_depth:]
    key, _, on_key = chain[-1]
    if not on_key or type(key) is not Scalar or type(argument_key) is not Scalar:
        return None
    # Each pair below the argument names a member; a sequence value in between adds a list item.
    segments: list[str] = []
    previous = chain[argument_depth - 1][1]
    for pair_key, pair_value, _ in pairs:
        if type(previous) is Sequence:
            segments.append(ITEM)
        segments.append(str(pair_key.value) if type(pair_key) is Scalar else "")
        previous = pair_value
    name = argument_key.value
    if name == "partial" and segments:
        name, segments = segments[0], segments[1:]
    for check in _checks(config, str(task.operator.value.value), name):
        parent = _walk(check.shape, segments[:-1])
        if parent is None or parent.kind != "structure":
            continue
        member = parent.member(segments[-1])
        if member is None:
            continue
        lines = [f"**{member.name}** ({_facts(member.shape, member.required)})"]
        if member.doc:
            lines.append(member.doc)
        lines.append(f"AWS {check.service} `{check.operation}` request (botocore {BOTOCORE})")
        return "\n\n".join(lines), key
    return None


def argument_note(operator: str, argument: str, config) -> str | None:
    """For an argument's own hover: which AWS request member it becomes."""
    checks = _checks(config, operator, argument)
    if not checks:
        return None
    places = sorted({f"`{check.operation}.{check.path}`" if check.path else f"the whole `{check.operation}` request"
                     for check in checks})
    return "Sent to AWS as " + ", ".join(places[:4]) + (" …" if len(places) > 4 else "") + \
        f"; checked against botocore {BOTOCORE}'s shapes (WF801)."
