"""`.airflowignore` files, as DAG Factory reads them when it loads a folder.

DAG Factory 1.1.0 skips what the `.airflowignore` files of the DAG folder tree name: each file's
patterns apply to the paths below its folder, in gitignore ("glob") syntax, the last matching
pattern deciding (`!` re-includes), `#` starting a comment anywhere on a line. DAG Factory 1.0.1
reads every YAML file under the folder and ignores `.airflowignore` (it globs with `rglob`), so
the files are honoured only when the target's DAG Factory is 1.1.0 or newer. Airflow's
`dag_ignore_file_syntax = regexp` lives in Airflow's configuration, which wflint does not read:
glob, the default of Airflow 3.0.6 and 3.3.2 (config.yml), is assumed.

A pattern decides as DAG Factory's matcher (pathspec's GitIgnoreSpec) decides, a folder's path
being matched with a trailing `/`: `dir/**` names the folder too (so nothing in it can be
re-included), a folder-only pattern (`a/`) never names a file, a whole-name `*` matches no empty
name, a backslash escapes, and a pattern with an unclosed `[` matches nothing (tests/test_airflowignore.py
compares the two on random patterns).
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
def _compile(pattern: str) -> tuple[re.Pattern | None, bool]:
    """(regex over a folder-relative POSIX path, negated), as DAG Factory's gitignore matcher
    (pathspec's GitIgnoreSpec) reads the pattern; a folder's path is matched with a trailing
    `/`. None for a pattern that matches nothing (`!` or `/` alone)."""
    negated = pattern.startswith("!")
    if negated:
        pattern = pattern[1:]
    folders_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    if not pattern:
        return None, negated
    # A slash before the end anchors the pattern to its file's folder; without one it matches
    # at any depth, as does a leading `**/`.
    anchored = "/" in pattern
    segments: list[str] = []
    for segment in pattern.lstrip("/").split("/"):
        if not (segment == "**" and segments and segments[-1] == "**"):  # `**/**` is `**`
            segments.append(segment)
    if segments[0] == "**" and len(segments) > 1:
        anchored = False
        segments.pop(0)
    parts: list[str] = []
    separated = True  # whether the next component needs no `/` before it
    tail = "/.*" if folders_only else "(?:/.*)?"  # a folder-only pattern never matches a file
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            if len(segments) == 1:
                parts.append(".*")
            elif last:  # `dir/**`: everything inside the folder (and the folder)
                parts.append("/.*")
                tail = ""
            else:  # `a/**/b`: no folder or any number between
                parts.append("/(?:.*/)?" if parts else "(?:.*/)?")
                separated = True
            continue
        if not separated:
            parts.append("/")
        regex = _segment(segment)
        if regex is None:
            return None, negated
        parts.append(regex)
        separated = False
    try:
        return re.compile(("^" if anchored else "^(?:.*/)?") + "".join(parts) + tail + "$", re.S), negated
    except re.error:  # a class such as `[z-a]`: nothing to match with
        return None, negated


def _segment(segment: str) -> str | None:
    """One path component's regex: `*` and `?` stay inside it, `[...]` is a class, `\\`
    escapes; a component that is only `*` names something (it matches no empty name). None
    when a `[` is never closed."""
    if segment.strip("*") == "":
        return "[^/]+"
    out = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            while index + 1 < len(segment) and segment[index + 1] == "*":
                index += 1
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "\\" and index + 1 < len(segment):
            index += 1
            out.append(re.escape(segment[index]))
        elif char == "[":
            start = index + 1
            negated = segment[start:start + 1] in ("!", "^")
            start += 1 if negated else 0
            end = segment.find("]", start + 1)  # a `]` first in the class is one of its characters
            if end == -1:
                return None  # an unclosed class: the pattern is invalid and matches nothing
            body = segment[start:end].replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
            out.append("[" + ("^" if negated else "") + body + "]")
            index = end
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)


def ignored(relative: str, is_folder: bool, patterns: list[str]) -> bool | None:
    """The last decision of `patterns` on `relative` (None: no pattern matches)."""
    path = relative + "/" if is_folder else relative
    decision = None
    for pattern in patterns:
        regex, negated = _compile(pattern)
        if regex is not None and regex.match(path):
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
