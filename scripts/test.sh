#!/usr/bin/env bash
# Installs everything and runs the whole test suite: Python (core, CLI, language server),
# the VS Code extension's unit tests, and its end-to-end test in a real VS Code.
# Needs only Python 3.11 and Node 20 (and root or sudo for the e2e's Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3

echo "== Python environment"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

echo "== Python tests"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"

if [ -f vscode-extension/package.json ] && [ -z "${WFLINT_SKIP_EXTENSION:-}" ]; then
  echo "== VS Code extension"
  export WFLINT_PYTHON="$PWD/.venv/bin/python"
  bash scripts/test-extension.sh
fi
