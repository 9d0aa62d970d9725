"""Output formats for `wflint check`. Each module exposes `render(results, stream, options)`."""

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


def display_path(path: str) -> str:
    """Paths relative to the working directory when below it, with forward slashes."""
    import os

    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path.replace(os.sep, "/")
    if relative.startswith(".."):
        return os.path.abspath(path).replace(os.sep, "/")
    return relative.replace(os.sep, "/")
