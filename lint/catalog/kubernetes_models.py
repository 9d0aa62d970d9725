"""The Kubernetes client's model classes (`kubernetes.client.models.V1Pod`, ...) for the object
catalog: keywords, value kinds, required fields and allowed values, for WF701-WF703.

Run with a Python that has the `kubernetes` package (standard library otherwise):

    python lint/catalog/kubernetes_models.py --out schemas/objects/kubernetes-models.json.gz

The reference Airflow environments do not install it; the object catalogs list the Kubernetes
modules as unimportable, and the reader (wflint.catalog.objects) adds this file's classes to
every release's catalog. Per class: the constructor's keywords (every model takes each field
as an optional keyword, plus `local_vars_configuration`), the kind of each field from the
model's `openapi_types` (`str`, `int`, `bool`, `list[...]`, `dict(...)`, another model),
the fields whose setter refuses None when the client validates (the default), and the values
a setter allows (`allowed_values`).
"""

from __future__ import annotations

import argparse
import gzip
import inspect
import json
import re
import sys

FORMAT = 1
_KINDS = {"str": ["str"], "int": ["int"], "float": ["float", "int"], "bool": ["bool"], "object": [],
          "datetime": ["str", "object"], "date": ["str", "object"]}
_REFUSES_NONE = re.compile(r"and\s+(\w+)\s+is\s+None:\s*#?[^\n]*\n\s*raise ValueError")
_ALLOWED = re.compile(r"allowed_values\s*=\s*(\[[^\]]*\])")


def _kinds(openapi_type: str) -> list[str]:
    if openapi_type.startswith("list["):
        return ["list", "none"]
    if openapi_type.startswith(("dict(", "dict[")):
        return ["dict", "none"]
    if openapi_type in _KINDS:
        kinds = _KINDS[openapi_type]
        return [*kinds, "none"] if kinds else []
    # Another model: a `__type__` object, or a mapping the client serialises as it is.
    return ["object", "dict", "none"]


def build() -> dict:
    from importlib.metadata import version

    import kubernetes.client.models as models

    classes, names = {}, {}
    for name, cls in sorted(vars(models).items()):
        if not inspect.isclass(cls) or not hasattr(cls, "openapi_types") or name.startswith("_"):
            continue
        canonical = f"{cls.__module__}.{cls.__qualname__}"
        names[name] = canonical
        parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
        raw = {"params": []}
        choices = {}
        for parameter in parameters:
            if parameter.kind is inspect.Parameter.VAR_KEYWORD:
                raw["kw"] = 1
                continue
            field_type = cls.openapi_types.get(parameter.name)
            kinds = _kinds(field_type) if field_type else []
            required = False
            prop = getattr(cls, parameter.name, None)
            setter = getattr(prop, "fset", None)
            if setter is not None:
                source = inspect.getsource(setter)
                if any(match == parameter.name for match in _REFUSES_NONE.findall(source)):
                    required = True
                    kinds = [k for k in kinds if k != "none"]
                allowed = _ALLOWED.search(source)
                if allowed and field_type == "str":
                    try:
                        values = json.loads(allowed.group(1).replace("'", '"'))
                        choices[parameter.name] = values
                    except ValueError:
                        pass
            raw["params"].append([parameter.name, "pk", int(required), kinds])
        if choices:
            raw["choices"] = choices
        classes[canonical] = raw
    return {"format": FORMAT, "kubernetes_version": version("kubernetes"),
            "modules": {"kubernetes.client.models": names, "kubernetes.client": names}, "classes": classes}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    data = build()
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as handle:
        json.dump(data, handle, separators=(",", ":"), sort_keys=True)
    print(f"{args.out}: kubernetes {data['kubernetes_version']}, {len(data['classes'])} classes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
