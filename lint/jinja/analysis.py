"""Static analysis of Jinja templates as Airflow 3 renders them; nothing is ever rendered.

Airflow 3's task SDK builds its template environment (``DAG.get_template_env`` /
``create_template_env`` in ``airflow.sdk.definitions``) as a ``jinja2.sandbox.SandboxedEnvironment``
subclass, or a ``jinja2.nativetypes.NativeEnvironment`` subclass when the DAG sets
``render_template_as_native_obj``, with ``undefined=jinja2.StrictUndefined`` (the DAG's
``template_undefined`` default), ``extensions=["jinja2.ext.do"]``, ``cache_size=0`` and the filters
``ds``, ``ds_nodash``, ``ts``, ``ts_nodash``, ``ts_nodash_with_tz`` added; ``user_defined_macros``
go into its globals and ``user_defined_filters`` into its filters.  StrictUndefined is why an unknown
name is a run-time failure rather than an empty string.

:func:`analyze_template` parses a string with an equivalent environment and reports, with exact
offsets into the string, the syntax error (in Jinja's words) or every context reference, filter,
test and ``ti.xcom_pull`` call.  :func:`check_references` judges those against a
:class:`TemplateContext`.  Offsets come from re-lexing with Jinja's own lexer and tying each parser
token to its position (see ``wflint.jinja.parse``); the scoping walk is in
``wflint.jinja.collect`` and the result types in ``wflint.jinja.results``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Iterable, Mapping

from wflint.jinja.blocks import combine, expression_blocks, simple_expression
from wflint.jinja.objects import (
    MACRO_DATE_ARGUMENTS,
    REMOVED_ATTRIBUTES,
    SAMPLE_VALUES,
    TYPE_TITLES,
    ObjectModel,
    object_model,
)
from wflint.jinja.results import (
    AIRFLOW3_FILTERS,
    Argument,
    CallUse,
    FilterUse,
    Reference,
    TaskIdRef,
    TemplateAnalysis,
    TemplateProblem,
    TemplateSyntaxProblem,
    TestUse,
    XComPull,
)

# Jinja itself (wflint.jinja.parse) is imported only for a template the fast path cannot
# judge: most templates are `{{ name }}` or `{{ ti.xcom_pull(...) }}`, and importing Jinja is a
# large share of a short run's start-up.

__all__ = [
    "AIRFLOW3_FILTERS",
    "AIRFLOW3_REMOVED_CONTEXT",
    "CatalogUnavailable",
    "FilterUse",
    "Reference",
    "TaskIdRef",
    "TemplateAnalysis",
    "TemplateContext",
    "TemplateProblem",
    "TemplateSyntaxProblem",
    "TestUse",
    "XComPull",
    "analyze_template",
    "check_references",
    "default_airflow3_context",
    "is_template",
    "make_context",
    "restrict_to_profile",
]

# Context keys Airflow 3 removed, with what to write instead.  Airflow 2's Context listed the
# deprecated keys and their replacements; Airflow 3 removed them (newsfragment "Removed
# execution_date, next_ds, ... from Airflow context"), removed ``conf`` from the template context,
# and renamed dataset events to asset events.  Keys without an exact equivalent say so.
AIRFLOW3_REMOVED_CONTEXT: Mapping[str, str] = {
    "execution_date": "{{ logical_date }} (or {{ data_interval_start }})",
    "next_execution_date": "{{ data_interval_end }}",
    "next_ds": "{{ data_interval_end | ds }}",
    "next_ds_nodash": "{{ data_interval_end | ds_nodash }}",
    "prev_execution_date": "no direct equivalent; {{ prev_data_interval_start_success }} is the previous successful run",
    "prev_ds": "no direct equivalent; {{ prev_data_interval_start_success | ds }} is the previous successful run",
    "prev_ds_nodash": "no direct equivalent; {{ prev_data_interval_start_success | ds_nodash }} is the previous successful run",
    "prev_execution_date_success": "{{ prev_data_interval_start_success }}",
    "tomorrow_ds": "{{ macros.ds_add(ds, 1) }}",
    "tomorrow_ds_nodash": "{{ macros.ds_format(macros.ds_add(ds, 1), '%Y-%m-%d', '%Y%m%d') }}",
    "yesterday_ds": "{{ macros.ds_add(ds, -1) }}",
    "yesterday_ds_nodash": "{{ macros.ds_format(macros.ds_add(ds, -1), '%Y-%m-%d', '%Y%m%d') }}",
    "conf": "no replacement in templates: Airflow 3 removed the configuration object from the template context",
    "triggering_dataset_events": "{{ triggering_asset_events }}",
}

# Attributes that are methods of the params dict, not declared params.
_DICT_METHODS = frozenset(name for name in dir(dict) if not name.startswith("_"))


def is_template(s: str) -> bool:
    """Whether ``s`` contains Jinja markup at all (the cheap test before analysing)."""
    return "{" in s and ("{{" in s or "{%" in s or "{#" in s)


def analyze_template(s: str, native: bool = False) -> TemplateAnalysis:
    """Parse ``s`` as Airflow 3 would (``native``: render_template_as_native_obj) and collect
    its syntax error or its references, each with exact offsets in ``s``.  Memoised per string;
    strings without Jinja markup return at once."""
    if not is_template(s):
        return TemplateAnalysis(s)
    return _analyze_template(s, bool(native))


@functools.lru_cache(maxsize=8192)
def _analyze_template(s: str, native: bool) -> TemplateAnalysis:
    blocks = expression_blocks(s)
    if blocks is None:
        return _analyze_cached(s, native)
    if len(blocks) == 1 and blocks[0] == (0, len(s)):
        return _analyze_expression(s, native)
    parts = [(_analyze_expression(s[start:end], native), start) for start, end in blocks]
    if any(part.syntax_error is not None for part, _ in parts):
        return _analyze_cached(s, native)  # rare: Jinja's message then speaks of the whole string
    return combine(s, parts)


@functools.lru_cache(maxsize=8192)
def _analyze_expression(block: str, native: bool) -> TemplateAnalysis:
    """One `{{ ... }}` expression, memoised: the same expression in many strings is parsed once."""
    return simple_expression(block) or _analyze_cached(block, native)


@functools.lru_cache(maxsize=8192)
def _analyze_cached(s: str, native: bool) -> TemplateAnalysis:
    from wflint.jinja.collect import collect
    from wflint.jinja.parse import parse_with_positions

    try:
        parsed = parse_with_positions(s, native)
        if isinstance(parsed, TemplateSyntaxProblem):
            return TemplateAnalysis(s, parsed)
        return collect(s, parsed)
    except RecursionError:
        # Nested deeper than Jinja's own (recursive) parser goes: too deep to analyse, so
        # nothing is known about it and no rule reports anything.
        return TemplateAnalysis(s)


@dataclass(frozen=True)
class TemplateContext:
    """What a template may refer to.  Build it with :func:`make_context`.

    ``names``: the task context's variables (from the task SDK catalog).  ``removed``: names Airflow
    3 removed -> replacement text.  ``macros``: members of ``macros`` (None: not checked).
    ``filters`` / ``tests``: available ones (Jinja's plus Airflow's).  ``params``: declared params
    (None: unknown, not checked).  ``task_ids``: the DAG's task ids (None: not checked).
    ``profile``: a runtime profile's name and the names / macros it documents (None: no profile).
    """

    names: frozenset[str]
    removed: Mapping[str, str] = field(default_factory=lambda: MappingProxyType(dict(AIRFLOW3_REMOVED_CONTEXT)))
    macros: frozenset[str] | None = None
    extra_filters: frozenset[str] = AIRFLOW3_FILTERS  # beyond Jinja's own: Airflow's and the catalog's
    params: frozenset[str] | None = None
    user_defined_macros: frozenset[str] = frozenset()
    user_defined_filters: frozenset[str] = frozenset()
    task_ids: frozenset[str] | None = None
    profile: str | None = None
    profile_names: frozenset[str] | None = None
    profile_macros: frozenset[str] | None = None
    # What the context's objects offer (attributes, methods, macro signatures); None: not checked.
    objects: ObjectModel | None = None

    def for_dag(
        self,
        *,
        params: Iterable[str] | None = None,
        user_defined_macros: Iterable[str] = (),
        user_defined_filters: Iterable[str] = (),
        task_ids: Iterable[str] | None = None,
    ) -> "TemplateContext":
        """This context with one DAG's declarations."""
        return replace(
            self,
            params=None if params is None else frozenset(params),
            user_defined_macros=frozenset(user_defined_macros),
            user_defined_filters=frozenset(user_defined_filters),
            task_ids=None if task_ids is None else frozenset(task_ids),
        )

    @property
    def filters(self) -> frozenset[str]:
        return jinja_builtins()[0] | self.extra_filters

    @property
    def tests(self) -> frozenset[str]:
        return jinja_builtins()[1]

    @property
    def globals(self) -> frozenset[str]:
        return jinja_builtins()[2]


@functools.lru_cache(maxsize=1)
def jinja_builtins() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Jinja's own filters, tests and globals, read from the Jinja that Airflow's settings are
    reproduced with (importing it on first use)."""
    from wflint.jinja.parse import JINJA_FILTERS, JINJA_GLOBALS, JINJA_TESTS

    return JINJA_FILTERS, JINJA_TESTS, JINJA_GLOBALS


def make_context(
    names: Iterable[str],
    *,
    macros: Iterable[str] | None = None,
    removed: Mapping[str, str] | None = None,
    extra_filters: Iterable[str] = (),
) -> TemplateContext:
    """A context from catalog facts: context variable names, ``macros`` members, and any filters
    beyond Jinja's builtins and Airflow's five."""
    return TemplateContext(
        names=frozenset(names),
        removed=MappingProxyType(dict(AIRFLOW3_REMOVED_CONTEXT if removed is None else removed)),
        macros=None if macros is None else frozenset(macros),
        extra_filters=AIRFLOW3_FILTERS | frozenset(extra_filters),
    )


def restrict_to_profile(
    context: TemplateContext, profile: str, names: Iterable[str], macros: Iterable[str] | None = None
) -> TemplateContext:
    """Flag (as warnings) names and macros the runtime ``profile`` does not document, e.g. the
    ``mwaa-serverless`` lists from the profile data file."""
    return replace(
        context,
        profile=profile,
        profile_names=frozenset(names),
        profile_macros=None if macros is None else frozenset(macros),
    )


class CatalogUnavailable(LookupError):
    """The Airflow task SDK catalog is not available, so no default context can be built."""


@functools.lru_cache(maxsize=1)  # failures are not cached: a later call retries the catalog
def default_airflow3_context() -> TemplateContext:
    """FALLBACK: the Airflow 3 context from the generated catalog (``wflint.catalog``).

    The catalog, built by introspecting the installed task SDK, is the source of truth for the
    context names, filters, ``macros`` members and which names Airflow 3 removed; this module only
    words the replacements (:data:`AIRFLOW3_REMOVED_CONTEXT`).  Raises :class:`CatalogUnavailable`
    when the catalog carries no Airflow facts; :func:`make_context` builds a context from any list.
    """
    try:
        from wflint.catalog.store import Catalog

        facts = Catalog.default().airflow_facts()
    except Exception as exc:  # missing module or data file: the caller decides what to do
        raise CatalogUnavailable(f"wflint.catalog provides no Airflow facts: {exc}") from exc
    names = frozenset(facts.template_context)
    removed: dict[str, str] = {}
    for name, replacements in facts.removed_template_names.items():
        worded = " or ".join(r if r.startswith("{{") else "{{ %s }}" % r for r in replacements)
        removed[name] = AIRFLOW3_REMOVED_CONTEXT.get(name) or worded or "no direct equivalent"
    for name, text in AIRFLOW3_REMOVED_CONTEXT.items():  # conf, dataset events: not in the catalog's list
        if name not in names:
            removed.setdefault(name, text)
    context = make_context(names, macros=facts.macros, removed=removed, extra_filters=facts.template_filters)
    return replace(context, objects=object_model())


def _did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


def _hint(suggestion: str | None) -> str:
    return f"; did you mean '{suggestion}'?" if suggestion else ""


def check_references(analysis: TemplateAnalysis, context: TemplateContext) -> list[TemplateProblem]:
    """Problems with what the template refers to (the syntax error, if any, is not repeated here)."""
    problems: list[TemplateProblem] = []
    if analysis.syntax_error is not None:
        return problems
    guarded = analysis.guarded
    for ref in analysis.references:
        name = ref.name
        if name in context.user_defined_macros:
            continue
        # The context's names before Jinja's globals (the two never overlap): asking for the
        # globals imports Jinja, which most templates never need.
        if name in context.names:
            if context.profile_names is not None and name not in context.profile_names and (name,) not in guarded:
                problems.append(
                    TemplateProblem(
                        "not-in-profile",
                        f"'{name}' is not among the template variables {context.profile} documents",
                        ref.start, ref.end, "warning", name=name,
                    )
                )
            problems.extend(_check_path(ref, context, guarded))
            continue
        if name in context.globals or (name,) in guarded:
            continue
        if name in context.removed:
            replacement = context.removed[name]
            problems.append(
                TemplateProblem(
                    "removed-name",
                    f"'{name}' was removed from the template context in Airflow 3; "
                    + (replacement if replacement.startswith("no ") else f"use {replacement}"),
                    ref.start, ref.end, "error", name=name, replacement=replacement,
                )
            )
            continue
        suggestion = _did_you_mean(name, context.names | context.user_defined_macros | context.globals)
        problems.append(
            TemplateProblem(
                "undefined-name",
                f"'{name}' is undefined in the Airflow 3 template context{_hint(suggestion)}",
                ref.start, ref.end, "error", name=name, suggestion=suggestion,
            )
        )
    all_filters = context.filters | context.user_defined_filters if analysis.filters else frozenset()
    for use in analysis.filters:
        if use.name not in all_filters:
            suggestion = _did_you_mean(use.name, all_filters)
            problems.append(
                TemplateProblem(
                    "unknown-filter", f"No filter named '{use.name}'{_hint(suggestion)}",
                    use.start, use.end, "error", name=use.name, suggestion=suggestion,
                )
            )
    for use in analysis.tests:
        if use.name not in context.tests:
            suggestion = _did_you_mean(use.name, context.tests)
            problems.append(
                TemplateProblem(
                    "unknown-test", f"No test named '{use.name}'{_hint(suggestion)}",
                    use.start, use.end, "error", name=use.name, suggestion=suggestion,
                )
            )
    if context.task_ids is not None:
        for pull in analysis.xcom_pulls:
            for ref in pull.task_ids:
                if ref.task_id not in context.task_ids:
                    suggestion = _did_you_mean(ref.task_id, context.task_ids)
                    problems.append(
                        TemplateProblem(
                            "unknown-xcom-task",
                            f"xcom_pull names task '{ref.task_id}', which is not a task of this DAG{_hint(suggestion)}",
                            ref.start, ref.end, "warning", name=ref.task_id, suggestion=suggestion,
                        )
                    )
    if context.objects is not None:
        problems.extend(_check_objects(analysis, context))
    problems.sort(key=lambda problem: (problem.start, problem.end))
    return problems


def _visible(name: str, context: TemplateContext) -> bool:
    """Whether `name` reads the Airflow context (not shadowed by a user-defined macro)."""
    return name in context.names and name not in context.user_defined_macros


def _check_objects(analysis: TemplateAnalysis, context: TemplateContext) -> list[TemplateProblem]:
    """Attributes of the context's objects, calls of their methods and of `macros`, and template
    markup inside an expression, against the object model of the context's Airflow version."""
    model = context.objects
    problems: list[TemplateProblem] = []
    for ref in analysis.references:
        if ref.path and _visible(ref.name, context) and (ref.name, ref.path[0]) not in analysis.guarded:
            problem = _check_attribute(ref, model)
            if problem is not None:
                problems.append(problem)
    failing_arguments: set[tuple[int, int]] = set()
    for call in analysis.calls:
        if call.star or len(call.path) != 1 or not _visible(call.root, context):
            continue
        for problem in _check_call(call, analysis, model):
            problems.append(problem)
            failing_arguments.add((problem.start, problem.end))
    for nested in analysis.nested:
        if (nested.start, nested.end) not in failing_arguments:
            problems.append(TemplateProblem(
                "nested-template",
                "template markup inside a template expression is not rendered: Airflow renders a field once, "
                "so this text is used as it is written; refer to the variable directly (e.g. `ds`, not `'{{ ds }}'`)",
                nested.start, nested.end, "warning",
            ))
    return problems


def _check_attribute(ref: Reference, model: ObjectModel) -> TemplateProblem | None:
    object_type = model.type_of(ref.name)
    # Follow run-time lookups (`conn.<id>` is a connection) to the first attribute to judge.
    step = 0
    while object_type is not None and object_type.dynamic and not object_type.has(ref.path[step]):
        object_type = model.types.get(object_type.dynamic)
        step += 1
        if step == len(ref.path):
            return None
    key = ref.path[step]
    if object_type is None:
        return None
    if key in object_type.methods and step + 1 < len(ref.path) and not ref.path_is_item[step + 1]:
        # `var.values.x`: an attribute of the method itself, not of what it returns
        start, end = ref.path_spans[step]
        suggestion = _did_you_mean(key, object_type.attributes)
        return TemplateProblem(
            "unknown-attribute",
            f"'{'.'.join((ref.name,) + ref.path[: step + 2])}' is undefined: `{key}` is a method of the "
            f"{TYPE_TITLES.get(object_type.name, object_type.name)}, not a value{_hint(suggestion)}",
            start, end, "error", name=key, suggestion=suggestion,
        )
    if object_type.has(key):
        return None
    if object_type.name == "str" and ref.path_is_item[step]:
        return None  # indexing a string
    start, end = ref.path_spans[step]
    title = TYPE_TITLES.get(object_type.name, object_type.name)
    removed = REMOVED_ATTRIBUTES.get((object_type.name, key))
    if removed is not None:
        if object_type.name == "task_instance" and removed:
            # the value is a context variable of its own: replace `ti.execution_date` whole
            return TemplateProblem(
                "removed-name",
                f"'{ref.name}.{key}' was removed in Airflow 3: the {title} has no `{key}`; use {{{{ {removed} }}}}",
                ref.start, end, "error", name=f"{ref.name}.{key}", replacement=removed, suggestion=removed,
            )
        advice = f"use `{ref.name}.{removed}`" if removed else "there is no direct equivalent"
        return TemplateProblem(
            "removed-name",
            f"'{ref.name}.{key}' was removed in Airflow 3: the {title} has no `{key}`; {advice}",
            start, end, "error", name=f"{ref.name}.{key}", replacement=removed or None, suggestion=removed or None,
        )
    suggestion = _did_you_mean(key, object_type.members)
    dotted = ".".join((ref.name,) + ref.path[: step + 1])
    return TemplateProblem(
        "unknown-attribute",
        f"'{dotted}' is undefined: in Airflow {model.airflow_version} the {title} "
        f"(`{object_type.class_name}`) has no attribute `{key}`{_hint(suggestion)}",
        start, end, "error", name=key, suggestion=suggestion,
    )


def _check_call(call: CallUse, analysis: TemplateAnalysis, model: ObjectModel) -> list[TemplateProblem]:
    method = call.path[0]
    if call.root == "macros":
        parameters, what = model.macros.get(method), f"macros.{method}"
    else:
        object_type = model.type_of(call.root)
        if object_type is None:
            return []
        parameters, what = object_type.methods.get(method), f"{call.root}.{method}"
    if parameters is None:
        return []
    shown = f"{what}({', '.join(p.name for p in parameters if p.kind in ('p', 'pk', 'k'))})"
    problems: list[TemplateProblem] = []

    def fail(message: str, start: int, end: int, suggestion: str | None = None) -> None:
        problems.append(TemplateProblem("invalid-call", f"{message}; Airflow {model.airflow_version} has {shown}",
                                        start, end, "error", name=what, suggestion=suggestion))

    positional = [p for p in parameters if p.kind in ("p", "pk")]
    by_name = {p.name: p for p in parameters if p.kind in ("pk", "k")}
    takes_args = any(p.kind == "v" for p in parameters)
    takes_kwargs = any(p.kind == "vk" for p in parameters)
    bound: dict[str, Argument] = {}
    given_positionally = [a for a in call.args if a.keyword is None]
    for index, argument in enumerate(given_positionally):
        if index < len(positional):
            bound[positional[index].name] = argument
        elif not takes_args:
            fail(f"{what}() takes {len(positional)} positional argument{'s' if len(positional) != 1 else ''} "
                 f"but {len(given_positionally)} were given", argument.start, argument.end)
            break
    for argument in call.args:
        if argument.keyword is None:
            continue
        start = analysis.source.rfind(argument.keyword, 0, argument.start)
        span = (start, start + len(argument.keyword)) if start != -1 else (argument.start, argument.end)
        if argument.keyword in bound:
            fail(f"{what}() got multiple values for argument '{argument.keyword}'", *span)
        elif argument.keyword in by_name:
            bound[argument.keyword] = argument
        elif not takes_kwargs:
            suggestion = _did_you_mean(argument.keyword, by_name)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            fail(f"{what}() got an unexpected keyword argument '{argument.keyword}'{hint}", *span, suggestion=suggestion)
    if problems:
        return problems
    missing = [p.name for p in parameters if p.required and p.kind in ("p", "pk", "k") and p.name not in bound]
    if missing:
        names = " and ".join(f"'{name}'" for name in missing)
        fail(f"{what}() is missing the required argument{'s' if len(missing) > 1 else ''} {names}", call.start, call.end)
        return problems
    if call.root == "macros":
        for parameter in parameters:
            argument = bound.get(parameter.name)
            # An int parameter given a string, None or a collection: the macro passes it to
            # timedelta, which raises TypeError (floats and bools are accepted).
            if argument is not None and parameter.annotation == "int" and argument.kind in ("str", "none", "list", "dict"):
                fail(f"`{parameter.name}` of {what}() must be a number, not a {argument.kind} literal",
                     argument.start, argument.end)
        problems.extend(_check_date_argument(method, bound, what, model, shown))
    return problems


def _check_date_argument(method: str, bound: dict, what: str, model: ObjectModel, shown: str) -> list[TemplateProblem]:
    """A date string that the macro's format cannot parse (`ds_format(ds, '%Y%m%d', ...)`)."""
    import datetime

    spec = MACRO_DATE_ARGUMENTS.get(method)
    if spec is None or spec[0] not in bound:
        return []
    date_argument = bound[spec[0]]
    date_format = spec[1]
    if date_format in bound:  # the format is another argument
        format_argument = bound[date_format]
        if format_argument.kind != "str":
            return []
        date_format = format_argument.value
    if date_argument.kind == "str":
        value = date_argument.value
    elif date_argument.name in SAMPLE_VALUES:
        value = SAMPLE_VALUES[date_argument.name]
    else:
        return []
    try:
        datetime.datetime.strptime(value, date_format)
    except ValueError:
        shown_value = f"'{value}'" if date_argument.kind == "str" else f"`{date_argument.name}` (like '{value}')"
        return [TemplateProblem(
            "invalid-call",
            f"{what}() cannot parse {shown_value} with the format '{date_format}': the task fails with ValueError "
            f"when it renders; Airflow {model.airflow_version} has {shown}",
            date_argument.start, date_argument.end, "error", name=what,
        )]
    return []


def _check_path(ref: Reference, context: TemplateContext, guarded) -> list[TemplateProblem]:
    if not ref.path:
        return []
    key, (start, end) = ref.path[0], ref.path_spans[0]
    if (ref.name, key) in guarded:
        return []
    if ref.name == "macros" and not ref.path_is_item[0]:
        if context.macros is not None and key not in context.macros:
            suggestion = _did_you_mean(key, context.macros)
            return [
                TemplateProblem(
                    "unknown-macro", f"'macros.{key}' does not exist in Airflow 3{_hint(suggestion)}",
                    start, end, "error", name=key, suggestion=suggestion,
                )
            ]
        if context.profile_macros is not None and key not in context.profile_macros:
            return [
                TemplateProblem(
                    "macro-not-in-profile", f"'macros.{key}' is not among the macros {context.profile} documents",
                    start, end, "warning", name=key,
                )
            ]
    if ref.name == "params" and context.params is not None and key not in context.params:
        if not ref.path_is_item[0] and key in _DICT_METHODS:
            return []  # params.get(...), params.items(): dict methods
        suggestion = _did_you_mean(key, context.params)
        return [
            TemplateProblem(
                "undeclared-param", f"param '{key}' is not declared in the DAG's params{_hint(suggestion)}",
                start, end, "warning", name=key, suggestion=suggestion,
            )
        ]
    return []




def _clear_caches() -> None:
    _analyze_template.cache_clear()
    _analyze_cached.cache_clear()
    _analyze_expression.cache_clear()


analyze_template.cache_clear = _clear_caches  # type: ignore[attr-defined]
analyze_template.cache_info = _analyze_cached.cache_info  # type: ignore[attr-defined]
