#!/usr/bin/env bash
# Runs every test in the solution: installs Azurite from package-lock.json when missing, builds,
# runs all test projects (tests start Azurite and the Clover emulator themselves), and prints the
# totals from the TRX results as the last line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

set +e
dotnet test CloverExport.sln --nologo --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
# A build or host failure produces no TRX counters; never report it as green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
