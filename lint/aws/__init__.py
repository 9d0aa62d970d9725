"""AWS knowledge: which API operations an Amazon operator calls and what those requests look like.

    from wflint.aws import calls_for
    calls_for("airflow.providers.amazon.aws.operators.glue.GlueJobOperator", target)

The data is extracted at catalog-build time from the amazon provider's source and botocore's
service models (lint/catalog/aws_calls.py) into schemas/aws/; nothing here imports boto3,
botocore or Airflow.
"""

from .calls import PROVIDER, ApiCall, calls_for, mapped_operators, provider_release

__all__ = ["PROVIDER", "ApiCall", "calls_for", "mapped_operators", "provider_release"]
