"""Which AWS API operations each Amazon operator calls, read from the provider's source.

Build-time only. The provider's files are parsed with ``ast`` (never imported); a small abstract
interpreter walks each operator's ``execute`` / ``execute_complete`` / ``poke`` through the
operator's helper methods, the hook it builds (``self.hook``, ``aws_hook_class``, hook properties)
and the hook's methods and bases, until it reaches a boto3 client: ``self.conn.start_job_run(...)``,
``self.get_conn().put_object(...)``, ``client.get_paginator("list_objects_v2").paginate(...)``,
``self.get_waiter("x").wait(...)``. Values are followed as they flow: an operator argument stored
on ``self``, passed to a hook method, put into a dict or spread with ``**`` ends up as a request
member (``params``) or as the whole request (``request``).

botocore (installed next to the provider in the build environment) turns boto3's snake_case
method names into API operation names and waiter names into the operation they poll. Run::

    python lint/catalog/aws_calls.py --provider 9.30.0=/path/site-packages ... --out schemas/aws/operator-calls.json

What static reading cannot see is added from ``schemas/aws/operator-calls.overrides.json``.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROVIDER = "apache-airflow-providers-amazon"
ENTRY_METHODS = ("execute", "execute_complete", "poke")
OPERATOR_PACKAGES = ("operators", "sensors", "transfers")
# Methods of AwsGenericHook (base_aws.py) that hand out the boto3 client of the hook's service.
CLIENT_ATTRIBUTES = {"conn", "async_conn", "client"}
CLIENT_METHODS = {"get_conn", "get_client_type", "get_async_conn"}
# Helpers that return their first argument with None values dropped or copied: the keys survive.
PASSTHROUGH_FUNCTIONS = {"trim_none", "prune_dict", "deepcopy", "copy", "dict"}
# boto3 adds managed-transfer methods to the S3 client (boto3/s3/inject.py); they are no API
# operations of the model, so each is named here with its positional parameters and the operation
# its single-part path sends (``ExtraArgs`` joins that request).
S3_TRANSFER_METHODS = {
    "upload_file": ("PutObject", ("Filename", "Bucket", "Key", "ExtraArgs")),
    "upload_fileobj": ("PutObject", ("Fileobj", "Bucket", "Key", "ExtraArgs")),
    "download_file": ("GetObject", ("Bucket", "Key", "Filename", "ExtraArgs")),
    "download_fileobj": ("GetObject", ("Bucket", "Key", "Fileobj", "ExtraArgs")),
    "copy": ("CopyObject", ("CopySource", "Bucket", "Key", "ExtraArgs")),
}
# boto3 methods injected into resources (boto3/dynamodb/table.py), not in resources-1.json.
RESOURCE_INJECTED = {("dynamodb", "Table", "batch_writer"): "BatchWriteItem"}
MAX_DEPTH = 14
MAX_STEPS = 60_000  # evaluation steps per operator; a runaway walk stops here, calls found so far stay


# --- abstract values ------------------------------------------------------------------------------

class Value:
    """A value the interpreter tracks; the base class is 'unknown'."""


UNKNOWN = Value()


@dataclass(eq=False)
class Arg(Value):
    name: str  # an argument of the operator's constructor
    exact: bool = True  # False: on some path the code converts the value before sending it


@dataclass(eq=False)
class Const(Value):
    value: Any


@dataclass(eq=False)
class DictValue(Value):
    items: dict[str, Value] = field(default_factory=dict)
    spreads: list[Value] = field(default_factory=list)
    open_arguments: bool = False  # the operator's own **kwargs: any key is an operator argument


@dataclass(eq=False)
class Instance(Value):
    cls: "ClassInfo"
    attrs: dict[str, Value] = field(default_factory=dict)


@dataclass(eq=False)
class TupleValue(Value):
    elements: list[Value]


@dataclass(eq=False)
class ClassRef(Value):
    cls: "ClassInfo"


@dataclass(eq=False)
class FunctionRef(Value):
    function: "FunctionInfo"
    bound: Value | None = None


@dataclass(eq=False)
class Super(Value):
    instance: Value
    after: "ClassInfo"


@dataclass(eq=False)
class Client(Value):
    service: str


@dataclass(eq=False)
class Resource(Value):
    """A boto3 resource: the service resource (`kind` None) or e.g. a DynamoDB ``Table(name)``."""
    service: str
    kind: str | None = None
    identifiers: dict[str, Value] = field(default_factory=dict)


@dataclass(eq=False)
class Operation(Value):
    """A paginator or waiter: ``paginate(**kw)`` / ``wait(**kw)`` sends ``kw`` to `operation`."""
    service: str
    operation: str
    via: str


def _rank(value: Value) -> int:
    order = (Arg, DictValue, Instance, Client, Resource, Operation, TupleValue, ClassRef, FunctionRef, Const)
    for number, kind in enumerate(order):
        if isinstance(value, kind):
            return len(order) - number
    return 0


def _loosen(value: Value, others: list[Value]) -> Value:
    """An argument that another path replaces by something computed (``json.dumps(x) if ... else
    x``) may reach the request converted: its type is not the request's."""
    if isinstance(value, Arg) and value.exact and any(other is UNKNOWN for other in others):
        return Arg(value.name, exact=False)
    return value


def _best(*values: Value) -> Value:
    """The most informative of several possible values (first wins a tie)."""
    def weight(value: Value) -> tuple[int, int]:
        inner = sum(_rank(element) for element in value.elements) if isinstance(value, TupleValue) else 0
        return _rank(value), inner
    return max(values, key=weight) if values else UNKNOWN


# --- the provider's source ------------------------------------------------------------------------

@dataclass(eq=False)
class FunctionInfo:
    name: str
    node: ast.FunctionDef | ast.AsyncFunctionDef
    module: "ModuleInfo"
    owner: "ClassInfo | None" = None
    type_tested: frozenset[str] | None = None  # see _type_tested, computed on first call

    @property
    def decorators(self) -> set[str]:
        names = set()
        for decorator in self.node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
        return names


@dataclass(eq=False)
class ClassInfo:
    name: str
    qualname: str
    node: ast.ClassDef
    module: "ModuleInfo"
    methods: dict[str, FunctionInfo] = field(default_factory=dict)
    attributes: dict[str, ast.expr] = field(default_factory=dict)
    _mro: list["ClassInfo"] | None = None

    def mro(self) -> list["ClassInfo"]:
        if self._mro is None:
            self._mro = [self]
            seen = {self.qualname}
            for base in self.node.bases:
                resolved = self.module.resolve(base.value if isinstance(base, ast.Subscript) else base)
                if isinstance(resolved, ClassRef):
                    for cls in resolved.cls.mro():
                        if cls.qualname not in seen:
                            seen.add(cls.qualname)
                            self._mro.append(cls)
        return self._mro

    def find(self, name: str, after: "ClassInfo | None" = None) -> tuple["ClassInfo", FunctionInfo | ast.expr] | None:
        classes = self.mro()
        if after is not None:
            classes = classes[[cls.qualname for cls in classes].index(after.qualname) + 1:] if after in classes else []
        for cls in classes:
            if name in cls.methods:
                return cls, cls.methods[name]
            if name in cls.attributes:
                return cls, cls.attributes[name]
        return None

    def is_a(self, qualname_suffix: str) -> bool:
        return any(cls.qualname.endswith(qualname_suffix) for cls in self.mro())


class ModuleInfo:
    def __init__(self, name: str, tree: ast.Module, index: "SourceIndex"):
        self.name, self.index = name, index
        self.imports: dict[str, str] = {}
        self.classes: dict[str, ClassInfo] = {}
        self.functions: dict[str, FunctionInfo] = {}
        self.constants: dict[str, ast.expr] = {}
        package = name.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
                for alias in node.names:
                    self.imports[alias.asname or alias.name] = f"{base}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.imports[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                cls = ClassInfo(node.name, f"{name}.{node.name}", node, self)
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        cls.methods[item.name] = FunctionInfo(item.name, item, self, cls)
                    elif isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name):
                        cls.attributes[item.targets[0].id] = item.value
                    elif isinstance(item, ast.AnnAssign) and item.value is not None and isinstance(item.target, ast.Name):
                        cls.attributes[item.target.id] = item.value
                self.classes[node.name] = cls
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = FunctionInfo(node.name, node, self)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.constants[node.targets[0].id] = node.value

    def resolve(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Name):
            name = node.id
            if name in self.classes:
                return ClassRef(self.classes[name])
            if name in self.functions:
                return FunctionRef(self.functions[name])
            if name in self.constants and isinstance(self.constants[name], ast.Constant):
                return Const(self.constants[name].value)
            if name in self.imports:
                return self.index.lookup(self.imports[name])
        elif isinstance(node, ast.Attribute):
            # module.Class
            dotted = []
            current: ast.expr = node
            while isinstance(current, ast.Attribute):
                dotted.append(current.attr)
                current = current.value
            if isinstance(current, ast.Name) and current.id in self.imports:
                return self.index.lookup(".".join([self.imports[current.id], *reversed(dotted)]))
        return UNKNOWN


class SourceIndex:
    """The modules of one installed provider, parsed on first use."""

    def __init__(self, root: Path, package: str = "airflow.providers.amazon"):
        self.root, self.package = root, package
        self.modules: dict[str, ModuleInfo | None] = {}

    def module(self, name: str) -> ModuleInfo | None:
        if name not in self.modules:
            self.modules[name] = None
            if name == self.package or name.startswith(self.package + "."):
                relative = Path(*name.split(".")[len(self.package.split(".")):])
                for path in (self.root / relative).with_suffix(".py"), self.root / relative / "__init__.py":
                    if path.is_file():
                        self.modules[name] = ModuleInfo(name, ast.parse(path.read_text(encoding="utf-8")), self)
                        break
        return self.modules[name]

    def lookup(self, qualname: str) -> Value:
        module_name, _, attr = qualname.rpartition(".")
        module = self.module(module_name)
        if module is None:
            return UNKNOWN
        if attr in module.classes:
            return ClassRef(module.classes[attr])
        if attr in module.functions:
            return FunctionRef(module.functions[attr])
        if attr in module.imports and module.imports[attr] != qualname:
            return self.lookup(module.imports[attr])
        return UNKNOWN

    def operator_classes(self) -> list[ClassInfo]:
        found = []
        for sub in OPERATOR_PACKAGES:
            folder = self.root / "aws" / sub
            for path in sorted(folder.glob("*.py")):
                if path.stem.startswith("_"):
                    continue
                module = self.module(f"{self.package}.aws.{sub}.{path.stem}")
                for cls in module.classes.values() if module else ():
                    if cls.name.startswith("_"):
                        continue
                    if any(cls.find(name) for name in ENTRY_METHODS):
                        found.append(cls)
        return found


# --- botocore ------------------------------------------------------------------------------------

class Botocore:
    """Operation names and waiters from botocore's service models (build time only)."""

    def __init__(self):
        import botocore.session
        from botocore import xform_name

        self._session = botocore.session.get_session()
        self._xform = xform_name
        self._operations: dict[str, dict[str, str] | None] = {}
        self._waiters: dict[str, dict[str, str]] = {}
        self._resources: dict[str, dict | None] = {}
        self.version = botocore.__version__

    def snake(self, name: str) -> str:
        return self._xform(name)

    def operations(self, service: str) -> dict[str, str] | None:
        if service not in self._operations:
            try:
                model = self._session.get_service_model(service)
                self._operations[service] = {self._xform(name): name for name in model.operation_names}
            except Exception:  # an unknown service name: nothing to map
                self._operations[service] = None
        return self._operations[service]

    def resource_model(self, service: str) -> dict | None:
        """boto3's resource model of `service` (resources-1.json), if boto3 has one."""
        if service not in self._resources:
            self._resources[service] = None
            try:
                import boto3
                folder = Path(boto3.__file__).parent / "data" / service
                files = sorted(folder.glob("*/resources-1.json"))
                if files:
                    self._resources[service] = json.loads(files[-1].read_text(encoding="utf-8"))
            except ImportError:
                pass
        return self._resources[service]

    def waiter_operation(self, service: str, name: str) -> str | None:
        if service not in self._waiters:
            try:
                model = self._session.get_waiter_model(service)
                self._waiters[service] = {self._xform(waiter): model.get_waiter(waiter).operation
                                          for waiter in model.waiter_names}
            except Exception:
                self._waiters[service] = {}
        return self._waiters[service].get(name)


# --- the interpreter ------------------------------------------------------------------------------

@dataclass
class Frame:
    function: FunctionInfo
    env: dict[str, Value]
    self_value: Value | None
    returns: list[Value] = field(default_factory=list)
    type_tested: frozenset[str] = frozenset()


def _type_tested(node: ast.AST) -> frozenset[str]:
    """Names (``sql``, ``self.sql``) a function tests with ``isinstance``: it sends them in a
    different form depending on their type, so none of its requests shows their type."""
    found = set()
    for child in ast.walk(node):
        if (isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "isinstance"
                and child.args):
            found.add(_name_of(child.args[0]))
    found.discard("")
    return frozenset(found)


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return ""



@dataclass
class FoundCall:
    service: str
    operation: str
    via: str
    params: dict[str, str] = field(default_factory=dict)
    partial: set[str] = field(default_factory=set)
    loose: set[str] = field(default_factory=set)
    ignored: set[str] = field(default_factory=set)
    supplied: set[str] = field(default_factory=set)
    request: str | None = None


class StepLimit(Exception):
    pass


class Interpreter:
    def __init__(self, index: SourceIndex, botocore: Botocore):
        self.index, self.botocore = index, botocore
        self.stack: list[Frame] = []
        self.calls: list[FoundCall] = []
        self.steps = 0
        self.operator: ClassInfo | None = None
        self.consumed: dict[str, set[str]] = {}  # keys the code pops from an argument
        self.json_arguments: set[str] = set()

    # entry point
    def operator_calls(self, cls: ClassInfo) -> list[FoundCall]:
        self.calls, self.steps, self.stack, self.operator, self.consumed = [], 0, [], cls, {}
        self.json_arguments = set()
        instance = Instance(cls)
        try:
            found = cls.find("__init__")
            if found and isinstance(found[1], FunctionInfo):
                arguments = DictValue(open_arguments=True)
                self.call(found[1], instance, [], {}, [arguments])
            for name in ENTRY_METHODS:
                found = cls.find(name)
                if found and isinstance(found[1], FunctionInfo):
                    self.call(found[1], instance, [UNKNOWN, UNKNOWN], {}, [])
        except (StepLimit, RecursionError):
            pass
        for call in self.calls:
            for path, argument in [("", call.request), *call.params.items()]:
                for key in self.consumed.get(argument or "", ()):
                    call.ignored.add(f"{path}.{key}" if path else key)
        return self.calls

    # functions
    def call(self, function: FunctionInfo, self_value: Value | None, args: list[Value],
             kwargs: dict[str, Value], spreads: list[Value]) -> Value:
        if len(self.stack) >= MAX_DEPTH or any(frame.function is function for frame in self.stack):
            return UNKNOWN
        node = function.node
        env: dict[str, Value] = {}
        params = [*node.args.posonlyargs, *node.args.args]
        is_static = "staticmethod" in function.decorators
        if function.owner is not None and not is_static and params:
            env[params[0].arg] = self_value if self_value is not None else UNKNOWN
            params = params[1:]
        defaults = node.args.defaults
        default_of = {param.arg: default for param, default in zip(params[len(params) - len(defaults):], defaults)}
        for param, default in zip(node.args.kwonlyargs, node.args.kw_defaults):
            if default is not None:
                default_of[param.arg] = default
        names = [param.arg for param in params] + [param.arg for param in node.args.kwonlyargs]
        for param, value in zip(params, args):
            env[param.arg] = value
        rest = DictValue()
        for key, value in kwargs.items():
            if key in names:
                env[key] = value
            else:
                rest.items[key] = value
        for spread in spreads:
            if isinstance(spread, DictValue):
                for key, value in spread.items.items():
                    if key in names and key not in env:
                        env[key] = value
                    elif key not in names:
                        rest.items[key] = value
                if spread.open_arguments:
                    for key in names:
                        env.setdefault(key, Arg(key))
                    rest.open_arguments = True
                rest.spreads.extend(spread.spreads)
            else:
                rest.spreads.append(spread)
        for key in names:
            if key not in env:
                default = default_of.get(key)
                env[key] = Const(default.value) if isinstance(default, ast.Constant) else UNKNOWN
        if node.args.kwarg is not None:
            env[node.args.kwarg.arg] = rest
        if node.args.vararg is not None:
            env[node.args.vararg.arg] = UNKNOWN
        if function.type_tested is None:
            function.type_tested = _type_tested(node)
        frame = Frame(function, env, self_value, type_tested=function.type_tested)
        self.stack.append(frame)
        try:
            self.block(node.body, frame)
        finally:
            self.stack.pop()
        return _loosen(_best(*frame.returns), frame.returns)

    def block(self, statements: list[ast.stmt], frame: Frame) -> None:
        for statement in statements:
            self.statement(statement, frame)

    def statement(self, node: ast.stmt, frame: Frame) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise StepLimit
        if isinstance(node, ast.Assign):
            value = self.eval(node.value, frame)
            for target in node.targets:
                self.assign(target, value, frame)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self.assign(node.target, self.eval(node.value, frame), frame)
        elif isinstance(node, ast.AugAssign):
            self.eval(node.value, frame)
        elif isinstance(node, ast.Expr):
            self.eval(node.value, frame)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Subscript):
                    container, key = self.eval(target.value, frame), self.eval(target.slice, frame)
                    if isinstance(container, Arg) and isinstance(key, Const):
                        self.consumed.setdefault(container.name, set()).add(str(key.value))
        elif isinstance(node, ast.Return) and node.value is not None:
            frame.returns.append(self.eval(node.value, frame))
        elif isinstance(node, ast.If):
            self.eval(node.test, frame)
            self.block(node.body, frame)
            self.block(node.orelse, frame)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self.eval(node.iter, frame)
            self.assign(node.target, UNKNOWN, frame)
            self.block(node.body, frame)
            self.block(node.orelse, frame)
        elif isinstance(node, ast.While):
            self.eval(node.test, frame)
            self.block(node.body, frame)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                value = self.eval(item.context_expr, frame)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, value, frame)
            self.block(node.body, frame)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            self.block(node.body, frame)
            for handler in node.handlers:
                self.block(handler.body, frame)
            self.block(node.orelse, frame)
            self.block(node.finalbody, frame)
        elif isinstance(node, ast.Match):
            self.eval(node.subject, frame)
            for case in node.cases:
                self.block(case.body, frame)

    def assign(self, target: ast.expr, value: Value, frame: Frame) -> None:
        if isinstance(target, ast.Name):
            previous = frame.env.get(target.id)
            # An unknown re-assignment keeps what is known (code paths are not told apart), but an
            # argument re-assigned from something computed may be sent converted: loose.
            if value is UNKNOWN and previous is not None and previous is not UNKNOWN and not isinstance(previous, Const):
                frame.env[target.id] = _loosen(previous, [UNKNOWN])
                return
            frame.env[target.id] = value
        elif isinstance(target, ast.Attribute):
            owner = self.eval(target.value, frame)
            if isinstance(owner, Instance):
                previous = owner.attrs.get(target.attr)
                if value is UNKNOWN and previous is not None and previous is not UNKNOWN:
                    owner.attrs[target.attr] = _loosen(previous, [UNKNOWN])
                    return
                owner.attrs[target.attr] = value
        elif isinstance(target, ast.Subscript):
            key = self.eval(target.slice, frame)
            if not isinstance(key, Const) or not isinstance(key.value, str):
                return
            container = self.eval(target.value, frame)
            if isinstance(container, DictValue):
                container.items[key.value] = value
            elif isinstance(container, Arg):
                # ``self.context["Database"] = self.database``: the argument, with a key added
                self.assign(target.value, DictValue({key.value: value}, [container]), frame)
        elif isinstance(target, (ast.Tuple, ast.List)):
            elements = value.elements if isinstance(value, TupleValue) and len(value.elements) == len(target.elts) else None
            for number, element in enumerate(target.elts):
                self.assign(element.value if isinstance(element, ast.Starred) else element,
                            elements[number] if elements else UNKNOWN, frame)

    # expressions
    def eval(self, node: ast.expr, frame: Frame) -> Value:
        self.steps += 1
        if isinstance(node, ast.Constant):
            return Const(node.value)
        if isinstance(node, ast.Name):
            if node.id in frame.env:
                return self._tested(frame.env[node.id], node, frame)
            return frame.function.module.resolve(node)
        if isinstance(node, ast.Attribute):
            return self._tested(self.attribute(self.eval(node.value, frame), node.attr, node, frame), node, frame)
        if isinstance(node, ast.Call):
            return self.eval_call(node, frame)
        if isinstance(node, ast.Dict):
            result = DictValue()
            for key, value in zip(node.keys, node.values):
                evaluated = self.eval(value, frame)
                if key is None:
                    if isinstance(evaluated, DictValue):
                        result.items.update(evaluated.items)
                        result.spreads.extend(evaluated.spreads)
                    else:
                        result.spreads.append(evaluated)
                else:
                    key_value = self.eval(key, frame)
                    if isinstance(key_value, Const) and isinstance(key_value.value, str):
                        result.items[key_value.value] = evaluated
            return result
        if isinstance(node, ast.BoolOp):
            return _best(*(self.eval(value, frame) for value in node.values))
        if isinstance(node, ast.IfExp):
            self.eval(node.test, frame)
            body, orelse = self.eval(node.body, frame), self.eval(node.orelse, frame)
            return _loosen(_best(body, orelse), [body, orelse])
        if isinstance(node, ast.Subscript):
            container = self.eval(node.value, frame)
            key = self.eval(node.slice, frame)
            if isinstance(container, DictValue) and isinstance(key, Const):
                return container.items.get(key.value, UNKNOWN)
            return UNKNOWN
        if isinstance(node, ast.Await):
            return self.eval(node.value, frame)
        if isinstance(node, ast.NamedExpr):
            value = self.eval(node.value, frame)
            self.assign(node.target, value, frame)
            return value
        if isinstance(node, ast.Tuple):
            return TupleValue([self.eval(element, frame) for element in node.elts])
        if isinstance(node, (ast.JoinedStr, ast.BinOp, ast.Compare, ast.UnaryOp, ast.List, ast.Set)):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.eval(child, frame)
            return UNKNOWN
        return UNKNOWN

    @staticmethod
    def _tested(value: Value, node: ast.expr, frame: Frame) -> Value:
        if isinstance(value, Arg) and value.exact and frame.type_tested and _name_of(node) in frame.type_tested:
            return Arg(value.name, exact=False)
        return value

    def attribute(self, owner: Value, name: str, node: ast.AST, frame: Frame) -> Value:
        if isinstance(owner, Instance):
            if name in owner.attrs:
                return owner.attrs[name]
            if name in CLIENT_ATTRIBUTES and self._is_aws_hook(owner):
                return self._connection(owner)
            found = owner.cls.find(name)
            if found is None:
                return UNKNOWN
            cls, member = found
            if isinstance(member, FunctionInfo):
                if member.decorators & {"property", "cached_property"}:
                    owner.attrs[name] = UNKNOWN  # guards against a property reading itself
                    value = self.call(member, owner, [], {}, [])
                    owner.attrs[name] = value
                    return value
                return FunctionRef(member, owner)
            return self._class_attribute(cls, member)
        if isinstance(owner, ClassRef):
            found = owner.cls.find(name)
            if found is None:
                return UNKNOWN
            cls, member = found
            if isinstance(member, FunctionInfo):
                return FunctionRef(member, owner)
            return self._class_attribute(cls, member)
        if isinstance(owner, Super):
            found = owner.instance.cls.find(name, after=owner.after) if isinstance(owner.instance, Instance) else None
            if found and isinstance(found[1], FunctionInfo):
                if found[1].decorators & {"property", "cached_property"}:
                    return self.call(found[1], owner.instance, [], {}, [])
                return FunctionRef(found[1], owner.instance)
            return UNKNOWN
        if isinstance(owner, Resource) and owner.kind:
            # reading an attribute of a resource (``instance.state``) loads it: its load operation
            model = self.botocore.resource_model(owner.service) or {"resources": {}}
            definition = model["resources"].get(owner.kind, {})
            if "load" in definition and name not in definition.get("has", {}):
                self._resource_call(owner, "load", [], {}, [])
        return UNKNOWN

    def _class_attribute(self, cls: ClassInfo, expression: ast.expr) -> Value:
        value = cls.module.resolve(expression) if isinstance(expression, (ast.Name, ast.Attribute)) else UNKNOWN
        if isinstance(expression, ast.Constant):
            return Const(expression.value)
        return value

    def _is_aws_hook(self, value: Value) -> bool:
        return isinstance(value, Instance) and value.cls.is_a("hooks.base_aws.AwsGenericHook")

    def _service(self, hook: Instance) -> str | None:
        for name in ("client_type", "resource_type"):
            value = hook.attrs.get(name)
            if isinstance(value, Const) and isinstance(value.value, str):
                return value.value
        return None

    def _connection(self, hook: Instance) -> Value:
        """``hook.conn``: a client, or a service resource for hooks made with ``resource_type``."""
        for name, kind in (("client_type", Client), ("resource_type", Resource)):
            value = hook.attrs.get(name)
            if isinstance(value, Const) and isinstance(value.value, str):
                return kind(value.value)
        return UNKNOWN

    def _resource_call(self, resource: Resource, name: str, args, kwargs, spreads) -> Value:
        model = self.botocore.resource_model(resource.service)
        if model is None:
            return UNKNOWN
        definition = model["service"] if resource.kind is None else model["resources"].get(resource.kind, {})
        if name in definition.get("has", {}):
            target = definition["has"][name]["resource"]
            inputs = [identifier["target"] for identifier in target.get("identifiers", []) if identifier["source"] == "input"]
            identifiers = dict(zip(inputs, args))
            for key in inputs:
                for spelling in (key, self.botocore.snake(key)):
                    if spelling in kwargs:
                        identifiers[key] = kwargs[spelling]
            return Resource(resource.service, target["type"], identifiers)
        injected = RESOURCE_INJECTED.get((resource.service, resource.kind, name))
        if injected:
            self._record(resource.service, injected, {}, [], via=name)
            return UNKNOWN
        actions = dict(definition.get("actions", {}))
        if "load" in definition:
            actions["Load"] = definition["load"]
        from_snake = {self.botocore.snake(action): action for action in actions}
        if name not in from_snake:
            return UNKNOWN
        request = actions[from_snake[name]]["request"]
        members = dict(kwargs)
        for param in request.get("params", []):
            if param["source"] == "identifier" and param["name"] in resource.identifiers:
                members[param["target"]] = resource.identifiers[param["name"]]
        self._record(resource.service, request["operation"], members, spreads, via=f"{resource.kind}.{name}" if resource.kind else name)
        return UNKNOWN

    def _via(self) -> str:
        for frame in self.stack:
            owner = frame.function.owner
            if owner is not None and owner is not self.operator and not self.operator.is_a(owner.qualname) and owner.is_a("hooks.base_aws.AwsGenericHook"):
                return f"{owner.name}.{frame.function.name}"
        frame = self.stack[-1] if self.stack else None
        if frame is None:
            return ""
        owner = frame.function.owner
        return f"{owner.name}.{frame.function.name}" if owner else frame.function.name

    def eval_call(self, node: ast.Call, frame: Frame) -> Value:
        func = node.func
        args = [self.eval(arg.value if isinstance(arg, ast.Starred) else arg, frame) for arg in node.args]
        kwargs: dict[str, Value] = {}
        spreads: list[Value] = []
        for keyword in node.keywords:
            value = self.eval(keyword.value, frame)
            if keyword.arg is None:
                spreads.append(value)
            else:
                kwargs[keyword.arg] = value
        if (isinstance(func, ast.Attribute) and func.attr == "loads" and isinstance(func.value, ast.Name)
                and func.value.id == "json" and args and isinstance(args[0], Arg)):
            self.json_arguments.add(args[0].name)  # the operator parses this argument as JSON text
        if isinstance(func, ast.Name) and func.id == "super":
            owner = frame.function.owner
            return Super(frame.self_value, owner) if owner is not None and frame.self_value is not None else UNKNOWN
        if isinstance(func, ast.Name) and func.id in PASSTHROUGH_FUNCTIONS and func.id not in frame.env:
            if func.id == "dict":
                result = DictValue(dict(kwargs), [])
                for value in [*args, *spreads]:
                    if isinstance(value, DictValue):
                        result.items.update(value.items)
                        result.spreads.extend(value.spreads)
                    else:
                        result.spreads.append(value)
                return result
            return args[0] if args else UNKNOWN
        if isinstance(func, ast.Attribute):
            owner = self.eval(func.value, frame)
            name = func.attr
            if isinstance(owner, Client):
                return self._client_call(owner, name, args, kwargs, spreads)
            if isinstance(owner, Operation) and name in ("paginate", "wait"):
                self._record(owner.service, owner.operation, kwargs, spreads, via=owner.via)
                return UNKNOWN
            if isinstance(owner, Instance) and self._is_aws_hook(owner) and name in CLIENT_METHODS | {"get_waiter"}:
                service = self._service(owner)
                if name == "get_client_type":
                    explicit = args[0] if args else kwargs.get("client_type")
                    if isinstance(explicit, Const) and isinstance(explicit.value, str):
                        service = explicit.value
                if not service:
                    return UNKNOWN
                if name == "get_waiter":
                    return self._waiter(service, args[0] if args else kwargs.get("waiter_name", UNKNOWN))
                return Client(service) if name == "get_client_type" else self._connection(owner)
            if isinstance(owner, Instance) and self._is_aws_hook(owner) and name == "get_resource_type":
                explicit = args[0] if args else kwargs.get("resource_type")
                if isinstance(explicit, Const) and isinstance(explicit.value, str):
                    return Resource(explicit.value)
                return UNKNOWN
            if isinstance(owner, Resource):
                return self._resource_call(owner, name, args, kwargs, spreads)
            if isinstance(owner, DictValue) and name == "update":
                for value in [*args, *spreads]:
                    if isinstance(value, DictValue):
                        owner.items.update(value.items)
                        owner.spreads.extend(value.spreads)
                    elif value is not UNKNOWN:
                        owner.spreads.append(value)
                owner.items.update(kwargs)
                return UNKNOWN
            if isinstance(owner, DictValue) and name in ("copy",):
                return DictValue(dict(owner.items), list(owner.spreads))
            if isinstance(owner, Arg) and name == "pop" and args and isinstance(args[0], Const):
                self.consumed.setdefault(owner.name, set()).add(str(args[0].value))
            if isinstance(owner, (DictValue, Arg)) and name in ("get", "pop") and args and isinstance(args[0], Const):
                if isinstance(owner, DictValue):
                    if name == "pop":
                        return owner.items.pop(args[0].value, UNKNOWN)
                    return owner.items.get(args[0].value, UNKNOWN)
                return UNKNOWN
            callee = self.attribute(owner, name, func, frame)
        else:
            callee = self.eval(func, frame)
        if isinstance(callee, FunctionRef):
            bound = callee.bound
            if isinstance(bound, ClassRef) and "classmethod" not in callee.function.decorators and "staticmethod" not in callee.function.decorators:
                # Class.method(self, ...) called unbound
                bound, args = (args[0] if args else UNKNOWN), args[1:]
            return self.call(callee.function, bound, args, kwargs, spreads)
        if isinstance(callee, ClassRef):
            instance = Instance(callee.cls)
            found = callee.cls.find("__init__")
            if found and isinstance(found[1], FunctionInfo):
                self.call(found[1], instance, args, kwargs, spreads)
            return instance
        return UNKNOWN

    def _waiter(self, service: str, name: Value) -> Value:
        if not isinstance(name, Const) or not isinstance(name.value, str):
            return UNKNOWN
        custom = self.index.root / "aws" / "waiters" / f"{service}.json"
        if custom.is_file():
            waiters = json.loads(custom.read_text(encoding="utf-8")).get("waiters", {})
            if name.value in waiters and waiters[name.value].get("operation"):
                # some of the provider's waiter files spell the operation in camelCase
                operation = waiters[name.value]["operation"]
                by_lower = {known.lower(): known for known in (self.botocore.operations(service) or {}).values()}
                return Operation(service, by_lower.get(operation.lower(), operation), f"waiter {name.value} (provider)")
        operation = self.botocore.waiter_operation(service, name.value)
        return Operation(service, operation, f"waiter {name.value}") if operation else UNKNOWN

    def _client_call(self, client: Client, name: str, args, kwargs, spreads) -> Value:
        operations = self.botocore.operations(client.service) or {}
        if name == "get_paginator" and args and isinstance(args[0], Const) and args[0].value in operations:
            return Operation(client.service, operations[args[0].value], f"paginator {args[0].value}")
        if name == "get_waiter" and args:
            return self._waiter(client.service, args[0])
        if name in operations:
            self._record(client.service, operations[name], kwargs, spreads)
        elif client.service == "s3" and name in S3_TRANSFER_METHODS:
            operation, positional = S3_TRANSFER_METHODS[name]
            named = dict(zip(positional, args)) | kwargs
            extra = named.pop("ExtraArgs", UNKNOWN)
            named.pop("Filename", None), named.pop("Fileobj", None), named.pop("Config", None)
            named.pop("Callback", None)
            self._record(client.service, operation, named, [extra] if extra is not UNKNOWN else [], via=name)
        return UNKNOWN

    def _record(self, service: str, operation: str, kwargs: dict[str, Value], spreads: list[Value], via: str | None = None) -> None:
        call = FoundCall(service, operation, self._via() + (f" ({via})" if via else ""))
        request = DictValue(dict(kwargs), list(spreads))
        self._flatten("", request, call, top=True)
        self.calls.append(call)

    def _flatten(self, path: str, value: Value, call: FoundCall, top: bool = False) -> None:
        if isinstance(value, Arg):
            if top:
                call.request = call.request or value.name
            else:
                call.params.setdefault(path, value.name)
            if not value.exact:
                call.loose.add(path or "*")
            return
        if not isinstance(value, DictValue):
            return
        for key, item in value.items.items():
            member = f"{path}.{key}" if path else key
            if top:
                call.supplied.add(key.split("[")[0].split(".")[0])
            self._flatten(member, item, call)
        for spread in value.spreads:
            if isinstance(spread, Arg):
                if not spread.exact:
                    call.loose.add(path or "*")
                if top:
                    call.request = call.request or spread.name
                else:
                    call.params.setdefault(path, spread.name)
                    if value.items:
                        call.partial.add(path)
            elif isinstance(spread, DictValue):
                self._flatten(path, spread, call, top)


# --- building the map -----------------------------------------------------------------------------

def calls_of_release(site_packages: Path, botocore: Botocore) -> tuple[dict[str, list[dict]], dict[str, list[str]]]:
    root = site_packages / "airflow" / "providers" / "amazon"
    index = SourceIndex(root)
    interpreter = Interpreter(index, botocore)
    result: dict[str, list[dict]] = {}
    json_arguments: dict[str, list[str]] = {}
    for cls in index.operator_classes():
        entries: dict[tuple, dict] = {}
        for call in interpreter.operator_calls(cls):
            key = (call.service, call.operation, call.via, call.request)
            entry = entries.setdefault(key, {"service": call.service, "operation": call.operation, "via": call.via,
                                             "params": {}, "request": None, "supplied": [], "partial": [],
                                             "loose": [], "ignored": []})
            for member, argument in call.params.items():
                entry["params"].setdefault(member, argument)
            entry["request"] = entry["request"] or call.request
            entry["supplied"] = sorted(set(entry["supplied"]) | call.supplied)
            entry["partial"] = sorted(set(entry["partial"]) | call.partial)
            entry["loose"] = sorted(set(entry["loose"]) | call.loose)
            entry["ignored"] = sorted(set(entry["ignored"]) | call.ignored)
        if entries:
            result[cls.qualname] = list(entries.values())
        if interpreter.json_arguments:
            json_arguments[cls.qualname] = sorted(interpreter.json_arguments)
    return result, json_arguments


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def _describe_versions(present: list[str], releases: list[str]) -> str:
    if present == releases:
        return "all"
    positions = [releases.index(version) for version in present]
    if positions == list(range(positions[0], positions[-1] + 1)):
        return present[0] if len(present) == 1 else f"{present[0]}-{present[-1]}"
    return ",".join(present)


def merge_releases(per_release: dict[str, dict[str, list[dict]]], overrides: list[dict],
                   json_arguments: dict[str, set[str]] | None = None) -> dict[str, Any]:
    releases = sorted(per_release, key=_version_key)
    operators: dict[str, dict[str, list[tuple[dict, list[str]]]]] = {}
    for release in releases:
        for operator, calls in per_release[release].items():
            slots = operators.setdefault(operator, {})
            for call in calls:
                key = json.dumps(call, sort_keys=True)
                slots.setdefault(key, (call, []))[1].append(release)
    result: dict[str, Any] = {}
    for operator in sorted(operators):
        calls = []
        for call, present in operators[operator].values():
            entry = {key: value for key, value in call.items() if value or key in ("params", "request")}
            entry["versions"] = _describe_versions(present, releases)
            entry["source"] = "static"
            calls.append(entry)
        calls.sort(key=lambda entry: (entry["service"], entry["operation"], entry["via"], entry["versions"]))
        result[operator] = {"calls": calls}
        if json_arguments and operator in json_arguments:
            result[operator]["json_arguments"] = sorted(json_arguments[operator])
    for override in overrides:
        entry = {key: value for key, value in override.items() if key not in ("operator", "reason", "where")}
        entry.setdefault("params", {})
        entry.setdefault("request", None)
        entry.setdefault("versions", "all")
        entry["source"] = f"override: {override['reason']} ({override['where']})"
        calls = result.setdefault(override["operator"], {"calls": []})["calls"]
        calls[:] = [call for call in calls if (call["service"], call["operation"], call["via"]) != (entry["service"], entry["operation"], entry["via"])]
        calls.append(entry)
    return {"releases": releases, "operators": result}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--provider", action="append", required=True, metavar="VERSION=SITE_PACKAGES",
                        help="an amazon provider release and the folder holding its airflow/ package (repeatable)")
    parser.add_argument("--overrides", type=Path, help="reviewed additions (operator-calls.overrides.json)")
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args(argv)
    botocore = Botocore()
    per_release = {}
    json_arguments: dict[str, set[str]] = {}
    for spec in options.provider:
        version, _, folder = spec.partition("=")
        per_release[version], parsed = calls_of_release(Path(folder), botocore)
        for operator, names in parsed.items():
            json_arguments.setdefault(operator, set()).update(names)
        print(f"{version}: {len(per_release[version])} operators with calls", file=sys.stderr)
    overrides = json.loads(options.overrides.read_text(encoding="utf-8"))["overrides"] if options.overrides else []
    merged = merge_releases(per_release, overrides, json_arguments)
    document = {"format": 1, "provider": PROVIDER, "releases": merged["releases"], "botocore": botocore.version,
                "operators": merged["operators"]}
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(document, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
