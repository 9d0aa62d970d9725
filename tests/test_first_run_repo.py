"""Issue 14's first-run rough edges seen from the repository and the small commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from wflint.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _wflint(*args, cwd=ROOT):
    env = dict(os.environ, WFLINT_NO_CACHE="1", NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "wflint", *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_readme_sample_output_is_what_check_examples_prints():
    """Regenerate: run `wflint check examples/` in the repository root and paste it under
    `$ wflint check examples/` in README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = "```text\n$ wflint check examples/\n"
    start = readme.index(head) + len(head)
    shown = readme[start:readme.index("```\n", start)]
    assert shown == _wflint("check", "examples/").stdout


def test_check_in_the_repository_root_skips_the_deliberate_fixtures():
    out = _wflint("check", "--no-source", "-q", ".").stdout
    files = {line.split(":", 1)[0] for line in out.splitlines() if not line.startswith(" ")}
    assert files and all(f.startswith("examples" + os.sep) for f in files), files


def test_pytest_has_its_asyncio_loop_scope_set():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'asyncio_default_fixture_loop_scope = "function"' in text


def test_schedule_names_problems_by_rule(capsys):
    assert main(["schedule", "0 24 * * *"]) == 1
    assert "[WF101 invalid-schedule]" in capsys.readouterr().out
    main(["schedule", "0 12 * * ? *"])
    out = capsys.readouterr().out
    assert "[WF" in out and "cron-" not in out


def test_rule_nonsense_points_at_rules_and_near_names(capsys):
    assert main(["rule", "nonsense"]) == 2
    assert "`wflint rules` lists them all" in capsys.readouterr().err
    main(["rule", "unknow-key"])
    assert "did you mean WF010 unknown-key" in capsys.readouterr().err
    main(["rule", "WF01"])
    assert "WF010 unknown-key, WF011 invalid-type" in capsys.readouterr().err
