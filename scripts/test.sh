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
  const fs = require("fs");
  const runs = ["./out/vitest.json", "./out/e2e.json"].filter((f) => fs.existsSync(f)).map((f) => require(f));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests") + sum("numTodoTests")} skipped`);
'
exit $status
