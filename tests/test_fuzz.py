"""Mutation fuzzing of the whole lint (issue 19): no input may crash a rule (WF000), raise, make
the JSON output invalid or take more than a time bound.

A seeded mutator rewrites real workflow files (the golden fixtures, and ../shared/corpus when it
is there): numbers become integers of 5,000 digits, ints beyond the float range, `1.0e+309`,
huge hex; lines are duplicated, dropped, indented, tab-separated; templates get long filter
chains; keys, anchors, merge keys and flow brackets are sprinkled in. The default run (a few
thousand inputs) fits in the suite; more with

    WFLINT_FUZZ_COUNT=10000 WFLINT_FUZZ_SEED=1 python -m pytest tests/test_fuzz.py -m fuzz

Inputs that found bugs are kept in tests/fixtures/fuzz/ and linted on every run.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import time
from pathlib import Path

import pytest

from wflint.config import Config
from wflint.engine import Project, lint_text

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "fuzz"
CORPUS = HERE.parents[0].parent / "shared" / "corpus"
COUNT = int(os.environ.get("WFLINT_FUZZ_COUNT", "2000"))
SEED = int(os.environ.get("WFLINT_FUZZ_SEED", "19"))
TIME_BOUND = 5.0  # seconds per input: inputs are small, so this only catches a blow-up

HUGE_NUMBERS = [
    "1" + "0" * 5000,  # beyond CPython's 4,300-digit int/str limit (PyYAML raises)
    "-" + "9" * 5000,
    "1" + "0" * 309,  # an int beyond the float range
    "1.0e+309",  # a float that overflows to inf
    "0x" + "f" * 5000,  # PyYAML builds it; it has more than 4,300 decimal digits
    "0b" + "1" * 20000,
    "1:" * 3000 + "0",  # base 60
    "4" * 4300,  # just within the limit
    "1e309",  # a string in YAML 1.1
    ".inf",
    "-.nan",
]
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
_VALUE = re.compile(r"(?m)^(\s*(?:- )?[\w.]+:[ ]+)(\S.*)$")
SNIPPETS = ["\t", "{{ ", " }}", "{%", "|", ": ", "#", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a",
            "'", '"', "\\", "\u0085", "\u2028", "\ufeff", "\x00", "!!python/name:os.system ", "~", "? "]


def _seeds() -> list[tuple[str, str]]:
    paths = sorted((HERE / "golden").rglob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))
    if CORPUS.is_dir():
        paths += sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yml", ".yaml") and p.stat().st_size < 200_000)
    seeds = []
    for path in paths:
        try:
            seeds.append((path.name, path.read_text(encoding="utf-8")))
        except (UnicodeDecodeError, OSError):
            continue
    return seeds


def mutate(text: str, rng: random.Random) -> str:
    """One to three mutations of `text`; always at least one huge number somewhere."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(9)
        lines = text.split("\n")
        if kind <= 2:  # a number in the text becomes a huge one
            matches = list(_NUMBER.finditer(text))
            if matches:
                m = rng.choice(matches)
                text = text[:m.start()] + rng.choice(HUGE_NUMBERS) + text[m.end():]
                continue
            kind = 3
        if kind == 3:  # a value becomes a huge number
            matches = list(_VALUE.finditer(text))
            if matches:
                m = rng.choice(matches)
                text = text[:m.start(2)] + rng.choice(HUGE_NUMBERS) + text[m.end(2):]
        elif kind == 4 and lines:  # duplicate, drop or re-indent a line
            i = rng.randrange(len(lines))
            op = rng.randrange(3)
            if op == 0:
                lines.insert(i, lines[i])
            elif op == 1:
                del lines[i]
            else:
                lines[i] = " " * rng.randint(1, 4) + lines[i]
            text = "\n".join(lines)
        elif kind == 5 and text:  # insert a YAML/Jinja fragment
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(SNIPPETS) + text[i:]
        elif kind == 6:  # a long Jinja filter chain or deep nesting in a template
            chain = rng.choice(["{{ ds" + " | upper" * rng.randint(300, 2000) + " }}",
                                "{{ " + "(" * 2000 + "ds" + ")" * 2000 + " }}",
                                "{{ " + "ds." * 1000 + "x }}"])
            matches = list(_VALUE.finditer(text))
            if matches:
                m = rng.choice(matches)
                text = text[:m.start(2)] + json.dumps(chain) + text[m.end(2):]
        elif kind == 7:  # a huge number in a cron field, a date or a retries key
            text = text.replace("schedule:", f"schedule: \"{rng.choice(HUGE_NUMBERS)} * * * *\"\n  _old_schedule:", 1) \
                if rng.random() < 0.5 else text.replace("retries:", f"retries: {rng.choice(HUGE_NUMBERS)}\n  _r:", 1)
        else:  # many copies of one line (floods)
            if lines:
                i = rng.randrange(len(lines))
                lines[i:i] = [lines[i]] * rng.randint(20, 300)
                text = "\n".join(lines)
    return text


def _check(name: str, text: str, profile: str | None) -> list[str]:
    """Problems with linting `text`: WF000s, exceptions, invalid JSON, too much time."""
    from wflint.output.json_format import render

    config = Config(profile=profile) if profile else None
    started = time.perf_counter()
    try:
        result = lint_text(f"fuzz/{name}", text, Project(), config=config)
        stream = io.StringIO()
        render([result], stream, {"files": 1})
        json.loads(stream.getvalue())
    except Exception as error:  # noqa: BLE001 - any exception is the finding
        return [f"{type(error).__name__}: {str(error)[:200]}"]
    problems = [d.message[:300] for d in result.diagnostics if d.code == "WF000"]
    elapsed = time.perf_counter() - started
    if elapsed > TIME_BOUND:
        problems.append(f"took {elapsed:.1f} s")
    return problems


def _run(count: int, seed: int) -> dict[str, list[str]]:
    seeds = _seeds()
    rng = random.Random(seed)
    found: dict[str, list[str]] = {}
    for n in range(count):
        name, text = rng.choice(seeds)
        mutated = mutate(text, rng)
        problems = _check(name, mutated, "mwaa-serverless" if n % 3 == 0 else None)
        if problems:
            found[f"{n}:{name}"] = problems
            if os.environ.get("WFLINT_FUZZ_KEEP"):  # keep the input for a regression fixture
                (FIXTURES / f"found-{seed}-{n}.yaml").write_text(mutated, encoding="utf-8")
    return found


def test_regression_fixtures_lint_cleanly():
    fixtures = sorted(FIXTURES.glob("*.yaml"))
    assert fixtures
    for path in fixtures:
        text = path.read_text(encoding="utf-8")
        for profile in (None, "mwaa-serverless"):
            assert _check(path.name, text, profile) == [], path.name


@pytest.mark.fuzz
def test_mutated_workflows_never_crash():
    started = time.perf_counter()
    found = _run(COUNT, SEED)
    assert not found, "\n".join(f"{key}: {problems}" for key, problems in list(found.items())[:20])
    print(f"{COUNT} mutated inputs (seed {SEED}) in {time.perf_counter() - started:.1f} s: 0 problems")
