"""Structural checks driven by `schemas/dag-factory.schema.json` (JSON Schema 2020-12).

The schema is the single source of truth for DAG, task and task-group keys and their types;
it is also shipped to editors (Red Hat YAML) as is. This module evaluates it directly on the
positioned YAML tree, so every violation lands on the exact key or value. It implements the
keywords the schema uses (type, properties, additionalProperties, items, anyOf, allOf, $ref,
required, enum, const, minimum, deprecated, and wflint's `x-dag-factory`) instead of importing `jsonschema` on every run,
which alone would cost more start-up time than the whole lint of a small file; the test suite
checks that its verdicts agree with `jsonschema` on the corpus and the fixtures.

Each violation carries the schema keyword that failed; rules map keywords to codes
(cfn-lint style): additionalProperties -> WF010, type -> WF011, enum/const/minimum -> WF012,
required -> WF013, deprecated -> WF014.

`x-dag-factory: FEATURE` marks a form that only some DAG Factory releases read (a list of asset
URI strings as `schedule`: 1.1.0 and later); the releases come from
schemas/dag-factory-versions.json and the target's DAG Factory version decides (-> WF012).
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from functools import lru_cache

from .suggest import closest, did_you_mean
from .yaml.tree import Mapping, Node, Scalar, Sequence, iter_pairs, type_name

SCHEMA_FILE = "dag-factory.schema.json"


@dataclass(slots=True)
class Violation:
    keyword: str
    node: Node  # where to point: the offending key or value
    message: str
    severity: str | None = None  # from the schema's x-unknown-severity, for unknown keys
    replacement: str | None = None  # the did-you-mean of the message (unknown keys, enum values)
    expected: tuple[str, ...] = ()  # JSON types a "type" violation wanted


@lru_cache(maxsize=1)
def load_schema() -> dict:
    from wflint.schemas import read_text

    return json.loads(read_text(SCHEMA_FILE))


def violations_for(ctx) -> list[Violation]:
    """The document's violations, computed once and shared by the schema rules."""
    found = ctx.cache.get("schema")
    if found is None:
        root = ctx.workflow.root
        # A defaults.yml holds what a `default:` block holds: DAG-level settings.
        part = "dag" if ctx.workflow.kind == "defaults" else None
        dag_factory = ctx.target.dag_factory if root is not None else None
        found = ctx.cache["schema"] = (
            validate(root, part, dag_factory=dag_factory) if root is not None and type(root) is Mapping else []
        )
    return found


def validate(root: Node, part: str | None = None, *, dag_factory: str | None = None) -> list[Violation]:
    """Violations of the whole format's schema, or of one of its definitions (`part`), for a
    DAG Factory release (`dag_factory`; the newest when None)."""
    schema = load_schema()
    validator = _Validator(schema)
    validator.dag_factory = dag_factory
    validator.check(root, schema if part is None else schema["$defs"][part])
    return validator.violations


def describe_schema_key(schema_path: tuple[str, ...]) -> dict | None:
    """The schema of a key by its place, e.g. ("dag", "catchup") -> {"type": "boolean", ...}."""
    schema = load_schema()
    definitions = schema["$defs"]
    node = definitions.get(schema_path[0])
    for part in schema_path[1:]:
        if node is None:
            return None
        node = node.get("properties", {}).get(part)
    return node


_JSON_TYPES = {
    "object": lambda v: type(v) is Mapping,
    "array": lambda v: type(v) is Sequence,
    "string": lambda v: type(v) is Scalar and isinstance(v.typed, (str, _dt.date)),
    "integer": lambda v: type(v) is Scalar and isinstance(v.typed, int) and not isinstance(v.typed, bool),
    "number": lambda v: type(v) is Scalar and isinstance(v.typed, (int, float)) and not isinstance(v.typed, bool),
    "boolean": lambda v: type(v) is Scalar and isinstance(v.typed, bool),
    "null": lambda v: type(v) is Scalar and v.typed is None,
}

_TYPE_WORDS = {"object": "a mapping", "array": "a list", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "a boolean (true/false)", "null": "null"}


def _article(node: Node) -> str:
    if type(node) is Mapping:
        return "a mapping"
    if type(node) is Sequence:
        return "a list"
    name = type_name(node.typed)
    return {"integer": "an integer", "null": "null", "boolean": "a boolean", "date": "a date",
            "datetime": "a datetime", "number": "a number"}.get(name, "a string")


_ACTIVE_KEYWORDS = frozenset(
    {"type", "anyOf", "allOf", "enum", "const", "minimum", "properties", "additionalProperties", "items", "required", "$ref",
     "x-dag-factory"}
)


_ABSENT = object()  # a keyword the schema does not have (`const: null` is a value)


class _Keywords:
    """The keywords of one resolved schema that validation acts on, read from its dict once:
    every task of a large file is checked against the same few schemas, and probing each dict
    for every keyword on every node was most of the validation time."""

    __slots__ = ("schema", "type_test", "any_of", "all_of", "enum", "const", "minimum", "checks_mapping", "items",
                 "dag_factory")

    def __init__(self, schema: dict):
        self.schema = schema
        expected = schema.get("type")
        if expected is None:
            self.type_test = None  # any type
        elif expected.__class__ is str:
            self.type_test = _JSON_TYPES[expected]
        else:
            tests = [_JSON_TYPES[name] for name in expected]
            self.type_test = lambda node: any(test(node) for test in tests)
        self.any_of = schema.get("anyOf")
        self.all_of = schema.get("allOf", ())
        self.enum = schema.get("enum", _ABSENT)
        self.const = schema.get("const", _ABSENT)
        self.minimum = schema.get("minimum", _ABSENT)
        self.checks_mapping = "properties" in schema or "additionalProperties" in schema or "required" in schema
        self.items = schema.get("items", _ABSENT)
        self.dag_factory = schema.get("x-dag-factory")  # a feature only some DAG Factory releases have


class _Validator:
    def __init__(self, root_schema: dict):
        self.root = root_schema
        self.violations: list[Violation] = []
        self.visiting: set[int] = set()  # mappings and lists being checked: aliases may loop
        self._resolved: dict[str, dict] = {}
        self._keywords: dict[int, _Keywords | None] = {}  # by id of the (unresolved) schema dict
        self.subject = ""  # what the value being checked is, for messages: "`catchup`: "
        self.dag_factory: str | None = None  # the target's DAG Factory release (None: the newest)

    def resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            reference = schema["$ref"]
            target = self._resolved.get(reference)
            if target is None:
                target = self.root
                for part in reference.lstrip("#/").split("/"):
                    target = target[part]
                self._resolved[reference] = target
            schema = target
        return schema

    def matches(self, node: Node, schema: dict) -> bool:
        """Whether `node` is valid, without recording anything (for anyOf branches)."""
        saved = self.violations
        self.violations = []
        self.check(node, schema)
        ok = not self.violations
        self.violations = saved
        return ok

    def type_ok(self, node: Node, schema: dict) -> bool:
        expected = schema.get("type")
        if expected is None:
            return True
        kind = node.__class__
        if expected.__class__ is str:  # the common case, without building a list
            if expected == "object":
                return kind is Mapping
            if expected == "array":
                return kind is Sequence
            return _JSON_TYPES[expected](node)
        return any(_JSON_TYPES[t](node) for t in expected)

    def keywords(self, schema: dict) -> _Keywords | None:
        """The schema's keywords after `$ref`s, or None when it checks nothing (`true`, or
        annotations only such as a description)."""
        key = id(schema)
        found = self._keywords.get(key, _ABSENT)
        if found is _ABSENT:
            resolved = self.resolve(schema)
            active = resolved is not True and _ACTIVE_KEYWORDS.intersection(resolved)
            found = self._keywords[key] = _Keywords(resolved) if active else None
        return found

    def check(self, node: Node, schema: dict) -> None:
        keywords = self.keywords(schema)
        if keywords is None:
            return  # annotations only (a description): nothing to check, and nothing below
        if id(node) in self.visiting:  # an alias that contains itself
            return
        kind = type(node)
        if kind is Scalar and node.style is None and "$" in node.value:
            return  # DAG Factory expands `$VAR` before parsing: the value may be of any type
        schema = keywords.schema
        if keywords.type_test is not None and not keywords.type_test(node):
            types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            wanted = " or ".join(_TYPE_WORDS[t] for t in types)
            self.violations.append(Violation("type", node, f"{self.subject}expected {wanted}, got {_article(node)}", expected=tuple(types)))
            return
        if keywords.dag_factory is not None:
            self.check_dag_factory(node, keywords.dag_factory)
        if keywords.any_of is not None:
            self.check_any_of(node, keywords.any_of)
        for sub in keywords.all_of:
            self.check(node, sub)
        if kind is Scalar:
            if keywords.enum is not _ABSENT and node.typed not in keywords.enum:
                allowed = ", ".join(f"`{v}`" for v in keywords.enum)
                guess = closest(node.value, map(str, keywords.enum))
                self.violations.append(Violation(
                    "enum", node, f"{self.subject}`{node.value}` is not one of {allowed}{did_you_mean(node.value, map(str, keywords.enum))}",
                    replacement=guess[0] if guess else None,
                ))
            if keywords.const is not _ABSENT and node.typed != keywords.const:
                self.violations.append(Violation("const", node, f"{self.subject}expected `{keywords.const}`"))
            if keywords.minimum is not _ABSENT and isinstance(node.typed, (int, float)) and not isinstance(node.typed, bool):
                if node.typed < keywords.minimum:
                    self.violations.append(Violation("minimum", node, f"{self.subject}{node.value} is less than the minimum of {keywords.minimum}"))
        elif kind is Mapping and keywords.checks_mapping:
            self.visiting.add(id(node))
            self.check_mapping(node, schema)
            self.visiting.discard(id(node))
        elif kind is Sequence and keywords.items is not _ABSENT:
            self.visiting.add(id(node))
            items_schema = keywords.items
            subject = self.subject
            if subject.endswith(": ") and not subject.startswith("an item of "):
                self.subject = f"an item of {subject}"
            for item in node.items:
                self.check(item, items_schema)
            self.subject = subject
            self.visiting.discard(id(node))

    def check_dag_factory(self, node: Node, feature: str) -> None:
        from .target import dag_factory_feature, dag_factory_has

        if self.dag_factory is None or dag_factory_has(feature, self.dag_factory):
            return
        data = dag_factory_feature(feature)
        since = f" (DAG Factory {data['since']} and later do)" if "since" in data else ""
        message = f"{self.subject}DAG Factory {self.dag_factory} does not read {data['what']}{since}: it {data['before']}"
        if data.get("advice"):
            message += f"; {data['advice']}"
        self.violations.append(Violation("x-dag-factory", node, message, data.get("severity")))

    def check_any_of(self, node: Node, branches: list) -> None:
        resolved = [self.resolve(b) for b in branches]
        typed = [b for b in resolved if self.type_ok(node, b)]
        if not typed:
            wanted = []
            for branch in resolved:
                types = branch.get("type", [])
                for t in types if isinstance(types, list) else [types]:
                    word = _TYPE_WORDS[t]
                    if word not in wanted:
                        wanted.append(word)
            expected = tuple(t for branch in resolved for t in (branch.get("type", []) if isinstance(branch.get("type", []), list) else [branch["type"]]))
            self.violations.append(Violation("type", node, f"{self.subject}expected {' or '.join(wanted)}, got {_article(node)}", expected=expected))
            return
        if any(self.matches(node, branch) for branch in typed):
            return
        # Report the errors of the first branch of the right type: the one the user meant.
        self.check(node, typed[0])

    def check_mapping(self, node: Mapping, schema: dict) -> None:
        properties = schema.get("properties", {})
        additional = schema.get("additionalProperties", True)
        required = schema.get("required", ())
        present = set()
        for key, value in iter_pairs(node):
            if type(key) is not Scalar:
                continue
            name = key.value
            if required:
                present.add(name)
            prop = properties.get(name)
            if prop is not None:
                if prop.get("deprecated"):
                    self.violations.append(Violation("deprecated", key, f"`{name}`: {prop.get('description', 'deprecated')}"))
                subject, self.subject = self.subject, f"`{name}`: "
                self.check(value, prop)
                self.subject = subject
            elif additional is False:
                note = schema.get("x-unknown-note")
                near = closest(name, properties)
                message = f"unknown key `{name}`" + (f" (did you mean `{near[0]}`?)" if near else "")
                if note:
                    message += f"; {note}"
                guess = closest(name, properties)
                self.violations.append(Violation("additionalProperties", key, message, schema.get("x-unknown-severity"),
                                                 replacement=guess[0] if guess else None))
            elif isinstance(additional, dict):
                subject, self.subject = self.subject, f"`{name}`: "
                self.check(value, additional)
                self.subject = subject
        for name in required:
            if name not in present:
                self.violations.append(Violation("required", node, f"missing required key `{name}`"))
