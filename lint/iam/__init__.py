"""Least-privilege IAM for a workflow: what each task's operator needs (`needs`), the policy
document for a DAG or file (`policy`) and checking a given policy against it (`check`).

    from wflint.iam import workflow_needs, policy_document
    needs = workflow_needs(dags, resolve, target)   # resolve: task -> canonical operator path
    print(policy_document(needs))
"""

from .needs import Grant, Hole, TaskNeeds, task_needs

__all__ = ["Grant", "Hole", "TaskNeeds", "task_needs"]
