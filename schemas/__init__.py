"""wflint's data files: the DAG Factory JSON Schema, the operator catalogs and the deploy-target
profiles, found with `data_path`.

pip always installs wflint as plain files, so a path beside this module is enough; going through
importlib.resources would add about 10 ms to every run's start-up.
"""

import os

FOLDER = os.path.dirname(os.path.abspath(__file__))


def data_path(*parts: str) -> str:
    return os.path.join(FOLDER, *parts)


def read_text(*parts: str) -> str:
    with open(data_path(*parts), encoding="utf-8") as handle:
        return handle.read()
