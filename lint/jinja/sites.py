"""Which strings of a workflow Airflow renders as Jinja templates, and what is wrong with them.

The wiring between the workflow model and ``wflint.jinja.analysis``: for every task it decides, per
argument, how Airflow treats a string value, analyses the templates once (memoised per string
in ``wflint.jinja.analysis``) and judges their references against the DAG's context.  The result is
computed once per document (``ctx.cache``) and shared by the WF4xx rules, which only pick the
findings of their kind and report them.

How a string is treated (``Site.kind``):

* ``RENDERED``: a value of one of the operator's ``template_fields``, at any depth in lists and
  mapping values (Airflow's ``render_template`` recurses into lists, tuples, sets and dict
  values, never dict keys), whether written in the task or in a `default_args` (the DAG's or a
  task group's) that reaches a field the task leaves unset; or a keyword argument of a Python
  ``@task`` callable (they become ``op_kwargs``, which every decorated operator templates).  Airflow fails the task when the
  template does not compile or names something StrictUndefined does not know.
* ``FILE``: a rendered value that ends with one of the operator's ``template_ext``: Airflow
  loads it as a template *file* from the DAG's search path instead of rendering the text.
* ``LITERAL``: a string with Jinja markup in an argument the (known) operator does not template:
  Airflow passes it on as it is written.
* ``MAP_INDEX``: ``map_index_template``, rendered after the task ran against a context the
  task's own code may extend, so only its syntax can be judged.
* ``UNKNOWN``: an argument of an operator the catalog does not know, or of a non-Python
  decorator: whether Airflow renders it is unknowable, so only the syntax of strings that are
  clearly templates is checked (as a warning).

Nothing is rendered and no user code is imported.  Source offsets are computed lazily, only for
findings that are reported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace

from .. import inputs
from ..diagnostics import Fix, Severity, TextEdit
from ..model.graph import XCOM_REFERENCE
from ..model.workflow import Dag, Merged, Task, TaskGroup
from ..operators import base_operator, operator_of
from ..profiles import profile_for
from ..yaml.scalars import OffsetMap, value_offset_map
from .analysis import (
    CatalogUnavailable,
    TemplateAnalysis,
    TemplateContext,
    TemplateProblem,
    analyze_template,
    check_references,
    default_airflow3_context,
    is_template,
    restrict_to_profile,
)
from ..yaml.tree import Mapping, Node, Scalar, Sequence, iter_pairs

RENDERED = "rendered"
FILE = "file"
LITERAL = "literal"
MAP_INDEX = "map-index"
UNKNOWN = "unknown"

CACHE_KEY = "wflint.templating"

# Task keys DAG Factory consumes itself: never operator arguments, never rendered.
DAG_FACTORY_TASK_KEYS = frozenset(
    {
        "operator", "decorator", "dependencies", "task_group_name", "python_callable",
        "python_callable_name", "python_callable_file", "variables_as_arguments",
    }
)
# Dynamic task mapping: their keys are operator arguments one level down.
MAPPING_KEYS = ("partial", "expand")
# DAG Factory builds objects from these mappings; their strings are constructor arguments of a
# class wflint cannot see, so they are left alone.
OBJECT_KEYS = frozenset({"__type__", "__and__", "__or__", "__join__"})
# The TaskFlow decorators whose task keyword arguments are the callable's (rendered) op_kwargs.
PYTHON_TASK_DECORATORS = frozenset(
    {"airflow.decorators.task", "airflow.sdk.task", "airflow.sdk.definitions.decorators.task"}
)


@dataclass(slots=True, eq=False)
class Site:
    """One string value of a task argument that matters to Jinja."""

    task: Task
    argument: str  # the top-level argument it belongs to (inside `partial` / `expand` too)
    node: Scalar
    kind: str
    analysis: TemplateAnalysis | None = None
    problems: tuple[TemplateProblem, ...] = ()
    operator: object | None = None  # OperatorInfo for LITERAL / FILE findings
    missing_file: tuple[str, ...] | None = None  # FILE: the folders searched, when not found
    file_refused: bool = False  # FILE: a name Jinja's loader refuses outright (`..`)
    _offsets: OffsetMap | None = field(default=None, repr=False)

    def span(self, source: str, start: int, end: int) -> tuple[int, int]:
        """Source span of the value's characters [start, end), in any scalar style."""
        if self._offsets is None:
            node = self.node
            self._offsets = value_offset_map(source, node.start, node.end, node.style, node.value)
        return self._offsets.to_source_span(start, end)


@dataclass(slots=True)
class Templating:
    """Everything the WF4xx rules report, for one document."""

    sites: list[Site] = field(default_factory=list)
    context_available: bool = True

    def with_problems(self, *kinds: str):
        """(site, problem) for every reference problem of the given kinds."""
        for site in self.sites:
            for problem in site.problems:
                if problem.kind in kinds:
                    yield site, problem


def templating_of(ctx) -> Templating:
    """The document's template findings, computed on first use and shared between rules."""
    result = ctx.cache.get(CACHE_KEY)
    if result is None:
        result = ctx.cache[CACHE_KEY] = _Collector(ctx).run()
    return result


# Reference problems per (template, native, context serial, params), shared across documents;
# a context serial stands for a DAG's declarations (TemplateContext itself is not hashable).
_CHECKED: dict[tuple, tuple[TemplateProblem, ...]] = {}
_CONTEXT_SERIALS: dict[tuple, int] = {}
_CHECKED_LIMIT = 50_000

# -- per-DAG context -------------------------------------------------------------------------------


def _mapping_keys(config: Merged, name: str) -> frozenset[str]:
    """Keys of a mapping-valued entry (none when it is absent); raises _Unknowable when the
    value is not a mapping (`$VAR`, a `__type__` object, a dotted path)."""
    entry = config.get(name)
    if entry is None:
        return frozenset()
    if type(entry.value) is not Mapping or _is_object(entry.value):
        raise _Unknowable
    merged = config.sub(name)  # merged across layers, like DAG Factory merges mappings
    return frozenset(merged.keys()) if merged is not None else frozenset()


def _is_object(mapping: Mapping) -> bool:
    """A mapping DAG Factory turns into an object (`__type__: ...`), not a dict."""
    return any(type(key) is Scalar and key.value in OBJECT_KEYS for key, _ in iter_pairs(mapping))


class _Unknowable(Exception):
    """A declaration written in a way wflint cannot read statically (`$VAR`, `__type__`)."""


@dataclass(slots=True)
class _DagContext:
    context: TemplateContext | None  # None: the Airflow context is unavailable
    native: bool
    names_known: bool  # user_defined_macros readable and StrictUndefined: unknown names fail
    filters_known: bool
    searchpath: list[str] | None  # folders a template file may be in; None: unknowable
    serial: int = 0  # identifies the context's declarations in _CHECKED
    group_params: dict = field(default_factory=dict)  # group name -> params its default_args add
    default_args: dict = field(default_factory=dict)  # group name (None: no group) -> entries


def _task_ids(dag: Dag) -> set[str]:
    """Task ids as written and as Airflow names them at run time (``group.task`` when the group
    prefixes its ids, the default): ``xcom_pull`` takes the run-time id, and accepting both
    keeps a warning from being wrong either way."""
    ids = set(dag.tasks_by_id)
    prefixes: dict[str, str] = {}
    for task in dag.tasks:
        if task.group is not None:
            name = task.group.name
            prefix = prefixes.get(name)
            if prefix is None:
                prefix = prefixes[name] = _group_prefix(dag, name)
            if prefix:
                ids.add(f"{prefix}.{task.id}")
    return ids


def _group_prefix(dag: Dag, name: str) -> str:
    """`outer.inner`: the prefix Airflow gives the ids of a group's tasks."""
    parts = [group.name for group in _groups_from(dag, name) if _prefixes_ids(group)]
    return ".".join(reversed(parts))


def _prefixes_ids(group: TaskGroup) -> bool:
    prefix = group.config.scalar("prefix_group_id")
    return prefix is None or prefix.typed is not False


def _groups_from(dag: Dag, name: str | None) -> list[TaskGroup]:
    """The group called `name` and its parents, innermost first (stops at unknown names and
    cycles, which the graph rules report)."""
    chain: list[TaskGroup] = []
    seen: set[str] = set()
    while name and name not in seen:
        seen.add(name)
        group = dag.groups_by_name.get(name)
        if group is None:
            break
        chain.append(group)
        name = group.parent.name if group.parent else None
    return chain


def _strings(node: Node | None) -> list[str] | None:
    """A string or a list of strings; None when it is anything else."""
    if type(node) is Scalar and type(node.typed) is str:
        return [node.value]
    if type(node) is Sequence and all(type(i) is Scalar and type(i.typed) is str for i in node.items):
        return [i.value for i in node.items]
    return None


def _searchpath(ctx, dag: Dag) -> list[str] | None:
    """Where Airflow's Jinja loader looks for template files: the DAG file's folder, then the
    DAG's `template_searchpath`; plus the `template-searchpath` folders of the configuration
    (local stand-ins for deployment paths).  None when a DAG entry cannot be resolved locally."""
    if not os.path.isfile(ctx.path):
        return None  # an unsaved editor buffer, or text linted under a made-up path
    folder = os.path.dirname(os.path.abspath(ctx.path))
    configured = [ctx.config.resolve(p) for p in ctx.config.template_searchpath]
    entry = dag.config.get("template_searchpath")
    declared: list[str] = []
    if entry is not None:
        values = _strings(entry.value)
        if values is None:
            return None
        for value in values:
            if "$" in value or is_template(value):
                return None  # expanded at load time: unknowable here
            path = value if os.path.isabs(value) else os.path.join(folder, value)
            if inputs.isdir(path):
                declared.append(path)
            elif not configured:
                return None  # a deployment path absent here: the file may well be there
    return [folder, *declared, *configured]


class _Plan:
    """How one operator (or decorator) treats its arguments; argument -> kind, memoised."""

    __slots__ = ("operator", "template_ext", "_kinds", "_fields", "_python_task", "_base", "_literal_known")

    def __init__(self, operator, python_task: bool, base_arguments: frozenset[str]):
        self.operator = operator
        self.template_ext = tuple(operator.template_ext) if operator is not None else ()
        self._fields = frozenset(operator.template_fields) if operator is not None else frozenset()
        self._python_task = python_task
        self._base = base_arguments
        # When some template field is stored under another name than its argument, which
        # argument feeds it is unknown: then no argument is claimed to be passed literally.
        self._literal_known = operator is not None and all(f in operator.arguments for f in self._fields)
        self._kinds: dict[str, str | None] = {}

    def kind(self, name: str) -> str | None:
        kind = self._kinds.get(name, 0)
        if kind == 0:
            kind = self._kinds[name] = self._decide(name)
        return kind

    def _decide(self, name: str) -> str | None:
        if name == "map_index_template":
            return MAP_INDEX
        if self._python_task:
            # BaseOperator's own arguments are not templated; the rest are the callable's.
            return None if name in self._base else RENDERED
        if self.operator is None:
            return UNKNOWN  # unknown operator, or a decorator other than the Python @task
        if name in self._fields:
            return RENDERED
        if self.operator.accepts(name) is False:
            return None  # an argument the operator rejects: WF304's business, not a literal
        return LITERAL if self._literal_known else None


# -- the collector --------------------------------------------------------------------------------


class _Collector:
    def __init__(self, ctx):
        self.ctx = ctx
        self.result = Templating()
        self.plans: dict[tuple, _Plan] = {}
        self.seen: set[tuple] = set()
        self.base_arguments: frozenset[str] | None = None
        try:
            base = default_airflow3_context()
        except CatalogUnavailable:
            base = None
            self.result.context_available = False
        self.base_id = id(base)
        if base is not None:
            from dataclasses import replace

            from .objects import object_model

            base = replace(base, objects=object_model(ctx.target.airflow))
        profile = profile_for(ctx)
        if base is not None and profile and profile.get("jinja"):
            jinja = profile["jinja"]
            base = restrict_to_profile(base, ctx.config.profile, jinja.get("variables", ()), jinja.get("macros"))
        self.base = base

    def run(self) -> Templating:
        for dag in self.ctx.workflow.dags:
            dag_context = None
            for task in dag.tasks:
                if not task.id or task.inherited:
                    continue  # reported where it is defined (and once), like the other rules
                if dag_context is None:
                    dag_context = self._dag_context(dag)
                self._task(task, dag_context)
        return self.result

    def _dag_context(self, dag: Dag) -> _DagContext:
        config = dag.config
        native = _is_true(config.scalar("render_template_as_native_obj"))
        names_known = filters_known = True
        try:
            macros = _mapping_keys(config, "user_defined_macros")
        except _Unknowable:
            macros, names_known = frozenset(), False
        if "template_undefined" in config:
            # Not StrictUndefined (the default) any more: an unknown name may render as empty.
            names_known = False
        try:
            filters = _mapping_keys(config, "user_defined_filters")
        except _Unknowable:
            filters, filters_known = frozenset(), False
        params: frozenset[str] | None
        try:
            params = _mapping_keys(config, "params")
            default_args = dag.default_args
            if default_args is not None:
                params |= _mapping_keys(default_args, "params")
        except _Unknowable:
            params = None  # undeclared params cannot be judged
        context = None
        if self.base is not None:
            context = self.base.for_dag(
                params=params, user_defined_macros=macros, user_defined_filters=filters, task_ids=_task_ids(dag)
            )
        declarations = (
            self.base_id, self.ctx.config.profile, params, macros, filters, context.task_ids if context else None,
            names_known, filters_known,
        )
        serial = _CONTEXT_SERIALS.get(declarations)
        if serial is None:
            if len(_CONTEXT_SERIALS) >= _CHECKED_LIMIT:
                _CONTEXT_SERIALS.clear()
                _CHECKED.clear()
            serial = _CONTEXT_SERIALS[declarations] = len(_CONTEXT_SERIALS) + 1
        return _DagContext(context, native, names_known, filters_known, _searchpath(self.ctx, dag), serial)

    # -- one task ----------------------------------------------------------------------------

    def _task(self, task: Task, dag_context: _DagContext) -> None:
        plan = self._plan_of(task)
        if plan is None:
            return
        params = self._task_params(task, dag_context)
        native = dag_context.native or _is_true(task.config.scalar("render_template_as_native_obj"))
        for name, entry in task.config.entries.items():
            if entry.layer.kind != "dag" or name in DAG_FACTORY_TASK_KEYS:
                continue
            if name in MAPPING_KEYS:
                if type(entry.value) is Mapping:
                    for key, value in iter_pairs(entry.value):
                        if type(key) is Scalar:
                            argument = str(key.value)
                            self._value(task, argument, value, plan.kind(argument), plan, dag_context, params, native)
                continue
            self._value(task, name, entry.value, plan.kind(name), plan, dag_context, params, native)
        if plan.operator is not None:
            # `default_args` reach the operator's arguments the task does not set; a templated
            # one is rendered for this task.  Only those written in this file are reported.
            for name, entry in self._default_args(task, dag_context).items():
                if name not in task.config and plan.kind(name) == RENDERED and name in plan.operator.arguments:
                    self._value(task, name, entry.value, RENDERED, plan, dag_context, params, native)

    def _default_args(self, task: Task, dag_context: _DagContext) -> dict:
        """`default_args` entries written in this document that reach the task: its groups'
        (innermost first) over the DAG's.  Memoised per group."""
        group_name = task.group.name if task.group is not None else None
        found = dag_context.default_args.get(group_name)
        if found is None:
            found = {}
            layers = [group.config.sub("default_args") for group in _groups_from(task.dag, group_name)]
            layers.append(task.dag.default_args)
            for merged in layers:
                if merged is None:
                    continue
                for key, entry in merged.entries.items():
                    if key not in found and entry.layer.path == self.ctx.path:
                        found[key] = entry
            dag_context.default_args[group_name] = found
        return found

    def _plan_of(self, task: Task) -> "_Plan | None":
        """How the task's arguments are treated, shared by every task of the same operator."""
        decorator = task.decorator
        if decorator is not None:
            path = decorator.value.value if type(decorator.value) is Scalar else None
            key: tuple = ("decorator", path in PYTHON_TASK_DECORATORS)
            resolved = None
        else:
            if task.operator is None:
                return None  # neither operator nor decorator: WF020's business
            # The operator rules' resolution (catalogs of the configuration, `operator-paths`
            # read with `ast`, never imported), cached per document and shared with them.
            resolved = operator_of(self.ctx, task)
            key = ("operator", resolved.path if resolved is not None else None)
        plan = self.plans.get(key)
        if plan is None:
            if key[0] == "decorator":
                plan = _Plan(None, key[1], self._base_arguments())
            else:
                plan = _Plan(resolved.info if resolved is not None else None, False, frozenset())
            self.plans[key] = plan
        return plan

    def _base_arguments(self) -> frozenset[str]:
        if self.base_arguments is None:
            info = base_operator(self.ctx)
            self.base_arguments = frozenset(info.arguments) if info is not None else frozenset()
        return self.base_arguments

    def _task_params(self, task: Task, dag_context: _DagContext) -> frozenset[str] | None:
        """Params declared for this task: the DAG's, plus its groups' `default_args` params and
        its own `params`.  The DAG's set itself when nothing is added (the common case), so that
        results are shared between tasks."""
        dag_params = dag_context.context.params if dag_context.context is not None else None
        if dag_params is None:
            return None
        try:
            extra = self._group_params(task.dag, task.group.name, dag_context) if task.group else frozenset()
            if "params" in task.config:
                extra = extra | _mapping_keys(task.config, "params")
        except _Unknowable:
            return None
        if extra <= dag_params:
            return dag_params
        return dag_params | extra

    def _group_params(self, dag: Dag, name: str, dag_context: _DagContext) -> frozenset[str]:
        """Params from the `default_args` of a group and its parents (memoised per group)."""
        found = dag_context.group_params.get(name)
        if found is None:
            params: set[str] = set()
            for group in _groups_from(dag, name):
                default_args = group.config.sub("default_args")
                if default_args is not None:
                    params |= _mapping_keys(default_args, "params")
            found = dag_context.group_params[name] = frozenset(params)
        return found

    # -- values ------------------------------------------------------------------------------

    def _value(self, task, argument, node, kind, plan, dag_context, params, native) -> None:
        if kind is None:
            return
        if type(node) is Scalar:  # most values: no walk needed
            self._string(task, argument, node, kind, plan, dag_context, params, native)
            return
        # Iterative walk over lists and mapping values, as Airflow renders nested values. Each
        # node once: YAML aliases share nodes, and an alias bomb must not be expanded.
        stack = [node]
        seen: set[int] = set()
        while stack:
            current = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            current_type = type(current)
            if current_type is Scalar:
                self._string(task, argument, current, kind, plan, dag_context, params, native)
            elif current_type is Sequence:
                stack.extend(reversed(current.items))
            elif current_type is Mapping:
                if _is_object(current):
                    continue
                stack.extend(value for _, value in reversed(list(iter_pairs(current))))

    def _string(self, task, argument, node: Scalar, kind, plan, dag_context, params, native) -> None:
        value = node.value
        if kind == RENDERED and plan.template_ext and value.endswith(plan.template_ext):
            if type(node.typed) is str:
                self._template_file(task, argument, node, plan.operator, dag_context)
            return
        if not is_template(value) or type(node.typed) is not str:
            return
        if value[:1] == "+" and XCOM_REFERENCE.match(value):
            return  # another task's output, not a string
        analysis = analyze_template(value, native)
        problems = ()
        if kind == RENDERED and analysis.syntax_error is None:
            problems = self._problems(analysis, dag_context, params, native)
        if analysis.syntax_error is not None or problems or kind == LITERAL:
            site = Site(task, argument, node, kind, analysis, problems, operator=plan.operator)
            self._add(site, (kind, id(plan), problems))

    def _problems(self, analysis, dag_context: _DagContext, params, native) -> tuple[TemplateProblem, ...]:
        context = dag_context.context
        if context is None:
            return ()
        # Judged once per (template, DAG context) across documents and runs: an editor re-lints
        # the same templates on every keystroke.
        key = (analysis.source, native, dag_context.serial, params)
        problems = _CHECKED.get(key)
        if problems is None:
            if params is not context.params:
                context = replace(context, params=params)  # a task's own params
            found = check_references(analysis, context)
            if not dag_context.names_known:
                # Any unknown name may be one of the DAG's macros.
                found = [p for p in found if p.kind not in ("undefined-name", "removed-name")]
            if not dag_context.filters_known:
                found = [p for p in found if p.kind != "unknown-filter"]
            if any(p.kind == "unknown-xcom-task" for p in found):
                found = _without_other_dag_pulls(analysis, found)
            if len(_CHECKED) >= _CHECKED_LIMIT:
                _CHECKED.clear()
            problems = _CHECKED[key] = tuple(found)
        return problems

    def _template_file(self, task, argument, node: Scalar, operator, dag_context: _DagContext) -> None:
        searchpath = dag_context.searchpath
        if searchpath is None or "$" in node.value:
            return
        found = _find_template_file(node.value, searchpath)
        if found is True:
            return
        site = Site(task, argument, node, FILE, operator=operator, missing_file=tuple(searchpath), file_refused=found is None)
        self._add(site, (FILE, tuple(searchpath)))

    def _add(self, site: Site, judgement: tuple) -> None:
        """Keep a finding once: a YAML alias (`*common`) shares one node between tasks, and the
        same verdict on the same characters is one diagnostic, not one per task."""
        key = (id(site.node), judgement)
        if key not in self.seen:
            self.seen.add(key)
            self.result.sites.append(site)


def report_problem(ctx, site: Site, problem: TemplateProblem, message: str | None = None) -> None:
    """Report a reference problem at its exact characters, with the module's severity and, when
    there is a suggestion and the characters are written as they read, a quick fix."""
    start, end = site.span(ctx.source.text, problem.start, problem.end)
    fix = None
    suggestion = problem.suggestion
    written = ctx.source.text[start:end]
    if suggestion and written == site.node.value[problem.start : problem.end]:
        replacement = suggestion
        if written[:1] in "'\"" and written[-1:] == written[:1]:
            replacement = written[0] + suggestion + written[0]  # a quoted task id
        fix = Fix(f"Replace with `{suggestion}`", (TextEdit(start, end, replacement),), safe=False)
    severity = Severity.ERROR if problem.severity == "error" else Severity.WARNING
    ctx.report((start, end), message or problem.message, fix=fix, severity=severity)


_DAG_ID_ARGUMENT = re.compile(r"[(,]\s*dag_id\s*=")


def _without_other_dag_pulls(analysis: TemplateAnalysis, problems: list) -> list:
    """`xcom_pull(task_ids='x', dag_id='other')` reads another DAG's task: not this DAG's to judge."""
    other_dag = [
        (pull.start, pull.end) for pull in analysis.xcom_pulls
        if _DAG_ID_ARGUMENT.search(analysis.source, pull.start, pull.end)
    ]
    return [
        p for p in problems
        if p.kind != "unknown-xcom-task" or not any(start <= p.start < end for start, end in other_dag)
    ]


def _is_true(node: Scalar | None) -> bool:
    return node is not None and node.typed is True


def _find_template_file(name: str, searchpath: list[str]) -> bool | None:
    """Whether Jinja's FileSystemLoader finds `name`: '/'-separated pieces ('.' and empty ones
    dropped), joined to each search folder in turn.  None: a name it refuses ('..' pieces)."""
    pieces = []
    for piece in name.split("/"):
        if os.sep in piece or (os.altsep and os.altsep in piece) or piece == "..":
            return None
        if piece and piece != ".":
            pieces.append(piece)
    if not pieces:
        return False
    return any(inputs.isfile(os.path.join(folder, *pieces)) for folder in searchpath)
