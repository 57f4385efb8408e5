#!/usr/bin/env bash
# Runs the benchmarks against the Clover emulator and Azurite on this machine and writes
# docs/benchmarks.md. Options: --quick (CI-sized smoke run), --only copy,backfill,scale,engine,fleet,
# --output FILE, --no-write. See docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -x node_modules/.bin/azurite ]]; then
  echo "bench.sh: installing Azurite (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi

# The benchmarks host the pipeline on DurableTaskTestHost, whose engine sizes its dispatchers from the
# processor count and sleeps 500 ms when they are full (the CLI sizes its own engine; this host cannot
# be sized from outside). The tests do the same (tests/engine.runsettings). Benchmark 4 measures 2
# and 16 in child processes of its own.
export DOTNET_PROCESSOR_COUNT="${DOTNET_PROCESSOR_COUNT:-16}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1

exec dotnet run -c Release --project tests/CloverExport.Benchmarks -- "$@"
