#!/usr/bin/env bash
# One-command demo: Azurite + Clover emulator + the export pipeline on the in-process engine,
# live progress, then verification against the emulator's ground truth. Extra arguments go to
# `clover-export demo` (e.g. ./demo.sh --keep-running, ./demo.sh --merchants 2 --months 3).
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "demo.sh: the .NET 10 SDK (dotnet) is required." >&2; exit 1; }
command -v node >/dev/null || { echo "demo.sh: Node.js 20+ is required for Azurite." >&2; exit 1; }
if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing Azurite (npm ci) ..."
  npm ci --no-audit --no-fund
fi

exec dotnet run --project src/CloverExport.Cli -c Release -- demo "$@"
