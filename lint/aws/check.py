"""Check a YAML value against a botocore request shape, the way botocore's ParamValidator would.

botocore refuses a request before sending it (ParamValidationError) for an unknown member of a
structure, a missing required member, a value of the wrong type and a number, string length or
list length below the shape's minimum; those are `certain`. Enum values and maximums are checked
only by AWS itself (usually a 400 ValidationException), so they are not certain.

Values wflint cannot know are skipped, never guessed: Jinja templates, ``$VARIABLES``,
``+task`` XCom references, DAG Factory ``__type__`` objects, and ``null`` (operators drop
``None`` members before sending).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache

from ..suggest import closest
from ..yaml.tree import Mapping, Node, Scalar, Sequence, iter_pairs
from .shapes import Shape

# What a YAML value must be for each botocore shape type (botocore.validate's valid_types;
# `bool` passes as a number there because it is an `int` subclass).
_NUMBER_KINDS = {"integer", "long"}
_FLOAT_KINDS = {"float", "double"}


@dataclass(frozen=True)
class Problem:
    node: Node
    message: str
    certain: bool  # botocore's ParamValidationError refuses the request
    rename: tuple[Scalar, str] | None = None  # a did-you-mean fix: the key (or enum value) and its replacement


def is_unknowable(node: Node) -> bool:
    """A value only known when the task runs (or built by DAG Factory)."""
    if type(node) is Scalar:
        typed = node.typed
        if isinstance(typed, str):
            text = node.value
            return "{{" in text or "{%" in text or "$" in text or text.startswith("+")
        return False
    if type(node) is Mapping:
        return any(type(key) is Scalar and key.value.startswith("__") for key, _ in iter_pairs(node))
    return False


def yaml_kind(node: Node) -> str:
    if type(node) is Mapping:
        return "mapping"
    if type(node) is Sequence:
        return "list"
    typed = node.typed if type(node) is Scalar else None
    if typed is None:
        return "null"
    if isinstance(typed, bool):
        return "boolean"
    if isinstance(typed, int):
        return "integer"
    if isinstance(typed, float):
        return "number"
    if isinstance(typed, (datetime.date, datetime.datetime)):
        return "date"
    if isinstance(typed, (bytes, bytearray)):
        return "binary"
    return "string"


_EXPECTED = {
    "structure": ("a mapping", {"mapping"}),
    "map": ("a mapping", {"mapping"}),
    "list": ("a list", {"list"}),
    "string": ("a string", {"string"}),
    "integer": ("an integer", {"integer", "boolean"}),
    "long": ("an integer", {"integer", "boolean"}),
    "float": ("a number", {"integer", "number", "boolean"}),
    "double": ("a number", {"integer", "number", "boolean"}),
    "boolean": ("a boolean (true/false)", {"boolean"}),
    "blob": ("a string (bytes)", {"string", "binary"}),
}
_ARTICLE = {"mapping": "a mapping", "list": "a list", "string": "a string", "integer": "an integer",
            "number": "a number", "boolean": "a boolean", "date": "a date", "binary": "binary data"}


class ShapeChecker:
    """Walks one value against one shape, collecting problems.

    `where` names the request for messages (``SubmitJob``); `skip_required` lists member paths
    (dotted, from the request's top) whose required members the provider's code fills itself;
    `ignored` lists member paths the code removes before sending.
    """

    def __init__(self, where: str, skip_required: frozenset[str] = frozenset(),
                 supplied_top: frozenset[str] = frozenset(), ignored: frozenset[str] = frozenset()):
        self.where = where
        self.skip_required = skip_required
        self.supplied_top = supplied_top
        self.ignored = ignored
        self.problems: list[Problem] = []

    def check(self, node: Node, shape: Shape, path: str, key: Scalar | None = None) -> None:
        if node is None or is_unknowable(node):
            return
        kind = yaml_kind(node)
        if kind == "null":
            return
        if shape.kind in ("document", "timestamp") or shape.json:
            return
        expected = _EXPECTED.get(shape.kind)
        if expected is None:
            return
        description, accepted = expected
        label = self._label(path)
        if kind not in accepted:
            self.problems.append(Problem(
                node, f"`{label}` must be {description}, not {_ARTICLE.get(kind, kind)}; botocore refuses the "
                      f"request (\"Invalid type for parameter {path or self.where}\")", True))
            return
        if shape.kind == "structure":
            self._structure(node, shape, path, key)
        elif shape.kind == "map":
            for item_key, item_value in iter_pairs(node):
                if type(item_key) is Scalar and yaml_kind(item_key) != "string" and shape.key.kind == "string":
                    self.problems.append(Problem(
                        item_key, f"keys of `{label}` must be strings, not {_ARTICLE.get(yaml_kind(item_key))}; "
                                  "botocore refuses the request", True))
                self.check(item_value, shape.value, f"{path}.{item_key.value}" if type(item_key) is Scalar else path)
        elif shape.kind == "list":
            self._length(node, len(node.items), shape, label, "items")
            for number, item in enumerate(node.items):
                self.check(item, shape.item, f"{path}[{number}]")
        elif shape.kind == "string":
            text = node.typed
            if shape.enum and text not in shape.enum:
                options = ", ".join(f"`{value}`" for value in shape.enum[:12]) + (", ..." if len(shape.enum) > 12 else "")
                suggestion = closest(text, shape.enum)
                hint = f" (did you mean `{suggestion[0]}`?)" if suggestion else ""
                self.problems.append(Problem(node, f"`{text}` is not a valid `{label}`{hint}; AWS accepts {options}", False,
                                             (node, suggestion[0]) if suggestion else None))
            self._length(node, len(text), shape, label, "characters")
        elif shape.kind in _NUMBER_KINDS or shape.kind in _FLOAT_KINDS:
            value = node.typed
            if shape.minimum is not None and value < shape.minimum:
                self.problems.append(Problem(node, f"`{label}` must be at least {shape.minimum}, got {value}; botocore "
                                                   "refuses the request", True))
            elif shape.maximum is not None and value > shape.maximum:
                self.problems.append(Problem(node, f"`{label}` must be at most {shape.maximum}, got {value}; AWS refuses "
                                                   "the request", False))

    def _length(self, node: Node, length: int, shape: Shape, label: str, unit: str) -> None:
        if shape.minimum is not None and length < shape.minimum:
            self.problems.append(Problem(node, f"`{label}` needs at least {shape.minimum} {unit}, has {length}; "
                                               "botocore refuses the request", True))
        elif shape.maximum is not None and length > shape.maximum:
            self.problems.append(Problem(node, f"`{label}` takes at most {shape.maximum} {unit}, has {length}; "
                                               "AWS refuses the request", False))

    def _structure(self, node: Mapping, shape: Shape, path: str, key: Scalar | None) -> None:
        members = shape.members()
        present = set()
        for item_key, item_value in iter_pairs(node):
            if type(item_key) is not Scalar:
                continue
            name = item_key.value
            present.add(name)
            member_path = f"{path}.{name}" if path else name
            member = members.get(name)
            if member is None:
                if member_path in self.ignored:
                    continue
                suggestion = closest(name, members)
                hint = f" (did you mean `{suggestion[0]}`?)" if suggestion else ""
                self.problems.append(Problem(
                    item_key, f"`{name}` is not a member of `{self._label(path)}`{hint}; botocore refuses the request "
                              f"(\"Unknown parameter in {path or 'input'}\")", True,
                    (item_key, suggestion[0]) if suggestion else None))
                continue
            self.check(item_value, member.shape, member_path, item_key)
        if path in self.skip_required:
            return
        missing = [name for name in shape.required
                   if name not in present and not (not path and name in self.supplied_top)]
        if missing:
            names = ", ".join(f"`{name}`" for name in missing)
            self.problems.append(Problem(
                key if key is not None else node,
                f"`{self._label(path)}` lacks the required member{'s' if len(missing) > 1 else ''} {names}; "
                f"botocore refuses the request (\"Missing required parameter in {path or 'input'}\")", True))

    def _label(self, path: str) -> str:
        return f"{self.where}.{path}" if path else self.where


def json_problem(node: Node) -> tuple[str, int] | None:
    """Why a string that must hold JSON does not parse, and where in the string (None: it parses,
    or is not plain text)."""
    if type(node) is not Scalar or not isinstance(node.typed, str) or is_unknowable(node):
        return None
    try:
        json.loads(node.typed)
    except json.JSONDecodeError as error:
        return error.msg, error.pos
    return None


@dataclass(frozen=True)
class ArgumentCheck:
    """One place an operator argument's value goes: a request member (or the whole request,
    `path` ""), with its shape and what the provider's code adds to that request."""

    argument: str
    path: str
    shape: Shape
    service: str
    operation: str
    partial: frozenset[str]
    supplied: frozenset[str]
    ignored: frozenset[str]
    # (min, max) length of a string member without an enum: a string within them needs no checker
    string_limits: tuple[float, float] | None = None


def argument_checks(operator_path: str, target=None) -> dict[str, tuple[ArgumentCheck, ...]]:
    """Argument name -> the request members it becomes, at the target's provider release."""
    from .calls import provider_release

    return _argument_checks(operator_path, provider_release(target))


@lru_cache(maxsize=1024)
def _argument_checks(operator_path: str, release: str) -> dict[str, tuple[ArgumentCheck, ...]]:
    from .calls import calls_for
    from .shapes import request_shape

    found: dict[str, list[ArgumentCheck]] = {}
    for call in calls_for(operator_path, release):
        targets = [(path, name) for path, name in call.params.items() if path not in call.loose]
        if call.request and "*" not in call.loose:
            targets.append(("", call.request))
        if not targets:
            continue
        shape = request_shape(call.service, call.operation)
        if shape is None:
            continue
        supplied = frozenset(call.supplied) | {path.split(".")[0].split("[")[0] for path in call.params}
        for path, name in targets:
            member = shape.at(path) if path else shape
            if member is not None:
                limits = None
                if member.kind == "string" and not member.enum and not member.json:
                    limits = (member.minimum or 0, member.maximum if member.maximum is not None else float("inf"))
                found.setdefault(name, []).append(ArgumentCheck(
                    name, path, member, call.service, call.operation, frozenset(call.partial), supplied,
                    frozenset(call.ignored), limits))
    return {name: tuple(checks) for name, checks in found.items()}
