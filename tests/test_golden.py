"""Golden tests: every `tests/golden/**/*.yaml` (or .yml) beside its `.expected` file.

The expected file lists one diagnostic per line as `line:col-end_line:end_col CODE message`
(1-based, code points), then indented related locations. A fixture folder may hold a
`wflint.toml` and `defaults.yml` files like a real project. After an intended change, run
`pytest tests/test_golden.py --update-golden` and review the diff of the expected files.

Fixtures under `target/` are judged with operator knowledge of every release (their folder's
wflint.toml chooses the target): see tests/test_target_releases.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wflint.engine import Project, lint_path

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = sorted(
    p for p in GOLDEN.rglob("*")
    if p.suffix in (".yaml", ".yml") and p.name not in ("defaults.yml", "defaults.yaml")
)


def _project(path: Path) -> Project:
    if path.relative_to(GOLDEN).parts[0] == "target":
        from test_target_releases import target_project

        return target_project()
    return Project()


def render(path: Path) -> str:
    result = lint_path(str(path), _project(path))
    lines = []
    for d in result.diagnostics:
        lines.append(f"{d.line}:{d.column}-{d.end_line}:{d.end_column} {d.code} {d.severity.label}: {d.message}")
        for r in d.related:
            where = "" if r.path is None else Path(r.path).name + ":"
            lines.append(f"    related {where}{r.line}:{r.column}-{r.end_line}:{r.end_column} {r.message}")
        if d.fix is not None:
            for e in d.fix.edits:
                start = result.source.line_col(e.start)
                end = result.source.line_col(e.end)
                lines.append(f"    fix{'' if d.fix.safe else ' (unsafe)'} {start[0]}:{start[1]}-{end[0]}:{end[1]} -> {e.new_text!r}")
    return "\n".join(lines) + "\n" if lines else ""


@pytest.mark.parametrize("fixture", FIXTURES, ids=[str(p.relative_to(GOLDEN)) for p in FIXTURES])
def test_golden(fixture: Path, update_golden: bool):
    expected_file = fixture.with_suffix(".expected")
    actual = render(fixture)
    if update_golden or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
        if not update_golden:
            pytest.fail(f"wrote missing {expected_file.name}; review it and run again")
    assert actual == expected_file.read_text(encoding="utf-8")
