"""The rule registry: one rule per module, one code per rule.

A rule is a small visitor. It overrides any of `check_file`, `check_dag`, `check_task`,
`check_group`; the engine walks the model once and calls only the hooks a rule defines.
The rule's docstring is its documentation (What it does / Why is this bad? / Example), served
by `wflint rule CODE`, the generated docs and the language server's hover.

Bands: WF0xx YAML and structure, WF1xx schedules and dates, WF2xx dependency graph,
WF3xx operators and arguments, WF4xx Jinja templates, WF5xx deploy-target profiles.
"""

from __future__ import annotations

import importlib
import inspect
import re
from typing import TYPE_CHECKING, ClassVar

from ..diagnostics import Severity

if TYPE_CHECKING:
    from ..engine import RuleContext
    from ..model import Dag, Task, TaskGroup, WorkflowFile

DOCS_URL = "https://github.com/wflint/wflint/blob/main/docs/rules.md#{code}"

_RULE_MODULE = re.compile(r"^wf\d{3}_\w+$")


def rule_modules() -> list[str]:
    """Every rule module in this package (`wfNNN_name.py`), in code order: a new rule is just
    a new module."""
    import pkgutil

    return sorted(info.name for info in pkgutil.iter_modules(__path__) if _RULE_MODULE.match(info.name))


def rule_codes() -> list[str]:
    """Every rule's code, read from the module names without importing anything (the
    configuration checks codes on the start-up path, where pkgutil would cost more)."""
    import os

    names = {entry[:-3] for folder in __path__ for entry in os.listdir(folder) if entry.endswith(".py")}
    return sorted(name[:5].upper() for name in names if _RULE_MODULE.match(name))


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    # File kinds a rule looks at: "workflow", "defaults", "other".
    file_kinds: ClassVar[frozenset[str]] = frozenset({"workflow"})
    # A rule tied to a deploy target runs only when that profile is active.
    profile: ClassVar[str | None] = None
    # Whether the rule can run on a document whose YAML did not parse.
    needs_valid_yaml: ClassVar[bool] = True

    def check_file(self, ctx: "RuleContext", workflow: "WorkflowFile") -> None:
        pass

    def check_dag(self, ctx: "RuleContext", dag: "Dag") -> None:
        pass

    def check_task(self, ctx: "RuleContext", task: "Task") -> None:
        pass

    def check_group(self, ctx: "RuleContext", group: "TaskGroup") -> None:
        pass

    @classmethod
    def summary(cls) -> str:
        return rule_docs(cls)["summary"]

    @classmethod
    def hooks(cls) -> frozenset[str]:
        return frozenset(
            hook for hook in ("check_file", "check_dag", "check_task", "check_group")
            if getattr(cls, hook) is not getattr(Rule, hook)
        )


_REGISTRY: dict[str, type[Rule]] = {}
_LOADED = False


def register(cls: type[Rule]) -> type[Rule]:
    if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
        raise RuntimeError(f"rule code {cls.code} registered twice")
    _REGISTRY[cls.code] = cls
    return cls


def all_rules() -> list[type[Rule]]:
    global _LOADED
    if not _LOADED:
        for module in rule_modules():
            importlib.import_module(f"{__name__}.{module}")
        _LOADED = True
    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def get_rule(code: str) -> type[Rule] | None:
    all_rules()
    return _REGISTRY.get(code.upper())


def rule_by_name(name: str) -> type[Rule] | None:
    for rule in all_rules():
        if rule.name == name:
            return rule
    return None


_SECTION = re.compile(r"^##\s+(.*)$", re.M)


def rule_docs(rule: type[Rule]) -> dict[str, str]:
    """The docstring split into summary, what, why, example (markdown)."""
    text = inspect.cleandoc(rule.__doc__ or "")
    parts = _SECTION.split(text)
    docs = {"summary": parts[0].strip().splitlines()[0] if parts[0].strip() else rule.name, "body": text}
    for title, body in zip(parts[1::2], parts[2::2]):
        key = title.strip().lower().rstrip("?")
        key = {"what it does": "what", "why is this bad": "why", "example": "example"}.get(key, key)
        docs[key] = body.strip()
    return docs


def docs_url(code: str) -> str:
    return DOCS_URL.format(code=code.lower())
