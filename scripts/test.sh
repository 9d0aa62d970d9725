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

if ! command -v dot >/dev/null; then
  # Graphviz: a test checks that it accepts `wflint graph --format dot` (skipped without it).
  echo "== Graphviz (Debian's graphviz, for the DOT output test)"
  if command -v apt-get >/dev/null; then
    if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends graphviz >/dev/null; } \
      || echo "graphviz could not be installed; the DOT test is skipped"
  fi
fi

echo "== Python tests"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"

if [ -f vscode-extension/package.json ] && [ -z "${WFLINT_SKIP_EXTENSION:-}" ]; then
  echo "== VS Code extension"
  export WFLINT_PYTHON="$PWD/.venv/bin/python"
  bash scripts/test-extension.sh
fi
