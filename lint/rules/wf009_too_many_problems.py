from __future__ import annotations

from ..diagnostics import Severity
from . import Rule, register


@register
class TooManyProblems(Rule):
    """More problems in one file than wflint reports.

    ## What it does
    wflint reports at most 1,000 diagnostics per file (in every output format and in the editor)
    and stops a rule that finds more than 2,000 problems in one file; this diagnostic, the last
    of the file, says how many were left out. (A problem repeated more than 20 times, same rule
    and same message, is already reported once, with its count and the first 20 other places.)

    ## Why is this bad?
    A file with thousands of problems is usually one mistake repeated (a generated file, a bad
    merge, a key pasted many times); a report of hundreds of megabytes helps nobody. Fix the first
    problems and run wflint again, or turn the noisiest rule off for the file.

    ## Example
    ```yaml
    etl: {tasks: [], a: 1, a: 1, a: 1, a: 1}  # ... 20,000 times
    ```
    """

    code = "WF009"
    name = "too-many-problems"
    severity = Severity.WARNING
    file_kinds = frozenset({"workflow", "defaults"})
    needs_valid_yaml = False
