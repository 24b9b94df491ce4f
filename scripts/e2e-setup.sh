#!/usr/bin/env bash
# Installs what `npm run test:e2e` needs to run a real VS Code here (see docs/development.md):
#   - Debian packages: chromium (the browser that opens the workbench), libkrb5-dev (a native module
#     of VS Code needs gssapi.h to build), ripgrep (VS Code's search binary, copied in below);
#   - code-server (VS Code's workbench and extension host, served to a browser) from npm, into a cache
#     folder outside the repository: $KUBEGRACE_E2E_CACHE, else ~/.cache/kubegrace-e2e.
# Idempotent and fast when everything is in place: a stamp file marks a finished code-server install,
# and a failed or interrupted install is started again from scratch.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # the newest code-server whose engines.node is 20 (VS Code 1.100.3)
cache="${KUBEGRACE_E2E_CACHE:-$HOME/.cache/kubegrace-e2e}"
dir="$cache/code-server-$CODE_SERVER_VERSION"
stamp="$dir/.installed"

log() { echo "e2e-setup: $*"; }

# node-gyp builds the native modules below against the headers of the running Node. Without a
# nodedir (from the environment or an ~/.npmrc) it downloads them, which fails offline: point it at
# the headers installed with Node (Debian's nodejs and the nodejs.org tarballs put them in
# <prefix>/include/node).
if [ -z "${npm_config_nodedir:-}" ] && [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ]; then
  node_prefix="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
  if [ -f "$node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$node_prefix"
    log "Node headers: $node_prefix/include/node"
  else
    log "no Node headers in $node_prefix/include/node: node-gyp will try to download them" >&2
  fi
fi

# --- Debian packages ---------------------------------------------------------------------------
packages=(chromium libkrb5-dev ripgrep)
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "need root to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "installing ${missing[*]}"
  apt_install() { apt-get install -y --no-install-recommends "${missing[@]}"; }
  # Update the package lists only when they are missing or the install cannot find a package.
  if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then apt-get update; fi
  if ! apt_install; then
    apt-get update
    apt_install
  fi
else
  log "Debian packages already installed: ${packages[*]}"
fi

# --- code-server -------------------------------------------------------------------------------
if [ -f "$stamp" ]; then
  log "code-server $CODE_SERVER_VERSION already installed in $dir"
  exit 0
fi

log "installing code-server $CODE_SERVER_VERSION into $dir"
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
echo '{ "name": "kubegrace-e2e-cache", "private": true }' >package.json
npm_quiet=(--no-audit --no-fund --loglevel=error)

# Without scripts: code-server's postinstall insists on --unsafe-perm as root and then downloads
# ripgrep from the internet, which these machines cannot reach.
npm install "${npm_quiet[@]}" --ignore-scripts "code-server@$CODE_SERVER_VERSION"

vscode="$dir/node_modules/code-server/lib/vscode"
(cd "$vscode" && npm install "${npm_quiet[@]}" --omit=dev --ignore-scripts)

# @vscode/ripgrep's install script skips its download when bin/ exists: give it Debian's rg.
mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$vscode/node_modules/@vscode/ripgrep/bin/rg"

# Native modules (node-pty, spdlog, kerberos, …). `yes` lets node-pty's script fetch node-gyp.
(cd "$vscode" && npm_config_yes=true npm rebuild "${npm_quiet[@]}")
(cd "$dir/node_modules/argon2" && npm rebuild "${npm_quiet[@]}")

# What code-server's own postinstall does: the workbench loads its modules through node_modules.asar.
ln -sfn node_modules "$vscode/node_modules.asar"

node "$dir/node_modules/code-server/out/node/entry.js" --version >/dev/null
touch "$stamp"
log "code-server $CODE_SERVER_VERSION installed"
