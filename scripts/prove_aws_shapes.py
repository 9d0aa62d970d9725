"""Ask botocore's own request validation what it says about the AWS requests of workflow files.

For every task of an Amazon operator whose arguments flow into an AWS request (per
schemas/aws/operator-calls.json), the request those arguments make is built (templated values
left as they are) and validated with ``botocore.validate.ParamValidator`` of a Python that has
botocore (offline: no client, no network). Missing top-level members that other arguments or the
provider's code fill are not reported. Used to confirm each WF801 golden case:

    .venv/bin/python scripts/prove_aws_shapes.py --botocore-python /opt/oracle/af306/bin/python FILE...
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

VALIDATE = r"""
import json, sys
import botocore, botocore.session
from botocore.validate import ParamValidator
session = botocore.session.get_session()
for case in json.load(sys.stdin):
    model = session.get_service_model(case["service"])
    shape = model.operation_model(case["operation"]).input_shape
    report = ParamValidator().validate(case["request"], shape)
    lines = [line.strip() for line in report.generate_report().splitlines() if line.strip()]
    lines = [line for line in lines if not any(line == f'Missing required parameter in input: "{m}"' for m in case["filled"])]
    print(json.dumps({"id": case["id"], "botocore": botocore.__version__, "errors": lines}))
"""


def _cases(path: Path) -> list[dict]:
    from wflint.aws import calls_for
    from wflint.engine import Project, lint_path  # noqa: F401 (builds the model the rule sees)
    from wflint.yaml.tree import parse_yaml, to_python, Mapping, Scalar, iter_pairs

    document = parse_yaml(path.read_text(encoding="utf-8"))
    cases = []
    root = document.root
    for dag_key, dag in iter_pairs(root) if type(root) is Mapping else ():
        if type(dag) is not Mapping:
            continue
        tasks = dict((k.value, v) for k, v in iter_pairs(dag) if type(k) is Scalar).get("tasks")
        items = tasks.items if hasattr(tasks, "items") and not isinstance(tasks, Mapping) else [v for _, v in iter_pairs(tasks)] if tasks is not None else []
        for task in items:
            if type(task) is not Mapping:
                continue
            arguments = {k.value: to_python(v) for k, v in iter_pairs(task) if type(k) is Scalar}
            operator = arguments.get("operator", "")
            for call in calls_for(operator):
                request: dict = {}
                used = []
                if call.request in arguments and isinstance(arguments[call.request], dict) and "*" not in call.loose:
                    request.update(arguments[call.request])
                    used.append(call.request)
                for member, name in call.params.items():
                    if name in arguments and member not in call.loose and "[" not in member:
                        target = request
                        *parents, last = member.split(".")
                        for parent in parents:
                            target = target.setdefault(parent, {})
                        target[last] = arguments[name]
                        used.append(name)
                if not used:
                    continue
                filled = sorted(set(call.supplied) | {m.split(".")[0] for m in call.params})
                cases.append({"id": f"{path.name}:{arguments.get('task_id')}:{call.operation}:{','.join(sorted(set(used)))}",
                              "service": call.service, "operation": call.operation, "request": request,
                              "filled": filled})
    return cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--botocore-python", required=True)
    parser.add_argument("files", nargs="+", type=Path)
    options = parser.parse_args()
    cases = [case for path in options.files for case in _cases(path)]
    result = subprocess.run([options.botocore_python, "-c", VALIDATE], input=json.dumps(cases, default=str),
                            capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        verdict = json.loads(line)
        print(f"{verdict['id']}: " + ("; ".join(verdict["errors"]) if verdict["errors"] else "valid"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
