"""The layout of the core stays true: no import circle, nothing in the core imports its faces,
and related modules live in a folder rather than side by side under a shared prefix.

The import graph is read from the source with `ast` (nothing is imported). Every import counts:
module level, inside functions, and under `if TYPE_CHECKING:` alike, because a circle of type
imports is still a circle a reader has to hold in mind.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# setuptools' package-dir: the folders that make up the one `wflint` package.
FOLDERS = {"wflint": REPO / "lint", "wflint.lsp": REPO / "lsp", "wflint.schemas": REPO / "schemas"}
# The faces on the core: the CLI's commands and entry points, and the language server.
FACES = ("wflint.lsp", "wflint.commands", "wflint.cli", "wflint.__main__")


def _modules() -> dict[str, tuple[Path, bool]]:
    modules = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            modules[".".join([package, *parts])] = (path, is_package)
    return modules


def _imported(module: str, is_package: bool, node: ast.AST, modules) -> set[str]:
    if isinstance(node, ast.Import):
        targets = {alias.name for alias in node.names}
    else:
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        # `from package import name` imports the submodule `name` when there is one
        targets = {f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target for alias in node.names}
    found = set()
    for target in targets:
        while target not in modules and "." in target:
            target = target.rpartition(".")[0]
        if target in modules and target != module:
            found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph = {}
    for name, (path, is_package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                graph[name] |= _imported(name, is_package, node, modules)
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import circles: the strongly connected components of more than one module, found with
    the same algorithm the dependency-cycle rule uses."""
    from wflint.model.graph import Graph, strongly_connected_components

    modules = Graph()
    index = {name: modules.add_node(name, None) for name in sorted(graph)}
    for name, targets in graph.items():
        for target in sorted(targets):
            if target in index:
                modules.add_edge(index[name], index[target], None, "import")
    return sorted(sorted(modules.labels[member] for member in component)
                  for component in strongly_connected_components(modules))


def test_the_graph_reader_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_relative_type_and_function_imports():
    graph = import_graph()
    assert "wflint.rule" in graph["wflint.engine"]  # from .rule import ...
    assert "wflint.config" in graph["wflint.rule"]  # under TYPE_CHECKING
    assert "wflint.codes" in graph["wflint.config"]  # inside a function


def test_no_import_circle_in_wflint():
    assert _circles(import_graph()) == []


def test_the_core_never_imports_its_faces():
    graph = import_graph()
    upward = {
        module: sorted(target for target in targets if target.startswith(FACES))
        for module, targets in graph.items()
        if not module.startswith(FACES)
    }
    assert {module: targets for module, targets in upward.items() if targets} == {}


# The core's layers, bottom first, as the README's "How it works" lists them: a module imports only
# its own layer and the layers before it.
LAYERS = [
    ["wflint", "wflint.diagnostics", "wflint.suggest", "wflint.codes"],
    ["wflint.yaml"],
    ["wflint.inputs", "wflint.schemas"],
    ["wflint.model"],
    ["wflint.catalog", "wflint.aws", "wflint.iam"],
    ["wflint.config", "wflint.profiles", "wflint.schema", "wflint.target"],
    ["wflint.project", "wflint.operators"],
    ["wflint.schedule", "wflint.jinja", "wflint.objects"],
    ["wflint.rule", "wflint.results"],
    ["wflint.rules"],
    ["wflint.suppressions", "wflint.engine", "wflint.fixes", "wflint.cache", "wflint.discovery", "wflint.airflowignore", "wflint.editor_schema"],
    ["wflint.graphs"],
    ["wflint.output", *FACES],
]


def _layer(module: str) -> int | None:
    """The layer of the longest prefix that names `module` or a package holding it."""
    best = None
    for number, layer in enumerate(LAYERS):
        for prefix in layer:
            if module == prefix or (prefix != "wflint" and module.startswith(prefix + ".")):
                if best is None or len(prefix) > best[1]:
                    best = (number, len(prefix))
    return None if best is None else best[0]


def test_every_module_has_a_layer_and_imports_only_downwards():
    graph = import_graph()
    assert [module for module in graph if _layer(module) is None] == []
    upward = sorted(
        f"{module} -> {target}" for module, targets in graph.items() for target in targets
        if _layer(target) > _layer(module) and not module.startswith(FACES)
    )
    assert upward == []


def test_no_three_top_level_modules_share_a_prefix():
    """`templates.py`, `templates_parse.py`, `templates_model.py` side by side want a folder."""
    names = [path.stem for path in (REPO / "lint").glob("*.py") if not path.stem.startswith("__")]
    prefixes = Counter(name.split("_")[0].rstrip("s") for name in names)
    assert [prefix for prefix, count in prefixes.items() if count >= 3] == []


def test_every_sub_package_says_what_it_is():
    for init in (REPO / "lint").glob("*/__init__.py"):
        assert (ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or "").strip(), init
