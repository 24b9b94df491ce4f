#!/usr/bin/env bash
# Installs the Debian packages of the system-program tests (run as root by CI before `npm run test:neovim`
# and `npm run test:conformance`). Idempotent: exits at once when everything is already installed.
#   neovim: test/editors/neovim.test.ts (npm run test:neovim) drives the server from Neovim's built-in LSP client.
#   the rest: test/conformance/ (npm run test:conformance) runs each program as PID 1 and measures what
#   its signals do. Node.js is the one already on the machine (Debian's nodejs would shadow it).
set -euo pipefail

packages=(neovim
  nginx apache2 haproxy php-fpm postgresql redis-server gunicorn uwsgi uwsgi-plugin-python3
  tini dumb-init busybox bash dash coreutils util-linux procps)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "ci-deps: already installed: ${packages[*]}"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "ci-deps: need root to install: ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Service packages (nginx, apache2, redis, postgresql, ...) start their daemons on install unless
# policy-rc.d says no (exit 101): the lab starts each program itself, as PID 1, and nothing may be
# left running. An existing policy-rc.d is kept as it was.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod +x "$policy"
  trap 'rm -f "$policy"' EXIT
fi
install() { apt-get install -y --no-install-recommends "${missing[@]}"; }

# Update the package lists only when they are missing or the install cannot find a package.
if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
  apt-get update
fi
if ! install; then
  apt-get update
  install
fi

for pkg in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || { echo "ci-deps: $pkg did not install" >&2; exit 1; }
done
echo "ci-deps: installed: ${missing[*]}"
