#!/usr/bin/env bash
# Idempotent setup for the end-to-end test (npm run test:e2e):
#   - Debian packages: chromium (the browser Playwright drives), ripgrep and libkrb5-dev
#     (needed by code-server's postinstall);
#   - code-server 4.100.3 (last release running on Node 20), installed with npm into a cache
#     directory outside the repository and reused when already present.
# Prints the code-server binary path on its last line.
# Cache location: $WFLINT_E2E_CACHE, default ${XDG_CACHE_HOME:-$HOME/.cache}/wflint-e2e.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep (a code-server dependency) downloads rg from GitHub unless this archive exists.
RIPGREP_CACHE_SUBDIR=vscode-ripgrep-cache-1.15.11
RIPGREP_ARCHIVE=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

cache_root="${WFLINT_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/wflint-e2e}"
install_dir="$cache_root/code-server-$CODE_SERVER_VERSION"
code_server_bin="$install_dir/node_modules/.bin/code-server"
done_marker="$install_dir/.setup-complete"

log() { echo "[setup-e2e] $*" >&2; }

missing_packages=()
for package in chromium ripgrep libkrb5-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing_packages+=("$package")
done
if ((${#missing_packages[@]})); then
  log "installing Debian packages: ${missing_packages[*]}"
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing_packages[@]}" >/dev/null
else
  log "Debian packages present"
fi

if [[ -f "$done_marker" && -x "$code_server_bin" ]]; then
  log "code-server $CODE_SERVER_VERSION cached in $install_dir"
else
  log "installing code-server $CODE_SERVER_VERSION into $install_dir (takes a few minutes)"
  rm -rf "$install_dir"
  mkdir -p "$install_dir"
  install_tmp="$install_dir/.tmp"
  mkdir -p "$install_tmp/$RIPGREP_CACHE_SUBDIR"
  tar -czf "$install_tmp/$RIPGREP_CACHE_SUBDIR/$RIPGREP_ARCHIVE" -C "$(dirname "$(command -v rg)")" rg
  echo '{"name":"wflint-e2e-code-server","private":true}' >"$install_dir/package.json"
  (
    cd "$install_dir"
    # yes=true: node-pty's postinstall runs `npx node-gyp`, which aborts under this machine's yes=false.
    # nodedir=/usr: Node headers are in /usr/include/node, so node-gyp need not download them.
    TMPDIR="$install_tmp" \
      npm_config_yes=true npm_config_nodedir=/usr npm_config_unsafe_perm=true \
      npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false \
      npm install --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  )
  # A private config dir: code-server writes a default config file on first run.
  XDG_CONFIG_HOME="$install_tmp" XDG_DATA_HOME="$install_tmp" "$code_server_bin" --version >&2
  rm -rf "$install_tmp"
  touch "$done_marker"
fi
echo "$code_server_bin"
