"""A compact extract of botocore's request shapes for the operations the call map uses.

Build-time only (needs botocore). For every (service, operation) of schemas/aws/operator-calls.json
that an operator argument flows into, the operation's input shape and every shape it reaches are
written with only what checking and editor help need: type, members (with a one-sentence
documentation), required members, enum values, min/max, list member, map key/value, and whether a
string carries JSON (botocore's ``jsonvalue`` trait). Run::

    python lint/catalog/aws_shapes.py --calls schemas/aws/operator-calls.json --out schemas/aws/

The extract is one ``shapes-<botocore version>/<service>.json.gz`` per service, so wflint (gzip +
json, never botocore) reads only the services a workflow uses.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
from pathlib import Path

DOC_LIMIT = 200
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[a-z0-9)\]`'\"])\.\s")


def short_doc(text: str | None) -> str:
    """The first sentence of botocore's HTML documentation, as plain text."""
    if not text:
        return ""
    plain = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()
    match = _SENTENCE.search(plain)
    if match:
        plain = plain[: match.start() + 1]
    if len(plain) > DOC_LIMIT:
        plain = plain[: DOC_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return plain


def _compact(shape: dict) -> dict:
    kind = shape["type"]
    found: dict = {"t": kind}
    if kind == "structure":
        found["m"] = {name: [member["shape"], short_doc(member.get("documentation"))]
                      for name, member in shape.get("members", {}).items()}
        if shape.get("required"):
            found["r"] = list(shape["required"])
        if shape.get("document"):
            found["t"] = "document"
            found.pop("m")
    elif kind == "list":
        found["l"] = shape["member"]["shape"]
    elif kind == "map":
        found["k"], found["v"] = shape["key"]["shape"], shape["value"]["shape"]
    elif kind == "string":
        if shape.get("enum"):
            found["e"] = list(shape["enum"])
    for key in ("min", "max"):
        if key in shape:
            found[key] = shape[key]
    return found


def _member_refs(shape: dict) -> list[dict]:
    """Member references of a shape, with the traits that sit on the reference."""
    kind = shape["type"]
    if kind == "structure":
        return list(shape.get("members", {}).values())
    if kind == "list":
        return [shape["member"]]
    if kind == "map":
        return [shape["key"], shape["value"]]
    return []


def extract(calls_document: dict) -> dict:
    import botocore
    import botocore.session

    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    wanted: dict[str, set[str]] = {}
    for entry in calls_document["operators"].values():
        for call in entry["calls"]:
            if call.get("params") or call.get("request"):
                wanted.setdefault(call["service"], set()).add(call["operation"])
    services = {}
    for service in sorted(wanted):
        model = loader.load_service_model(service, "service-2")
        shapes = model["shapes"]
        operations, kept = {}, {}
        for operation in sorted(wanted[service]):
            input_ref = model["operations"][operation].get("input")
            if not input_ref:
                continue
            operations[operation] = input_ref["shape"]
            pending = [input_ref["shape"]]
            while pending:
                name = pending.pop()
                if name in kept:
                    continue
                shape = shapes[name]
                kept[name] = _compact(shape)
                if shape["type"] == "string" and shape.get("jsonvalue"):
                    kept[name]["json"] = True
                for ref in _member_refs(shape):
                    if ref.get("jsonvalue"):
                        # the trait sits on the member: keep it as a JSON string shape of its own
                        alias = f"{ref['shape']}#json"
                        kept[alias] = {**_compact(shapes[ref["shape"]]), "json": True}
                        ref_name = alias
                        if kept[name]["t"] == "structure":
                            for member, (target, doc) in kept[name]["m"].items():
                                if shape["members"][member] is ref:
                                    kept[name]["m"][member] = [ref_name, doc]
                    pending.append(ref["shape"])
        services[service] = {"api_version": model["metadata"].get("apiVersion"), "operations": operations,
                             "shapes": dict(sorted(kept.items()))}
    return {"format": 1, "botocore": botocore.__version__, "services": services}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="folder for shapes-<botocore>/<service>.json.gz")
    options = parser.parse_args(argv)
    document = extract(json.loads(options.calls.read_text(encoding="utf-8")))
    # One file per service, so that wflint reads and parses only the services a workflow uses.
    folder = options.out / f"shapes-{document['botocore']}"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json.gz"):
        stale.unlink()
    raw = packed = 0
    for name, service in document["services"].items():
        text = json.dumps({"botocore": document["botocore"], **service}, separators=(",", ":"), ensure_ascii=False)
        target = folder / f"{name}.json.gz"
        # mtime=0: the same extract gives the same bytes
        target.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
        raw, packed = raw + len(text), packed + target.stat().st_size
    print(f"{folder}: {len(document['services'])} services, {raw:,} bytes of JSON, {packed:,} gzipped; "
          f"{sum(len(s['operations']) for s in document['services'].values())} operations", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
