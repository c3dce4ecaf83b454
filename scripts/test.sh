#!/usr/bin/env bash
# Every check, from a fresh clone: set-up, lint, types, unit/integration tests, renderer e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
npm run lint
npm run typecheck
mkdir -p out
status=0
npx vitest run --reporter=default --reporter=json --outputFile=out/vitest.json || status=$?
if [ -f e2e/run.sh ]; then bash e2e/run.sh || status=$?; fi
node -e '
  const r = require("./out/vitest.json");
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
'
exit $status
