#!/usr/bin/env bash
# The whole test suite (README's second command): build, lint, start every real service the
# tests need (scripts/services.sh), run unit and integration tests, and end with one line
# "N passed, N failed, N skipped". Exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
status=0

step() { printf '\n== %s\n' "$*"; }

step "build (tsc -b)"
npm run build --silent || { echo "build failed"; echo "0 passed, 1 failed, 0 skipped"; exit 1; }

step "lint (eslint)"
npx eslint . || status=1

step "test tools (tmux for the CLI TUI test)"
if ! command -v tmux >/dev/null 2>&1; then
  { apt-get update -qq && apt-get install -y -qq tmux; } >/dev/null 2>&1 || echo "could not install tmux: the TUI test will fail"
fi

step "real services (scripts/services.sh up)"
if [ "${POINTER_SKIP_SERVICES:-}" = "1" ]; then
  echo "POINTER_SKIP_SERVICES=1: not starting services; tests that need them will fail loudly"
else
  bash scripts/services.sh up || { echo "services failed to start (see .cache/services/logs)"; status=1; }
fi
# Tests find every service through the environment printed here, never by hard-coded ports.
eval "$(bash scripts/services.sh env)"

step "tests (vitest: unit + integration)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
vt=$?
[ $vt -ne 0 ] && status=1

node -e '
const fs = require("fs");
let r = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
try { r = JSON.parse(fs.readFileSync("test-results/vitest.json", "utf8")); } catch { r.numFailedTests = 1; }
const lintFailed = Number(process.argv[1]);
console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests + lintFailed} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$([ $status -ne 0 ] && [ $vt -eq 0 ] && echo 1 || echo 0)"
exit $status
