"""AWS knowledge: which API operations an Amazon operator calls and what those requests look like.

    from wflint.aws import calls_for, request_shape
    for call in calls_for("airflow.providers.amazon.aws.operators.glue.GlueJobOperator", target):
        shape = request_shape(call.service, call.operation)

The data is extracted at catalog-build time from the amazon provider's source and botocore's
service models (lint/catalog/aws_calls.py, aws_shapes.py) into schemas/aws/; nothing here imports
boto3, botocore or Airflow. `check` validates YAML values against a shape as botocore would.
"""

from .calls import PROVIDER, ApiCall, calls_for, json_arguments, mapped_operators, provider_release
from .shapes import Member, Shape, botocore_version, request_shape

__all__ = [
    "PROVIDER", "ApiCall", "Member", "Shape", "botocore_version", "calls_for", "json_arguments",
    "mapped_operators", "provider_release", "request_shape",
]
