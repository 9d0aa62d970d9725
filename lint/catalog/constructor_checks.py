"""Derive the argument checks operator constructors run, from their source (for WF750).

Run inside an Airflow environment (``scripts/build_constructor_checks.sh`` runs it in each
reference environment). For every operator and sensor class of Airflow and the installed
providers it reads the AST of ``__init__`` (and of the helpers ``__init__`` calls on its
arguments: ``self._coerce_x(arg)``, the ``_convert_<name>`` converters Airflow's ``__setattr__``
applies, ``validate_instance_args``) and keeps every ``raise`` whose condition depends only on
the constructor's arguments and on constants. Each condition is written as a small expression
tree that the linter evaluates with the literal values of a workflow file; names of module
constants and class attributes are resolved here, from the imported modules, so the data follows
each release. Anything else in a condition (calls, attributes of objects, arguments the class
reassigns first) makes the check unknown and it is dropped: a check is kept only when wflint can
decide it exactly.

Expression trees (JSON lists): ``["arg", name]``, ``["const", value]``, ``["not", e]``,
``["and", [e...]]``, ``["or", [e...]]``, ``["cmp", op, left, right]`` (op: ``<`` ``<=`` ``>``
``>=`` ``==`` ``!=`` ``in`` ``not in`` ``is`` ``is not``), ``["isinstance", e, [type names]]``
(the YAML value types that are instances: ``NoneType`` ``bool`` ``int`` ``float`` ``str`` ``list``
``dict``), ``["type_is", e, type name]``, ``["exactly_one", [e...]]``,
``["converts", "int"|"float", e]`` (the call raises), ``["truth", e]``, ``["len", e]``, ``["any"|"all", items, e]`` (``e`` reads each
item as ``["item"]``), ``["unless_none", e]`` (the
value of e unless it is None, which the code replaces by something unknown).

Output: ``{"format": 1, "packages": {package: {release: {"checks": {...}, "classes": {...}}}}}``
merged into the given JSON file (other releases are kept).
"""

from __future__ import annotations

import argparse
import ast
import enum
import importlib
import inspect
import json
import os
import pkgutil
import sys
import textwrap
from importlib import metadata

FORMAT = 1
_BUILTIN_TYPES = {"int": int, "float": float, "str": str, "bool": bool, "list": list, "dict": dict,
                  "tuple": tuple, "set": set, "NoneType": type(None)}
# The Python types a YAML value read by PyYAML has (dates and times aside, never judged).
_YAML_TYPES = {"NoneType": type(None), "bool": bool, "int": int, "float": float, "str": str, "list": list, "dict": dict}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
            ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not"}
_CONVERTERS = ("int", "float")


class Unknown(Exception):
    """A condition (or part of one) that cannot be decided from literal argument values."""


def _literal(value):
    """`value` as JSON data, or Unknown."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return value
    if isinstance(value, enum.Enum):
        return _literal(value.value)
    if isinstance(value, type) and issubclass(value, enum.Enum):
        return [_literal(member.value) for member in value]
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_literal(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return [_literal(key) for key in value]  # only membership is asked of a mapping
    raise Unknown(type(value).__name__)


class _Scope:
    """What names mean inside one function: its arguments (as the constructor's), module
    globals, class attributes, attributes `self.x` set from an argument."""

    def __init__(self, cls, function_globals, arguments: dict[str, list], attributes: dict[str, list]):
        self.cls = cls
        self.globals = function_globals
        self.arguments = arguments  # local name -> expression of the constructor's arguments
        self.attributes = attributes  # self.<name> -> expression
        self.tainted: set[str] = set()  # locals reassigned: no longer the argument
        self.tainted_attributes: set[str] = set()


def _expression(node, scope: _Scope):
    if isinstance(node, ast.Constant):
        return ["const", _literal(node.value)]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return ["const", [_constant(item, scope) for item in node.elts]]
    if isinstance(node, ast.Name):
        if node.id in scope.arguments:
            if node.id in scope.tainted:
                raise Unknown(node.id)
            return scope.arguments[node.id]
        if node.id in ("True", "False", "None"):
            return ["const", {"True": True, "False": False, "None": None}[node.id]]
        if node.id in scope.globals:
            return ["const", _literal(scope.globals[node.id])]
        raise Unknown(node.id)
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            name = node.attr
            if name in scope.tainted_attributes:
                raise Unknown(name)
            if name in scope.attributes:
                return scope.attributes[name]
            if name in _assigned_attributes(scope.cls):
                raise Unknown(name)  # set in __init__ from something else
            if isinstance(inspect.getattr_static(scope.cls, name, None), (property, staticmethod, classmethod)):
                raise Unknown(name)
            return ["const", _literal(getattr(scope.cls, name))]
        # A module constant reached through its module or a class (`TriggerRule.ALL_SUCCESS`).
        return ["const", _literal(_resolve_dotted(node, scope))]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ["not", _expression(node.operand, scope)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return ["const", _literal(-node.operand.value)]
    if isinstance(node, ast.BoolOp):
        return ["and" if isinstance(node.op, ast.And) else "or", [_expression(value, scope) for value in node.values]]
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.left, ast.Call) and \
            isinstance(node.left.func, ast.Name) and node.left.func.id == "type" and len(node.left.args) == 1 and \
            isinstance(node.comparators[0], ast.Name) and node.comparators[0].id in _YAML_TYPES and \
            isinstance(node.ops[0], (ast.Eq, ast.Is, ast.NotEq, ast.IsNot)):
        exact = ["type_is", _expression(node.left.args[0], scope), node.comparators[0].id]
        return exact if isinstance(node.ops[0], (ast.Eq, ast.Is)) else ["not", exact]
    if isinstance(node, ast.Compare):
        parts = []
        left = _expression(node.left, scope)
        for op, comparator in zip(node.ops, node.comparators):
            right = _expression(comparator, scope)
            if type(op) not in _COMPARE:
                raise Unknown("operator")
            parts.append(["cmp", _COMPARE[type(op)], left, right])
            left = right
        return parts[0] if len(parts) == 1 else ["and", parts]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        if node.func.id == "isinstance" and len(node.args) == 2:
            return ["isinstance", _expression(node.args[0], scope), _type_names(node.args[1], scope)]
        if node.func.id == "exactly_one" and all(not isinstance(a, ast.Starred) for a in node.args):
            function = scope.globals.get("exactly_one")
            if getattr(function, "__module__", "").startswith("airflow"):
                return ["exactly_one", [_expression(arg, scope) for arg in node.args]]
        if node.func.id == "bool" and len(node.args) == 1:
            return ["truth", _expression(node.args[0], scope)]
        if node.func.id == "len" and len(node.args) == 1:
            return ["len", _expression(node.args[0], scope)]
        if node.func.id in ("any", "all") and len(node.args) == 1 and isinstance(node.args[0], ast.GeneratorExp):
            generator = node.args[0]
            if len(generator.generators) == 1 and not generator.generators[0].ifs and \
                    isinstance(generator.generators[0].target, ast.Name):
                loop = generator.generators[0]
                items = _expression(loop.iter, scope)
                inner = _Scope(scope.cls, scope.globals, {**scope.arguments, loop.target.id: ["item"]}, scope.attributes)
                inner.tainted = scope.tainted - {loop.target.id}
                inner.tainted_attributes = scope.tainted_attributes
                return [node.func.id, items, _expression(generator.elt, inner)]
    raise Unknown(type(node).__name__)


def _constant(node, scope):
    value = _expression(node, scope)
    if value[0] != "const":
        raise Unknown("not constant")
    return value[1]


def _resolve_dotted(node, scope):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in scope.globals:
        raise Unknown("attribute")
    value = scope.globals[node.id]
    for part in reversed(parts):
        if not (inspect.ismodule(value) or isinstance(value, type)):
            raise Unknown("attribute of an object")
        value = getattr(value, part)
    if callable(value) and not isinstance(value, type):
        raise Unknown("function")
    return value


def _type_names(node, scope) -> list[str]:
    """The YAML value types (builtins) that are instances of the isinstance() target."""
    items = node.elts if isinstance(node, ast.Tuple) else [node]
    types = []
    for item in items:
        if isinstance(item, ast.Name) and item.id in _BUILTIN_TYPES:
            types.append(_BUILTIN_TYPES[item.id])
            continue
        value = _resolve_dotted(item, scope) if isinstance(item, ast.Attribute) else \
            scope.globals.get(item.id) if isinstance(item, ast.Name) else None
        if not isinstance(value, type):
            raise Unknown("isinstance of an unknown type")
        types.append(value)
    return _instances_of(tuple(types))


def _instances_of(types: tuple) -> list[str]:
    return [name for name, builtin in _YAML_TYPES.items() if issubclass(builtin, types)]


_ASSIGNED_CACHE: dict = {}


def _assigned_attributes(cls) -> set[str]:
    """`self.x` attributes that the class's own __init__ assigns."""
    found = _ASSIGNED_CACHE.get(cls)
    if found is None:
        found = set()
        tree = _function_tree(cls.__dict__.get("__init__"))
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                    isinstance(node.value, ast.Name) and node.value.id == "self":
                found.add(node.attr)
        _ASSIGNED_CACHE[cls] = found
    return found


def _function_tree(function):
    function = inspect.unwrap(function) if function is not None else None
    if function is None or not inspect.isfunction(function):
        return None
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tree = ast.parse(source).body[0]
    except (OSError, TypeError, SyntaxError, IndexError):
        return None
    return tree if isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def _message(raise_node: ast.Raise, scope: "_Scope | None" = None) -> tuple[str, str]:
    exc = raise_node.exc
    name = "Exception"
    if isinstance(exc, ast.Call):
        name = ast.unparse(exc.func).split(".")[-1]
        if exc.args:
            first = exc.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                return name, " ".join(first.value.split())
            if isinstance(first, ast.JoinedStr):
                text = "".join(part.value if isinstance(part, ast.Constant) else _shown(part, scope)
                               for part in first.values)
                while "……" in text:
                    text = text.replace("……", "…")
                return name, " ".join(text.split())
    elif exc is not None:
        name = ast.unparse(exc).split(".")[-1]
    return name, ""


def _shown(part, scope) -> str:
    """A formatted value of an f-string message: a module constant's value, else `…`."""
    if scope is None or not isinstance(part, ast.FormattedValue) or part.format_spec is not None:
        return "…"
    node = part.value
    argument = None
    if isinstance(node, ast.Name) and node.id in scope.arguments and node.id not in scope.tainted:
        argument = scope.arguments[node.id]
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self" \
            and node.attr not in scope.tainted_attributes:
        argument = scope.attributes.get(node.attr)
    if argument is not None and argument[0] == "arg" and part.conversion in (-1, 115):
        return "{" + argument[1] + "}"  # the written value, filled in by the linter
    if isinstance(node, ast.Name) and node.id not in scope.arguments:
        value = scope.globals.get(node.id)
        if isinstance(value, (int, str)) and not isinstance(value, bool):
            return str(value)
    return "…"


def _stored_names(statement) -> tuple[set[str], set[str]]:
    names, attributes = set(), set()
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                isinstance(node.value, ast.Name) and node.value.id == "self":
            attributes.add(node.attr)
    return names, attributes


def _raise_of(body) -> ast.Raise | None:
    """The raise a branch certainly ends in (possibly after a log call), else None."""
    if body and isinstance(body[-1], ast.Raise) and all(isinstance(s, (ast.Expr, ast.Assign, ast.Raise)) for s in body):
        return body[-1]
    return None


def _function_checks(tree, scope: _Scope, depth: int = 0) -> list[dict]:
    """Checks of one function body: `if C: raise`, guards `if C: return` before a final
    `raise`, `try: int(x) except: raise`, and the helpers and converters it calls."""
    checks: list[dict] = []
    returned: list = []  # conditions under which the function returned before this point

    def guarded(condition):
        if not returned:
            return condition
        return ["and", [["not", r] for r in returned] + [condition]]

    for statement in tree.body:
        if isinstance(statement, ast.If):
            raise_node = _raise_of(statement.body)
            returns = bool(statement.body) and isinstance(statement.body[-1], ast.Return) and not statement.orelse
            if raise_node is not None and not statement.orelse:
                try:
                    condition = _expression(statement.test, scope)
                    exception, message = _message(raise_node, scope)
                    checks.append({"when": guarded(condition), "raises": exception, "message": message})
                except Unknown:
                    pass
            elif returns:
                try:
                    returned.append(_expression(statement.test, scope))
                except Unknown:
                    return checks  # an unknown early return: nothing after it is certain
        elif isinstance(statement, ast.Raise):
            if returned:
                exception, message = _message(statement, scope)
                checks.append({"when": ["and", [["not", r] for r in returned]], "raises": exception, "message": message})
            return checks
        elif isinstance(statement, ast.Return):
            return checks
        elif isinstance(statement, ast.Try) and len(statement.body) == 1 and statement.handlers:
            conversion = _conversion(statement.body[0], scope)
            handler_raise = all(_raise_of(h.body) is not None for h in statement.handlers)
            catches = {ast.unparse(h.type) for h in statement.handlers if h.type is not None}
            if conversion is not None and handler_raise and catches & {"ValueError", "(TypeError, ValueError)",
                                                                       "(ValueError, TypeError)", "Exception"}:
                exception, message = _message(_raise_of(statement.handlers[0].body), scope)
                checks.append({"when": guarded(conversion), "raises": exception, "message": message})
        if depth < 2:
            checks.extend(_called_helper_checks(statement, scope, depth))
        names, attributes = _stored_names(statement)
        _record_attributes(statement, scope, attributes, checks, depth)
        replaced = _none_replaced(statement, scope)
        if replaced is not None:  # `if x is None: x = <default>`: x keeps the value given, if any
            scope.arguments[replaced] = ["unless_none", scope.arguments[replaced]]
            continue
        scope.tainted |= names & set(scope.arguments)
    return checks


def _none_replaced(statement, scope) -> str | None:
    if not (isinstance(statement, ast.If) and not statement.orelse and len(statement.body) == 1):
        return None
    test, body = statement.test, statement.body[0]
    if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Is) and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value is None):
        return None
    name = test.left.id
    if name not in scope.arguments or name in scope.tainted:
        return None
    if isinstance(body, ast.Assign) and len(body.targets) == 1 and isinstance(body.targets[0], ast.Name) \
            and body.targets[0].id == name:
        return name
    return None


def _conversion(statement, scope):
    value = statement.value if isinstance(statement, (ast.Assign, ast.Return, ast.Expr)) else None
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _CONVERTERS \
            and len(value.args) == 1 and not value.keywords:
        try:
            return ["converts", value.func.id, _expression(value.args[0], scope)]
        except Unknown:
            return None
    return None


def _record_attributes(statement, scope, attributes, checks, depth):
    """Track `self.x = <argument>`; apply the class's `_convert_x` converter as `__setattr__` does."""
    for name in attributes:
        scope.tainted_attributes.add(name)
        scope.attributes.pop(name, None)
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1):
        return
    target = statement.targets[0]
    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self"):
        return
    value = statement.value
    if isinstance(value, ast.AnnAssign):
        value = value.value
    try:
        expression = _expression(value, scope) if isinstance(value, ast.Name) else None
    except Unknown:
        expression = None
    if expression is None:
        return
    converter = getattr(scope.cls, f"_convert_{target.attr}", None)
    if converter is not None:
        tree = _function_tree(converter)
        if tree is not None and depth < 2 and tree.args.args:
            parameter = tree.args.args[-1].arg  # (self, value) or (value)
            inner = _Scope(scope.cls, getattr(inspect.unwrap(converter), "__globals__", {}), {parameter: expression}, {})
            checks.extend(_function_checks(tree, inner, depth + 1))
        return  # the attribute holds the converted value
    scope.tainted_attributes.discard(target.attr)
    scope.attributes[target.attr] = expression


def _called_helper_checks(statement, scope, depth) -> list[dict]:
    found = []
    for node in ast.walk(statement):
        if not isinstance(node, ast.Call) or node.keywords:
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id == "validate_instance_args" and len(node.args) == 2:
            found.extend(_type_checks(node.args[1], scope))
            continue
        if not (isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name)
                and function.value.id in ("self", scope.cls.__name__)):
            continue
        helper = inspect.getattr_static(scope.cls, function.attr, None)
        if isinstance(helper, (staticmethod, classmethod)):
            helper = helper.__func__
        tree = _function_tree(helper)
        if tree is None:
            continue
        parameters = [a.arg for a in tree.args.args]
        if parameters and parameters[0] in ("self", "cls") and not isinstance(
                inspect.getattr_static(scope.cls, function.attr), staticmethod):
            parameters = parameters[1:]
        mapping = {}
        for parameter, argument in zip(parameters, node.args):
            try:
                mapping[parameter] = _expression(argument, scope)
            except Unknown:
                pass
        inner = _Scope(scope.cls, getattr(inspect.unwrap(helper), "__globals__", {}), mapping, dict(scope.attributes))
        inner.tainted_attributes = set(scope.tainted_attributes)
        for parameter in parameters:
            if parameter not in mapping:
                inner.arguments[parameter] = ["unknown"]
                inner.tainted.add(parameter)
        found.extend(_function_checks(tree, inner, depth + 1))
    return found


def _type_checks(node, scope) -> list[dict]:
    """`validate_instance_args(self, EXPECTED)`: TypeError for an attribute set from an argument
    whose value is not None and not of the expected type."""
    if not isinstance(node, ast.Name) or not isinstance(scope.globals.get(node.id), dict):
        return []
    checks = []
    for name, expected in scope.globals[node.id].items():
        expression = scope.attributes.get(name)
        if expression is None or name in scope.tainted_attributes:
            continue
        types = expected if isinstance(expected, tuple) else (expected,)
        if not all(isinstance(t, type) for t in types):
            continue
        names = _instances_of(types)
        checks.append({
            "when": ["and", [["cmp", "is not", expression, ["const", None]], ["not", ["isinstance", expression, names]]]],
            "raises": "TypeError",
            "message": f"{name!r} for task … expects {' | '.join(t.__name__ for t in types)}, got …",
        })
    return checks


def _own_init_checks(cls) -> list[dict]:
    init = cls.__dict__.get("__init__")
    tree = _function_tree(init)
    if tree is None:
        return []
    arguments = {a.arg: ["arg", a.arg] for a in tree.args.args[1:] + tree.args.kwonlyargs}
    scope = _Scope(cls, getattr(inspect.unwrap(init), "__globals__", {}), arguments, {})
    checks = _function_checks(tree, scope)
    return [check for check in checks if _arguments_of(check["when"]) and "unknown" not in json.dumps(check["when"])]


def _intercepted(cls) -> set[str]:
    """Arguments the class's own __init__ takes and does not pass on unchanged to `super().__init__`."""
    tree = _function_tree(cls.__dict__.get("__init__"))
    if tree is None:
        return set()
    named = {a.arg for a in tree.args.args[1:] + tree.args.kwonlyargs}
    passed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__init__":
            for keyword in node.keywords:
                if keyword.arg and isinstance(keyword.value, ast.Name) and keyword.value.id == keyword.arg:
                    passed.add(keyword.arg)
                elif keyword.arg:
                    named.add(keyword.arg)  # a fixed or changed value for the base's argument
    reassigned = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            reassigned.add(node.id)
    return (named - passed) | (passed & reassigned)


def _arguments_of(expression) -> set[str]:
    found = set()
    if isinstance(expression, list) and expression:
        if isinstance(expression[0], list):  # a list of expressions
            for item in expression:
                found |= _arguments_of(item)
        elif expression[0] == "arg":
            found.add(expression[1])
        elif expression[0] != "const":
            for part in expression[1:]:
                found |= _arguments_of(part)
    return found


def _signature_defaults(cls, names: set[str]) -> tuple[dict, list[str]]:
    """Of the `names` the class's own __init__ takes: their literal defaults, and the names
    without one (required, or a default wflint cannot write down)."""
    init = cls.__dict__.get("__init__")
    try:
        parameters = inspect.signature(init).parameters if init is not None else {}
    except (TypeError, ValueError):
        return {}, []
    defaults, without = {}, []
    for name in sorted(names & set(parameters)):
        default = parameters[name].default
        try:
            if default is inspect.Parameter.empty:
                raise Unknown("required")
            defaults[name] = _literal(default)
        except Unknown:
            without.append(name)
    return defaults, without


def _dedupe(checks):
    seen, unique = set(), []
    for check in checks:
        key = json.dumps(check, sort_keys=True)
        if key not in seen:
            seen.add(key)
            unique.append(check)
    return unique


# -- which classes --------------------------------------------------------------------------------

_ROOT_MODULES = ("airflow.sdk.bases.operator", "airflow.sdk.bases.sensor")
_PROVIDER_FOLDERS = ("operators", "sensors", "transfers")


def _operator_modules():
    yield from _ROOT_MODULES
    import airflow.providers
    for module in pkgutil.walk_packages(airflow.providers.__path__, "airflow.providers.", onerror=lambda name: None):
        parts = module.name.split(".")
        if any(part in _PROVIDER_FOLDERS for part in parts[2:-1]) and not module.ispkg:
            yield module.name


def _package_of(module_name: str, distributions: dict) -> str | None:
    top = module_name.split(".")
    for length in range(len(top), 1, -1):
        found = distributions.get(".".join(top[:length]))
        if found:
            return found
    return None


def _distributions() -> dict[str, str]:
    """Module prefix -> distribution name, for Airflow's own packages and the providers."""
    found = {"airflow.sdk": "apache-airflow-task-sdk"}
    for distribution in metadata.distributions():
        name = (distribution.metadata["Name"] or "").lower()
        if name.startswith("apache-airflow-providers-"):
            found["airflow.providers." + name[len("apache-airflow-providers-"):].replace("-", ".")] = name
    return found


def _attrs_field_checks(cls) -> dict[str, list[dict]]:
    """Checks of an attrs class's field validators (Airflow 3's DAG): `instance_of`, `optional`,
    `and_` and the class's own `@field.validator` methods, per field. Fields with a converter are
    left out: the validator sees the converted value."""
    import attrs

    found: dict[str, list[dict]] = {}
    module_globals = vars(sys.modules[cls.__module__])
    for field in attrs.fields(cls):
        if field.validator is None or not field.init:
            continue
        keeps_items = field.converter is not None and _keeps_items(field.converter)
        if field.converter is not None and not keeps_items:
            continue
        name = field.alias or field.name
        checks: list[dict] = []
        for validator, optional in _validators(field.validator):
            argument = ["arg", name]
            if type(validator).__name__ == "_InstanceOfValidator":
                if keeps_items:
                    continue  # the converted value's type is the converter's, not the written one's
                types = validator.type if isinstance(validator.type, tuple) else (validator.type,)
                when = ["not", ["isinstance", argument, _instances_of(types)]]
                if optional:
                    when = ["and", [["cmp", "is not", argument, ["const", None]], when]]
                names = " | ".join(t.__name__ for t in types)
                checks.append({"when": when, "raises": "TypeError", "message": f"'{name}' must be {names}"})
            elif inspect.isfunction(validator):
                tree = _function_tree(validator)
                if tree is None or len(tree.args.args) != 3:
                    continue
                value_name = tree.args.args[2].arg
                scope = _Scope(cls, getattr(validator, "__globals__", module_globals), {value_name: argument}, {})
                for check in _function_checks(tree, scope):
                    if _arguments_of(check["when"]) == {name}:
                        checks.append(check)
        if checks:
            found[name] = _dedupe(checks)
    return found


def _keeps_items(converter) -> bool:
    """A converter `return set(x or [])` (or list/tuple/frozenset, with or without `or []`): the
    items a validator looks at are the ones written (a set drops duplicates, which no item-wise
    check notices)."""
    tree = _function_tree(converter)
    if tree is None or len(tree.args.args) != 1 or len(tree.body) != 1 or not isinstance(tree.body[0], ast.Return):
        return False
    value = tree.body[0].value
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
            and value.func.id in ("set", "list", "tuple", "frozenset") and len(value.args) == 1):
        return False
    inner = value.args[0]
    if isinstance(inner, ast.BoolOp) and isinstance(inner.op, ast.Or) and len(inner.values) == 2 and \
            isinstance(inner.values[1], (ast.List, ast.Tuple)) and not inner.values[1].elts:
        inner = inner.values[0]
    return isinstance(inner, ast.Name) and inner.id == tree.args.args[0].arg


def _validators(validator, optional=False):
    kind = type(validator).__name__
    if kind == "_AndValidator":
        for inner in validator._validators:
            yield from _validators(inner, optional)
    elif kind == "_OptionalValidator":
        inner = validator.validator
        yield from _validators(inner, True)
    else:
        yield validator, optional


def dag_entry() -> tuple[str, dict] | None:
    """The DAG class's field checks, as a class entry (its import path, the entry)."""
    try:
        from airflow.sdk.definitions.dag import DAG
    except ImportError:
        return None
    fields = _attrs_field_checks(DAG)
    checks = [check for name in sorted(fields) for check in fields[name]]
    return f"{DAG.__module__}.{DAG.__name__}", {"checks": checks}


_OWN_CACHE: dict = {}


def _own_checks_cached(cls) -> list[dict]:
    found = _OWN_CACHE.get(cls)
    if found is None:
        try:
            found = _dedupe(_own_init_checks(cls) + _setter_checks(cls))
        except Exception:  # noqa: BLE001 - one odd constructor must not stop the build
            found = []
        _OWN_CACHE[cls] = found
    return found


def _setter_checks(cls) -> list[dict]:
    """Checks of property setters the class defines (or a class decorator such as
    `@poke_mode_only` puts on it) for an attribute a base's __init__ sets straight from the
    argument of the same name (`self.mode = mode`): the setter runs with the written value."""
    checks = []
    for name, attribute in vars(cls).items():
        if not isinstance(attribute, property) or attribute.fset is None or not _set_from_argument(cls, name):
            continue
        tree = _function_tree(attribute.fset)
        if tree is None or len(tree.args.args) != 2:
            continue
        value_name = tree.args.args[1].arg
        scope = _Scope(cls, getattr(inspect.unwrap(attribute.fset), "__globals__", {}), {value_name: ["arg", name]}, {})
        checks.extend(check for check in _function_checks(tree, scope) if _arguments_of(check["when"]) == {name})
    return checks


def _set_from_argument(cls, name: str) -> bool:
    for klass in cls.__mro__[1:]:
        tree = _function_tree(klass.__dict__.get("__init__"))
        if tree is None:
            continue
        parameters = {a.arg for a in tree.args.args[1:] + tree.args.kwonlyargs}
        for statement in tree.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
                if isinstance(target, ast.Attribute) and target.attr == name and isinstance(target.value, ast.Name) \
                        and target.value.id == "self" and isinstance(statement.value, ast.Name) \
                        and statement.value.id == name and name in parameters:
                    return True
    return False


def class_entry(cls) -> dict | None:
    """What the linter needs of one class, its bases read separately: its own constructor's
    checks, the arguments some base checks that this class takes and does not pass on unchanged
    (`intercepts`: the base's check no longer sees the workflow's value), and its defaults for
    the arguments the checks of its MRO read."""
    own = _own_checks_cached(cls)
    read = set()
    for klass in cls.__mro__:
        for check in _own_checks_cached(klass):
            read |= _arguments_of(check["when"])
    if not read:
        return None
    intercepts = sorted((_intercepted(cls) & read) - {a for c in own for a in _arguments_of(c["when"])})
    defaults, without = _signature_defaults(cls, read) if "__init__" in cls.__dict__ else ({}, [])
    entry = {}
    if own:
        entry["checks"] = own
    if intercepts:
        entry["intercepts"] = intercepts
    if defaults:
        entry["defaults"] = defaults
    if without:
        entry["no_default"] = without
    return entry or None


def build() -> dict[str, dict[str, dict]]:
    from airflow.sdk.bases.operator import BaseOperator

    distributions = _distributions()
    per_package: dict[str, dict] = {}
    for module_name in _operator_modules():
        try:
            module = importlib.import_module(module_name)
        except Exception:  # noqa: BLE001 - a provider module whose optional dependency is missing
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module_name or not issubclass(cls, BaseOperator):
                continue
            package = _package_of(module_name, distributions)
            entry = class_entry(cls) if package is not None else None
            if entry is None:
                continue
            table = per_package.setdefault(package, {"checks": {}, "classes": {}})
            if "checks" in entry:
                ids = []
                for check in entry["checks"]:
                    key = json.dumps(check, sort_keys=True)
                    ids.append(table["checks"].setdefault(key, str(len(table["checks"]))))
                entry["checks"] = ids
            table["classes"][f"{module_name}.{cls.__name__}"] = entry
    dag = dag_entry()
    if dag is not None:
        path, entry = dag
        table = per_package.setdefault("apache-airflow-task-sdk", {"checks": {}, "classes": {}})
        ids = []
        for check in entry["checks"]:
            key = json.dumps(check, sort_keys=True)
            ids.append(table["checks"].setdefault(key, str(len(table["checks"]))))
        table["classes"][path] = {"checks": ids}
    releases = {}
    for package, table in per_package.items():
        releases[package] = {metadata.version(package): {
            "checks": {ident: json.loads(key) for key, ident in table["checks"].items()},
            "classes": dict(sorted(table["classes"].items())),
        }}
    return releases


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="the JSON file to merge this environment's releases into")
    args = parser.parse_args(argv)
    os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
    document = {"format": FORMAT, "packages": {}}
    if os.path.exists(args.out):
        with open(args.out, encoding="utf-8") as handle:
            document = json.load(handle)
    for package, releases in build().items():
        document["packages"].setdefault(package, {}).update(releases)
    document["packages"] = {name: dict(sorted(document["packages"][name].items())) for name in sorted(document["packages"])}
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=None, separators=(",", ":"), sort_keys=False)
        handle.write("\n")
    print(f"{args.out}: {', '.join(f'{p} {list(r)}' for p, r in document['packages'].items())}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
