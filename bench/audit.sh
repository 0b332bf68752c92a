#!/usr/bin/env bash
# Builds the benchmark in Release and runs the audit-log benchmark (bench/README.md says what it measures):
# appends per second with group commit against one transaction per entry, append latency, verification speed.
#   bench/audit.sh               N=100000 on SQLite, and on PostgreSQL when HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES is
#                                set; results go to bench/results/audit-<db>-<N>.md
#   bench/audit.sh --smoke       N=2000 (floor 500), results in a temporary directory; exits non-zero if anything fails.
#                                CI runs this.
#   bench/audit.sh --postgres    also start a throwaway PostgreSQL cluster (as scripts/test.sh does), run on it, stop it.
#   bench/audit.sh --entries N   another N.
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

smoke=""; start_pg=""; entries=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --postgres) start_pg=1 ;;
    --entries) entries="$2"; shift ;;
    *) echo "usage: bench/audit.sh [--smoke] [--postgres] [--entries N]" >&2; exit 2 ;;
  esac
  shift
done
entries=${entries:-$([ -n "$smoke" ] && echo 2000 || echo 100000)}

log() { printf '[audit] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-audit-run-XXXXXX)
# shellcheck source=scripts/throwaway-postgres.sh
. "$root/scripts/throwaway-postgres.sh"
cleanup() {
  local rc=$?
  stop_throwaway_postgres "$work"
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "$start_pg" ]; then
  start_throwaway_postgres "$work"
  export HUB_BENCH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi

log "building bench/Hub.Bench (Release)"
dotnet build -c Release bench/Hub.Bench/Hub.Bench.csproj --nologo -v q -clp:ErrorsOnly >&2

extra=()
if [ -n "$smoke" ]; then
  extra=(--floor-entries 500 --results "$work/results")
fi

bench() { dotnet run -c Release --no-build --project bench/Hub.Bench -- audit --entries "$entries" --db "$1" ${extra[@]+"${extra[@]}"}; }

bench sqlite
if [ -n "${HUB_BENCH_POSTGRES:-}${HUB_TEST_POSTGRES:-}" ]; then
  bench postgres
else
  log "no PostgreSQL server given (HUB_BENCH_POSTGRES, HUB_TEST_POSTGRES or --postgres): PostgreSQL skipped"
fi
