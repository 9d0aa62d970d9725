"""Did-you-mean for operator import paths that the catalog does not know."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable

from .model import Suggestion

_CLASS_CUTOFF = 0.75
_MODULE_CUTOFF = 0.8


def _split(path: str) -> tuple[str, str]:
    module, _, name = path.rpartition(".")
    return module, name


def suggest(
    path: str, known_paths: Iterable[str], limit: int = 5, *, deprecated: Collection[str] = ()
) -> list[Suggestion]:
    """Candidates for an unknown `path`, best first.

    Order of preference: the same class name under another module (the class moved or the module
    is misspelt), a close class name in the same module (class typo), a close module name (module
    typo), then a close class name anywhere.
    """
    # Deprecated import paths still work but are never the path to recommend.
    known = [candidate for candidate in known_paths if candidate != path and candidate not in deprecated]
    module, name = _split(path)
    by_module: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for candidate in known:
        candidate_module, candidate_name = _split(candidate)
        by_module.setdefault(candidate_module, []).append(candidate_name)
        by_name.setdefault(candidate_name, []).append(candidate)

    found: list[Suggestion] = []

    def add(candidate: str, reason: str) -> None:
        if all(existing.path != candidate for existing in found):
            found.append(Suggestion(candidate, reason))

    # Same class name under another module: the module is wrong. Prefer modules that look
    # like the one written.
    same_name = by_name.get(name, [])
    same_name += [p for n, paths in by_name.items() if n != name and n.lower() == name.lower() for p in paths]
    for candidate in sorted(same_name, key=lambda p: -difflib.SequenceMatcher(None, module, _split(p)[0]).ratio()):
        add(candidate, "other-module")

    if module in by_module:
        for close in difflib.get_close_matches(name, by_module[module], n=limit, cutoff=_CLASS_CUTOFF):
            add(f"{module}.{close}", "class-typo")
    else:
        for close_module in difflib.get_close_matches(module, list(by_module), n=3, cutoff=_MODULE_CUTOFF):
            names = by_module[close_module]
            for close in difflib.get_close_matches(name, names, n=2, cutoff=_CLASS_CUTOFF):
                add(f"{close_module}.{close}", "module-typo")

    if len(found) < limit:
        for close in difflib.get_close_matches(name, list(by_name), n=limit, cutoff=_CLASS_CUTOFF):
            for candidate in by_name[close]:
                add(candidate, "similar")
    return found[:limit]
