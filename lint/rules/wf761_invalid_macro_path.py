from __future__ import annotations

from ..diagnostics import Severity
from ..objects import judge
from ..yaml.tree import Mapping, Scalar, iter_pairs
from . import Rule, register

KEY = "user_defined_macros"


@register
class InvalidMacroPath(Rule):
    """A `user_defined_macros` value that DAG Factory cannot import.

    ## What it does
    DAG Factory releases that read `user_defined_macros` (1.1.0 and later; 1.0.1 drops the key,
    WF740) import every string value as a dotted path (`module.attribute`, nested mappings
    included) and refuse anything but a mapping. Reports, for the target's DAG Factory release
    (taken from its source when the object catalog is built):

    - a value that is not a mapping;
    - a string without a module (`today`), which cannot be imported;
    - a path into a module wflint's object catalog records (Python's standard modules Airflow
      uses, Airflow itself) that does not exist there.

    Paths into your own modules are not judged: wflint never imports them.

    ## Why is this bad?
    DAG Factory raises `ImportError` ("today doesn't look like a module path") or
    `DagFactoryConfigException` while it builds the DAG, and no DAG of the file loads.

    ## Example
    ```yaml
    my_dag:
      user_defined_macros:
        team: data                 # imported as a path: write a function's dotted path
        join: os.path.join         # fine
    ```
    """

    code = "WF761"
    name = "invalid-macro-path"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        for mapping in workflow.own_mappings():
            for key, value in iter_pairs(mapping):
                if type(key) is Scalar and key.value == KEY:
                    for target, message, fix, severity in judge(ctx, lambda catalog: self._problems(catalog, key, value)):
                        ctx.report(target, message, fix=fix, severity=Severity.parse(severity) if severity else None)

    def _problems(self, catalog, key, value):
        if not catalog.dag_factory_reads(KEY):
            return []
        release = f"DAG Factory {catalog.dag_factory_version}"
        if type(value) is Scalar and value.typed is None:
            return []
        if type(value) is not Mapping:
            return [(("shape", key.start), value, f"`{KEY}` must be a mapping of macro names to dotted paths: {release} "
                     "refuses anything else and the file does not load", None)]
        return list(self._paths(catalog, value, release))

    def _paths(self, catalog, mapping, release):
        for name, value in iter_pairs(mapping):
            if type(value) is Mapping:
                yield from self._paths(catalog, value, release)
                continue
            if type(value) is not Scalar or not isinstance(value.typed, str) or type(name) is not Scalar:
                continue  # numbers, lists, ... are passed through as they are
            path = value.typed.strip()
            if "$" in path or "{{" in path:
                continue
            if "." not in path.strip("."):
                yield (("path", value.start), value,
                       f"macro `{name.value}`: {release} imports `{path}` as a dotted path (module.attribute), and "
                       "it has no module, so the file does not load; write the function's full path, or set the "
                       "value in Python", None)
                continue
            status, _ = catalog.resolve(path)
            if status in ("no-module", "no-name"):
                yield (("path", value.start), value,
                       f"macro `{name.value}`: `{path}` does not exist in Airflow {catalog.airflow_version}, so "
                       f"{release} cannot import it and the file does not load", None)
