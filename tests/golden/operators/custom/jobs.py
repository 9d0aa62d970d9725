"""TaskFlow functions for the golden fixtures: read with `ast`, never imported."""


def fetch(package_name: str) -> dict:
    return {}


def summarize(data: list, title: str = "report") -> str:
    return title
