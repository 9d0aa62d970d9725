from __future__ import annotations

import json

from ..diagnostics import Severity
from ..operators import operator_of
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register

HTTP_OPERATOR = "airflow.providers.http.operators.http.HttpOperator"


def _is_http_operator(info) -> bool:
    return info.canonical_path == HTTP_OPERATOR or HTTP_OPERATOR in info.bases


@register
class InvalidHttpJson(Rule):
    """`data` of an HTTP task sent as JSON that DAG Factory cannot serialize.

    ## What it does
    When a task's operator is `HttpOperator` (or a subclass) and its `headers` say
    `Content-Type: application/json`, DAG Factory (1.0.1 and 1.1.0) turns `data` into JSON while
    it builds the DAG: a mapping is serialized and a string must already be valid JSON. Reports a
    string that is not valid JSON, with the parser's reason and position inside the text. (A
    `data` that is neither a mapping nor a string, which DAG Factory refuses too, is WF306's.)

    ## Why is this bad?
    DAG Factory raises `ValueError("Invalid JSON provided: …")` and no DAG of the file loads.

    ## Example
    ```yaml
    call_api:
      operator: airflow.providers.http.operators.http.HttpOperator
      headers: {Content-Type: application/json}
      data: '{"day": "2024-01-01",}'     # trailing comma: not JSON
    ```
    """

    code = "WF762"
    name = "invalid-http-json"
    severity = Severity.ERROR

    def check_task(self, ctx, task):
        data = task.config.get("data")
        headers = task.config.get("headers")
        if data is None or headers is None or type(headers.value) is not Mapping:
            return
        content_type = next((value for key, value in iter_pairs(headers.value)
                             if type(key) is Scalar and key.value == "Content-Type"), None)
        if type(content_type) is not Scalar or not isinstance(content_type.typed, str) \
                or "application/json" not in content_type.typed.lower():
            return
        resolved = operator_of(ctx, task)
        if resolved is None or resolved.info is None or not _is_http_operator(resolved.info):
            return
        value = data.value
        if type(value) is Mapping:
            return
        if type(value) is Scalar and isinstance(value.typed, str):
            if "$" in value.typed:
                return  # expanded from the environment when the file loads: not known here
            try:
                json.loads(value.typed)
            except ValueError as error:
                ctx.report_entry(task.dag, data, f"`data` is sent as JSON (Content-Type: application/json) and DAG "
                                 f"Factory parses it when it builds the DAG: {error.msg} at line {error.lineno} "
                                 f"column {error.colno}; DAG Factory raises ValueError (\"Invalid JSON provided\") "
                                 "and the file does not load; write a mapping, or valid JSON text")
            return
