from __future__ import annotations

from ..diagnostics import Severity
from ..model.values import object_type
from ..yaml.tree import Mapping, Scalar, Sequence, iter_pairs, to_python, walk
from . import Rule, register

# Param(default=NOTSET, description=None, **kwargs): every other keyword is JSON Schema.
_NOT_SCHEMA = ("__type__", "__args__", "default", "description", "source")
_NOT_SCHEDULED = (None, "none", "null", "None")


def _is_param(node) -> bool:
    path = object_type(node)
    return path is not None and path.strip().rsplit(".", 1)[-1] == "Param" and path.strip().startswith("airflow.")


def _scheduled(dag) -> bool:
    """Whether the DAG's timetable can schedule runs (Airflow 3's default schedule is None)."""
    entry = dag.config.get("schedule")
    if entry is None:
        return False
    value = entry.value
    if type(value) is Scalar:
        typed = value.typed
        if typed is None or (isinstance(typed, str) and typed.strip() in _NOT_SCHEDULED):
            return False
        return not (isinstance(typed, str) and "$" in typed)  # from the environment: unknown
    return object_type(value) is None or "NullTimetable" not in object_type(value)


@register
class InvalidParamDefault(Rule):
    """A `Param` whose default does not satisfy its own JSON Schema.

    ## What it does
    For `__type__: airflow.sdk.Param` objects in a DAG's or a task's `params:`, validates the
    `default` (or the first of `__args__`) against the JSON Schema the other keys make (`type`,
    `enum`, `minimum`, `maxLength`, `format`, ...) with jsonschema, as Airflow's `Param.resolve`
    does; a `Param` without a default counts as a value that is missing.

    - **Error** in a DAG's `params` when the DAG has a schedule: Airflow validates the params
      when it builds the DAG and refuses the file.
    - **Warning** otherwise: the DAG loads, but every run that does not pass a valid value in
      its `conf` fails (Airflow validates the params when it creates the run and when the task
      starts).

    Values YAML 1.1 turns into something else count as such: an unquoted `2024-01-01` is a
    date, not a string, for `type: string`.

    ## Why is this bad?
    "DAG 'report' is not allowed to define a Schedule, as there are required params without
    default values, or the default values are not valid." (Airflow 3.0.6 and 3.3.2).

    ## Example
    ```yaml
    schedule: "@daily"
    params:
      env:
        __type__: airflow.sdk.Param
        default: qa
        enum: [dev, prod]       # `qa` is not one of them
    ```
    """

    code = "WF720"
    name = "invalid-param-default"
    severity = Severity.ERROR

    def check_dag(self, ctx, dag):
        entry = dag.config.get("params")
        scheduled = _scheduled(dag)
        if entry is not None and entry.layer.path == ctx.path:
            self._check_params(ctx, entry.value, f"DAG `{dag.name}`", scheduled)
        for task in dag.tasks:
            if task.inherited:
                continue
            task_entry = task.config.get("params")
            if task_entry is not None and task_entry.layer.kind == "dag":
                self._check_params(ctx, task_entry.value, f"task `{task.id}`", None)

    def _check_params(self, ctx, params, owner, scheduled):
        if type(params) is not Mapping:
            return
        for key, value in iter_pairs(params):
            if type(key) is Scalar and _is_param(value):
                self._check_param(ctx, key, value, owner, scheduled)
            elif type(key) is Scalar and type(value) is Scalar and hasattr(value.typed, "isoformat"):
                self._report(ctx, str(key.value), owner, scheduled, value, _DATE_PROBLEM, _quote_fix(ctx, value))

    def _check_param(self, ctx, key_node, node, owner, scheduled):
        name = str(key_node.value)
        schema, default, has_default, anchor = {}, None, False, node
        for key, value in iter_pairs(node):
            if type(key) is not Scalar:
                return
            if any(type(n) is Scalar and isinstance(n.typed, str) and "$" in n.value for n in walk(value)):
                return  # filled from the environment
            if any(type(n) is Mapping and object_type(n) is not None for n in walk(value)):
                return  # an object DAG Factory builds: not JSON
            if key.value == "default":
                default, has_default, anchor = to_python(value), True, value
            elif key.value == "__args__":
                if type(value) is Sequence and value.items:
                    default, has_default, anchor = to_python(value.items[0]), True, value.items[0]
            elif key.value not in _NOT_SCHEMA:
                schema[key.value] = to_python(value)
        fix = None
        if has_default and hasattr(default, "isoformat"):
            problem, fix = _DATE_PROBLEM, _quote_fix(ctx, anchor)
        elif not schema and has_default:
            return
        elif not has_default:
            problem, anchor = "has no default", key_node
        else:
            problem = _schema_problem(default, schema)
            if problem is None:
                return
        self._report(ctx, name, owner, scheduled, anchor, problem, fix)

    def _report(self, ctx, name, owner, scheduled, anchor, problem, fix):
        if scheduled:
            message = (f"param `{name}` of {owner} {problem}; Airflow refuses the DAG (\"not allowed to define a "
                       "Schedule, as there are required params without default values, or the default values are not "
                       "valid\"): fix the default or the schema")
            ctx.report(anchor, message, fix=fix)
        else:
            message = (f"param `{name}` of {owner} {problem}; every run that does not pass a valid `{name}` in its "
                       "conf fails (Airflow validates params when it creates the run and when the task starts)")
            ctx.report(anchor, message, fix=fix, severity=Severity.WARNING)


def _schema_problem(value, schema) -> str | None:
    """How jsonschema (what Airflow's Param uses) judges `value`, or None when it is valid
    (or when the schema itself is invalid: that is another problem)."""
    import jsonschema

    try:
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        error = jsonschema.exceptions.best_match(
            validator_class(schema, format_checker=jsonschema.FormatChecker()).iter_errors(value))
    except Exception:  # noqa: BLE001 - an invalid schema or a value JSON cannot hold
        return None
    if error is None:
        return None
    return f"has a default that does not satisfy its schema: {error.message}"


_DATE_PROBLEM = ("is a date (YAML reads an unquoted date as one), which is not JSON: Airflow raises \"All provided "
                 "parameters must be json-serializable\"; quote it")


def _quote_fix(ctx, scalar):
    from ..diagnostics import Fix, TextEdit

    if type(scalar) is not Scalar or scalar.style is not None or scalar.tag is not None or scalar.anchor is not None:
        return None
    return Fix("Quote the date", (TextEdit(scalar.start, scalar.end, f'"{scalar.value}"'),))
