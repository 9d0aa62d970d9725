"""Did-you-mean suggestions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    candidates = list(candidates)
    matches = difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=cutoff)]
    return matches


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean `x`?)' or ''."""
    matches = closest(word, candidates)
    return f" (did you mean `{matches[0]}`?)" if matches else ""
