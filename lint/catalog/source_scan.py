"""Facts read from a class's source with ``ast`` (never executed).

Used by the builder, where ``inspect`` cannot see them (which arguments trigger a deprecation
warning, whether ``__init__`` passes ``**kwargs`` on to its base class), and by the static resolver
for user code. Standard library only.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

_WARN_FUNCTIONS = {"warn", "warn_explicit"}
_DEPRECATION_WORDS = ("deprecat", "removed", "no longer")


@dataclass
class ClassSourceFacts:
    """What the source of one class says about its constructor."""

    # argument name -> warning text, for arguments whose use triggers a deprecation warning
    deprecated_arguments: dict[str, str] = field(default_factory=dict)
    # warning text when constructing the class at all warns of deprecation
    class_deprecation: str | None = None
    # whether __init__ hands its **kwargs to a base class's __init__
    forwards_kwargs: bool | None = None


def literal_text(node: ast.AST | None) -> str:
    """The readable text of a string expression: constants, f-strings and '+' concatenations."""
    if node is None:
        return ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        pieces = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                pieces.append(str(value.value))
            else:
                pieces.append("{" + ast.unparse(value.value if isinstance(value, ast.FormattedValue) else value) + "}")
        return "".join(pieces)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return literal_text(node.left) + literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return literal_text(node.body)
    return ""


def _deprecation_warning_text(call: ast.Call) -> str | None:
    """The message of a ``warnings.warn(...)`` call that warns about a deprecation, else None."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in _WARN_FUNCTIONS:
        return None
    message_node = call.args[0] if call.args else None
    category_node = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "message":
            message_node = keyword.value
        elif keyword.arg == "category":
            category_node = keyword.value
    message = literal_text(message_node)
    category = ast.unparse(category_node) if category_node is not None else ""
    if "deprecat" in category.lower() or any(word in message.lower() for word in _DEPRECATION_WORDS):
        return message or category
    return None


def _warnings_in(statements: list[ast.stmt]) -> list[str]:
    found = []
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call):
                text = _deprecation_warning_text(node)
                if text is not None:
                    found.append(text)
    return found


def _names_in(expression: ast.expr) -> set[str]:
    """Argument names an expression reads: ``x``, ``self.x``, ``kwargs.get("x")``, ``"x" in kwargs``."""
    names: set[str] = set()
    for node in ast.walk(expression):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            names.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            names.add(node.value)
    return names


def _is_absent_or_false(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in (None, False)


def _names_used_when_true(test: ast.expr) -> set[str]:
    """Arguments that an ``if`` condition needs to be *given* for its body to run.

    ``x is not None``, ``x``, ``"x" in kwargs`` count; ``x is None`` and ``not x`` do not: a warning
    about an argument being left out does not make the argument deprecated.
    """
    if isinstance(test, ast.BoolOp):
        return set().union(*(_names_used_when_true(value) for value in test.values))
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return set()
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        operator, right = test.ops[0], test.comparators[0]
        if isinstance(operator, (ast.Is, ast.Eq)) and _is_absent_or_false(right):
            return set()
    return _names_in(test)


def _direct_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a block, leaving out nested conditionals (they are examined on their own)."""
    return [statement for statement in body if not isinstance(statement, (ast.If, ast.Try))]


def _forwards_kwargs(init: ast.FunctionDef) -> bool:
    kwargs_name = init.args.kwarg.arg if init.args.kwarg else None
    if kwargs_name is None:
        return False
    for node in ast.walk(init):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__"):
            continue
        for keyword in node.keywords:
            if keyword.arg is None and isinstance(keyword.value, ast.Name) and keyword.value.id == kwargs_name:
                return True
    return False


def find_class(tree: ast.AST, name: str) -> ast.ClassDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            return node
    return None


def init_function(class_node: ast.ClassDef) -> ast.FunctionDef | None:
    for node in class_node.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "__init__":
            return node  # type: ignore[return-value]
    return None


def scan_class(class_node: ast.ClassDef, argument_names: set[str]) -> ClassSourceFacts:
    """Read deprecations and kwargs forwarding from a class definition."""
    facts = ClassSourceFacts()
    for method in class_node.body:
        if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(method):
            if not isinstance(node, ast.If):
                continue
            tested = _names_used_when_true(node.test) & argument_names
            if not tested:
                continue
            for message in _warnings_in(_direct_statements(node.body)):
                # The warning is about an argument only when it names it ("The SLA feature is
                # removed" names `sla`); several named arguments mean a combination is deprecated.
                named = {arg for arg in tested if re.search(rf"\b{re.escape(arg)}\b", message, re.IGNORECASE)}
                if len(named) != 1:
                    continue
                for argument in named:
                    facts.deprecated_arguments.setdefault(argument, message)
    init = init_function(class_node)
    if init is not None:
        facts.forwards_kwargs = _forwards_kwargs(init)  # type: ignore[arg-type]
        warnings_found = _warnings_in(_direct_statements(init.body))
        if warnings_found:
            facts.class_deprecation = warnings_found[0]
    return facts
