"""The rule registry: one rule per module, one code per rule.

A rule is a small visitor (`wflint.rule.Rule`). It overrides any of `check_file`, `check_dag`,
`check_task`, `check_group`; the engine walks the model once and calls only the hooks a rule
defines. The rule's docstring is its documentation (What it does / Why is this bad? / Example),
served by `wflint rule CODE`, the generated docs and the language server's hover.

Bands: WF0xx YAML and structure, WF1xx schedules and dates, WF2xx dependency graph,
WF3xx operators and arguments, WF4xx Jinja templates, WF5xx deploy-target profiles, WF6xx
projects, WF7xx runtime values, WF8xx AWS requests.
"""

from __future__ import annotations

import importlib

from ..codes import RULE_MODULE, rule_codes  # noqa: F401 (rule_codes: the registry's public names)
from ..rule import DOCS_URL, Rule, docs_url, rule_docs  # noqa: F401 (what rule modules and outputs import)


def rule_modules() -> list[str]:
    """Every rule module in this package (`wfNNN_name.py`), in code order: a new rule is just
    a new module."""
    import pkgutil

    return sorted(info.name for info in pkgutil.iter_modules(__path__) if RULE_MODULE.match(info.name))


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
