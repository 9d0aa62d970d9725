"""Which rule codes exist, read from the rule modules' file names without importing them (the
configuration checks codes on the start-up path, where importing the rules would cost more)."""

from __future__ import annotations

import os
import re

RULE_MODULE = re.compile(r"^wf\d{3}_\w+$")
_RULES_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rules")


def rule_codes() -> list[str]:
    """Every rule's code (`WF202`), in order."""
    names = {entry[:-3] for entry in os.listdir(_RULES_FOLDER) if entry.endswith(".py")}
    return sorted(name[:5].upper() for name in names if RULE_MODULE.match(name))
