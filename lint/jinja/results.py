"""Results of the static Jinja analysis (wflint.jinja.analysis): plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass

# Filters Airflow 3 adds to every template environment (task SDK, templater.FILTERS).
AIRFLOW3_FILTERS: frozenset[str] = frozenset({"ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz"})


@dataclass(frozen=True, slots=True)
class TemplateSyntaxProblem:
    """Jinja's syntax error message, located at the offending token (``start``..``end`` in the string)."""

    message: str
    start: int
    end: int
    lineno: int


@dataclass(frozen=True, slots=True)
class Reference:
    """A name the template reads from the context (not bound inside the template).

    ``path`` holds the constant attribute / item keys that follow the root (``var.value.x`` ->
    ``("value", "x")``; ``params['x']`` -> ``("x",)``), ``path_spans`` the span of each (the
    attribute name, or the string literal with its quotes), ``path_is_item`` whether each was
    written as ``[...]``.  ``start``/``end`` span the root name.
    """

    name: str
    start: int
    end: int
    path: tuple[str, ...] = ()
    path_spans: tuple[tuple[int, int], ...] = ()
    path_is_item: tuple[bool, ...] = ()

    @property
    def dotted(self) -> str:
        return ".".join((self.name,) + self.path)


@dataclass(frozen=True, slots=True)
class FilterUse:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TestUse:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TaskIdRef:
    """A constant task id passed to ``xcom_pull``; the span covers the string literal with quotes."""

    task_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class XComPull:
    """``ti.xcom_pull(...)`` / ``task_instance.xcom_pull(...)``; ``start``/``end`` span the call.

    ``dynamic`` is True when task ids were passed but are not constant strings (nothing to check).
    """

    receiver: str
    start: int
    end: int
    task_ids: tuple[TaskIdRef, ...]
    dynamic: bool = False


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a call in a template: ``kind`` is the literal's type (``str``, ``int``,
    ``float``, ``bool``, ``none``, ``list``, ``dict``) or ``""`` for an expression; ``value`` the
    literal string's value; ``keyword`` the name it is passed by, if any; ``name`` the context
    variable when the argument is one, unbound by the template (``ds``)."""

    kind: str
    value: str | None
    start: int
    end: int
    keyword: str | None = None
    name: str | None = None  # a bare context variable passed as the argument (`ds`)


@dataclass(frozen=True, slots=True)
class CallUse:
    """A call of a method of a context object, ``root.path[0]...path[-1](args)``
    (``macros.ds_add(ds, 1)``, ``ti.xcom_pull(task_ids='x')``); ``start``/``end`` span the
    method's name, ``star`` is True when ``*args``/``**kwargs`` make the arity unknowable."""

    root: str
    path: tuple[str, ...]
    start: int
    end: int
    args: tuple[Argument, ...]
    star: bool = False


@dataclass(frozen=True, slots=True)
class NestedTemplate:
    """A string literal inside an expression that holds template markup (``'{{ ds }}'``): Airflow
    renders a field once, so the inner markup stays as it is."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TemplateAnalysis:
    source: str
    syntax_error: TemplateSyntaxProblem | None = None
    references: tuple[Reference, ...] = ()
    filters: tuple[FilterUse, ...] = ()
    tests: tuple[TestUse, ...] = ()
    xcom_pulls: tuple[XComPull, ...] = ()
    # Names the template binds itself (set, for, macro, with, import): never context lookups.
    local_names: frozenset[str] = frozenset()
    # Paths (root, key, ...) used under ``is defined`` / ``| default``: allowed to be missing.
    guarded: frozenset[tuple[str, ...]] = frozenset()
    calls: tuple[CallUse, ...] = ()
    nested: tuple[NestedTemplate, ...] = ()

    @property
    def ok(self) -> bool:
        return self.syntax_error is None


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    kind: str  # undefined-name | removed-name | not-in-profile | unknown-macro | macro-not-in-profile
    #            | unknown-filter | unknown-test | undeclared-param | unknown-xcom-task | syntax-error
    #            | unknown-attribute | invalid-call | nested-template
    message: str
    start: int
    end: int
    severity: str  # "error" | "warning"
    name: str | None = None
    replacement: str | None = None
    suggestion: str | None = None
