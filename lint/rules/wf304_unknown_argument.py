from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..operators import (
    CALLABLE_FILE_KEYS, CONVERTED_KEYS, CONVERTED_ONLY_FOR, DAG_FACTORY_KEYS, PYTHON_DECORATED_OPERATOR, REMOVED_SHORTHANDS, base_operator, catalog_for, is_python_task,
    operator_of, task_arguments, task_callable,
)
from ..yaml.scalars import replace_scalar
from ..suggest import closest
from . import Rule, register


# `default_args` keys DAG Factory reads itself (`timezone` for dates) or converts.
DAG_FACTORY_DEFAULT_ARGS = frozenset({"timezone", *CONVERTED_KEYS})
# Task keys DAG Factory reads itself, in the order a suggestion prefers them.
DAG_FACTORY_TASK_KEYS = sorted({*DAG_FACTORY_KEYS, *CONVERTED_KEYS, *(key for pair in CALLABLE_FILE_KEYS for key in pair)})


def _lineage(info) -> set[str]:
    """The class's short name and its bases' (`SqlSensor` for a subclass of it)."""
    names = {info.name}
    for base in getattr(info, "bases", None) or ():
        names.add(str(base).rsplit(".", 1)[-1])
    return names


def _dag_keys() -> frozenset[str]:
    from ..schema import load_schema

    return frozenset(load_schema()["$defs"]["dag"].get("properties", {}))


@register
class UnknownArgument(Rule):
    """A task key that the operator class does not accept.

    ## What it does
    Every task key that DAG Factory does not use itself (`task_id`, `operator`, `dependencies`,
    `task_group_name`, `python_callable_name` / `_file`, callbacks as `*_name` / `*_file`, ...)
    is passed to the operator's constructor; so are the keys of `partial:`, and the keys of
    `expand:` name arguments too. This rule checks each against the arguments the operator
    class and its base classes accept (from the operator catalog, or read from the source of
    your own operators), suggests the closest argument, and says when another class of the same
    module takes it (`bucket` is an argument of S3ListOperator, not of S3CreateObjectOperator).

    For a `@task` (decorator) task whose function wflint can read (see WF305), keys named like
    the function's parameters go to the function and the others must be arguments of `@task`;
    the keys of `expand:` and `partial:` must be parameters of the function.

    Not reported: classes whose base classes pass `**kwargs` on to a class wflint does not
    know (the argument may be accepted there), and operators wflint cannot resolve (WF302),
    except a key that is a near miss of one DAG Factory reads itself (`dependancies`), a
    warning then.

    Keys of a DAG's own `default_args` are different: Airflow gives each operator only the
    `default_args` its signature names and silently ignores the rest. A key that no task of the
    DAG accepts (a typo such as `retires`) is therefore a warning, and only when every task's
    operator is known.

    ## Why is this bad?
    Airflow 3 rejects the task: "Invalid arguments were passed to S3KeySensor (task_id: wait).
    Invalid arguments were: **kwargs: {'bucket': ...}"; for `expand:`, "expand() got an
    unexpected keyword argument". No DAG of the file loads.

    ## Example
    ```yaml
    - task_id: wait
      operator: airflow.providers.amazon.aws.sensors.s3.S3KeySensor
      bucket: raw-data          # did you mean `bucket_name`?
      bucket_key: in/{{ ds }}.csv
    ```
    """

    code = "WF304"
    name = "unknown-argument"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if task.inherited:
            return
        if is_python_task(task):
            self._check_python_task(ctx, task)
            return
        resolved = operator_of(ctx, task)
        if resolved is None:
            return
        if resolved.info is None:
            if not resolved.dynamic:
                self._check_dag_factory_keys(ctx, task)
            return
        info = resolved.info
        arguments = task_arguments(task)
        for argument in arguments:
            if not argument.own or info.accepts(argument.name) is not False:
                continue
            self._report(ctx, info, argument, {given.name for given in arguments})  # built only to report

    def _check_dag_factory_keys(self, ctx, task):
        """An operator wflint cannot resolve may take any argument, but a near miss of a key
        DAG Factory reads itself (`dependancies`) is almost surely that key misspelt."""
        for argument in task_arguments(task):
            if not argument.own or argument.where != "task" or argument.written in DAG_FACTORY_TASK_KEYS:
                continue
            suggestion = closest(argument.written, DAG_FACTORY_TASK_KEYS, cutoff=0.85)
            if suggestion:
                ctx.report(
                    argument.key,
                    f"`{argument.written}` is passed to the operator as an argument; did you mean DAG Factory's "
                    f"`{suggestion[0]}`?",
                    fix=Fix(f"Rename to `{suggestion[0]}`", (replace_scalar(ctx.source.text, argument.key, suggestion[0]),), safe=False),
                    severity=Severity.WARNING,
                )

    def _check_python_task(self, ctx, task):
        """`@task` tasks: keys named like the function's parameters go to the function, the
        rest to the decorator (`_PythonDecoratedOperator`); `expand:` and `partial:` map the
        function's parameters."""
        signature = task_callable(ctx, task)
        if signature is None:
            return
        parameters = {*signature.positional, *signature.keyword_only}
        operator = catalog_for(ctx).lookup(PYTHON_DECORATED_OPERATOR)
        for argument in task_arguments(task):
            if not argument.own:
                continue
            if argument.where in ("expand", "partial"):
                if argument.written in parameters or signature.any_keyword:
                    continue
                message = f"`{argument.written}` in `{argument.where}:` is not a parameter of `{signature.name}`"
                suggestion = closest(argument.written, sorted(parameters))
                fix = None
                if suggestion:
                    message += f" (did you mean `{suggestion[0]}`?)"
                    fix = _rename(ctx, argument.key, suggestion[0])
                message += f"; Airflow raises \"{argument.where}() got an unexpected keyword argument '{argument.written}'\""
                ctx.report(argument.key, message, fix=fix)
            elif argument.written not in signature.positional and operator is not None:
                if operator.accepts(argument.name) is False:
                    message = (
                        f"`{argument.written}` is neither a parameter of `{signature.name}` nor an argument of "
                        "`@task`; Airflow rejects invalid arguments"
                    )
                    suggestion = closest(argument.written, [*signature.positional, *operator.arguments])
                    fix = None
                    if suggestion:
                        message = message.replace("; Airflow", f" (did you mean `{suggestion[0]}`?); Airflow")
                        fix = _rename(ctx, argument.key, suggestion[0])
                    ctx.report(argument.key, message, fix=fix)

    def check_dag(self, ctx, dag):
        merged = dag.default_args
        if merged is None or not dag.tasks:
            return
        accepted: set[str] = set()
        for task in dag.tasks:
            resolved = operator_of(ctx, task)
            if resolved is None or resolved.info is None or not resolved.info.arguments_complete:
                return  # a decorator task, an unknown operator: what it accepts is not known
            accepted.update(resolved.info.arguments)
        base = base_operator(ctx)
        accepted.update(base.arguments if base is not None else ())
        for name, entry in merged.entries.items():
            if entry.layer.kind != "dag" or name in accepted or name in DAG_FACTORY_DEFAULT_ARGS:
                continue
            message = f"no task of DAG `{dag.name}` takes `{name}`, so Airflow ignores this default"
            if name in REMOVED_SHORTHANDS:
                target = REMOVED_SHORTHANDS[name]
                ctx.report(entry.key, f"{message}: DAG Factory 1.0 no longer converts `{name}` to `{target}`; "
                           f"write `{target}` (a `__type__: datetime.timedelta` with `seconds:`)", severity=Severity.WARNING)
                continue
            if name in _dag_keys():
                message += f"; `{name}` is a DAG key: write it next to `default_args`, not in it"
                ctx.report(entry.key, message, severity=Severity.WARNING)
                continue
            suggestion = closest(name, sorted(accepted))
            fix = None
            if suggestion:
                message += f" (did you mean `{suggestion[0]}`?)"
                fix = Fix(f"Rename to `{suggestion[0]}`", (replace_scalar(ctx.source.text, entry.key, suggestion[0]),), safe=False)
            ctx.report(entry.key, message, fix=fix, severity=Severity.WARNING)

    def _report(self, ctx, info, argument, given):
        written = argument.written
        catalog = catalog_for(ctx)
        added = catalog.argument_added_in(info, argument.name)
        if added is not None:  # accepted by a later release than the target's
            package, release = added
            where = " in `expand:`" if argument.where == "expand" else ""
            message = (f"`{written}`{where} is not an argument of {info.name} in {catalog.describe(package)} "
                       f"({catalog.added_wording(catalog.release_name(package, release))}); ")
            message += (f"Airflow raises \"expand() got an unexpected keyword argument '{written}'\""
                        if argument.where == "expand" else "Airflow rejects invalid arguments")
            ctx.report(argument.key, message)
            return
        if argument.where == "expand":
            message = f"`{written}` in `expand:` is not an argument of {info.name}"
        elif written in CONVERTED_ONLY_FOR and CONVERTED_ONLY_FOR[written] not in _lineage(info):
            message = (f"`{written}` is not an argument of {info.name}: DAG Factory converts it to `{argument.name}` "
                       f"only for {CONVERTED_ONLY_FOR[written]} and passes it on as written")
            argument = type(argument)(written, argument.key, argument.value, argument.layer, argument.where)
        elif written in REMOVED_SHORTHANDS:
            message = (f"`{written}` is not an argument of {info.name}: DAG Factory 1.0 no longer converts it to "
                       f"`{REMOVED_SHORTHANDS[written]}`")
        elif written != argument.name:
            message = f"DAG Factory passes `{written}` as `{argument.name}`, which {info.name} does not accept"
        else:
            message = f"`{written}` is not an argument of {info.name}"
        siblings = [] if written != argument.name else catalog.siblings_with_argument(info, written)
        # Arguments the task already gives are not what it meant.
        candidates = [name for name in info.arguments if name not in given]
        suggestion = closest(written, [*candidates, *(DAG_FACTORY_KEYS if argument.where == "task" else ())])
        fix = None
        if siblings:
            names = ", ".join(other.name for other in siblings[:3])
            message = f"`{written}` is an argument of {names}, not of {info.name}"
        if suggestion:
            message += f" (did you mean `{suggestion[0]}`?)"
            fix = Fix(f"Rename to `{suggestion[0]}`", (replace_scalar(ctx.source.text, argument.key, suggestion[0]),), safe=False)
        if argument.where == "expand":
            message += f"; Airflow raises \"expand() got an unexpected keyword argument '{written}'\""
        else:
            message += "; Airflow rejects invalid arguments"
        ctx.report(argument.key, message, fix=fix)


def _rename(ctx, key, name: str) -> Fix:
    return Fix(f"Rename to `{name}`", (replace_scalar(ctx.source.text, key, name),), safe=False)
