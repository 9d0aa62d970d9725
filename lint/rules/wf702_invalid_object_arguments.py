from __future__ import annotations

from ..diagnostics import Fix, Severity
from ..objects import LIST_TYPE, judge, type_objects
from ..suggest import closest
from ..yaml.scalars import replace_scalar
from ..yaml.tree import Mapping, Scalar, Sequence
from . import Rule, register


def _short(path: str) -> str:
    return path.rsplit(".", 1)[-1]


@register
class InvalidObjectArguments(Rule):
    """`__type__` object arguments that the class's constructor does not take.

    ## What it does
    DAG Factory calls the class of a `__type__` mapping with `__args__` as positional arguments
    and every other key as a keyword argument. This rule checks them against the constructor's
    signature in the object catalog of the Airflow release (built from the real packages):
    - a keyword the constructor does not take (`minute` for `datetime.timedelta`), with the
      closest parameter and a fix that renames it;
    - a required parameter given neither by position nor by keyword (`timezone` of
      `CronTriggerTimetable`, `day` of `datetime.datetime`);
    - more `__args__` than the constructor takes, a parameter given both in `__args__` and
      as a key, a positional-only parameter given as a key;
    - an `__args__` that is not a list.

    Classes whose constructor takes `**kwargs` (`Param` takes any JSON Schema keyword) accept
    every keyword. Classes outside the catalog are not judged (see WF701).

    ## Why is this bad?
    DAG Factory raises while it loads the file and no DAG of it is created:
    "'minute' is an invalid keyword argument for __new__()",
    "CronTriggerTimetable.__init__() missing 1 required keyword-only argument: 'timezone'",
    "'args' must resolve to a list, got <class 'int'>".

    ## Example
    ```yaml
    retry_delay:
      __type__: datetime.timedelta
      minute: 5                 # did you mean `minutes`?
    ```
    """

    code = "WF702"
    name = "invalid-object-arguments"
    severity = Severity.ERROR
    file_kinds = frozenset({"workflow", "defaults"})

    def check_file(self, ctx, workflow):
        for obj in type_objects(ctx):
            if obj.path.strip() == LIST_TYPE:
                continue
            for target, message, fix, severity in judge(ctx, lambda catalog, obj=obj: self._problems(ctx, catalog, obj)):
                ctx.report(target, message, fix=fix, severity=Severity.parse(severity) if severity else None)

    def _problems(self, ctx, catalog, obj):
        problems = []
        args = obj.args
        if args is not None and not (type(args) is Scalar and args.typed is None):
            is_list = type(args) is Sequence or (
                type(args) is Mapping and any(type(k) is Scalar and k.value == "__type__" and type(v) is Scalar
                                              and v.value == LIST_TYPE for k, v in args.pairs))
            if not is_list and not (type(args) is Mapping and any(type(k) is Scalar and k.value == "__type__" for k, _ in args.pairs)):
                problems.append((("args", args.start), args,
                                 "`__args__` must be a list of positional arguments; DAG Factory raises \"'args' must "
                                 "resolve to a list\" and the file fails to load (write `__args__: [...]`)", None))
        status, canonical = catalog.resolve(obj.path.strip())
        if status != "ok" or not canonical:
            return problems
        signature = catalog.signature(canonical)
        if signature is None:
            return problems
        name = _short(canonical)
        positional = signature.positional
        given_by_position: set[str] = set()
        if type(args) is Sequence:
            count = len(args.items)
            if count > len(positional) and not signature.var_positional:
                extra = args.items[len(positional)]
                problems.append((("too-many", args.start), (extra.start, args.items[-1].end),
                                 f"{name}() takes at most {len(positional)} positional argument"
                                 f"{'s' if len(positional) != 1 else ''} ({count} given in `__args__`); Python raises "
                                 "TypeError and the file fails to load", None))
            given_by_position = {p.name for p in positional[:count]}
        keywords = signature.keywords
        written = {key.value for key, _ in obj.keywords}
        for key, _ in obj.keywords:
            word = str(key.value)
            parameter = keywords.get(word)
            if parameter is None:
                if any(p.name == word and p.kind == "po" for p in signature.parameters):
                    problems.append((("po", key.start), key, f"`{word}` of {name}() is positional-only: give it in "
                                     "`__args__`; Python raises TypeError and the file fails to load", None))
                    continue
                if signature.var_keyword:
                    continue
                candidates = [p for p in keywords if p not in written]
                suggestion = closest(word, candidates)
                message = f"{name}() takes no argument `{word}`"
                fix = None
                if suggestion:
                    message += f" (did you mean `{suggestion[0]}`?)"
                    fix = Fix(f"Rename to `{suggestion[0]}`", (replace_scalar(ctx.source.text, key, suggestion[0]),), safe=False)
                message += "; Python raises TypeError (unexpected keyword argument) and the file fails to load"
                problems.append((("kw", key.start), key, message, fix))
            elif word in given_by_position:
                problems.append((("twice", key.start), key, f"`{word}` of {name}() is given in `__args__` and as a key; "
                                 "Python raises TypeError (multiple values) and the file fails to load", None))
        if any(type(k) is Scalar and k.value == "<<" for k, _ in obj.node.pairs):
            return problems  # merged keys: what is given is not all written here
        missing = [p.name for p in signature.parameters
                   if p.required and p.name not in written and p.name not in given_by_position]
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            # Kubernetes models take every field as an optional keyword; their setters refuse None.
            raised = (f"the model raises ValueError (\"Invalid value for `{missing[0]}`, must not be `None`\")"
                      if signature.path.startswith("kubernetes.") else
                      "Python raises TypeError (missing required argument)")
            problems.append((("missing", obj.type_value.start), obj.type_value,
                             f"{name}() requires {names}, which this object does not give; {raised} and the file "
                             "fails to load", None))
        return problems
