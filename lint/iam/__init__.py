"""Least-privilege IAM: the permissions a workflow's tasks need (lint/iam/policy.py), from the
operator -> API call map (lint/aws/calls.py) and the IAM dataset (schemas/aws/iam-actions.json.gz)."""
