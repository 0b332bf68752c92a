#!/usr/bin/env bash
# Builds the benchmark in Release and runs the ingest throughput benchmark (bench/README.md says what it measures).
#   bench/run.sh               N=100000 on SQLite, and on PostgreSQL when HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES is set;
#                              results go to bench/results/ingest-<db>-<N>.md
#   bench/run.sh --smoke       N=2000 on SQLite (and PostgreSQL when a server is given), results in a temporary
#                              directory; exits non-zero if anything fails. CI runs this so the benchmark cannot rot.
#   bench/run.sh --postgres    also start a throwaway PostgreSQL cluster (as scripts/test.sh does), run on it, stop it.
#   bench/run.sh --rows N      another N.
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

smoke=""; start_pg=""; rows=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --postgres) start_pg=1 ;;
    --rows) rows="$2"; shift ;;
    *) echo "usage: bench/run.sh [--smoke] [--postgres] [--rows N]" >&2; exit 2 ;;
  esac
  shift
done
rows=${rows:-$([ -n "$smoke" ] && echo 2000 || echo 100000)}

log() { printf '[bench] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-bench-run-XXXXXX)
pg_bin=""
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  local rc=$?
  if [ -n "$pg_bin" ] && [ -f "$work/data/postmaster.pid" ]; then
    run_pg "$pg_bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "$start_pg" ]; then
  # The same throwaway cluster as scripts/test.sh: loopback, a free port, fsync off (stated in the results).
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
  if [ -z "$(find_bin)" ] || [ ! -x "$(find_bin)/initdb" ]; then
    log "installing the postgresql package"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  pg_bin=$(find_bin)
  [ "$(id -u)" -eq 0 ] && chown postgres "$work"
  run_pg "$pg_bin/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log"; exit 1; }
  started=""
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(( 20000 + RANDOM % 30000 ))
    cat >>"$work/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$work'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    if run_pg "$pg_bin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -t 30 start >/dev/null 2>&1; then
      started=1
      break
    fi
    log "port $port was taken; trying another"
  done
  [ -n "$started" ] || { cat "$work/postgres.log"; exit 1; }
  export HUB_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  log "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster)"
fi

log "building bench/Hub.Bench (Release)"
dotnet build -c Release bench/Hub.Bench/Hub.Bench.csproj --nologo -v q -clp:ErrorsOnly >&2

extra=()
if [ -n "$smoke" ]; then
  # Smoke results are not the committed ones.
  extra=(--results "$work/results")
fi

bench() { dotnet run -c Release --no-build --project bench/Hub.Bench -- ingest --rows "$rows" --db "$1" ${extra[@]+"${extra[@]}"}; }

bench sqlite
if [ -n "${HUB_BENCH_POSTGRES:-}${HUB_TEST_POSTGRES:-}" ]; then
  bench postgres
else
  log "no PostgreSQL server given (HUB_BENCH_POSTGRES, HUB_TEST_POSTGRES or --postgres): PostgreSQL skipped"
fi
log "done"
