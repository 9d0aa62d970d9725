"""`.airflowignore` files, as DAG Factory reads them when it loads a folder.

DAG Factory 1.1.0 skips what the `.airflowignore` files of the DAG folder tree name: each file's
patterns apply to the paths below its folder, in gitignore ("glob") syntax, the last matching
pattern deciding (`!` re-includes), `#` starting a comment anywhere on a line. DAG Factory 1.0.1
reads every YAML file under the folder and ignores `.airflowignore` (it globs with `rglob`), so
the files are honoured only when the target's DAG Factory is 1.1.0 or newer. Airflow's
`dag_ignore_file_syntax = regexp` lives in Airflow's configuration, which wflint does not read:
glob, Airflow 3's default, is assumed.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

FILE_NAME = ".airflowignore"
FIRST_HONOURING_DAG_FACTORY = (1, 1, 0)


def honoured_by(dag_factory_version: str | None) -> bool:
    if not dag_factory_version:
        return False
    parts = tuple(int(part) for part in re.findall(r"\d+", dag_factory_version)[:3])
    return parts >= FIRST_HONOURING_DAG_FACTORY


def read_patterns(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [pattern for pattern in (line.split("#", 1)[0].strip() for line in lines) if pattern]


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> tuple[re.Pattern, bool, bool]:
    """(regex over a folder-relative POSIX path, negated, folders only), as gitignore reads it."""
    negated = pattern.startswith("!")
    if negated:
        pattern = pattern[1:]
    folders_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    out = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("/**", index) and index + 3 == len(pattern):
            out.append("/.*")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        elif pattern[index] == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape("["))
                index += 1
            else:
                body = pattern[index + 1:end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                index = end + 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    body = "".join(out)
    # Unanchored: matches at any depth. A match of a folder covers everything below it.
    regex = ("^" if anchored else "^(?:.*/)?") + body + "(?:/.*)?$"
    return re.compile(regex), negated, folders_only


def ignored(relative: str, is_folder: bool, patterns: list[str]) -> bool | None:
    """The last decision of `patterns` on `relative` (None: no pattern matches)."""
    decision = None
    for pattern in patterns:
        regex, negated, folders_only = _compile(pattern)
        if folders_only and not is_folder and "/" not in relative:
            continue
        if regex.match(relative):
            decision = not negated
    return decision


class IgnoreTree:
    """The `.airflowignore` files met while walking a folder tree."""

    def __init__(self) -> None:
        self.patterns: dict[str, list[str]] = {}  # folder -> its file's patterns

    def enter(self, folder: str, files: list[str]) -> None:
        if FILE_NAME in files:
            self.patterns[os.path.abspath(folder)] = read_patterns(os.path.join(folder, FILE_NAME))

    def skips(self, path: str, is_folder: bool = False) -> bool:
        """Whether an `.airflowignore` of a folder above `path` names it (the nearest file with an
        opinion decides, as nested files override their parents)."""
        absolute = os.path.abspath(path)
        folder = os.path.dirname(absolute)
        while True:
            patterns = self.patterns.get(folder)
            if patterns:
                relative = os.path.relpath(absolute, folder).replace(os.sep, "/")
                decision = ignored(relative, is_folder, patterns)
                if decision is not None:
                    return decision
            parent = os.path.dirname(folder)
            if parent == folder:
                return False
            folder = parent
