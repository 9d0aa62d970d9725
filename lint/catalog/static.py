"""Custom operators read from the user's Python source with ``ast``: never imported, never run.

A class is found in the configured source folders by its import path; its ``__init__`` arguments,
docstring and literal ``template_fields`` are read from the syntax tree, and what it inherits comes
from base classes resolved through the module's imports: catalogued classes (BaseOperator,
AwsBaseOperator, ...) or other classes in the same source folders.
"""

from __future__ import annotations

import ast
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..inputs import note_file
from ..yaml.source import read_file
from . import docstrings, source_scan
from .model import ArgumentInfo, Deprecation, OperatorInfo

if TYPE_CHECKING:
    from .store import Catalog

_MAX_DEPTH = 20  # base-class chains deeper than this are treated as unknown
# Parsed modules by (module name, file), kept while the file's size and mtime stay the same, so
# that a language server resolving on every keystroke parses each source file once.
_PARSED: dict[tuple[str, Path], tuple[tuple[int, int], _Module]] = {}


def _is_json_literal(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_json_literal(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_json_literal(item) for key, item in value.items())
    return False


def _default(node: ast.expr) -> dict[str, Any]:
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return {"default_text": ast.unparse(node)}
    if _is_json_literal(value):
        return {"default": list(value) if isinstance(value, tuple) else value}
    return {"default_text": ast.unparse(node)}


class _Module:
    """One parsed source module: its classes and what its imported names refer to."""

    def __init__(self, name: str, file: Path, tree: ast.Module, is_package: bool):
        self.name = name
        self.file = file
        self.tree = tree
        self.classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
        self.imports: dict[str, str] = {}
        package = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:  # `import a.b` binds `a`
                        top = alias.name.split(".")[0]
                        self.imports[top] = top
            elif isinstance(node, ast.ImportFrom):
                source = node.module or ""
                if node.level:
                    base_parts = package.split(".") if package else []
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)] if node.level > 1 else base_parts
                    source = ".".join([*base_parts, source] if source else base_parts)
                for alias in node.names:
                    if alias.name != "*":
                        self.imports[alias.asname or alias.name] = f"{source}.{alias.name}"

    def qualify(self, expression: ast.expr) -> str | None:
        """The import path a base-class expression refers to (``BaseOperator``, ``s3.S3KeySensor``)."""
        if isinstance(expression, ast.Subscript):  # Generic[...] style bases
            expression = expression.value
        try:
            text = ast.unparse(expression)
        except Exception:  # noqa: BLE001 - unusual syntax in user code
            return None
        head, _, rest = text.partition(".")
        if not head.isidentifier():
            return None
        if head in self.classes and not rest:
            return f"{self.name}.{head}"
        if head in self.imports:
            return self.imports[head] + (f".{rest}" if rest else "")
        return text if rest else None


def resolve_static(catalog: Catalog, import_path: str, source_roots: Iterable[str | Path]) -> OperatorInfo | None:
    """A custom operator read from user source with ``ast`` (never imported)."""
    return StaticResolver(catalog, [Path(root) for root in source_roots]).resolve(import_path)


class StaticResolver:
    """Resolves import paths to OperatorInfo by reading source under `source_roots`."""

    def __init__(self, catalog: Catalog, source_roots: list[Path]):
        self.catalog = catalog
        self.source_roots = source_roots
        self._modules: dict[str, _Module | None] = {}

    def resolve(self, import_path: str) -> OperatorInfo | None:
        return self._resolve(import_path, frozenset())

    # --- finding source --------------------------------------------------------------------

    def _module(self, name: str) -> _Module | None:
        if name in self._modules:
            return self._modules[name]
        found = None
        relative = Path(*name.split("."))
        for root in self.source_roots:
            candidates = ((root / relative.with_suffix(".py"), False), (root / relative / "__init__.py", True))
            for file, is_package in candidates:
                note_file(str(file))
                try:
                    stat = file.stat()
                except OSError:
                    continue
                stamp = (stat.st_mtime_ns, stat.st_size)
                cached = _PARSED.get((name, file))
                if cached is not None and cached[0] == stamp:
                    found = cached[1]
                    break
                try:
                    tree = ast.parse(read_file(str(file)).decode("utf-8"), filename=str(file))  # never a FIFO
                except (OSError, SyntaxError, ValueError):
                    continue
                found = _Module(name, file, tree, is_package)
                _PARSED[(name, file)] = (stamp, found)
                break
            if found:
                break
        self._modules[name] = found
        return found

    def _resolve(self, import_path: str, seen: frozenset[str]) -> OperatorInfo | None:
        if import_path in seen or len(seen) > _MAX_DEPTH:
            return None
        module_name, _, class_name = import_path.rpartition(".")
        # Only dotted identifiers map to files: a path like "/etc/x.Y" must not reach outside the roots.
        is_module_path = bool(module_name) and all(part.isidentifier() for part in module_name.split("."))
        module = self._module(module_name) if is_module_path else None
        if module is not None:
            if class_name in module.classes:
                return self._from_class(import_path, module, module.classes[class_name], seen | {import_path})
            if class_name in module.imports:  # re-exported from elsewhere
                target = module.imports[class_name]
                resolved = self._resolve(target, seen | {import_path})
                return resolved.replace(path=import_path) if resolved else None
        return self.catalog.lookup(import_path)

    # --- one class ---------------------------------------------------------------------------

    def _from_class(self, path: str, module: _Module, node: ast.ClassDef, seen: frozenset[str]) -> OperatorInfo | None:
        base_infos = []
        for base in node.bases:
            base_path = module.qualify(base)
            base_info = self._resolve(base_path, seen) if base_path else None
            if base_info is not None:
                base_infos.append(base_info)
        if not base_infos:
            return None  # not (known to be) a task class
        primary = base_infos[0]

        init = source_scan.init_function(node)
        own_arguments = self._own_arguments(node, init) if init is not None else {}
        facts = source_scan.scan_class(node, set(own_arguments))
        for name, message in facts.deprecated_arguments.items():
            if name in own_arguments:
                own_arguments[name] = own_arguments[name].replace(deprecated=" ".join(message.split()))

        arguments = dict(own_arguments)
        complete = True
        forwards = init is None or bool(facts.forwards_kwargs)
        if forwards:
            complete = False
            for base_info in base_infos:  # approximates the MRO: bases in order, each with its own
                for name, argument in base_info.arguments.items():
                    if name not in arguments:
                        declared_by = argument.inherited_from or base_info.canonical_path
                        arguments[name] = argument.replace(inherited_from=declared_by)
                complete = base_info.arguments_complete
                if complete:
                    break

        bases: list[str] = []
        for base_info in base_infos:
            for base_path in (base_info.canonical_path, *base_info.bases):
                if base_path not in bases:
                    bases.append(base_path)

        doc = ast.get_docstring(node)
        deprecation = None
        if facts.class_deprecation:
            deprecation = Deprecation(" ".join(facts.class_deprecation.split()), None, "warning in __init__")
        return OperatorInfo(
            path=path,
            canonical_path=path,
            kind=primary.kind if primary.kind != "mixin" else "operator",
            summary=docstrings.summary(doc),
            package=None,
            package_version=None,
            bases=tuple(bases),
            arguments=arguments,
            arguments_complete=complete,
            template_fields=self._template_attribute(node, "template_fields", base_infos),
            template_ext=self._template_attribute(node, "template_ext", base_infos),
            template_fields_renderers=dict(primary.template_fields_renderers),
            deprecation=deprecation,
            source="static",
            source_file=str(module.file),
        )

    @staticmethod
    def _own_arguments(node: ast.ClassDef, init: ast.FunctionDef) -> dict[str, ArgumentInfo]:
        descriptions = docstrings.param_descriptions(ast.get_docstring(node))
        for name, text in docstrings.param_descriptions(ast.get_docstring(init)).items():
            descriptions.setdefault(name, text)
        arguments: dict[str, ArgumentInfo] = {}
        positional = init.args.args[1:]  # drop self
        positional_defaults = [None] * (len(positional) - len(init.args.defaults)) + list(init.args.defaults)
        pairs = [
            *zip(positional, positional_defaults, strict=True),
            *zip(init.args.kwonlyargs, init.args.kw_defaults, strict=True),
        ]
        for argument, default in pairs:
            fields: dict[str, Any] = _default(default) if default is not None else {}
            description = descriptions.get(argument.arg)
            arguments[argument.arg] = ArgumentInfo(
                name=argument.arg,
                annotation=ast.unparse(argument.annotation) if argument.annotation is not None else None,
                required=default is None,
                default=fields.get("default"),
                has_default=default is not None,
                default_text=fields.get("default_text"),
                description=description,
                deprecated=description if description and docstrings.looks_deprecated(description) else None,
            )
        return arguments

    @staticmethod
    def _template_attribute(node: ast.ClassDef, attribute: str, base_infos: list[OperatorInfo]) -> tuple[str, ...]:
        """A literal class attribute, expanding ``*Base.template_fields``; else the first base's value."""
        inherited: tuple[str, ...] = getattr(base_infos[0], attribute)
        for statement in node.body:
            targets: list[ast.expr] = []
            if isinstance(statement, ast.Assign):
                targets, value = statement.targets, statement.value
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                targets, value = [statement.target], statement.value
            if not any(isinstance(target, ast.Name) and target.id == attribute for target in targets):
                continue
            if not isinstance(value, (ast.Tuple, ast.List, ast.Set)):
                return inherited  # computed; the linter cannot know it, keep what the base had
            names: list[str] = []
            for element in value.elts:
                if isinstance(element, ast.Constant) and isinstance(element.value, str):
                    names.append(element.value)
                elif isinstance(element, ast.Starred):
                    # *Base.template_fields: every base's fields, as far as they are known
                    names.extend(field for info in base_infos for field in getattr(info, attribute))
            return tuple(dict.fromkeys(names))
        return inherited
