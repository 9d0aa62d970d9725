from __future__ import annotations

from ..aws import json_arguments
from ..aws.check import ShapeChecker, argument_checks, json_problem
from ..diagnostics import Fix, Severity
from ..operators import operator_of, task_arguments
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Mapping, Scalar
from . import Rule, register


@register
class AwsRequestShape(Rule):
    """An argument of an Amazon operator that AWS will refuse as part of its API request.

    ## What it does
    Many Amazon operators hand an argument, nearly unchanged, to an AWS API call:
    `BatchOperator(container_overrides=...)` becomes `SubmitJob.containerOverrides`,
    `SageMakerTrainingOperator(config=...)` is the whole `CreateTrainingJob` request,
    `GlueJobOperator(script_args=...)` becomes `StartJobRun.Arguments`. Which argument becomes
    which request member is read from the amazon provider's source (schemas/aws/operator-calls.json,
    per provider release), and the value is checked against that member's shape in botocore's
    service model (schemas/aws/shapes-*.json.gz; see docs/aws-shapes.md):

    - **Errors** where botocore's own validation refuses the request before it is sent: a key
      that is not a member of the structure (with did-you-mean and a rename fix), a missing
      required member, a value of the wrong type (a string where a number goes, a mapping where a
      list goes, ...), and a number, string or list below the shape's minimum.
    - **Warnings** for what only AWS checks when the request arrives: a value outside the
      member's enum, a number, string or list above its maximum; and a string that the operator
      parses with `json.loads` but that is no JSON.

    Jinja templates, `$VARIABLES`, `+task` references, `__type__` objects and `null` are skipped,
    never guessed; so are arguments that some code path converts before sending.

    ## Why is this bad?
    AWS checks the request only when the task runs, after the upstream tasks have run: the task
    fails with `ParamValidationError` ("Unknown parameter in containerOverrides: \\"cpu\\"") or a
    400 from the service.

    ## Example
    ```yaml
    submit:
      operator: airflow.providers.amazon.aws.operators.batch.BatchOperator
      job_name: nightly
      job_queue: default
      job_definition: etl
      container_overrides:
        comand: ["python", "etl.py"]   # did you mean `command`?
        vcpus: "2"                     # must be an integer
    ```
    """

    code = "WF801"
    name = "aws-request-shape"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        if task.inherited:
            return
        resolved = operator_of(ctx, task)
        info = resolved.info if resolved is not None else None
        if info is None or not info.canonical_path.startswith("airflow.providers.amazon."):
            return
        plans = ctx.cache.setdefault("wf801:plans", {})
        plan = plans.get(info.canonical_path)
        if plan is None:
            plan = plans[info.canonical_path] = (argument_checks(info.canonical_path, ctx.target),
                                                 json_arguments(info.canonical_path))
        checks, parsed = plan
        if not checks and not parsed:
            return
        given = {argument.name: argument for argument in task_arguments(task)
                 if argument.own and argument.where in ("task", "partial") and argument.name == argument.written
                 and (argument.name in checks or argument.name in parsed)}
        if not given:
            return
        # The calls an argument flows into are often alternatives (``if exists: update_x(**config)
        # else: create_x(**config)``; one per location type), taken on conditions only known when the
        # task runs: a problem of an argument is reported only when every call it reaches has it.
        groups: dict[str, list[tuple[object, list]]] = {}
        for name, argument in given.items():
            value = argument.value
            text = value.typed if type(value) is Scalar else None
            alternatives: list | None = []
            for check in checks.get(name, ()):
                limits = check.string_limits
                if limits is not None and type(text) is str and limits[0] <= len(text) <= limits[1]:
                    alternatives = None  # the common case (a name for a plain string member): fine
                    break
                if type(text) is str and self._file_template(info, name, value):
                    alternatives = None
                    break
                # An empty mapping for a whole request (`create_task_kwargs: {}`) asks for nothing:
                # such calls are made only when the user wants them.
                skip = check.partial | ({""} if not check.path and type(value) is Mapping and not value.pairs else set())
                checker = ShapeChecker(check.operation, skip_required=skip, supplied_top=check.supplied,
                                       ignored=check.ignored)
                checker.check(value, check.shape, check.path, argument.key)
                if not checker.problems:
                    alternatives = None  # one call it reaches accepts it: nothing is certain
                    break
                alternatives.append((check, checker.problems))
            if alternatives:
                groups[name] = alternatives
        reported: set[tuple[int, int]] = set()
        for alternatives in groups.values():
            everywhere = set.intersection(*({(p.node.start, p.node.end, p.certain) for p in problems}
                                             for _, problems in alternatives))
            call, problems = alternatives[0]
            for problem in problems:
                span = (problem.node.start, problem.node.end)
                if (*span, problem.certain) not in everywhere or span in reported:
                    continue
                reported.add(span)
                fix = None
                if problem.rename is not None:
                    key, name = problem.rename
                    fix = Fix(f"Replace with `{name}`", (replace_scalar(ctx.source.text, key, name),), safe=False)
                ctx.report(problem.node, f"{problem.message} [{call.service} {call.operation}]", fix=fix,
                           severity=None if problem.certain else Severity.WARNING)
        for name in parsed:
            argument = given.get(name)
            error = json_problem(argument.value) if argument is not None else None
            if error is not None and (argument.value.start, argument.value.end) not in reported:
                message, position = error
                length = len(argument.value.typed)
                span = ctx.value_span(argument.value, min(position, max(length - 1, 0)), min(position + 1, length))
                ctx.report(span, f"`{name}` is parsed as JSON by {info.name} and this is no JSON: {message} "
                                 f"(character {position + 1})", severity=Severity.WARNING)

    @staticmethod
    def _file_template(info, name: str, value) -> bool:
        """A templated argument naming a template file (`config.json`): Airflow reads the file."""
        return (type(value) is Scalar and isinstance(value.typed, str) and name in info.template_fields
                and bool(info.template_ext) and value.typed.strip().endswith(tuple(info.template_ext)))

