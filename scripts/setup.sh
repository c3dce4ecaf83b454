#!/usr/bin/env bash
# One-time set-up on a fresh Debian machine: system packages, then npm.
#   scripts/setup.sh        for running the app (downloads Electron where it can)
#   scripts/setup.sh test   for tests and CI (no Electron binary needed)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"

# Native modules (SQLCipher, better-sqlite3) build from source; fonts render test fixtures;
# Chromium runs the renderer tests; tesseract-ocr is the native baseline for bench/ocr,
# rclone the baseline for bench/sync-upload, scikit-learn and dateparser Paperless-ngx's recipe and
# date rule for bench/classify.
packages=(build-essential python3 libssl-dev fonts-dejavu-core chromium tesseract-ocr rclone python3-sklearn python3-dateparser)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install: ${missing[*]}" >&2
  fi
fi

if [ "$mode" = test ]; then
  # Tests never start Electron; Electron is an optional dependency, so even a
  # failed download leaves a working install.
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
fi
# `npm install`, not `npm ci`: the registry reachable here serves only this platform's
# optional binaries (e.g. rollup's), which `npm ci` insists on finding in the lock file.
npm install --no-audit --no-fund
npm run build:node
