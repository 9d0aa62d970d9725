"""Hover: operators, arguments, schedules, template variables, task/group names, and rule codes
in `# wflint: ignore[...]` comments."""

from __future__ import annotations

import re

from lsprotocol import types

from wflint.yaml.tree import Mapping, Node, Scalar, Sequence, iter_pairs

from . import aws_requests, iam, knowledge
from .convert import to_range
from .mentions import cached_mentions, dag_at, mention_at
from .workspace import Document

_SUPPRESSION = re.compile(r"#\s*wflint:\s*ignore(?:-file)?\[(?P<codes>[^\]]*)\]")
_CODE = re.compile(r"[A-Za-z]+\d+")
_TEMPLATE_NAME = re.compile(r"[A-Za-z_][\w.]*")


def hover(document: Document, offset: int, config) -> types.Hover | None:
    rule = _rule_hover(document, offset)
    if rule is not None:
        return rule
    if document.result is None or document.model is None or document.model.root is None:
        return None
    source = document.result.source
    chain = pair_chain(document.model.root, offset)
    if not chain:
        return None
    key, value, on_key = chain[-1]
    dag = dag_at(document.model, offset)
    if dag is not None:
        mention = mention_at(cached_mentions(document, dag), offset)
        if mention is not None:
            return _markdown(_name_text(dag, mention), source, mention.start, mention.end)
    task, argument_depth = _task_of(dag, chain) if dag is not None else (None, 0)
    name = key.value if type(key) is Scalar else None
    direct = task is not None and len(chain) == argument_depth  # a key of the task itself
    if not on_key and type(value) is Scalar and name == "schedule":
        timezone = _timezone(dag)
        text = _schedule_text(str(value.value), timezone)
        return _markdown(text, source, value.start, value.end) if text else None
    if len(chain) == 1 and on_key and dag is not None and key is dag.key:
        return _markdown(_dag_text(dag), source, key.start, key.end)
    if not on_key and type(value) is Scalar and name in knowledge.ENUM_DOCS and "{{" not in value.value:
        text = _enum_text(name, str(value.value), config)
        if text:
            return _markdown(text, source, value.start, value.end)
    if not on_key and type(value) is Scalar and "{{" in value.value:
        text = _template_text(document, value, offset)
        if text:
            return _markdown(text, source, value.start, value.end)
    if direct and name == "operator" and type(value) is Scalar:
        info = knowledge.operator_info(config, str(value.value))
        needs = iam.task_hover(task, config)  # the AWS permissions the task needs (lsp/iam.py)
        if info is not None or needs:
            node = key if on_key else value
            text = "\n\n---\n\n".join(part for part in (_operator_text(info) if info is not None else "", needs) if part)
            return _markdown(text, source, node.start, node.end)
    if direct and on_key and name:
        text = _argument_text(task, name, config)
        if text:
            return _markdown(text, source, key.start, key.end)
    if on_key and task is not None and len(chain) > argument_depth:
        found = aws_requests.hover_text(task, chain, argument_depth, config)
        if found is not None:
            return _markdown(found[0], source, found[1].start, found[1].end)
    if on_key and name:
        text = _schema_text(chain, document)
        if text:
            return _markdown(text, source, key.start, key.end)
    return None


def pair_chain(root: Node, offset: int) -> list[tuple[Node, Node, bool]]:
    """(key, value, cursor-on-key) for each mapping pair from the root down to the cursor;
    sequence items are passed through with the key of their sequence."""
    chain: list[tuple[Node, Node, bool]] = []
    node = root
    while True:
        if type(node) is Mapping:
            for key, value in iter_pairs(node):
                if key.start <= offset <= key.end:
                    chain.append((key, value, True))
                    return chain
                if value.start <= offset <= value.end and value.end > value.start:
                    chain.append((key, value, False))
                    node = value
                    break
            else:
                return chain
        elif type(node) is Sequence:
            for item in node.items:
                if item.start <= offset <= item.end:
                    node = item
                    break
            else:
                return chain
        else:
            return chain


def _task_of(dag, chain):
    """The task whose mapping holds the cursor, and the chain length at which a pair is one of
    the task's own keys (list items add no pair, dict-form tasks add their id's pair)."""
    if len(chain) < 3:
        return None, 0
    tasks_key = chain[1][0]
    if type(tasks_key) is not Scalar or tasks_key.value != "tasks":
        return None, 0
    holder = chain[2][0]
    for task in dag.tasks:
        if task.inherited:
            continue
        if task.form == "dict" and task.id_node is holder:
            return task, 4
        if task.form == "list" and type(task.node) is Mapping and any(k is holder for k, _ in task.node.pairs):
            return task, 3
    return None, 0


def _timezone(dag) -> str | None:
    if dag is None:
        return None
    zone = dag.config.scalar("timezone")
    if zone is not None and zone.value:
        return str(zone.value)
    return None


def _schedule_text(expression: str, timezone: str | None) -> str | None:
    explanation = knowledge.explain_schedule(expression)
    if explanation is None:
        return None
    lines = [f"**Schedule** `{expression}`: {explanation}"]
    runs = knowledge.next_runs(expression, timezone, 5)
    if runs:
        zone = timezone or "UTC"
        lines.append(f"Next runs ({zone}):")
        lines.extend(f"- {run.strftime('%a %Y-%m-%d %H:%M')}" for run in runs)
    return "\n\n".join(lines[:2]) + ("\n" + "\n".join(lines[2:]) if len(lines) > 2 else "")


def _operator_text(info) -> str:
    lines = [f"**{info.name}** ({info.kind})", f"`{info.canonical_path}`"]
    if info.summary:
        lines.append(info.summary)
    if info.package:
        lines.append(f"Provided by `{info.package}` {info.package_version or ''}".rstrip())
    if info.deprecation is not None:
        lines.append(f"**Deprecated**: {info.deprecation.message}")
    if info.deprecated_alias:
        lines.append(f"Deprecated import path; use `{info.canonical_path}`.")
    required = info.required_arguments
    if required:
        lines.append("Required arguments: " + ", ".join(f"`{name}`" for name in required if name != "task_id"))
    from .navigation import documentation_url

    url = documentation_url(info)
    if url:
        lines.append(f"[Documentation]({url})")
    return "\n\n".join(lines)


def _argument_text(task, name: str, config) -> str | None:
    operator = task.operator
    info = knowledge.operator_info(config, str(operator.value.value)) if operator and type(operator.value) is Scalar else None
    argument = info.arguments.get(name) if info is not None else None
    lines: list[str] = []
    if argument is not None:
        head = f"**{name}**" + (f": `{argument.annotation}`" if argument.annotation else "")
        lines.append(head)
        facts = []
        if argument.required:
            facts.append("required")
        if argument.default_display is not None:
            facts.append(f"default `{argument.default_display}`")
        facts.append("templated (Jinja is rendered)" if name in info.template_fields else "not templated")
        if argument.inherited_from:
            facts.append(f"declared by `{argument.inherited_from.rpartition('.')[2]}`")
        lines.append(" · ".join(facts))
        if argument.description:
            lines.append(argument.description)
    else:
        prop = knowledge.schema_property("task", name)
        if prop is None:
            return None
        lines.append(f"**{name}**")
        if prop.get("description"):
            lines.append(prop["description"])
    if info is not None:
        note = aws_requests.argument_note(str(operator.value.value), name, config)
        if note:
            lines.append(note)
    origin = _default_args_origin(task, name)
    if origin:
        lines.append(origin)
    return "\n\n".join(lines)


def _default_args_origin(task, name: str) -> str | None:
    """Where the DAG's default_args value for this argument comes from (it is overridden here)."""
    defaults = task.dag.default_args
    entry = defaults.get(name) if defaults is not None else None
    if entry is None:
        return None
    shown = entry.value.value if type(entry.value) is Scalar else "…"
    return f"Overrides `default_args.{name}: {shown}` from {entry.layer.describe(entry.key)}."


def _schema_text(chain, document: Document) -> str | None:
    from .cursor import section_of

    path = []
    for key, _, _ in chain[:-1]:
        path.append(key.value if type(key) is Scalar else "?")
        # A list of tasks/groups: the next level is an item.
    if len(path) >= 2 and path[1] in ("tasks", "task_groups") and len(chain) >= 3:
        path = path[:2] + ["-"]
    kind = "defaults" if document.is_defaults else "workflow"
    section = section_of(path, kind)
    key = chain[-1][0]
    if section not in ("dag", "task", "task_group", "default_args"):
        return None
    prop = knowledge.schema_property(section, key.value)
    if not prop or not prop.get("description"):
        return None
    text = f"**{key.value}**\n\n{prop['description']}"
    text += _overridden(document, key, section, len(chain))
    return text


def _overridden(document: Document, key: Scalar, section: str, depth: int) -> str:
    """For a DAG key or a DAG's default_args key: which lower layer's value this one replaces
    (the file's `default:` block, a defaults.yml)."""
    dag = dag_at(document.model, key.start) if document.model is not None else None
    if dag is None:
        return ""
    if section == "dag" and depth == 2:
        layers = dag.config.layers
    elif section == "default_args" and depth == 3:
        merged = dag.default_args
        layers = merged.layers if merged is not None else []
    else:
        return ""
    for mapping, layer in layers:
        if layer.kind == "dag":
            continue
        for other_key, value in iter_pairs(mapping):
            if type(other_key) is Scalar and other_key.value == key.value:
                shown = f" `{value.value}`" if type(value) is Scalar else ""
                return f"\n\nOverrides{shown} from {layer.describe(other_key)}."
    return ""


def _name_text(dag, mention) -> str:
    found = dag.find(mention.name)
    what = "Task" if mention.target == "task" else "Task group"
    if found is None:
        return f"**{mention.name}**: no task or group of DAG `{dag.name}` has this name."
    text = f"**{what}** `{mention.name}` of DAG `{dag.name}`"
    operator = found.config.get("operator") if mention.target == "task" else None
    if operator is not None and type(operator.value) is Scalar:
        text += f"\n\n`{operator.value.value}`"
    if mention.target == "task":
        text += _inherited_arguments(found)
    return text


def _inherited_arguments(task) -> str:
    """default_args values the task receives (not set on the task), with their origin."""
    defaults = task.dag.default_args
    if defaults is None:
        return ""
    lines = []
    for name, entry in defaults.entries.items():
        if name in task.config or type(entry.value) is not Scalar:
            continue
        lines.append(f"- `{name}: {entry.value.value}` ({entry.layer.describe(entry.key)})")
    if not lines:
        return ""
    shown = lines[:10] + ([f"- … {len(lines) - 10} more"] if len(lines) > 10 else [])
    return "\n\nFrom `default_args`:\n" + "\n".join(shown)


def _template_text(document: Document, value: Scalar, offset: int) -> str | None:
    source = document.result.source.text
    # The word under the cursor, in the source (templates are rarely escaped).
    start = offset
    while start > value.start and (source[start - 1].isalnum() or source[start - 1] in "_."):
        start -= 1
    end = offset
    while end < value.end and (source[end].isalnum() or source[end] == "_"):
        end += 1
    word = source[start:end]
    if not word:
        return None
    head, _, member = word.partition(".")
    facts = knowledge.airflow_facts(None)
    if head == "macros" and member:
        member = member.split(".")[0]
        kind = facts.macros.get(member) if facts is not None else None
        return f"**macros.{member}**" + (f" ({kind})" if kind else "") if kind or facts is None else f"`macros.{member}` is not an Airflow macro."
    known = facts.template_context if facts is not None else knowledge.TEMPLATE_VARIABLES
    removed = knowledge.removed_template_name(head) if head not in known else None
    if removed is not None:
        instead = removed if removed.startswith("no ") else f"use {removed}"
        return f"**{head}** was removed from the template context in Airflow 3: {instead}."
    if head in known:
        text = f"**{head}** (template variable)"
        if head in knowledge.TEMPLATE_VARIABLES:
            text += f"\n\n{knowledge.TEMPLATE_VARIABLES[head]}"
        return text
    return None


def _enum_text(key: str, value: str, config) -> str | None:
    """A value of `trigger_rule`, `weight_rule` or a sensor's `mode`: what it means, and the
    other values (an unknown value is a diagnostic's business)."""
    values = knowledge.enum_values(key, config)
    doc = knowledge.enum_doc(key, value)
    if value not in values or doc is None:
        return None
    others = ", ".join(f"`{other}`" for other in values if other != value)
    return f"**{key}** `{value}`\n\n{doc}" + (f"\n\nOther values: {others}." if others else "")


def _dag_text(dag) -> str:
    """A DAG's name: its id, schedule, and what it holds."""
    lines = [f"**DAG** `{dag.name}`"]
    dag_id = dag.config.scalar("dag_id")
    if dag_id is not None and dag_id.value and str(dag_id.value) != dag.name:
        lines[0] += f" (dag_id `{dag_id.value}`)"
    description = dag.config.scalar("description")
    if description is not None and description.value:
        lines.append(str(description.value))
    facts = []
    schedule = dag.config.get("schedule")
    if schedule is not None and type(schedule.value) is Scalar:
        shown = f"schedule `{schedule.value.value}`"
        if schedule.inherited:
            shown += f" (from {schedule.layer.describe(schedule.value)})"
        facts.append(shown)
    tasks = len(dag.tasks)
    facts.append(f"{tasks} task{'s' if tasks != 1 else ''}")
    if dag.groups:
        facts.append(f"{len(dag.groups)} task group{'s' if len(dag.groups) != 1 else ''}")
    lines.append(" · ".join(facts))
    return "\n\n".join(lines)


def _rule_hover(document: Document, offset: int) -> types.Hover | None:
    from wflint.rules import docs_url, get_rule, rule_docs

    source = document.source
    line = source.line_of(offset)
    start = source.line_start(line)
    text = source.line_text(line)
    column = offset - start
    for match in _SUPPRESSION.finditer(text):
        codes_start = match.start("codes")
        for code in _CODE.finditer(match.group("codes")):
            if codes_start + code.start() <= column <= codes_start + code.end():
                rule = get_rule(code.group())
                if rule is None:
                    value = f"`{code.group()}` is not a wflint rule code."
                else:
                    docs = rule_docs(rule)
                    value = f"**{rule.code}** `{rule.name}`: {docs['summary']}\n\n"
                    value += "\n\n".join(docs[part] for part in ("what", "why") if docs.get(part))
                    value += f"\n\n[Documentation]({docs_url(rule.code)})"
                return _markdown(value, source, start + codes_start + code.start(), start + codes_start + code.end())
    return None


def _markdown(value: str, source, start: int, end: int) -> types.Hover:
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=value), range=to_range(source, start, end))
