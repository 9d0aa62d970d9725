"""The result cache of `wflint check`: a file's diagnostics are reused while nothing they depend
on has changed, as ruff does, so a second run over an unchanged tree reads results instead of
linting.

A cached result is valid while all of these are the same:
* the file's bytes (by hash, not by mtime: a checkout that rewrites a file unchanged still hits);
* the effective configuration of the file (every setting and command-line override) and the
  target it resolves to (the Airflow, provider and DAG Factory versions the file is judged for,
  wherever each comes from: a requirements file, the profile, the environment, the catalogs);
* wflint itself: its version, the stamps of its code and data files (an editable install being
  edited invalidates too), the Python version, and the folders its dependencies are installed in
  (installing or upgrading croniter or Jinja, which judge crons and templates, changes them);
* every other file the lint looked at (wflint.inputs): the defaults.yml chain, user catalogs,
  template files, `python_callable_file`, custom operator source, including files that were
  absent and have appeared since.
A result that depends on the current time (catch-up run counts) is never stored.

The cache is JSON (never pickle: a planted cache file must not be able to run code) in
`.wflint_cache/` of the working directory, one file per working directory and wflint build. It
is written atomically once per run, only when something changed; an unreadable or corrupt cache
is ignored, and a cache folder that cannot be written costs only the cache.
"""

from __future__ import annotations

import json
import os
import re
import sys

from . import __version__
from .diagnostics import Diagnostic, Fix, Related, Severity, TextEdit
from .results import LintResult
from .inputs import Inputs, content_hash, new_run, unchanged

CACHE_FORMAT = 2  # 2: project facts kept with the diagnostics
DEFAULT_FOLDER = ".wflint_cache"
ENVIRONMENT_VARIABLE = "WFLINT_CACHE_DIR"


def default_folder(config=None) -> str:
    """`WFLINT_CACHE_DIR`, else the configuration's `cache-dir`, else `.wflint_cache` (the
    command line's `--cache-dir` comes before all of them)."""
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return os.environ[ENVIRONMENT_VARIABLE]
    if config is not None and config.cache_dir:
        return config.resolve(config.cache_dir)
    return DEFAULT_FOLDER


class ResultCache:
    """Results of one working directory's files for this build of wflint."""

    def __init__(self, folder: str):
        new_run()
        self.folder = folder
        key = f"{CACHE_FORMAT}\0{_build_fingerprint()}\0{os.getcwd()}".encode()
        self.file = os.path.join(folder, f"results-{content_hash(key)}.json")
        self._entries: dict[str, dict] = self._read()
        self._config_keys: dict[object, str] = {}
        self._changed = False

    # -- reading --------------------------------------------------------------------------

    def _read(self) -> dict[str, dict]:
        from .yaml.source import read_file

        try:
            document = json.loads(read_file(self.file))  # a regular file only: a FIFO would block
        except (OSError, ValueError, RecursionError):
            return {}  # no cache yet, or one that cannot be used: start afresh
        if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
            return {}
        entries = document.get("entries")
        return entries if isinstance(entries, dict) else {}

    def lookup(self, path: str, content: str, text: str, config) -> LintResult | None:
        """The cached result for `path` whose bytes hash to `content` (decoded: `text`), or None."""
        from .yaml.source import SourceText

        entry = self._entries.get(path)
        if entry is None:
            return None
        try:
            if entry["content"] != content or entry["config"] != self._config_key(config):
                return None
            for input_path, stamp in entry["inputs"]:
                if type(input_path) is not str or not unchanged(input_path, stamp):
                    return None
            diagnostics = [_diagnostic_from_json(path, item) for item in entry["diagnostics"]]
            facts = entry["facts"]
            if facts is not None and type(facts) is not dict:
                return None
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            return None  # an entry of another shape (an older format, a damaged file): lint again
        return LintResult(path, SourceText(text), None, diagnostics, facts)

    # -- writing --------------------------------------------------------------------------

    def store(self, path: str, content: str, config, result: LintResult, inputs: Inputs) -> None:
        if inputs.clock:
            self._entries.pop(path, None)
            return
        self._entries[path] = {
            "content": content,
            "config": self._config_key(config),
            "inputs": [[input_path, stamp] for input_path, stamp in inputs.files.items()],
            "diagnostics": [_diagnostic_to_json(d) for d in result.diagnostics],
            "facts": result.facts,
        }
        self._changed = True

    def save(self) -> None:
        """Write the cache if this run changed it (atomically; entries of files that no longer
        exist are dropped). A folder that cannot be written is reported once, never fatal."""
        if not self._changed:
            return
        entries = {path: entry for path, entry in sorted(self._entries.items()) if os.path.exists(path)}
        document = {"format": CACHE_FORMAT, "wflint": __version__, "entries": entries}
        temporary = f"{self.file}.{os.getpid()}.tmp"
        try:
            _make_folder(self.folder)
            with open(temporary, "w", encoding="utf-8") as handle:
                # ASCII: a path that is not valid UTF-8 (a surrogate escape) round-trips as \udcXX.
                json.dump(document, handle, separators=(",", ":"))
            os.replace(temporary, self.file)
            if _is_ours(self.folder):
                _remove_stale(self.folder)
        except OSError as error:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            print(f"wflint: warning: cannot write the cache in {self.folder}: {error.strerror or error} "
                  "(use --no-cache or --cache-dir)", file=sys.stderr)
        self._changed = False

    def _config_key(self, config) -> str:
        key = self._config_keys.get(config)
        if key is None:
            key = self._config_keys[config] = content_hash(f"{config!r}\n{_target_key(config)}".encode())
        return key


def _target_key(config) -> str:
    """The versions a configuration's files are judged for: a requirements file edited, an
    upgrade in the environment or new catalogs change them, and with them every verdict."""
    from .target import TargetError, resolve

    try:
        return repr(resolve(config).versions)
    except (TargetError, OSError, ValueError):
        return "no target"


CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This is wflint's result cache.\n"


def _make_folder(folder: str) -> None:
    if os.path.isdir(folder):
        return
    os.makedirs(folder, exist_ok=True)
    # Like ruff's cache: never committed, and skipped by backup tools.
    with open(os.path.join(folder, ".gitignore"), "w", encoding="utf-8") as handle:
        handle.write("# Automatically created by wflint.\n*\n")
    with open(os.path.join(folder, "CACHEDIR.TAG"), "w", encoding="utf-8") as handle:
        handle.write(CACHEDIR_TAG)


def _is_ours(folder: str) -> bool:
    """Whether wflint made the folder (`--cache-dir` may name one that holds other files)."""
    try:
        with open(os.path.join(folder, "CACHEDIR.TAG"), encoding="utf-8") as handle:
            return handle.read(len(CACHEDIR_TAG) + 1) == CACHEDIR_TAG
    except (OSError, ValueError):
        return False


STALE_AFTER = 30 * 24 * 3600  # seconds: a cache file of an older wflint or an unused folder
_CACHE_FILE = re.compile(r"results-[0-9a-f]{32}\.json")


def _remove_stale(folder: str) -> None:
    """Each wflint build and working directory has its own file: drop those unused for long."""
    import time

    limit = time.time() - STALE_AFTER
    for name in os.listdir(folder):
        if _CACHE_FILE.fullmatch(name):
            path = os.path.join(folder, name)
            try:
                if os.stat(path).st_mtime < limit:
                    os.unlink(path)
            except OSError:
                continue


def _build_fingerprint() -> str:
    """Changes whenever wflint's code or data, the Python version or the installed
    dependencies may have changed."""
    import wflint
    import wflint.schemas

    parts = [__version__, sys.version]
    # Sorted: the same build must give the same fingerprint whatever the hash seed.
    for root in sorted({os.path.dirname(wflint.__file__), os.path.dirname(wflint.schemas.__file__)}):
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".json", ".gz")):
                    parts.append(f"{os.path.join(folder, name)}:{_stat_stamp(os.path.join(folder, name))}")
    # An install, upgrade or removal of any package changes its site-packages folder.
    for entry in sys.path:
        if entry.endswith("site-packages"):
            parts.append(f"{entry}:{_stat_stamp(entry)}")
    return content_hash("\n".join(parts).encode())


def _stat_stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


# -- diagnostics as JSON (offsets and positions both: a hit needs no line index) --------------


def _diagnostic_to_json(d: Diagnostic) -> list:
    related = [[r.start, r.end, r.message, r.path, r.line, r.column, r.end_line, r.end_column] for r in d.related]
    fix = None if d.fix is None else [d.fix.title, d.fix.safe, [[e.start, e.end, e.new_text] for e in d.fix.edits]]
    return [d.code, d.name, int(d.severity), d.start, d.end, d.message, related, fix,
            d.line, d.column, d.end_line, d.end_column]


def _diagnostic_from_json(path: str, item: list) -> Diagnostic:
    """The diagnostic an entry holds; ValueError for anything but what `_diagnostic_to_json`
    writes (the cache file is outside wflint's control: every field is checked)."""
    code, name, severity, start, end, message, related, fix, line, column, end_line, end_column = item
    _texts(code, name, message)
    _counts(start, end, line, column, end_line, end_column)
    if type(severity) is not int:
        raise ValueError("severity")
    related_locations = []
    for r_start, r_end, r_message, r_path, *r_positions in related:
        _counts(r_start, r_end)
        _texts(r_message)
        if r_path is not None:
            _texts(r_path)
        if r_positions != [None] * 4:
            _counts(*r_positions)
        related_locations.append(Related(r_start, r_end, r_message, r_path, *r_positions))
    if fix is not None:
        title, safe, edits = fix
        _texts(title)
        if type(safe) is not bool:
            raise ValueError("fix")
        for e_start, e_end, new_text in edits:
            _counts(e_start, e_end)
            _texts(new_text)
        fix = Fix(title, tuple(TextEdit(e_start, e_end, new_text) for e_start, e_end, new_text in edits), safe)
    return Diagnostic(code, name, Severity(severity), path, start, end, message, related_locations, fix,
                      line, column, end_line, end_column)


def _texts(*values) -> None:
    for value in values:
        if type(value) is not str:
            raise ValueError("text")
        value.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError, a ValueError


def _counts(*values) -> None:
    for value in values:
        if type(value) is not int or value < 0:
            raise ValueError("position")
