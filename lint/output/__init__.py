"""Output formats for `wflint check`. Each module exposes `render(results, stream, options)`.

Imports only diagnostics and the rule registry (for rule documentation in SARIF and JSON).
"""

from __future__ import annotations

FORMATS = ("text", "json", "sarif", "github")


def renderer(name: str):
    if name == "text":
        from .text import render
    elif name == "json":
        from .json_format import render
    elif name == "sarif":
        from .sarif import render
    elif name == "github":
        from .github import render
    else:  # argparse restricts choices; this is a programming error
        raise ValueError(name)
    return render
