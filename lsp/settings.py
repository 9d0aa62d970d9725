"""Editor settings (section `wflint`): from initializationOptions and workspace/configuration.

Rule selection keys mean what they mean in TOML and are validated by the core's
`config_from_mapping`, layered over each folder's own pyproject.toml / wflint.toml. Unknown or
malformed values are reported once and ignored: a typo in settings must not stop linting.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from wflint.config import Config, ConfigError, config_from_mapping

DEFAULT_DEBOUNCE_MS = 150
# The kinds of inlay hints (`wflint.inlayHintKinds` turns each off; `wflint.inlayHints` all).
INLAY_KINDS = ("schedules", "inheritedValues", "upstreamCount")
# Editor setting name -> TOML key, for the keys that change what the linter reports.
LINT_KEYS = {"profile": "profile", "select": "select", "ignore": "extend-ignore", "catalogs": "catalogs", "target": "target"}


@dataclass(frozen=True)
class Settings:
    lint: dict = field(default_factory=dict)  # TOML-style keys for config_from_mapping
    # The inlay hint kinds shown (empty: none; false-y, so `if settings.inlay_hints` still reads
    # "any hints at all").
    inlay_hints: frozenset = frozenset(INLAY_KINDS)
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    catalogs: tuple[str, ...] = ()

    def config_override(self, on_error):
        """A Project `config_override`: the folder's config with the editor's keys on top."""
        if not self.lint:
            return None
        lint = dict(self.lint)

        def override(config: Config) -> Config:
            try:
                updated = config_from_mapping(lint, "editor settings (wflint.*)", config.root, config)
            except ConfigError as error:
                on_error(str(error))
                return config
            if "target" in lint:  # `wflint.target` pins what it names; the folder's other pins stay
                updated = replace(updated, target=tuple(sorted({**dict(config.target), **dict(updated.target)}.items())),
                                  target_requirements=updated.target_requirements or config.target_requirements)
            return replace(updated, source=config.source)

        return override


def parse_settings(raw, problems: list[str] | None = None) -> Settings:
    """Settings from the `wflint` section (a dict); anything unusable is skipped with a note."""
    problems = problems if problems is not None else []
    if not isinstance(raw, dict):
        return Settings()
    if isinstance(raw.get("wflint"), dict):  # the whole configuration object was sent
        raw = raw["wflint"]
    lint: dict = {}
    for name, key in LINT_KEYS.items():
        value = raw.get(name)
        if value is None or value == [] or value == "":
            continue
        if name in ("select", "ignore", "catalogs") and isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if name == "target" and isinstance(value, str):  # "airflow=3.0.6, dag-factory=1.0.1"
            value = dict(part.strip().partition("=")[::2] for part in value.split(",") if part.strip())
        if name == "target" and isinstance(value, dict):
            value = {key: item for key, item in value.items() if item not in (None, "")}
            if not value:
                continue
        lint[key] = value
    try:  # validate now so a bad value is reported once, not on every lint
        config_from_mapping(lint, "editor settings (wflint.*)", None)
    except ConfigError as error:
        problems.append(str(error))
        lint = {}
    inlay = raw.get("inlayHints", True)
    if isinstance(inlay, dict):
        inlay = inlay.get("enabled", True)
    kinds = set(INLAY_KINDS) if inlay else set()
    chosen = raw.get("inlayHintKinds")
    if isinstance(chosen, dict):
        for kind, on in chosen.items():
            if kind not in INLAY_KINDS:
                problems.append(f"editor settings: `wflint.inlayHintKinds` has no kind `{kind}` (kinds: {', '.join(INLAY_KINDS)})")
            elif on is False:
                kinds.discard(kind)
    elif chosen is not None:
        problems.append(f"editor settings: `wflint.inlayHintKinds` must be an object of booleans, got {chosen!r}")
    debounce = raw.get("debounce", DEFAULT_DEBOUNCE_MS)
    if not isinstance(debounce, (int, float)) or isinstance(debounce, bool) or debounce < 0:
        problems.append(f"editor settings: `wflint.debounce` must be a number of milliseconds, got {debounce!r}")
        debounce = DEFAULT_DEBOUNCE_MS
    catalogs = tuple(lint.get("catalogs", ()))
    return Settings(lint=lint, inlay_hints=frozenset(kinds), debounce_ms=int(debounce), catalogs=catalogs)
