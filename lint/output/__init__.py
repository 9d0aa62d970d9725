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


def relative_path(path: str) -> str | None:
    """`path` relative to the working directory with forward slashes, or None when it is not
    below it (another drive, or `..` needed)."""
    import os

    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def display_path(path: str) -> str:
    """Paths relative to the working directory when below it, else absolute; forward slashes."""
    import os

    relative = relative_path(path)
    if relative is not None:
        return relative
    return os.path.abspath(path).replace(os.sep, "/")
