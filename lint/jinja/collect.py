"""Collecting what a parsed template reads from the context, with Jinja's scoping rules.

Names bound by the template itself (set, for, macro, with, import) are not context lookups; a
scope's bindings count wherever they appear in it, so the collector errs towards silence.
"""

from __future__ import annotations

import functools
from typing import Iterable

from jinja2 import nodes

from wflint.jinja.results import (
    Argument,
    CallUse,
    FilterUse,
    NestedTemplate,
    Reference,
    TaskIdRef,
    TemplateAnalysis,
    TestUse,
    XComPull,
)

# Names Jinja itself binds inside constructs, valid only there.
_LOOP_NAMES = frozenset({"loop"})
_MACRO_NAMES = frozenset({"varargs", "kwargs", "caller"})
# Operands of these filters / tests may be undefined without failing under StrictUndefined.
_GUARD_FILTERS = frozenset({"default", "d"})
_GUARD_TESTS = frozenset({"defined", "undefined"})
_XCOM_RECEIVERS = frozenset({"ti", "task_instance"})


def _target_names(node) -> set[str]:
    """Names in an assignment target (`a`, `a, (b, c)`), found without recursion."""
    names: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, nodes.Name):
            names.add(current.name)
        stack.extend(current.iter_child_nodes())
    return names


def _bindings(body: Iterable) -> set[str]:
    """Names bound directly in a scope: through if/else and filter blocks, not into new scopes."""
    bound: set[str] = set()
    stack = [body]
    while stack:
        for stmt in stack.pop():
            _bind(stmt, bound, stack)
    return bound


def _bind(stmt, bound: set[str], stack: list) -> None:
    """Add what `stmt` binds to `bound`; the bodies it binds through go on `stack`."""
    if isinstance(stmt, (nodes.Assign, nodes.AssignBlock)):
        if not isinstance(stmt.target, nodes.NSRef):
            bound |= _target_names(stmt.target)
    elif isinstance(stmt, nodes.Macro):
        bound.add(stmt.name)
    elif isinstance(stmt, nodes.Import):
        bound.add(stmt.target)
    elif isinstance(stmt, nodes.FromImport):
        bound |= {name[1] if isinstance(name, tuple) else name for name in stmt.names}
    elif isinstance(stmt, nodes.If):
        stack += [stmt.body, stmt.else_]
        for elif_ in stmt.elif_:
            stack += [elif_.body, elif_.else_]
    elif isinstance(stmt, nodes.FilterBlock):
        stack.append(stmt.body)


def _span(node) -> tuple[int, int]:
    return getattr(node, "_wf_span", None) or (0, 0)


_VISIT, _OPEN, _CLOSE = "visit", "open", "close"


class _Collector:
    def __init__(self) -> None:
        self.references: list[Reference] = []
        self.filters: list[FilterUse] = []
        self.tests: list[TestUse] = []
        self.xcom_pulls: list[XComPull] = []
        self.local_names: set[str] = set()
        self.guarded: set[tuple[str, ...]] = set()
        self.calls: list[CallUse] = []
        self.nested: list[NestedTemplate] = []
        self.scopes: list[set[str]] = []
        self.pending: list = []  # what the running visit_* method scheduled

    # scopes

    def bound(self, name: str) -> bool:
        return any(name in scope for scope in self.scopes)

    def in_scope(self, names: set[str], body: Iterable, extra: Iterable = ()) -> None:
        scope = set(names) | _bindings(body)
        self.local_names |= scope - _LOOP_NAMES - _MACRO_NAMES
        self.pending.append((_OPEN, scope))
        for node in extra:
            self.visit(node)
        for node in body:
            self.visit(node)
        self.pending.append((_CLOSE, None))

    # traversal: without recursion, so that no template (a chain of 1,000 filters, say) reaches
    # Python's recursion limit. A visit_* method *schedules* the nodes it visits (and the scopes
    # it opens and closes) in order; they run after it returns, in that order.

    def run(self, root) -> None:
        stack: list = [(_VISIT, root)]
        while stack:
            action, item = stack.pop()
            if action is _OPEN:
                self.scopes.append(item)
                continue
            if action is _CLOSE:
                self.scopes.pop()
                continue
            self.pending = []
            method = getattr(self, "visit_" + type(item).__name__, None)
            if method is not None:
                method(item)
            else:
                self.generic(item)
            stack.extend(reversed(self.pending))

    def visit(self, node) -> None:
        if node is not None:
            self.pending.append((_VISIT, node))

    def generic(self, node) -> None:
        for child in node.iter_child_nodes():
            self.visit(child)

    def visit_Template(self, node) -> None:
        self.in_scope(set(), node.body)

    def visit_For(self, node) -> None:
        self.visit(node.iter)
        self.in_scope(_target_names(node.target) | _LOOP_NAMES, node.body, extra=[node.test])
        for stmt in node.else_:
            self.visit(stmt)

    def visit_Macro(self, node) -> None:
        for default in node.defaults:
            self.visit(default)
        self.in_scope({arg.name for arg in node.args} | _MACRO_NAMES, node.body)

    def visit_CallBlock(self, node) -> None:
        self.visit(node.call)
        for default in node.defaults:
            self.visit(default)
        self.in_scope({arg.name for arg in node.args} | _MACRO_NAMES, node.body)

    def visit_With(self, node) -> None:
        for value in node.values:
            self.visit(value)
        names: set[str] = set()
        for target in node.targets:
            names |= _target_names(target)
        self.in_scope(names, node.body)

    def visit_Block(self, node) -> None:
        self.in_scope(set(), node.body)

    def visit_Scope(self, node) -> None:
        self.in_scope(set(), node.body)

    def visit_Assign(self, node) -> None:
        self.visit(node.node)
        if isinstance(node.target, nodes.NSRef):
            self._name_load(node.target.name, _span(node.target))

    def visit_AssignBlock(self, node) -> None:
        self.visit(node.filter)
        for stmt in node.body:
            self.visit(stmt)

    def visit_Name(self, node) -> None:
        if node.ctx == "load":
            self._name_load(node.name, _span(node))

    def _name_load(self, name: str, span: tuple[int, int]) -> None:
        if not self.bound(name):
            self.references.append(Reference(name, span[0], span[0] + len(name)))

    def visit_Getattr(self, node) -> None:
        self._chain(node)

    def visit_Getitem(self, node) -> None:
        self._chain(node)

    def _chain(self, outer) -> None:
        """Record ``root.a['b'].c`` as one reference; visit dynamic parts as expressions."""
        steps = []
        node = outer
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            steps.append(node)
            node = node.node
        steps.reverse()
        base = node
        if not (isinstance(base, nodes.Name) and base.ctx == "load"):
            self.visit(base)
            for step in steps:
                if isinstance(step, nodes.Getitem):
                    self.visit(step.arg)
            return
        path: list[str] = []
        spans: list[tuple[int, int]] = []
        items: list[bool] = []
        constant = True
        for step in steps:
            if constant and isinstance(step, nodes.Getattr):
                path.append(step.attr)
                spans.append(getattr(step, "_wf_attr_span", _span(step)))
                items.append(False)
            elif constant and isinstance(step.arg, nodes.Const) and isinstance(step.arg.value, (str, int)):
                path.append(str(step.arg.value))
                spans.append(_span(step.arg))
                items.append(True)
            else:
                constant = False
                if isinstance(step, nodes.Getitem):
                    self.visit(step.arg)
        if not self.bound(base.name):
            start = _span(base)[0]
            self.references.append(
                Reference(base.name, start, start + len(base.name), tuple(path), tuple(spans), tuple(items))
            )

    def visit_Filter(self, node) -> None:
        start, end = getattr(node, "_wf_name_span", (0, 0))
        self.filters.append(FilterUse(node.name, start, end))
        if node.name in _GUARD_FILTERS and node.node is not None:
            self._guard(node.node)
        self.generic(node)

    def visit_Test(self, node) -> None:
        start, end = getattr(node, "_wf_name_span", (0, 0))
        self.tests.append(TestUse(node.name, start, end))
        if node.name in _GUARD_TESTS:
            self._guard(node.node)
        self.generic(node)

    def _guard(self, node) -> None:
        path: list[str] = []
        while isinstance(node, (nodes.Getattr, nodes.Getitem)):
            if isinstance(node, nodes.Getattr):
                path.append(node.attr)
            elif isinstance(node.arg, nodes.Const):
                path.append(str(node.arg.value))
            else:
                return
            node = node.node
        if isinstance(node, nodes.Name):
            self.guarded.add(tuple([node.name] + path[::-1]))

    def visit_Call(self, node) -> None:
        callee = node.node
        if (
            isinstance(callee, nodes.Getattr)
            and callee.attr == "xcom_pull"
            and isinstance(callee.node, nodes.Name)
            and callee.node.name in _XCOM_RECEIVERS
            and not self.bound(callee.node.name)
        ):
            self._xcom_pull(node, callee.node.name)
        self._method_call(node)
        self.generic(node)

    def _method_call(self, call) -> None:
        """Record `root.a.b(...)` with constant attribute names on a context name."""
        path: list[str] = []
        node = call.node
        span = getattr(node, "_wf_attr_span", None)
        while isinstance(node, nodes.Getattr):
            path.append(node.attr)
            node = node.node
        if not path or span is None or not isinstance(node, nodes.Name) or self.bound(node.name):
            return
        args = [self._argument(value) for value in call.args]
        args += [self._argument(keyword.value, keyword.key) for keyword in call.kwargs]
        star = call.dyn_args is not None or call.dyn_kwargs is not None
        self.calls.append(CallUse(node.name, tuple(reversed(path)), span[0], span[1], tuple(args), star))

    def _argument(self, value, keyword: str | None = None) -> Argument:
        argument = _argument(value, keyword)
        if isinstance(value, nodes.Name) and not self.bound(value.name):
            return Argument(argument.kind, None, argument.start, argument.end, keyword, value.name)
        return argument

    def visit_Const(self, node) -> None:
        if isinstance(node.value, str) and ("{{" in node.value or "{%" in node.value):
            start, end = _span(node)
            self.nested.append(NestedTemplate(start, end))

    def visit_TemplateData(self, node) -> None:
        pass  # text outside any expression: rendered as it stands

    def _xcom_pull(self, call, receiver: str) -> None:
        argument = None
        if call.args:
            argument = call.args[0]
        for keyword in call.kwargs:
            if keyword.key == "task_ids":
                argument = keyword.value
        ids: list[TaskIdRef] = []
        dynamic = False
        if argument is not None:
            values = argument.items if isinstance(argument, (nodes.List, nodes.Tuple)) else [argument]
            for value in values:
                if isinstance(value, nodes.Const) and isinstance(value.value, str):
                    start, end = _span(value)
                    ids.append(TaskIdRef(value.value, start, end))
                elif not (isinstance(value, nodes.Const) and value.value is None):
                    dynamic = True
        start, end = _span(call)
        self.xcom_pulls.append(XComPull(receiver, start, end, tuple(ids), dynamic))


_LITERAL_KINDS = {str: "str", int: "int", float: "float", bool: "bool", type(None): "none"}


def _argument(value, keyword: str | None = None) -> Argument:
    start, end = _span(value)
    if isinstance(value, nodes.Const):
        kind = _LITERAL_KINDS.get(type(value.value), "")
        return Argument(kind, value.value if kind == "str" else None, start, end, keyword)
    if isinstance(value, (nodes.List, nodes.Tuple)):
        return Argument("list", None, start, end, keyword)
    if isinstance(value, nodes.Dict):
        return Argument("dict", None, start, end, keyword)
    return Argument("", None, start, end, keyword)


def collect(s: str, tree: nodes.Template) -> TemplateAnalysis:
    """The analysis of ``s`` from its position-annotated tree, items in source order."""
    collector = _Collector()
    collector.run(tree)
    in_order = functools.partial(sorted, key=lambda item: (item.start, item.end))
    return TemplateAnalysis(
        s,
        None,
        tuple(in_order(collector.references)),
        tuple(in_order(collector.filters)),
        tuple(in_order(collector.tests)),
        tuple(in_order(collector.xcom_pulls)),
        frozenset(collector.local_names),
        frozenset(collector.guarded),
        tuple(in_order(collector.calls)),
        tuple(in_order(collector.nested)),
    )
