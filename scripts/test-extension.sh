#!/usr/bin/env bash
# The VS Code extension: install its Node packages, run its unit tests, then its end-to-end
# test in a real VS Code (code-server + Chromium, installed once and cached by setup-e2e.sh).
# WFLINT_PYTHON: the Python whose `-m wflint.lsp` the extension starts (set by scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/../vscode-extension"

echo "== extension: npm ci"
npm ci --no-audit --no-fund --loglevel=error

echo "== extension: the committed graph renderer bundle is what webview/ builds"
node scripts/build-renderer.mjs --check

echo "== extension: unit tests"
npm test

echo "== extension: end-to-end setup (cached after the first run)"
bash scripts/setup-e2e.sh

echo "== extension: end-to-end test in code-server"
npm run test:e2e
