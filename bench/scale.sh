#!/usr/bin/env bash
# Builds the benchmark in Release and runs the national-scale ingest suite (issue 8; bench/README.md and docs/scale.md
# say what it measures).
#   bench/scale.sh                       N = 100000,300000,1000000 on SQLite, and on PostgreSQL when HUB_BENCH_POSTGRES or
#                                        HUB_TEST_POSTGRES is set; results in bench/results/scale-<db>-<sizes>.md
#   bench/scale.sh --postgres            also start a throwaway PostgreSQL cluster (as scripts/test.sh does), run on it, stop it
#   bench/scale.sh --smoke --postgres    N = 2000, results in a temporary directory; non-zero if a count does not add up (CI)
#   bench/scale.sh --people 100000       other sizes (comma-separated, e.g. 100000,1000000 for the memory bound)
#   bench/scale.sh --sqlite-only / --postgres-only   one database only
#   bench/scale.sh --batch B             records per transaction and per BPJS page (default 500, as the product)
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

command_line="bench/scale.sh $*"
smoke=""; start_pg=""; people=""; only=""; batch=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --postgres) start_pg=1 ;;
    --people) people="$2"; shift ;;
    --batch) batch="$2"; shift ;;
    --sqlite-only) only=sqlite ;;
    --postgres-only) only=postgres ;;
    *) echo "usage: bench/scale.sh [--smoke] [--postgres] [--people N[,N...]] [--batch B] [--sqlite-only|--postgres-only]" >&2; exit 2 ;;
  esac
  shift
done
people=${people:-$([ -n "$smoke" ] && echo 2000 || echo 100000,300000,1000000)}

log() { printf '[scale] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-scale-run-XXXXXX)
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
if [ -n "$batch" ]; then
  extra+=(--batch "$batch")
fi

# The report quotes the command that made it.
export HUB_BENCH_COMMAND="$command_line"
bench() { dotnet run -c Release --no-build --project bench/Hub.Bench -- scale --people "$people" --db "$1" ${extra[@]+"${extra[@]}"}; }

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
