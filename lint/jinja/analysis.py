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
from wflint.jinja.results import (
    AIRFLOW3_FILTERS,
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
    return make_context(names, macros=facts.macros, removed=removed, extra_filters=facts.template_filters)


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
    problems.sort(key=lambda problem: (problem.start, problem.end))
    return problems


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
