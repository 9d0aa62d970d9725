"""The operator -> AWS API call map (schemas/aws/operator-calls.json), read once and kept."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from ..schemas import data_path

PROVIDER = "apache-airflow-providers-amazon"


@dataclass(frozen=True)
class ApiCall:
    """One AWS API operation an operator's run may send.

    `params` maps a request member (dotted for nested members: ``QueryExecutionContext.Database``)
    to the operator argument whose value becomes it; `request` names an argument that IS the whole
    request (spread with ``**``); `supplied` lists the top-level members the provider's code fills
    itself; `partial` the members where an argument is merged with keys the code adds; `loose`
    the members (``*``: the whole request) that some code path converts before sending, whose
    type is therefore not the request's; `ignored` the member paths the code removes first.
    """

    service: str
    operation: str
    via: str
    params: dict[str, str]
    request: str | None
    supplied: tuple[str, ...]
    partial: tuple[str, ...]
    loose: tuple[str, ...]
    ignored: tuple[str, ...]
    versions: str
    source: str

    def arguments(self) -> set[str]:
        """The operator arguments that flow into this request."""
        found = set(self.params.values())
        if self.request:
            found.add(self.request)
        return found


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


@lru_cache(maxsize=1)
def _document() -> dict:
    with open(data_path("aws", "operator-calls.json"), encoding="utf-8") as handle:
        return json.load(handle)


def provider_release(target=None) -> str:
    """The mapped provider release that stands for the target's amazon provider: the same release,
    else the newest mapped release before it (the oldest when the target is older than all)."""
    return _release_for(target if isinstance(target, str) or target is None else target.get(PROVIDER))


@lru_cache(maxsize=64)
def _release_for(wanted: str | None) -> str:
    releases = sorted(_document()["releases"], key=_version_key)
    if not wanted:
        return releases[-1]
    earlier = [release for release in releases if _version_key(release) <= _version_key(wanted)]
    return earlier[-1] if earlier else releases[0]


def _covers(versions: str, release: str, releases: list[str]) -> bool:
    if versions == "all":
        return True
    for part in versions.split(","):
        first, _, last = part.partition("-")
        last = last or first
        if _version_key(first) <= _version_key(release) <= _version_key(last):
            return True
    return False


@lru_cache(maxsize=4096)
def _calls(operator_path: str, release: str) -> tuple[ApiCall, ...]:
    document = _document()
    entry = document["operators"].get(operator_path)
    if entry is None:
        return ()
    return tuple(
        ApiCall(call["service"], call["operation"], call.get("via", ""), dict(call.get("params") or {}),
                call.get("request"), tuple(call.get("supplied", ())), tuple(call.get("partial", ())),
                tuple(call.get("loose", ())), tuple(call.get("ignored", ())),
                call.get("versions", "all"), call.get("source", "static"))
        for call in entry["calls"] if _covers(call.get("versions", "all"), release, document["releases"])
    )


def calls_for(operator_path: str, target=None) -> tuple[ApiCall, ...]:
    """The API calls `operator_path` makes at the target's amazon provider release.

    `target` is a wflint Target, a provider version string, or None for the newest mapped release.
    Unknown operators give an empty tuple: no mapping is not the same as no calls.
    """
    return _calls(operator_path, provider_release(target))


def mapped_operators() -> list[str]:
    return sorted(_document()["operators"])


def json_arguments(operator_path: str) -> tuple[str, ...]:
    """Arguments the operator parses with ``json.loads`` (a string there must be JSON text)."""
    entry = _document()["operators"].get(operator_path)
    return tuple(entry.get("json_arguments", ())) if entry else ()
