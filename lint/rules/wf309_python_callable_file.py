from __future__ import annotations

import os

from .. import inputs
from ..diagnostics import Severity
from ..operators import CALLABLE_FILE_KEYS, module_names
from ..suggest import closest
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register


@register
class PythonCallableFile(Rule):
    """A Python callable loaded from a file that DAG Factory cannot load.

    ## What it does
    Checks each `python_callable_file` + `python_callable_name` pair (and the other pairs DAG
    Factory loads the same way: callbacks as `on_failure_callback_file` + `_name`,
    `execution_date_fn_file`, SqlSensor's `success_check_file`, HttpSensor's
    `response_check_file`, `doc_md_python_callable_file`) in tasks, `default_args` and the DAG:

    - both keys are given (error);
    - the file path is absolute (error: DAG Factory refuses relative paths);
    - the file exists (a warning: the path may exist only where Airflow runs);
    - the name is defined at the top level of the file (error), read with `ast`: the file is
      never imported or run.

    A path or name with `$` (e.g. `$CONFIG_ROOT_DIR/callables.py`, expanded from the
    environment by DAG Factory) is not checked for existence. A decorator task needs
    `python_callable` or the file + name pair (error). `python_callable: module.function`
    cannot be checked without importing the module and is left alone.

    ## Why is this bad?
    DAG Factory fails the whole file: "`python_callable_file` must be absolute path", a
    `FileNotFoundError`, or an `AttributeError` for a name the module does not define.

    ## Example
    ```yaml
    - task_id: greet
      decorator: airflow.sdk.task
      python_callable_file: dags/callables.py     # relative: use $CONFIG_ROOT_DIR/callables.py
      python_callable_name: greet
    ```
    """

    code = "WF309"
    name = "python-callable-file"
    severity = Severity.ERROR

    # Every key of the pairs: most mappings have none, and are done with in one pass over them.
    _callable_keys = frozenset(key for pair in CALLABLE_FILE_KEYS for key in pair)

    def check_task(self, ctx, task):
        if task.inherited or type(task.node) is not Mapping:
            return
        self._check_mapping(ctx, task.node)
        decorator = task.decorator
        if decorator is not None and not decorator.inherited and task.operator is None:
            keys = set(task.config.keys())
            if "python_callable" not in keys and not {"python_callable_file", "python_callable_name"} & keys:
                ctx.report(
                    decorator.value,
                    f"decorator task `{task.id}` needs `python_callable`, or `python_callable_file` with "
                    "`python_callable_name`; DAG Factory rejects it",
                )

    def check_dag(self, ctx, dag):
        if type(dag.node) is not Mapping:
            return
        self._check_mapping(ctx, dag.node)
        for key, value in iter_pairs(dag.node):
            if type(key) is Scalar and key.value == "default_args" and type(value) is Mapping:
                self._check_mapping(ctx, value)

    def check_group(self, ctx, group):
        if group.inherited or type(group.node) is not Mapping:
            return
        for key, value in iter_pairs(group.node):
            if type(key) is Scalar and key.value == "default_args" and type(value) is Mapping:
                self._check_mapping(ctx, value)

    def _check_mapping(self, ctx, mapping):
        pairs = iter_pairs(mapping)
        if self._callable_keys.isdisjoint(key.value for key, _ in pairs if type(key) is Scalar):
            return
        own = {key.value: (key, value) for key, value in pairs if type(key) is Scalar}
        for file_key, name_key in CALLABLE_FILE_KEYS:
            file_pair, name_pair = own.get(file_key), own.get(name_key)
            if file_pair is None and name_pair is None:
                continue
            if file_pair is None or name_pair is None:
                given, other = (file_key, name_key) if name_pair is None else (name_key, file_key)
                node = (file_pair or name_pair)[0]
                if file_key.startswith("doc_md_"):
                    # DAG Factory 1.0.1 builds doc_md only when both keys are set; the DAG loads
                    ctx.report(node, f"`{given}` without `{other}` is ignored: DAG Factory sets `doc_md` "
                               f"from the callable only when both are given", severity=Severity.WARNING)
                    continue
                ctx.report(node, f"`{given}` needs `{other}`: DAG Factory loads the callable from both")
                continue
            self._check_pair(ctx, file_key, file_pair[1], name_pair[1])

    def _check_pair(self, ctx, file_key, file_node, name_node):
        if type(file_node) is not Scalar or type(file_node.typed) is not str:
            return
        path = file_node.value
        if "$" in path:
            return  # expanded from the environment where Airflow runs
        if not os.path.isabs(path):
            ctx.report(
                file_node,
                f"`{file_key}` must be an absolute path, DAG Factory refuses `{path}` "
                "(write e.g. `$CONFIG_ROOT_DIR/...` or the full path)",
            )
            return
        if not inputs.isfile(path):
            what = "is not a regular file" if os.path.exists(path) else "does not exist on this machine"
            ctx.report(file_node, f"`{path}` {what}", severity=Severity.WARNING)
            return
        if type(name_node) is not Scalar or type(name_node.typed) is not str or "$" in name_node.value:
            return
        names = module_names(path)
        if names is None or name_node.value in names:
            return
        message = f"`{name_node.value}` is not defined at the top level of `{os.path.basename(path)}`"
        suggestion = closest(name_node.value, names)
        if suggestion:
            message += f" (did you mean `{suggestion[0]}`?)"
        ctx.report(name_node, message + "; DAG Factory fails to load it")
