"""botocore's request shapes, as extracted at build time (schemas/aws/shapes-<botocore>/<service>.json.gz).

Read on first use and kept; nothing here needs botocore. A `Shape` is one botocore shape with
the parts checking and editor help use.
"""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from functools import lru_cache

from ..schemas import data_path

# The botocore release that goes with the provider range the call map covers (the one installed
# with Airflow 3.0.6 / 3.3.2 and amazon 9.30.0 / 9.39.0).
BOTOCORE = "1.44.8"


@lru_cache(maxsize=None)
def _service(service: str) -> dict | None:
    path = data_path("aws", f"shapes-{BOTOCORE}", f"{service}.json.gz")
    if not os.path.exists(path):
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class Member:
    name: str
    shape: "Shape"
    doc: str
    required: bool


class Shape:
    __slots__ = ("service", "name", "data")

    def __init__(self, service: str, name: str, data: dict):
        self.service, self.name, self.data = service, name, data

    @property
    def kind(self) -> str:
        """structure, list, map, string, integer, long, float, double, boolean, timestamp, blob, document."""
        return self.data["t"]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(self.data.get("r", ()))

    @property
    def enum(self) -> tuple[str, ...]:
        return tuple(self.data.get("e", ()))

    @property
    def minimum(self):
        return self.data.get("min")

    @property
    def maximum(self):
        return self.data.get("max")

    @property
    def json(self) -> bool:
        """A string botocore sends as JSON (the ``jsonvalue`` trait): any JSON value goes."""
        return bool(self.data.get("json"))

    def members(self) -> dict[str, Member]:
        required = set(self.required)
        return {name: Member(name, _shape(self.service, target), doc, name in required)
                for name, (target, doc) in self.data.get("m", {}).items()}

    def member(self, name: str) -> Member | None:
        entry = self.data.get("m", {}).get(name)
        if entry is None:
            return None
        return Member(name, _shape(self.service, entry[0]), entry[1], name in self.required)

    @property
    def item(self) -> "Shape":
        """A list's member shape."""
        return _shape(self.service, self.data["l"])

    @property
    def key(self) -> "Shape":
        return _shape(self.service, self.data["k"])

    @property
    def value(self) -> "Shape":
        return _shape(self.service, self.data["v"])

    def at(self, path: str) -> "Shape | None":
        """The shape of a dotted member path (``ResultConfiguration.OutputLocation``,
        ``InstanceIds[0]``) below this one."""
        shape: Shape | None = self
        for part in path.split("."):
            name, _, index = part.partition("[")
            if shape is None or shape.kind != "structure":
                return None
            member = shape.member(name)
            shape = member.shape if member else None
            if index and shape is not None:
                shape = shape.item if shape.kind == "list" else None
        return shape

    def __repr__(self) -> str:
        return f"Shape({self.service}:{self.name})"


@lru_cache(maxsize=None)
def _shape(service: str, name: str) -> Shape:
    return Shape(service, name, _service(service)["shapes"][name])


@lru_cache(maxsize=None)
def request_shape(service: str, operation: str) -> Shape | None:
    """The input shape of an operation, or None when the extract does not have it."""
    found = _service(service)
    if found is None or operation not in found["operations"]:
        return None
    return _shape(service, found["operations"][operation])


def botocore_version() -> str:
    return BOTOCORE
