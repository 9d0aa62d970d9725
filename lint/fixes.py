"""Applying fixes to a document's text, and writing files safely."""

from __future__ import annotations

import os
import tempfile

from .diagnostics import Diagnostic, TextEdit
from .yaml.source import BOM


def apply_edits(text: str, edits: list[TextEdit]) -> str:
    """Apply non-overlapping edits (sorted here); an edit overlapping an earlier one is
    skipped so a fix never corrupts another."""
    result, cursor = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < cursor:
            continue
        result.append(text[cursor:edit.start])
        result.append(edit.new_text)
        cursor = edit.end
    result.append(text[cursor:])
    return "".join(result)


def safe_edits(diagnostics: list[Diagnostic], unsafe: bool = False) -> list[TextEdit]:
    """The edits of every safe fix (with `unsafe`, of every fix: `--unsafe-fixes`), keeping each
    fix whole: a fix whose edits overlap an already chosen fix is left for the next round."""
    chosen: list[TextEdit] = []
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not (fix.safe or unsafe):
            continue
        if any(_overlaps(edit, other) for edit in fix.edits for other in chosen):
            continue
        chosen.extend(fix.edits)
    return chosen


def fix_text(result, project, rounds: int = 5, unsafe: bool = False):
    """(fixed text, its lint result, whether a round was rolled back) after applying the
    result's safe fixes; fixes can make room for others (a removed line shifts nothing else), so
    a few rounds. A round whose edits would make valid YAML invalid is rolled back and ends the
    fixing: a fix must never break the file (that would be a bug in a rule's fix). The text is
    `result`'s own (BOM removed) when nothing is fixable."""
    from .engine import lint_text
    from .yaml.tree import parse_yaml

    text = result.source.text
    valid = None  # whether the text before the fixes parses, computed once a fix is applied
    for _ in range(rounds):
        edits = safe_edits(result.diagnostics, unsafe)
        if not edits:
            break
        if valid is None:
            valid = parse_yaml(text).syntax_ok
        fixed = apply_edits(text, edits)
        fixed_result = lint_text(result.path, fixed, project)
        if valid and not fixed_result.workflow.document.syntax_ok:
            return text, result, True
        text, result = fixed, fixed_result
    return text, result, False


def _overlaps(a: TextEdit, b: TextEdit) -> bool:
    return a.start < b.end and b.start < a.end or (a.start == b.start)


def write_atomically(path: str, text: str, had_bom: bool) -> None:
    """Replace the file in one step (a crash leaves the old or the new file, never half),
    keeping its permissions and, where allowed, its owner; no byte outside the edits changes,
    line endings included. A symlink stays a link: the file it points to (at the end of the
    chain) is the one replaced."""
    data = ((BOM if had_bom else "") + text).encode("utf-8")
    path = os.path.realpath(path)
    folder = os.path.dirname(path)
    status = os.stat(path)
    handle, temporary = tempfile.mkstemp(prefix=".wflint-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, status.st_mode & 0o7777)
        if hasattr(os, "chown") and (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
            try:  # keep the owner and group (possible as root, or for a group the user is in)
                os.chown(temporary, status.st_uid, status.st_gid)
            except OSError:
                pass
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
