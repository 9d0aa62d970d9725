"""How output formats name files: relative to the working directory where possible."""

from __future__ import annotations


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
