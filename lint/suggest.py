"""Did-you-mean suggestions."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    # Memoised: a file that repeats one mistake thousands of times asks the same question each
    # time, and difflib costs far more than hashing the question.
    return list(_closest(word, tuple(candidates), n, cutoff))


@functools.lru_cache(maxsize=1024)
def _closest(word: str, candidates: tuple[str, ...], n: int, cutoff: float) -> tuple[str, ...]:
    matches = difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=cutoff)]
    return tuple(matches)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean `x`?)' or ''."""
    matches = closest(word, candidates)
    return f" (did you mean `{matches[0]}`?)" if matches else ""


def rule_code(written: str, codes: Iterable[str]) -> str | None:
    """The rule code `written` probably means: look-alike characters first (`WF01O`, `wf-010`),
    then the one code a single character away, if exactly one is (`WF015` is as close to WF010
    as to WF014: no guess)."""
    codes = list(codes)
    upper = written.strip().upper()
    if upper.startswith("WF"):
        normalized = "WF" + upper[2:].translate(str.maketrans("OIL", "011", " -_"))
        if normalized in codes:
            return normalized
    if len(upper) < 4:
        return None
    scored = [(difflib.SequenceMatcher(None, upper, code).ratio(), code) for code in codes]
    best = max((score for score, _ in scored), default=0.0)
    close = [code for score, code in scored if score == best]
    return close[0] if best >= 0.8 and len(close) == 1 else None
