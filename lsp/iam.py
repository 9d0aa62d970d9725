"""IAM in the editor: the permissions a task needs (hover on its operator) and the command
`wflint.iamPolicy` (arguments: [uri, dag id?]) that answers the workflow's policy document, which
the VS Code command "wflint: Copy IAM Policy" copies. Both ask the core (wflint.iam)."""

from __future__ import annotations

from wflint.iam.policy import permissions_markdown, policy_document, task_permissions, workflow_permissions

from . import knowledge

COMMAND = "wflint.iamPolicy"


def _target(config):
    provider = knowledge._project_provider
    project = provider() if provider is not None else None
    try:
        return project.target_for(config) if project is not None and config is not None else None
    except Exception:  # no target: the newest mapped provider release
        return None


def task_hover(task, config) -> str | None:
    if task is None:
        return None
    try:
        return permissions_markdown(task_permissions(task, _target(config)))
    except Exception:  # hover must never fail because of IAM
        knowledge.log.exception("IAM hover failed")
        return None


def policy_response(state, uri: str, dag_id: str | None = None) -> dict:
    document = state.get(uri)
    if document is None or document.result is None or document.result.workflow is None:
        return {"error": f"{uri} is not an open workflow file"}
    try:
        config = state.project.config_for(document.path)
    except Exception:  # an invalid config file is reported by linting
        config = None
    permissions = workflow_permissions(document.result.workflow, dag_id, _target(config))
    return {
        "policy": policy_document(permissions),
        "holes": [hole for task in permissions for hole in task.holes],
        "unmapped": [f"{task.task}: {task.operator}" for task in permissions if task.unmapped],
    }


def register(server) -> None:
    """Adds the command to the server (called once from server.py)."""

    @server.command(COMMAND)
    async def wflint_iam_policy(ls, *arguments):  # pygls spreads the command's arguments
        try:
            arguments = list(arguments)
            uri = arguments[0] if arguments else None
            if isinstance(uri, dict):
                uri = uri.get("uri")
            if not isinstance(uri, str):
                return {"error": f"{COMMAND} needs arguments [uri, dag id?]"}
            document = ls.state.get(uri)
            if document is not None:
                await ls.state.settle(document)
            return policy_response(ls.state, uri, arguments[1] if len(arguments) > 1 else None)
        except Exception as error:  # never take the server down
            ls.report_failure(COMMAND, error)
            return {"error": f"{type(error).__name__}: {error}"}
