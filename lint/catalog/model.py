"""The values the catalog hands out: operators, their arguments, and Airflow-wide facts.

Plain slotted classes rather than dataclasses: importing ``dataclasses`` (and ``inspect`` with it)
would cost more than a whole catalog lookup, and the language server and CLI start often.
"""

from __future__ import annotations


class _Record:
    """Immutable value object: fields are the ``__slots__`` of each subclass, in order.

    ``_defaults`` gives defaults; a callable default is a factory (for dicts and lists).
    """

    __slots__ = ()
    _defaults: dict = {}

    def __init__(self, *args, **kwargs):
        if len(args) > len(self.__slots__):
            raise TypeError(f"{type(self).__name__} takes at most {len(self.__slots__)} positional arguments")
        kwargs.update(zip(self.__slots__, args, strict=False))  # positional values fill the first fields
        for name in self.__slots__:
            if name in kwargs:
                value = kwargs.pop(name)
            elif name in self._defaults:
                value = self._defaults[name]
                value = value() if callable(value) else value
            else:
                raise TypeError(f"{type(self).__name__} needs {name!r}")
            object.__setattr__(self, name, value)
        if kwargs:
            raise TypeError(f"{type(self).__name__} has no field(s) {sorted(kwargs)}")

    def __setattr__(self, name, value):
        raise AttributeError(f"{type(self).__name__} is immutable; use .replace()")

    def replace(self, **changes):
        """A copy with some fields changed."""
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return type(self)(**values)

    def _values(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other):
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self):
        return hash((type(self).__name__, self.__slots__[0], getattr(self, self.__slots__[0])))

    def __repr__(self):
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Deprecation(_Record):
    __slots__ = ("message", "replacement", "source")
    _defaults = {"replacement": None, "source": ""}
    message: str
    replacement: str | None  # class name or import path to use instead, when one is named
    source: str  # "decorator", "warning in __init__", "docstring"


class ArgumentInfo(_Record):
    """One constructor argument of an operator."""

    __slots__ = (
        "name", "annotation", "required", "default", "has_default", "default_text", "description",
        "inherited_from", "deprecated",
    )
    _defaults = {
        "annotation": None, "required": False, "default": None, "has_default": False, "default_text": None,
        "description": None, "inherited_from": None, "deprecated": None,
    }
    name: str
    annotation: str | None
    required: bool
    # The default when JSON could represent it (None is a real default: check has_default).
    default: object
    has_default: bool
    # repr of a default JSON cannot hold (timedelta, callables, Airflow's NOTSET sentinel)
    default_text: str | None
    description: str | None
    # Import path of the base class that declares the argument; None when the class itself does.
    inherited_from: str | None
    deprecated: str | None  # why the argument is deprecated, when it is

    @property
    def default_display(self) -> str | None:
        """The default as a person would write it, or None when the argument has none."""
        if self.default_text is not None:
            return self.default_text
        if not self.has_default:
            return None
        return repr(self.default)


class OperatorInfo(_Record):
    """An operator, sensor, transfer or notifier class as the catalog (or static analysis) knows it."""

    __slots__ = (
        "path", "canonical_path", "kind", "summary", "package", "package_version", "bases", "arguments",
        "arguments_complete", "template_fields", "template_ext", "template_fields_renderers", "deprecation",
        "deprecated_alias", "alias_message", "aliases", "source", "source_file",
    )
    _defaults = {
        "summary": "", "package": None, "package_version": None, "bases": (), "arguments": dict,
        "arguments_complete": True, "template_fields": (), "template_ext": (), "template_fields_renderers": dict,
        "deprecation": None, "deprecated_alias": False, "alias_message": None, "aliases": (), "source": "catalog",
        "source_file": None,
    }
    path: str  # the import path that was looked up (an alias, or the canonical path)
    canonical_path: str  # where the class is defined
    kind: str  # operator | sensor | transfer | notifier | mixin
    summary: str
    package: str | None  # distribution; None for classes read from user source
    package_version: str | None
    bases: tuple[str, ...]  # MRO after the class itself, as import paths
    arguments: dict[str, ArgumentInfo]  # own arguments first, then inherited ones in MRO order
    # False when some base in the MRO passes **kwargs on to a class the catalog does not know,
    # so an argument missing from `arguments` may still be accepted.
    arguments_complete: bool
    template_fields: tuple[str, ...]
    template_ext: tuple[str, ...]
    template_fields_renderers: dict[str, str]
    deprecation: Deprecation | None  # the class itself is deprecated
    deprecated_alias: bool  # `path` is a deprecated import path of `canonical_path`
    alias_message: str | None
    aliases: tuple[str, ...]  # the class's other import paths (deprecated or re-exports)
    source: str  # "catalog", or "static" for classes parsed from user source
    source_file: str | None

    @property
    def name(self) -> str:
        return self.canonical_path.rpartition(".")[2]

    @property
    def module(self) -> str:
        return self.canonical_path.rpartition(".")[0]

    @property
    def replacement(self) -> str | None:
        """The import path to write instead of `path`, when `path` is a deprecated alias."""
        return self.canonical_path if self.deprecated_alias else None

    @property
    def required_arguments(self) -> list[str]:
        return [name for name, argument in self.arguments.items() if argument.required]

    def accepts(self, argument: str) -> bool | None:
        """True/False when the catalog can tell, None when unknown bases might accept it."""
        if argument in self.arguments:
            return True
        return False if self.arguments_complete else None


class AirflowFacts(_Record):
    """Values taken from the installed Airflow when the catalogs were built."""

    __slots__ = (
        "airflow_version", "trigger_rules", "weight_rules", "sensor_modes", "template_context",
        "template_filters", "macros", "removed_template_names", "removed_task_arguments", "removed_trigger_rules",
        "sources",
    )
    airflow_version: str
    trigger_rules: tuple[str, ...]
    weight_rules: tuple[str, ...]
    sensor_modes: tuple[str, ...]
    template_context: frozenset[str]
    template_filters: frozenset[str]
    macros: dict[str, str]  # member name -> module | class | function | value
    removed_template_names: dict[str, tuple[str, ...]]  # name -> suggested replacements
    removed_task_arguments: dict[str, str | None]  # removed in Airflow 3 -> replacement
    removed_trigger_rules: dict[str, str | None]  # removed in Airflow 3 -> replacement
    sources: dict[str, str]  # fact -> where in Airflow (or elsewhere) it was read


class Suggestion(_Record):
    """A did-you-mean candidate for an unknown operator path, with why it was picked."""

    __slots__ = ("path", "reason")
    path: str
    # "other-module": the class exists under another module (module wrong or misspelt);
    # "class-typo": the module is right, the class name is close; "module-typo": the module
    # name is close; "similar": a close class name anywhere.
    reason: str
