from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..objects import judge
from ..suggest import closest
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Mapping, Scalar, Sequence, iter_pairs, mapping_get
from . import Rule, register

CALLBACK_KEYS = frozenset({"on_execute_callback", "on_success_callback", "on_failure_callback", "on_retry_callback",
                           "on_skipped_callback", "sla_miss_callback"})
_INVALID = "DAG Factory raises \"Invalid type passed to {key}\" and the file does not load"


def _mappings(workflow):
    """Every mapping whose callback keys DAG Factory reads: DAGs, tasks, the `default:` block,
    a defaults.yml, and the `default_args` of each (task groups' included)."""
    found = []
    for mapping in workflow.own_mappings():
        found.append(mapping)
    for dag in workflow.dags:
        found.extend(task.node for task in dag.tasks if not task.inherited and type(task.node) is Mapping)
        found.extend(group.node for group in dag.groups if not getattr(group, "inherited", False)
                     and type(group.node) is Mapping)
    result, seen = [], set()
    for mapping in found:
        for candidate in (mapping, (mapping_get(mapping, "default_args") or (None, None))[1]):
            if type(candidate) is Mapping and id(candidate) not in seen:
                seen.add(id(candidate))
                result.append(candidate)
    return result


@register
class InvalidCallback(Rule):
    """A callback DAG Factory cannot build.

    ## What it does
    DAG Factory (1.0.1 and 1.1.0) builds each `on_*_callback` (and `sla_miss_callback`) of a
    DAG, a task, a task group's or DAG's `default_args` when it loads the file. It takes a
    dotted path to a function or class, or a mapping with a `callback:` path and the arguments
    to bind (a notifier class is built with them). This rule reports:
    - a list of callbacks (DAG Factory takes only one) and a mapping without `callback:`;
    - a path without a module (`notify_team`), which cannot be imported;
    - a path into Airflow or a provider's notifier module that does not exist in the
      release (from the object catalog, with did-you-mean);
    - notifier arguments the notifier class does not take, and required ones missing
      (`SnsNotifier` without `target_arn`).

    Paths into your own modules are not judged.

    ## Why is this bad?
    The file does not load: "Invalid type passed to on_failure_callback",
    "SnsNotifier.__init__() missing 1 required keyword-only argument: 'target_arn'",
    "BaseNotifier.__init__() got an unexpected keyword argument 'mesage'" (Airflow 3.3.2).

    ## Example
    ```yaml
    on_failure_callback:
      callback: airflow.providers.amazon.aws.notifications.sns.SnsNotifier
      target_arn: arn:aws:sns:eu-west-1:123456789012:alerts
      mesage: "{{ dag.dag_id }} failed"     # did you mean `message`?
    ```
    """

    code = "WF745"
    name = "invalid-callback"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        if "callback" not in ctx.source.text:
            return
        for mapping in _mappings(workflow):
            for key, value in iter_pairs(mapping):
                if type(key) is Scalar and key.value in CALLBACK_KEYS:
                    self._check(ctx, key, value)

    def _check(self, ctx, key, value):
        name = key.value
        if type(value) is Sequence:
            ctx.report(value, f"`{name}` takes one callback, not a list: {_INVALID.format(key=name)}; keep one (or call "
                       "the others from it)")
            return
        if type(value) is Mapping:
            found = mapping_get(value, "callback")
            if found is None:
                ctx.report(key, f"`{name}` is a mapping without `callback:` (the dotted path of the function or notifier "
                           f"to call): {_INVALID.format(key=name)}")
                return
            path = found[1]
            if type(path) is not Scalar or not isinstance(path.typed, str):
                ctx.report(path, f"`callback:` must be a dotted path: {_INVALID.format(key=name)}")
                return
            self._check_path(ctx, name, path, value)
            return
        if type(value) is Scalar and isinstance(value.typed, str):
            self._check_path(ctx, name, value, None)

    def _check_path(self, ctx, name, node, arguments):
        path = node.value.strip()
        if not path or "$" in path or "{{" in path:
            return
        if "." not in path:
            ctx.report(node, f"`{path}` is not a dotted path (module.function): DAG Factory cannot import it and the file "
                       f"does not load; write the module too, or use `{name}_name` with `{name}_file`")
            return
        for target, message, fix, severity in judge(ctx, lambda catalog: self._problems(ctx, catalog, node, arguments)):
            ctx.report(target, message, fix=fix, severity=Severity.parse(severity) if severity else None)

    def _problems(self, ctx, catalog, node, arguments):
        path = node.value.strip()
        status, canonical = catalog.resolve(path)
        version = catalog.airflow_version
        if status in ("no-module", "no-name"):
            module, _, last = path.rpartition(".")
            message = f"`{path}` does not exist in Airflow {version}, so DAG Factory cannot import the callback"
            near = closest(last, catalog.module_names(module) or {}) if status == "no-name" else []
            fix = None
            if near:
                message += f" (did you mean `{module}.{near[0]}`?)"
                fix = Fix(f"Replace with `{module}.{near[0]}`", (replace_scalar(ctx.source.text, node, f"{module}.{near[0]}"),),
                          safe=False)
            return [(("path", node.start), node, message + "; the file does not load", fix)]
        if status != "ok" or not canonical or arguments is None:
            return []
        signature = catalog.signature(canonical)
        if signature is None or not signature.is_class:
            return []
        class_name = canonical.rsplit(".", 1)[-1]
        problems = []
        keywords = signature.keywords
        given = []
        for key, _ in iter_pairs(arguments):
            if type(key) is not Scalar or key.value == "callback":
                continue
            given.append(key.value)
            if key.value in keywords or signature.var_keyword:
                continue
            suggestion = closest(key.value, [k for k in keywords if k not in given])
            message = f"{class_name} takes no argument `{key.value}`"
            fix = None
            if suggestion:
                message += f" (did you mean `{suggestion[0]}`?)"
                fix = Fix(f"Rename to `{suggestion[0]}`", (replace_scalar(ctx.source.text, key, suggestion[0]),), safe=False)
            problems.append((("kw", key.start), key, message + "; Python raises TypeError when DAG Factory builds the "
                             "notifier and the file does not load", fix))
        missing = [p.name for p in signature.parameters if p.required and p.name not in given]
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            problems.append((("missing", node.start), node, f"{class_name} requires {names}; Python raises TypeError when "
                             "DAG Factory builds the notifier and the file does not load", None))
        return problems
