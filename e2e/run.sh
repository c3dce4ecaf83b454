#!/usr/bin/env bash
# The renderer e2e suite: build the renderer, then drive it in Chromium through the test host.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build:renderer >/dev/null
npx vitest run -c vitest.e2e.config.ts --reporter=default --reporter=json --outputFile=out/e2e.json
