"""DAG Factory's `__type__` objects in a document, and what the object catalog says about them.

DAG Factory (`cast_with_type`, 1.0.1 and 1.1.0 alike) walks the whole loaded file and replaces
each mapping with a `__type__` key by `import_string(__type__)(*__args__, **other_keys)`,
innermost first, before it reads any DAG; `__type__: builtins.list` with `items:` becomes a
plain list. A failure there fails the whole file.

Judging depends on the Airflow release: `objects_for(version)` gives the catalog of one release.
Without a target release every shipped catalog is asked, and a problem that only the newest
release has is a warning that names the releases that accept it (`judge`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalog.objects import ObjectCatalog, available_versions, objects_for
from .yaml.tree import Mapping, Node, Scalar, Sequence, walk

LIST_TYPE = "builtins.list"


@dataclass
class TypeObject:
    node: Mapping
    type_value: Scalar
    path: str
    args_key: Scalar | None = None
    args: Node | None = None
    keywords: list[tuple[Scalar, Node]] = field(default_factory=list)


def type_objects(ctx) -> list[TypeObject]:
    """Every `__type__` mapping of the document, in source order (computed once per document)."""
    cached = ctx.cache.get("type-objects")
    if cached is not None:
        return cached
    found: list[TypeObject] = []
    root = ctx.workflow.root if ctx.workflow is not None else None
    if root is not None and "__type__" in ctx.source.text:
        for node in walk(root):
            if type(node) is not Mapping:
                continue
            pairs = node.pairs  # DAG Factory sees the merged mapping; the written keys are what we judge
            type_value = None
            for key, value in pairs:
                if type(key) is Scalar and key.value == "__type__" and type(value) is Scalar and isinstance(value.typed, str):
                    type_value = value
            if type_value is None:
                continue
            obj = TypeObject(node, type_value, str(type_value.value))
            for key, value in pairs:
                if type(key) is not Scalar or key.value == "__type__" or key.value == "<<":
                    continue
                if key.value == "__args__":
                    obj.args_key, obj.args = key, value
                else:
                    obj.keywords.append((key, value))
            found.append(obj)
        found.sort(key=lambda o: o.node.start)
    ctx.cache["type-objects"] = found
    return found


def target_version(ctx) -> str | None:
    """The Airflow release to judge for, when one is configured (`ctx.target`)."""
    target = getattr(ctx, "target", None)
    if target is None:
        return None
    return getattr(target, "airflow", None) or getattr(target, "airflow_version", None) or (target if isinstance(target, str) else None)


def catalogs(ctx) -> list[ObjectCatalog]:
    """The catalogs to judge with: the target's, or every shipped one, newest first (once per
    document)."""
    cached = ctx.cache.get("object-catalogs")
    if cached is None:
        cached = ctx.cache["object-catalogs"] = _catalogs(ctx)
    return cached


def _catalogs(ctx) -> list[ObjectCatalog]:
    version = target_version(ctx)
    if version:
        chosen = objects_for(version)
        return [chosen] if chosen is not None else []
    return [c for c in (objects_for(v) for v in reversed(available_versions())) if c is not None]


def judge(ctx, check) -> list[tuple]:
    """Run `check(catalog)` -> [(key, target, message, fix[, severity]), ...] for the target
    release, or for each shipped release, and return [(target, message, fix, severity)]. Without
    a target, a problem every release has keeps its severity (None: the rule's own); one the
    newest release has and an older one not becomes a warning naming the releases that accept it."""
    chosen = catalogs(ctx)
    if not chosen:
        return []
    newest = [(*p, None) if len(p) == 4 else p for p in check(chosen[0])]
    if not newest or len(chosen) == 1:
        return [problem[1:] for problem in newest]
    others = [(c.airflow_version, {p[0] for p in check(c)}) for c in chosen[1:]]
    results = []
    for key, target, message, fix, severity in newest:
        accepting = [version for version, keys in others if key not in keys]
        if accepting:
            message = (f"{message} (in Airflow {chosen[0].airflow_version}, while Airflow {', '.join(accepting)} "
                       "accepts it: which release runs the file decides)")
            severity = "warning"
        results.append((target, message, fix, severity))
    return results


def is_env_dependent(node: Node) -> bool:
    """A scalar DAG Factory fills from the environment (`os.path.expandvars` on the whole file)."""
    return type(node) is Scalar and "$" in node.value


def value_kind(node: Node) -> str | None:
    """The Python kind DAG Factory passes for a YAML value (None: an object or unknown)."""
    if type(node) is Mapping:
        return None if any(type(k) is Scalar and k.value == "__type__" for k, _ in node.pairs) else "dict"
    if type(node) is Sequence:
        return "list"
    if type(node) is not Scalar:
        return None
    value = node.typed
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "object"  # a date or datetime YAML made of the scalar
