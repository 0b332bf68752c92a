#!/usr/bin/env bash
# Builds the benchmark in Release and runs the whole-run identity-matching benchmark on a synthetic population
# (bench/README.md says what it measures).
#   bench/population.sh               N=100000 on SQLite, and on PostgreSQL when HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES
#                                     is set; results go to bench/results/matching-population-<db>-<N>.md
#   bench/population.sh --smoke       N=2000, results in a temporary directory; exits non-zero if the run fails
#                                     (the matching targets are reported, not enforced, at this size). CI runs this.
#   bench/population.sh --postgres    also start a throwaway PostgreSQL cluster (as scripts/test.sh does), run on it, stop it.
#   bench/population.sh --people N    another N.
#   bench/population.sh --sqlite-only / --postgres-only   one database only.
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

smoke=""; start_pg=""; people=""; only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --postgres) start_pg=1 ;;
    --people) people="$2"; shift ;;
    --sqlite-only) only=sqlite ;;
    --postgres-only) only=postgres ;;
    *) echo "usage: bench/population.sh [--smoke] [--postgres] [--people N] [--sqlite-only|--postgres-only]" >&2; exit 2 ;;
  esac
  shift
done
people=${people:-$([ -n "$smoke" ] && echo 2000 || echo 100000)}

log() { printf '[population] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-population-run-XXXXXX)
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

if [ -n "$start_pg" ] && [ "$only" != sqlite ]; then
  # The same throwaway cluster as scripts/test.sh: loopback, a free port, fsync off (stated in the results).
  start_throwaway_postgres "$work"
  export HUB_BENCH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi

log "building bench/Hub.Bench (Release)"
dotnet build -c Release bench/Hub.Bench/Hub.Bench.csproj --nologo -v q -clp:ErrorsOnly >&2

extra=()
if [ -n "$smoke" ]; then
  # Smoke results are not the committed ones.
  extra=(--results "$work/results")
fi

bench() { dotnet run -c Release --no-build --project bench/Hub.Bench -- population --people "$people" --db "$1" ${extra[@]+"${extra[@]}"}; }

if [ "$only" != postgres ]; then
  bench sqlite
fi
if [ "$only" != sqlite ]; then
  if [ -n "${HUB_BENCH_POSTGRES:-}${HUB_TEST_POSTGRES:-}" ]; then
    bench postgres
  else
    log "no PostgreSQL server given (HUB_BENCH_POSTGRES, HUB_TEST_POSTGRES or --postgres): PostgreSQL skipped"
  fi
fi
log "done"
