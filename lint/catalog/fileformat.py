"""Names and versions of the catalog file format, shared by the builder and the loader."""

from __future__ import annotations

CATALOG_FORMAT = "wflint-operator-catalog"
INDEX_FORMAT = "wflint-catalog-index"
# Bump when a loader could misread files of the previous layout.
FORMAT_VERSION = 1
INDEX_FILE = "index.json"
CATALOG_SUFFIXES = (".json", ".json.gz")
