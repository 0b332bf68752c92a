#!/usr/bin/env bash
# Runs every test of the hub on a fresh Debian machine that has the .NET SDK:
#  - installs the PostgreSQL server package when it is missing (needs root or sudo);
#  - installs Debian's chromium when it is missing (the console's browser tests drive it; never a downloaded browser);
#  - starts a throwaway PostgreSQL cluster in a temporary directory, on a free loopback port;
#  - runs `dotnet test` on the whole solution with HUB_TEST_POSTGRES pointing at that cluster;
#  - stops the cluster and removes its directory, whatever happened.
# Exits non-zero when anything fails. Extra arguments go to `dotnet test` (e.g. --filter ...).
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { printf '[test] %s\n' "$*"; }
# shellcheck source=scripts/throwaway-postgres.sh
. "$root/scripts/throwaway-postgres.sh"

work=$(mktemp -d -t hub-test-XXXXXX)
cleanup() {
  local rc=$?
  stop_throwaway_postgres "$work"
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The console's browser tests (tests/Hub.Console.Tests) fail, not skip, without it.
if [ ! -x /usr/bin/chromium ] && [ -z "${HUB_TEST_CHROMIUM:-}" ]; then
  log "installing the chromium package (browser tests of the operations console)"
  pg_as_root apt-get update -qq
  pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

start_throwaway_postgres "$work"
port=$PG_PORT

export HUB_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
results="$work/results"
# Screenshots of the console's pages outlive the temporary results directory.
export HUB_TEST_SCREENSHOTS="${HUB_TEST_SCREENSHOTS:-$root/TestResults/screenshots}"
set +e
dotnet test IntegrationHub.sln --nologo --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
set -e

# One closing line over every test project, from the result files.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  log "no test ran"; status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A project that does not build runs no test and counts no failure: say so, or the line above would mislead.
  log "dotnet test exited $status with no failed test: a project did not build or a test host crashed (see above)"
fi
if compgen -G "$HUB_TEST_SCREENSHOTS/*.png" >/dev/null; then
  echo "console screenshots: $HUB_TEST_SCREENSHOTS"
fi
exit $status
