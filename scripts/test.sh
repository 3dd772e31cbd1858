#!/usr/bin/env bash
# Installs what the tests need and runs every test project of the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

# npm tools (loopback AWS API servers) come from the committed lock file.
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# The dashboard's tests drive Debian's Chromium headless; install it where it is missing (root, or sudo without a password).
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

# The API contract first: a document that does not lint is a failure before any test runs.
REDOCLY_TELEMETRY=off npx --no-install redocly lint api/openapi.json --max-problems 50 --format stylish

dotnet restore Serverless.sln
log=$(mktemp)
status=0
dotnet test Serverless.sln -c Release --no-restore 2>&1 | tee "$log" || status=$?

# One plain closing line over all test projects.
awk '/^(Passed|Failed)!/ { for (i = 1; i <= NF; i++) { if ($i == "Passed:") p += $(i+1); if ($i == "Failed:") f += $(i+1) } }
     END { printf "%d passed, %d failed\n", p, f }' FS='[ ,]+' "$log"
rm -f "$log"
exit "$status"
