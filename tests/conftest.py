from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the expected files of golden tests")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


@pytest.fixture(autouse=True)
def no_result_cache(monkeypatch):
    """`wflint check` runs in tests lint afresh (the cache knows nothing of monkeypatches, and
    must not write into the repository); the cache's own tests turn it back on."""
    monkeypatch.setenv("WFLINT_NO_CACHE", "1")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """Rules that compare with the current time see 2026-01-01 00:00 UTC, so golden output
    stays stable."""
    import datetime as dt

    from wflint.rules import all_rules

    all_rules()
    import wflint.rules.wf107_catchup_runs as catchup

    monkeypatch.setattr(catchup, "now", lambda: dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
