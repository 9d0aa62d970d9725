"""Deploy-target profiles: facts about a platform kept as data (`schemas/profiles/NAME.json`),
each with its source, so that updating them is a data change, not a code change."""

from __future__ import annotations

import json
from functools import lru_cache


@lru_cache(maxsize=None)
def load_profile(name: str) -> dict:
    from wflint.schemas import read_text

    return json.loads(read_text("profiles", f"{name}.json"))


def profile_for(ctx) -> dict | None:
    """The active profile's data for a rule context, or None."""
    name = ctx.config.profile
    return load_profile(name) if name else None
