"""Completion from the text around the cursor plus the last model that parsed.

`cursor.cursor_context` says where the cursor is (a key, a value of a key, a list item, inside
`{{ }}`); this module turns that into items: schema keys with their descriptions, the operator's
arguments from the catalog, operator import paths, enum values from Airflow's facts, names of the
DAG's tasks and groups, schedule presets, and template variables.
"""

from __future__ import annotations

import re

from lsprotocol import types


from . import aws_requests, knowledge
from .convert import to_range
from .cursor import ITEM, CursorContext, cursor_context, dag_name, section_of, text_names, unquote
from .workspace import Document

BOOLEAN_VALUES = ("true", "false")
MAX_ITEMS = 100
# Inside `{{ }}`: the cursor is where `xcom_pull` expects a task id.
_XCOM_TASK_ARGUMENT = re.compile(r"""xcom_pull\(\s*(?:task_ids\s*=\s*)?\[?\s*(?:['"][\w.-]*['"]\s*,\s*)*['"]$""")
BASE_OPERATOR = "airflow.sdk.bases.operator.BaseOperator"
NOT_DEFAULT_ARGS = frozenset({"task_id", "dag", "default_args", "params"})
# Sort prefixes: what a new task or group starts with comes first ("/" sorts before the "0"-"2"
# of operator arguments), other schema keys after the arguments ("3").
FIRST_KEYS = {"task_id": "/", "group_name": "/", "operator": "/", "decorator": "0"}
OBJECT_TYPES = frozenset({"object", "array"})
EXCLUSIVE_KEYS = {"decorator": "operator", "operator": "decorator"}
# Keys whose values are operator / group / task names.
GROUP_REFERENCE_KEYS = frozenset({"task_group_name", "parent_group_name"})
# Keys the schema still describes (to explain them) but that must not be suggested: DAG Factory
# rejects `schedule_interval` on Airflow 3 (WF024).
NEVER_SUGGESTED = frozenset({"schedule_interval"})


def complete(document: Document, offset: int, *, snippets: bool, config) -> types.CompletionList:
    source = document.source
    context = cursor_context(source, offset)
    kind = _document_kind(document)
    items: list[types.CompletionItem] = []
    if context.mode == "template":
        items = _template_items(document, context, kind)
    elif context.mode == "key":
        items = _key_items(context, kind, snippets, config)
    elif context.mode in ("value", "item"):
        items = _value_items(document, context, kind, config)
    incomplete = False
    if len(items) > MAX_ITEMS:
        # Long lists (a DAG's 1,000 tasks) cost more to send than to compute: send the best
        # matches of what is typed and let the client ask again as the user types.
        items, incomplete = _best(items, context.word), True
    replace = to_range(source, context.word_start, offset)
    for item in items:
        text = item.insert_text if item.insert_text is not None else item.label
        item.text_edit = types.TextEdit(range=replace, new_text=text)
        item.insert_text = None
    return types.CompletionList(is_incomplete=incomplete, items=items)


def _best(items: list[types.CompletionItem], word: str) -> list[types.CompletionItem]:
    typed = word.lower()

    def rank(item: types.CompletionItem):
        text = (item.filter_text or item.label).lower()
        return (not text.startswith(typed), typed not in text, item.sort_text or item.label)

    matching = [item for item in items if not typed or typed in (item.filter_text or item.label).lower()]
    return sorted(matching, key=rank)[:MAX_ITEMS]


def _document_kind(document: Document) -> str:
    if document.is_defaults:
        return "defaults"
    return "workflow"


# -- keys ---------------------------------------------------------------------------------------


def _key_items(context: CursorContext, kind: str, snippets: bool, config) -> list[types.CompletionItem]:
    section = section_of(context.path, kind)
    if section is None:
        # inside an argument's value: the members of the AWS request it becomes, if it does
        return aws_requests.member_items(context, kind, config)
    present = set(context.siblings)
    items: list[types.CompletionItem] = []
    seen: set[str] = set()
    if section in ("task", "task_arguments"):
        info = knowledge.operator_info(config, context.siblings.get("operator", "").strip("'\""))
        if info is not None:
            for name, argument in info.arguments.items():
                if name in present or name == "task_id" or name in ("dag", "default_args") or argument.deprecated:
                    continue
                seen.add(name)
                items.append(_argument_item(info, argument, snippets))
    if section == "default_args":
        # default_args reach every operator: offer BaseOperator's arguments.
        base = knowledge.operator_info(config, BASE_OPERATOR)
        if base is not None:
            for name, argument in base.arguments.items():
                if name in present or name in NOT_DEFAULT_ARGS or argument.deprecated:
                    continue
                seen.add(name)
                items.append(_argument_item(base, argument, snippets))
    schema_section = {"task_arguments": None}.get(section, section)
    if schema_section in ("dag", "task", "task_group", "default_args"):
        for name, prop in knowledge.schema_keys(schema_section).items():
            if name in present or name in seen or name in NEVER_SUGGESTED or prop.get("deprecated"):
                continue
            if EXCLUSIVE_KEYS.get(name) in present:
                continue  # a task has an operator or a decorator, never both (WF020)
            items.append(_schema_key_item(name, prop, context.indent, snippets))
    return items


def _argument_item(info, argument, snippets: bool) -> types.CompletionItem:
    lines = [f"**{argument.name}**" + (f": `{argument.annotation}`" if argument.annotation else "")]
    facts = []
    if argument.required:
        facts.append("required")
    default = argument.default_display
    if default is not None:
        facts.append(f"default `{default}`")
    if argument.name in info.template_fields:
        facts.append("templated (Jinja)")
    if argument.inherited_from:
        facts.append(f"from `{argument.inherited_from.rpartition('.')[2]}`")
    if facts:
        lines.append(" · ".join(facts))
    if argument.description:
        lines.append(argument.description)
    detail = argument.annotation or ""
    if argument.required:
        detail = f"{detail} (required)".strip()
    # Required arguments first, then the class's own, then inherited ones.
    rank = 0 if argument.required else 1 if not argument.inherited_from else 2
    return types.CompletionItem(
        label=argument.name,
        kind=types.CompletionItemKind.Field,
        detail=detail or None,
        label_details=types.CompletionItemLabelDetails(description=argument.annotation) if argument.annotation else None,
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n".join(lines)),
        sort_text=f"{rank}{argument.name}",
        insert_text=f"{argument.name}: $0" if snippets else f"{argument.name}: ",
        insert_text_format=types.InsertTextFormat.Snippet if snippets else types.InsertTextFormat.PlainText,
    )


def _schema_key_item(name: str, prop: dict, indent: int, snippets: bool) -> types.CompletionItem:
    types_allowed = knowledge.schema_types(prop)
    nested = bool(types_allowed) and types_allowed <= OBJECT_TYPES
    if nested:
        text = f"{name}:\n{' ' * (indent + 2)}" + ("$0" if snippets else "")
    else:
        text = f"{name}: $0" if snippets else f"{name}: "
    return types.CompletionItem(
        label=name,
        kind=types.CompletionItemKind.Property,
        detail=" | ".join(sorted(types_allowed)) or None,
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=prop.get("description", "")),
        sort_text=FIRST_KEYS.get(name, "3") + name,
        insert_text=text,
        insert_text_format=types.InsertTextFormat.Snippet if snippets else types.InsertTextFormat.PlainText,
    )


# -- values ---------------------------------------------------------------------------------------


def _value_items(document: Document, context: CursorContext, kind: str, config) -> list[types.CompletionItem]:
    key = context.key
    section = section_of(context.path, kind)
    dag = dag_name(context.path, kind)
    if key == "operator" and section in ("task", None):
        return _operator_items(context, config)
    if key == "dependencies" and (context.mode == "item" or context.in_flow or section in ("task", "task_group")):
        own = _own_name(context)
        return _name_items(document, dag, own, context.word, tasks=True)
    if key in GROUP_REFERENCE_KEYS:
        own = context.siblings.get("group_name") if key == "parent_group_name" else None
        return _name_items(document, dag, own, context.word, tasks=False)
    if key == "schedule":
        return _schedule_items()
    if context.mode == "item":
        return aws_requests.member_items(context, kind, config)
    request_values = aws_requests.value_items(context, kind, config)
    if request_values:
        return request_values
    facts = knowledge.airflow_facts(config)
    info = knowledge.operator_info(config, context.siblings.get("operator", "").strip("'\"")) if section == "task" else None
    if facts is not None:
        values = {"trigger_rule": facts.trigger_rules, "weight_rule": facts.weight_rules}.get(key)
        if key == "mode" and (info is None or info.kind == "sensor"):
            values = facts.sensor_modes
        if values:
            return [_enum_item(value, key) for value in values]
    argument = info.arguments.get(key) if info is not None else None
    schema_section = section if section in ("dag", "task", "task_group", "default_args") else None
    prop = knowledge.schema_property(schema_section, key) if schema_section else None
    if prop and prop.get("enum"):
        return [_enum_item(str(value), key) for value in prop["enum"]]
    is_boolean = (argument is not None and (argument.annotation or "").replace(" ", "") in ("bool", "bool|None")) or (
        prop is not None and knowledge.schema_types(prop) == {"boolean"}
    )
    if is_boolean:
        return [_enum_item(value, key) for value in BOOLEAN_VALUES]
    return []


def _own_name(context: CursorContext) -> str | None:
    """The id of the task (or group) whose dependencies are being typed: its `task_id` /
    `group_name`, or its key in the dict form."""
    mapping_path = context.path if context.mode == "value" else context.path[:-1]
    for keys in [context.siblings, *context.enclosing][: 1 if context.mode == "value" else 2]:
        for key in ("task_id", "group_name"):
            if keys.get(key):
                return unquote(keys[key])
    if len(mapping_path) >= 3 and mapping_path[-1] != ITEM:
        return mapping_path[-1]
    return None


def _enum_item(value: str, key: str) -> types.CompletionItem:
    doc = knowledge.enum_doc(key, value)
    return types.CompletionItem(
        label=value, kind=types.CompletionItemKind.EnumMember, detail=key,
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=f"`{key}: {value}`: {doc}") if doc else None,
    )


def _operator_items(context: CursorContext, config) -> list[types.CompletionItem]:
    typed = context.word.lower()
    by_path = "." in typed
    items = []
    for info in knowledge.all_operators(config):
        if info.deprecation is not None:
            continue
        if typed and typed not in (info.path.lower() if by_path else info.name.lower()) and not info.path.lower().startswith(typed):
            continue
        documentation = info.summary or ""
        if info.package:
            documentation += f"\n\n`{info.package}` {info.package_version or ''}".rstrip()
        items.append(
            types.CompletionItem(
                label=info.name,
                kind=types.CompletionItemKind.Class,
                detail=info.path,
                label_details=types.CompletionItemLabelDetails(description=info.module),
                documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=documentation.strip()),
                # Typing the class name finds it; typing a dotted prefix narrows by module.
                filter_text=info.path if by_path else info.name,
                sort_text=info.name,
                insert_text=info.path,
            )
        )
    return items


def _name_items(document: Document, dag: str | None, own: str | None, word: str, *, tasks: bool,
                groups: bool = True) -> list[types.CompletionItem]:
    names: dict[str, str] = {}  # name -> "task" | "task group", in file order
    model = document.good_model
    found = model.dag(dag) if model is not None and dag is not None else None
    if found is not None:
        if tasks:
            names.update((task.id, "task") for task in found.tasks if task.id)
        names.update((group.name, "task group") for group in found.groups if group.name)
    # Names typed since the last good parse.
    if tasks:
        for name in text_names(document.source, dag, "task_id"):
            names.setdefault(name, "task")
    for name in text_names(document.source, dag, "group_name"):
        names.setdefault(name, "task group")
    if not groups:
        names = {name: what for name, what in names.items() if what == "task"}
    names.pop(own or "", None)
    typed = word.lower()
    chosen = [(index, name, what) for index, (name, what) in enumerate(names.items()) if typed in name.lower()]
    # Build at most one item more than is sent, so that complete() marks the list incomplete.
    chosen.sort(key=lambda entry: (not entry[1].lower().startswith(typed), entry[2] != "task", entry[0]))
    return [
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Reference if what == "task" else types.CompletionItemKind.Module,
            detail=what,
            sort_text=f"{rank:05d}",
        )
        for rank, (_, name, what) in enumerate(chosen[: MAX_ITEMS + 1])
    ]


def _schedule_items() -> list[types.CompletionItem]:
    items = []
    for index, preset in enumerate(knowledge.SCHEDULE_PRESETS):
        explanation = knowledge.explain_schedule(preset) or knowledge.SCHEDULE_PRESETS[preset]
        items.append(types.CompletionItem(
            label=preset,
            kind=types.CompletionItemKind.Constant,
            detail=explanation,
            documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=f"`{preset}`: {explanation}."),
            sort_text=f"{index:02d}",
            filter_text=preset,
        ))
    return items


# -- templates ----------------------------------------------------------------------------------


def _template_items(document: Document, context: CursorContext, kind: str) -> list[types.CompletionItem]:
    expression = context.template.rstrip()[-200:]
    before_word = expression[: len(expression) - len(context.word)]
    facts = knowledge.airflow_facts(None)
    if before_word.endswith("macros."):
        members = facts.macros if facts is not None else {}
        return [
            types.CompletionItem(label=name, kind=_macro_kind(what), detail=f"macros.{name} ({what})")
            for name, what in sorted(members.items())
        ]
    if before_word.endswith("params."):
        return [
            types.CompletionItem(label=name, kind=types.CompletionItemKind.Variable, detail="param")
            for name in _params_of(document, dag_name(context.path, kind))
        ]
    if _XCOM_TASK_ARGUMENT.search(before_word):
        own = _own_name(context)
        return _name_items(document, dag_name(context.path, kind), own, context.word, tasks=True, groups=False)
    if before_word.endswith(".") or (before_word and (before_word[-1].isalnum() or before_word[-1] in "_'\"")):
        return []  # an attribute of something else, or inside a string literal
    names = sorted(facts.template_context) if facts is not None else sorted(knowledge.TEMPLATE_VARIABLES)
    return [
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Variable,
            detail="template variable",
            documentation=knowledge.TEMPLATE_VARIABLES.get(name),
        )
        for name in names
    ]


def _macro_kind(what: str) -> types.CompletionItemKind:
    return {
        "function": types.CompletionItemKind.Function,
        "module": types.CompletionItemKind.Module,
        "class": types.CompletionItemKind.Class,
    }.get(what, types.CompletionItemKind.Value)


def _params_of(document: Document, dag: str | None) -> list[str]:
    from wflint.yaml.tree import Mapping, Scalar, iter_pairs

    model = document.good_model
    found = model.dag(dag) if model is not None and dag is not None else None
    if found is None:
        return []
    entry = found.config.get("params")
    if entry is None or type(entry.value) is not Mapping:
        return []
    return [key.value for key, _ in iter_pairs(entry.value) if type(key) is Scalar]
