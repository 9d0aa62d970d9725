"""`wflint check`: lint files and folders."""

from __future__ import annotations

import gc
import os
import sys

from ..config import PROFILES, ConfigError, load_config, validate_profile, with_overrides, with_targets
from ..diagnostics import Severity
from ..output import FORMATS, renderer

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
PARALLEL_THRESHOLD = 16  # below this, starting worker processes costs more than it saves


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="lint workflow files", description="Lint DAG Factory workflow YAML files and folders.")
    parser.add_argument("paths", nargs="*", default=["."], help="files or folders (default: .)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--select", action="append", metavar="CODES", help="only these rule codes or prefixes (comma-separated)")
    parser.add_argument("--ignore", action="append", metavar="CODES", help="skip these rule codes or prefixes")
    parser.add_argument("--extend-select", action="append", metavar="CODES", help="add to the selected rules")
    parser.add_argument("--profile", choices=[*PROFILES, "none"], help="deploy target whose limits to check")
    parser.add_argument("--config", metavar="FILE", help="use this wflint.toml / pyproject.toml")
    parser.add_argument("--target", action="append", metavar="NAME=VERSION",
                        help="a version the workflows run on, e.g. airflow=3.0.6, dag-factory=1.0.1, "
                             "apache-airflow-providers-amazon=9.30.0 (repeatable; before the configuration's)")
    parser.add_argument("--target-requirements", metavar="FILE",
                        help="take the versions pinned (==) in this pip requirements or constraints file")
    parser.add_argument("--show-target", action="store_true",
                        help="print the versions the workflows are judged for, and where each comes from, then exit")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes in place (with --stdin-filename: write the fixed document to stdout, problems to stderr)")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix, also apply fixes that may change meaning (did-you-mean renames); marks them [*]")
    parser.add_argument("--fail-on", choices=["error", "warning", "info"], default="error",
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    parser.add_argument("--no-source", action="store_true", help="do not print the source line under each problem")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary")
    parser.add_argument("--jobs", type=int, default=0, metavar="N", help="worker processes (default: all cores)")
    parser.add_argument("--stdin-filename", metavar="PATH", help="lint standard input as if it were PATH")
    parser.add_argument("--no-cache", action="store_true",
                        help="lint every file, neither reading nor writing the result cache (also: WFLINT_NO_CACHE=1)")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="where the result cache lives (default: $WFLINT_CACHE_DIR, else .wflint_cache)")
    parser.set_defaults(func=run)


def run(args) -> int:
    try:
        return _run(args)
    except ConfigError as error:  # a config file met further down a folder tree
        print(f"wflint: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _run(args) -> int:
    from ..project import Project

    try:
        override = _override(args)
        if args.config:
            if os.path.isdir(args.config):
                raise ConfigError(f"{args.config}: is a folder; --config takes a wflint.toml or pyproject.toml file")
            if not os.path.isfile(args.config):
                reason = "not a regular file" if os.path.exists(args.config) else "no such config file"
                raise ConfigError(f"{args.config}: {reason}; --config takes a wflint.toml or pyproject.toml file")
            from pathlib import Path

            fixed = override(load_config(Path(args.config)))
            project = Project(fixed)
        else:
            project = Project(config_override=override)
            for path in args.paths:  # surface config errors before any work
                project.config_for(os.path.join(path, "_") if os.path.isdir(path) else path)
    except ConfigError as error:
        print(f"wflint: error: {error}", file=sys.stderr)
        return EXIT_USAGE

    if getattr(args, "show_target", False):
        return _show_target(args, project)
    if args.stdin_filename or _reads_stdin(args):
        return _check_stdin(args, project)
    else:
        # A symlink that exists is not missing, even when it loops or dangles: the lint reports it.
        missing = [p for p in args.paths if not os.path.lexists(p)]
        if missing:
            for path in missing:
                print(f"wflint: error: {path}: no such file or folder", file=sys.stderr)
            return EXIT_USAGE
        from ..discovery import collect, honours_airflowignore

        targets = collect(args.paths, project.config_for, honours_airflowignore(project))
        results = _lint_all(targets, project, args)
        fixed = None
        if args.fix:
            results, fixed = _fix(results, project, _unsafe(args))
        _lint_project(results, project, args.paths)
        skipped = _report_skipped(results, project, args.paths)

    return _render(results, sys.stdout, args, files=len(targets), fixed=fixed, skipped=skipped)


def _reads_stdin(args) -> bool:
    """`wflint check -`: standard input, as ruff and most linters read it."""
    return list(args.paths) == ["-"]


def _unsafe(args) -> bool:
    return bool(getattr(args, "unsafe_fixes", False))


def _report_skipped(results, project, paths) -> int:
    """How many files were not linted as workflows (DAG Factory would not load them as DAGs).
    A file named on the command line gets a note on standard error saying why, as ruff does
    for excluded files; files found in folders are only counted."""
    from ..model.workflow import classify
    from ..yaml.tree import parse_yaml

    named = {os.path.normpath(p) for p in paths if not os.path.isdir(p)}
    skipped = 0
    for result in results:
        if result.facts is not None or result.diagnostics or result.source is None:
            continue
        config = project.config_for(result.path)
        document = parse_yaml(result.source.text)
        kind = config.forced_kind(result.path) or classify(result.path, document)
        if kind != "other":
            continue
        skipped += 1
        if os.path.normpath(result.path) in named:
            print(f"wflint: warning: {result.path}: skipped, not a workflow: {_skip_reason(document, config, result.path)}; "
                  "to lint it anyway, match it with `workflow-files` in [tool.wflint]", file=sys.stderr)
    return skipped


def _skip_reason(document, config, path) -> str:
    from ..yaml.tree import Mapping

    if config.workflow_files:
        return "it does not match the configured `workflow-files`"
    root = document.root
    if root is None or (type(root) is Mapping and not root.pairs):
        return "the file is empty"
    if type(root) is not Mapping:
        return "its top level is not a mapping of DAG ids to DAGs"
    return ("no top-level key holds DAG settings (schedule, tasks, default_args ...); "
            "a DAG is written under its id: `my_dag:` then its settings indented")


def _lint_project(results, project, paths) -> None:
    """The project rules over every file of this run; those that need the whole project run only
    when folders were named (a run on some files, as pre-commit makes, cannot know the rest)."""
    from ..engine import lint_project

    lint_project(results, project, complete=all(os.path.isdir(path) for path in paths))


def _show_target(args, project) -> int:
    """`--show-target`: the versions chosen for the first path, and why (as ruff's --show-settings)."""
    from ..target import TargetError, version_key

    first = args.stdin_filename or (args.paths[0] if args.paths else ".")
    config = project.config_for(os.path.join(first, "_") if os.path.isdir(first) else first)
    try:
        target = project.target_for(config)
    except TargetError as error:
        print(f"wflint: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Target for {first} ({config.source or 'no configuration file'}):")
    for line in target.describe():
        print(f"  {line}")
    # Where the operator catalogs cannot answer for the target's version, say which release they answer for.
    view = project.catalog_at(config)
    known = view.judged_versions() if view.versioned else view.package_versions()
    other = sorted((package, version) for package, version in known.items() if version != target.get(package))
    if other:
        print("Not catalogued; operator knowledge comes from:")
        for package, version in other:
            wanted = target.get(package)
            if not view.versioned:
                why = "the one release the catalogs describe"
            elif version_key(version) < version_key(wanted):
                why = f"the catalogued release before {wanted}"
            else:
                why = f"no catalogued release at or before {wanted}; the oldest is {version}"
            print(f"  {package:<41} {version:<9} {why}")
    return EXIT_OK


def _check_stdin(args, project) -> int:
    """Lint standard input as `--stdin-filename`. Its bytes are judged like a file's (not UTF-8:
    WF004). With --fix, as ruff does, the fixed document goes to standard output (the input
    unchanged when nothing is fixable, byte for byte) and the problems left to standard error."""
    from ..engine import lint_bytes

    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read() if stream is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
    result = lint_bytes(args.stdin_filename or "-", data, project)
    from ..engine import lint_project

    lint_project([result], project, complete=False)  # one document: the rest of the project is unknown
    report = sys.stdout
    if args.fix:
        report = sys.stderr
        if any(d.fix and (d.fix.safe or _unsafe(args)) for d in result.diagnostics):
            from ..fixes import fix_text
            from ..yaml.source import BOM

            bom = BOM if result.source.had_bom else ""
            text, result, rolled_back = fix_text(result, project, unsafe=_unsafe(args))
            if rolled_back:
                _warn_rolled_back(args.stdin_filename or "-")
            data = (bom + text).encode("utf-8")
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            out.write(data)
            out.flush()
        else:
            sys.stdout.write(data.decode("utf-8", "surrogateescape"))
    return _render([result], report, args, files=1)


def _render(results, stream, args, *, files: int, fixed: tuple[int, int] | None = None, skipped: int = 0) -> int:
    color = args.color == "always" or (args.color == "auto" and stream.isatty() and not os.environ.get("NO_COLOR"))
    options = {"color": color, "show_source": not args.no_source, "quiet": args.quiet, "files": files, "fixed": fixed,
               "skipped": skipped, "unsafe_fixes": _unsafe(args)}
    renderer(args.format)(results, stream, options)
    threshold = Severity.parse(args.fail_on)
    failed = any(d.severity >= threshold for result in results for d in result.diagnostics)
    return EXIT_PROBLEMS if failed else EXIT_OK


def _override(args):
    profile = args.profile

    def apply(config):
        config = with_overrides(
            config, select=args.select, ignore=args.ignore, extend_select=args.extend_select,
            profile=None if profile is None else ("" if profile == "none" else profile),
        )
        return with_targets(config, getattr(args, "target", None), getattr(args, "target_requirements", None))

    validate_profile(None if profile in (None, "none") else profile)
    return apply


def _lint_all(targets, project, args):
    """Every target's result, in order: from the cache where it is still valid, else linted
    (in worker processes when there are many) and stored in the cache."""
    cache = None
    if not (args.no_cache or args.fix or _truthy(os.environ.get("WFLINT_NO_CACHE", ""))):
        from ..cache import ResultCache, default_folder

        cache = ResultCache(args.cache_dir or default_folder(_working_directory_config(project)))
    results = [None] * len(targets)
    misses = []  # (index, document read for the lookup)
    for index, path in enumerate(targets):
        document = _read(path) if cache is not None else None
        if document is not None:
            results[index] = cache.lookup(path, document[0], document[1], project.config_for(path))
        if results[index] is None:
            misses.append((index, document))
    jobs = args.jobs or os.cpu_count() or 1
    if jobs > 1 and len(misses) >= PARALLEL_THRESHOLD and not args.fix:
        linted = _lint_parallel([targets[index] for index, _ in misses], args, jobs)
    else:
        linted = []
        for index, document in misses:
            linted.append(_lint_recording(targets[index], project, document))
            _end_of_start_up()
    for (index, _), (result, content, inputs) in zip(misses, linted):
        results[index] = result
        if cache is not None and content is not None:
            cache.store(result.path, content, project.config_for(result.path), result, inputs)
    if cache is not None:
        cache.save()
    return results


def _working_directory_config(project):
    """The configuration that applies in the working directory: it names the cache folder, as
    for ruff. A broken one there that no linted file uses does not stop the run."""
    try:
        return project.config_for(os.path.join(os.getcwd(), "_"))
    except ConfigError:
        return None


def _truthy(value: str) -> bool:
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def _read(path: str) -> tuple[str, str] | None:
    """(content hash, text) of a readable UTF-8 file; None otherwise (the lint reports why)."""
    from ..inputs import content_hash
    from ..yaml.source import decode, read_file

    try:
        data = read_file(path)  # not a FIFO or a device: the lint reports those
    except OSError:
        return None
    text = decode(data)[0]
    return None if text is None else (content_hash(data), text)


def _lint_recording(path: str, project, document=None):
    """(result, content hash, what else the lint read) of one file (`document`: its content
    hash and text when already read)."""
    from ..engine import lint_path, lint_text
    from ..inputs import recording

    document = document or _read(path)
    with recording() as inputs:
        result = lint_path(path, project) if document is None else lint_text(path, document[1], project)
    result.workflow = None  # only diagnostics are printed: the model need not outlive its lint
    return result, None if document is None else document[0], inputs


def _end_of_start_up() -> None:
    """After the first lint (rules imported, catalogs read): keep what start-up made out of every
    later collection, and let the collector run between files again (the CLI disabled it)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _lint_parallel(targets, args, jobs):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    chunk = max(1, len(targets) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(args,)) as pool:
        # map() keeps input order, so output is deterministic.
        return list(pool.map(_lint_in_worker, targets, chunksize=chunk))


_WORKER_PROJECT = None


def _init_worker(args) -> None:
    global _WORKER_PROJECT
    from pathlib import Path

    from ..project import Project

    override = _override(args)
    if args.config:
        _WORKER_PROJECT = Project(override(load_config(Path(args.config))))
    else:
        _WORKER_PROJECT = Project(config_override=override)
    _end_of_start_up()


def _lint_in_worker(target: str):
    return _lint_recording(target, _WORKER_PROJECT)


def _fix(results, project, unsafe: bool = False):
    """The results after applying safe fixes in place, and (problems fixed, files changed)."""
    from ..engine import lint_path
    from ..fixes import fix_text, write_atomically

    fixed_results = []
    problems_fixed = files_changed = 0
    for result in results:
        if result.source is None or not any(d.fix and (d.fix.safe or unsafe) for d in result.diagnostics):
            fixed_results.append(result)
            continue
        had_bom, original, before = result.source.had_bom, result.source.text, len(result.diagnostics)
        text, result, rolled_back = fix_text(result, project, unsafe=unsafe)
        if rolled_back:
            _warn_rolled_back(result.path)
        if text != original:
            write_atomically(result.path, text, had_bom)
            files_changed += 1
        result = lint_path(result.path, project)
        problems_fixed += max(0, before - len(result.diagnostics))
        fixed_results.append(result)
    return fixed_results, (problems_fixed, files_changed)


def _warn_rolled_back(path: str) -> None:
    print(f"wflint: warning: {path}: some fixes would have made the YAML invalid and were not applied "
          "(a bug in wflint: please report it with the file)", file=sys.stderr)
