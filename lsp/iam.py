"""Least-privilege IAM in the editor: the permissions a task needs (hover text) and the
`wflint.iamPolicy` command, whose answer is the policy document of an open workflow file (what
`wflint iam FILE` prints). The core (wflint.iam) does the work; these are thin adapters."""

from __future__ import annotations

import logging

from wflint.iam.needs import task_needs
from wflint.iam.policy import needs_markdown, policy_document
from wflint.iam.workflow import file_needs, resolver

from . import knowledge

log = logging.getLogger(__name__)
COMMAND = "wflint.iamPolicy"


def _project():
    provider = knowledge._project_provider
    return provider() if provider is not None else None


def task_hover(dag, task, config) -> str | None:
    """Markdown listing what `task` needs from IAM (None when no project is bound or nothing applies)."""
    project = _project()
    if project is None or task is None:
        return None
    try:
        needs = task_needs(task, resolver(project.catalog_at(config))(task), project.target_for(config))
        return needs_markdown(needs)
    except Exception:  # a hover must never fail the request
        log.exception("IAM needs of a task")
        return None


def policy_response(state, uri: str) -> dict:
    """{"policy": document, "warnings": [...]} for the open document at `uri`."""
    document = state.get(uri)
    project = _project()
    if document is None or document.result is None or document.result.workflow is None or project is None:
        return {"policy": None, "warnings": [], "error": "not an open DAG Factory workflow file"}
    needs = [task for _, tasks in file_needs(document.result, project) for task in tasks]
    warnings = [f"{task.task}: {gap}" for task in needs for gap in task.gaps]
    warnings += [f"{hole.task}: {hole.resource}: {hole.what} not known from the file" for task in needs for hole in task.holes]
    return {"policy": policy_document(needs), "warnings": warnings}


def register(server) -> None:
    """Adds the `wflint.iamPolicy` command (arguments: [uri]) to the server (called from server.py)."""

    @server.command(COMMAND)
    async def iam_policy(ls, *arguments):
        try:
            # pygls hands the command's arguments one by one (older releases: as one list).
            first = arguments[0] if arguments else None
            uri = first[0] if isinstance(first, (list, tuple)) and first else first
            if isinstance(uri, dict):
                uri = uri.get("uri")
            if not isinstance(uri, str):
                raise ValueError(f"{COMMAND} needs the document's uri as its argument")
            document = ls.state.get(uri)
            if document is not None:
                await ls.state.settle(document)
            return policy_response(ls.state, uri)
        except Exception as error:  # never take the server down
            ls.report_failure(COMMAND, error)
            return {"policy": None, "warnings": [], "error": f"{type(error).__name__}: {error}"}
