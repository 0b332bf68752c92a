#!/usr/bin/env bash
# Runs every test of the hub on a fresh Debian machine that has the .NET SDK:
#  - installs the PostgreSQL server package when it is missing (needs root or sudo);
#  - starts a throwaway PostgreSQL cluster in a temporary directory, on a free loopback port;
#  - runs `dotnet test` on the whole solution with HUB_TEST_POSTGRES pointing at that cluster;
#  - stops the cluster and removes its directory, whatever happened.
# Exits non-zero when anything fails. Extra arguments go to `dotnet test` (e.g. --filter ...).
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { printf '[test] %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
  log "installing the postgresql package"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin=$(pg_bin)

work=$(mktemp -d -t hub-test-XXXXXX)
run_pg() {
  # initdb and postgres refuse to run as root: use the postgres account the package created.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  local rc=$?
  if [ -f "$work/data/postmaster.pid" ]; then
    run_pg "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" -eq 0 ] && chown postgres "$work"

run_pg "$bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log"; exit 1; }

started=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  port=$(( 20000 + RANDOM % 30000 ))
  cat >>"$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  if run_pg "$bin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -t 30 start >/dev/null 2>&1; then
    started=1
    break
  fi
  log "port $port was taken; trying another"
done
[ -n "$started" ] || { cat "$work/postgres.log"; exit 1; }
log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster)"

export HUB_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
results="$work/results"
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
exit $status
