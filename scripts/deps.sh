#!/usr/bin/env bash
# Install what Kluis needs on Debian 12 (run as root). Idempotent: installs
# only missing packages, then the npm assets and test tools from the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(
  build-essential cmake pkg-config clang libclang-rt-14-dev
  libmicrohttpd-dev libsqlite3-dev libsodium-dev liboath-dev libjansson-dev
  libcurl4-openssl-dev libqrencode-dev libcmocka-dev libphonenumber-dev
  libmagic-dev libqpdf-dev libcairo2-dev libheif-dev
  chromium wrk curl sqlite3 python3-yaml
)
# Node.js: the machine's own (e.g. NodeSource, which bundles npm) if present,
# else Debian's. Installing Debian's npm next to NodeSource's nodejs conflicts.
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "deps: missing packages and not root; run: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=300 update -qq
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm assets (htmx) and browser-test driver (playwright-core), pinned by the lockfile
if [ ! -d node_modules/htmx.org ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
