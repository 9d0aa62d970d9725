"""Configuration: `[tool.wflint]` in pyproject.toml or a `wflint.toml`, plus CLI overrides.

The nearest config file above the linted path wins (a `wflint.toml` before a pyproject.toml in
the same folder). Keys are kebab-case, like ruff's. An invalid config is a ConfigError naming the
key; the CLI turns it into exit code 2.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .diagnostics import Severity

CONFIG_FILES = ("wflint.toml", "pyproject.toml")
PROFILES = ("mwaa-serverless",)
DEFAULT_INCLUDE = ("*.yml", "*.yaml")
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache",
    "docker-compose*.yml", "docker-compose*.yaml", "compose.yml", "compose.yaml", ".github",
    ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
)


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("WF",)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    workflow_files: tuple[str, ...] = ()  # globs; when set, only these files are workflows
    profile: str | None = None
    catalogs: tuple[str, ...] = ()
    operator_paths: tuple[str, ...] = ()
    defaults_root: str | None = None
    cache_dir: str | None = None  # where `wflint check` keeps results (relative to `root`)
    iam_policy: str | None = None  # the execution role's policy WF810 checks the tasks against
    template_searchpath: tuple[str, ...] = ()
    # Produced or defined outside the linted files (another system's S3 upload, DAGs in Python):
    # the project rules take them as known.
    external_assets: tuple[str, ...] = ()
    external_dags: tuple[str, ...] = ()
    # The versions the workflows run on (wflint.target): [tool.wflint.target] pins and its
    # requirements file, and the command line's, which come first.
    target: tuple[tuple[str, str], ...] = ()
    target_requirements: str | None = None
    target_cli: tuple[tuple[str, str], ...] = ()
    target_cli_requirements: str | None = None
    root: str | None = None  # folder of the config file: relative paths and globs start here
    source: str | None = None  # the config file itself

    def rule_enabled(self, code: str, path: str | None = None) -> bool:
        if not _matches_any(code, self.select):
            return False
        # The most specific of select / ignore wins, as in ruff.
        best_select = max((len(p) for p in self.select if code.startswith(p.upper())), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p.upper())), default=-1)
        if best_ignore >= best_select and best_ignore >= 0:
            return False
        if path is not None:
            for pattern, codes in self.per_file_ignores:
                if self.path_matches(path, pattern) and _matches_any(code, codes):
                    return False
        return True

    def severity_for(self, code: str, default: Severity) -> Severity:
        chosen, length = default, -1
        for prefix, severity in self.severity:
            if code.startswith(prefix.upper()) and len(prefix) > length:
                chosen, length = severity, len(prefix)
        return chosen

    def relative(self, path: str) -> str:
        absolute = os.path.abspath(path)
        if self.root:
            try:
                return os.path.relpath(absolute, self.root).replace(os.sep, "/")
            except ValueError:
                pass
        return absolute.replace(os.sep, "/")

    def path_matches(self, path: str, pattern: str) -> bool:
        relative = self.relative(path)
        if pattern.endswith("/") and pattern.strip("/"):
            # `dags/legacy/` (as in .gitignore): that folder and everything in it, not a file.
            folder = pattern.rstrip("/")
            parts = relative.split("/")
            prefixes = ["/".join(parts[:i]) for i in range(1, len(parts))]
            if os.path.isdir(path):
                prefixes.append(relative)
            if "/" not in folder:
                return any(fnmatch.fnmatch(prefix.rsplit("/", 1)[-1], folder) for prefix in prefixes)
            return any(glob_match(prefix, folder) for prefix in prefixes)
        name = relative.rsplit("/", 1)[-1]
        if "/" not in pattern.rstrip("/"):
            return fnmatch.fnmatch(name, pattern) or any(fnmatch.fnmatch(part, pattern) for part in relative.split("/")[:-1])
        return glob_match(relative, pattern)

    def is_excluded(self, path: str) -> bool:
        return any(self.path_matches(path, p) for p in (*self.exclude, *self.extend_exclude))

    def is_included(self, path: str) -> bool:
        return any(self.path_matches(path, p) for p in self.include)

    def forced_kind(self, path: str) -> str | None:
        """'workflow' or 'other' when `workflow-files` decides, else None (sniff the content)."""
        if not self.workflow_files:
            return None
        return "workflow" if any(self.path_matches(path, p) for p in self.workflow_files) else "other"

    def resolve(self, path: str) -> str:
        if os.path.isabs(path) or not self.root:
            return path
        return os.path.join(self.root, path)


def glob_match(path: str, pattern: str) -> bool:
    """Glob with `**` spanning folders."""
    return _glob_regex(pattern).match(path) is not None


_GLOB_CACHE: dict[str, re.Pattern] = {}


def _glob_regex(pattern: str) -> re.Pattern:
    cached = _GLOB_CACHE.get(pattern)
    if cached is None:
        out, i = [], 0
        pattern = pattern.lstrip("./") if pattern.startswith("./") else pattern
        while i < len(pattern):
            if pattern.startswith("**/", i):
                out.append("(?:.*/)?")
                i += 3
            elif pattern.startswith("**", i):
                out.append(".*")
                i += 2
            elif pattern[i] == "*":
                out.append("[^/]*")
                i += 1
            elif pattern[i] == "?":
                out.append("[^/]")
                i += 1
            else:
                out.append(re.escape(pattern[i]))
                i += 1
        cached = _GLOB_CACHE[pattern] = re.compile("^" + "".join(out) + "$")
    return cached


def _matches_any(code: str, prefixes) -> bool:
    return any(code.startswith(p.upper()) for p in prefixes)


_CODE_PREFIX = re.compile(r"^WF\d{0,3}$", re.I)

def _code_problem(item: str) -> str | None:
    """None for a rule code or the prefix of one (`WF2`); else what is wrong with it."""
    from .codes import rule_codes

    known = rule_codes()
    well_formed = _CODE_PREFIX.match(item) is not None
    if well_formed and any(code.startswith(item.upper()) for code in known):
        return None
    from .suggest import rule_code

    suggestion = rule_code(item, known)
    if not well_formed:
        return f"{item!r} is not a rule code or prefix " + (f"(did you mean `{suggestion}`?)" if suggestion else "(like WF2 or WF301)")
    problem = f"no rule has the code {item}" if len(item) == 5 else f"no rule code starts with {item}"
    return problem + (f" (did you mean `{suggestion}`?)" if suggestion else " (`wflint rules` lists them)")


_KEYS = {
    "select", "ignore", "extend-select", "extend-ignore", "per-file-ignores", "severity", "include", "exclude",
    "extend-exclude", "workflow-files", "profile", "catalogs", "operator-paths", "defaults-root",
    "external-assets", "external-dags", "target",
    "template-searchpath", "cache-dir", "iam-policy",
}


def find_config_file(start: str) -> Path | None:
    path = Path(start).resolve()
    folder = path if path.is_dir() else path.parent
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if candidate.is_file():
                if name == "pyproject.toml" and not _pyproject_has_section(candidate):
                    continue
                return candidate
    return None


def _pyproject_has_section(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return "[tool.wflint" in text


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    # Imported here: most runs have no config file, and the TOML parser costs start-up time.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("wflint", {})
    return config_from_mapping(data, str(path), str(path.parent))


def config_from_mapping(data: dict, source: str, root: str | None, base: Config | None = None) -> Config:
    """Validate a mapping of settings (from TOML, or from an editor's settings)."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: [tool.wflint] must be a table")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        from .suggest import did_you_mean

        key = unknown[0]
        raise ConfigError(f"{source}: unknown key `{key}`{did_you_mean(key, _KEYS)}")
    config = base or Config()
    changes: dict = {"root": root, "source": source}

    def codes(key: str) -> tuple[str, ...]:
        value = data[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{source}: `{key}` must be a list of rule codes or prefixes, like [\"WF2\", \"WF301\"]")
        for item in value:
            check_code(key, item.strip())
        return tuple(v.strip().upper() for v in value)

    def check_code(where: str, item: str) -> None:
        problem = _code_problem(item)
        if problem is not None:
            raise ConfigError(f"{source}: `{where}`: {problem}")

    def strings(key: str) -> tuple[str, ...]:
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{source}: `{key}` must be a list of strings")
        return tuple(value)

    if "select" in data:
        changes["select"] = codes("select")
    if "extend-select" in data:
        changes["select"] = changes.get("select", config.select) + codes("extend-select")
    if "ignore" in data:
        changes["ignore"] = codes("ignore")
    if "extend-ignore" in data:
        changes["ignore"] = changes.get("ignore", config.ignore) + codes("extend-ignore")
    if "target" in data:
        changes.update(_target_table(data["target"], source, root))
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: `per-file-ignores` must be a table of glob = [codes]")
        entries = []
        for pattern, value in table.items():
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{source}: `per-file-ignores.{pattern}` must be a list of rule codes")
            for item in value:
                check_code(f"per-file-ignores.{pattern}", item)
            entries.append((pattern, tuple(v.upper() for v in value)))
        changes["per_file_ignores"] = tuple(entries)
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict):
            raise ConfigError(f"{source}: `severity` must be a table of CODE = \"error\" | \"warning\" | \"info\"")
        entries = []
        for code, value in table.items():
            check_code(f"severity.{code}", code)
            try:
                entries.append((code.upper(), Severity.parse(str(value))))
            except ValueError as error:
                raise ConfigError(f"{source}: `severity.{code}`: {error}") from None
        changes["severity"] = tuple(entries)
    for key, attr in (
        ("include", "include"), ("exclude", "exclude"), ("extend-exclude", "extend_exclude"),
        ("workflow-files", "workflow_files"), ("catalogs", "catalogs"), ("operator-paths", "operator_paths"),
        ("template-searchpath", "template_searchpath"), ("external-assets", "external_assets"),
        ("external-dags", "external_dags"),
    ):
        if key in data:
            changes[attr] = strings(key)
    for key, attr in (("catalogs", "catalogs"), ("operator-paths", "operator_paths")):
        for path in changes.get(attr, ()):
            full = path if os.path.isabs(path) or not root else os.path.join(root, path)
            if not os.path.exists(full):
                raise ConfigError(f"{source}: `{key}`: {path!r} does not exist")
    if "profile" in data:
        changes["profile"] = validate_profile(data["profile"], source)
    if "defaults-root" in data:
        if not isinstance(data["defaults-root"], str):
            raise ConfigError(f"{source}: `defaults-root` must be a path")
        changes["defaults_root"] = data["defaults-root"]
    if "cache-dir" in data:
        if not isinstance(data["cache-dir"], str) or not data["cache-dir"].strip():
            raise ConfigError(f"{source}: `cache-dir` must be a path")
        changes["cache_dir"] = data["cache-dir"]
    if "iam-policy" in data:
        if not isinstance(data["iam-policy"], str) or not data["iam-policy"].strip():
            raise ConfigError(f"{source}: `iam-policy` must be the path of an IAM policy JSON file")
        changes["iam_policy"] = data["iam-policy"]
    return replace(config, **changes)


def validate_profile(value, source: str = "--profile") -> str | None:
    if value is None or value == "" or value == "none":
        return None
    if value not in PROFILES:
        raise ConfigError(f"{source}: unknown profile {value!r} (known: {', '.join(PROFILES)})")
    return value


def _target_table(table, source: str, root: str | None) -> dict:
    """`[tool.wflint.target]`: `requirements = "FILE"` and `NAME = "VERSION"` pins."""
    from .target import TargetError, check_name, check_version

    if not isinstance(table, dict):
        raise ConfigError(f"{source}: `target` must be a table of distribution = version (and `requirements`)")
    pins: dict[str, str] = {}
    requirements = None
    for key, value in table.items():
        if key == "requirements":
            if not isinstance(value, str) or not value:
                raise ConfigError(f"{source}: `target.requirements` must be the path of a requirements or constraints file")
            full = value if os.path.isabs(value) or not root else os.path.join(root, value)
            if not os.path.isfile(full):
                raise ConfigError(f"{source}: `target.requirements`: {value!r} does not exist")
            requirements = value
            continue
        if not isinstance(value, str):
            raise ConfigError(f"{source}: `target.{key}` must be a version string such as \"3.0.6\"")
        try:
            pins[check_name(key)] = check_version(key, value)
        except TargetError as error:
            raise ConfigError(f"{source}: `target.{key}`: {error}") from None
    return {"target": tuple(sorted(pins.items())), "target_requirements": requirements}


def with_targets(config: Config, pins: list[str] | None, requirements: str | None) -> Config:
    """The command line's `--target NAME=VERSION` pins and `--target-requirements FILE`."""
    from .target import TargetError, check_name, check_version, read_requirements

    if not pins and not requirements:
        return config
    chosen: dict[str, str] = {}
    for pin in pins or ():
        name, separator, version = pin.partition("=")
        if not separator:
            raise ConfigError(f"--target {pin}: expected NAME=VERSION, e.g. --target airflow=3.0.6")
        try:
            chosen[check_name(name)] = check_version(name, version.lstrip("="))
        except TargetError as error:
            raise ConfigError(f"--target {pin}: {error}") from None
    if requirements:
        try:
            read_requirements(requirements)
        except TargetError as error:
            raise ConfigError(f"--target-requirements: {error}") from None
    return replace(config, target_cli=tuple(sorted(chosen.items())),
                   target_cli_requirements=os.path.abspath(requirements) if requirements else None)


def with_overrides(
    config: Config,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
    profile: str | None = None,
) -> Config:
    data: dict = {}
    if select:
        data["select"] = [c for s in select for c in s.split(",") if c]
    if ignore:
        data["extend-ignore"] = [c for s in ignore for c in s.split(",") if c]
    if extend_select:
        data["extend-select"] = [c for s in extend_select for c in s.split(",") if c]
    if profile is not None:
        data["profile"] = profile
    if not data:
        return config
    updated = config_from_mapping(data, "command line", config.root, config)
    return replace(updated, source=config.source)
