#!/usr/bin/env bash
# Builds the benchmark in Release and runs the matching-at-scale benchmark (issue 4, speed): the first M BPJS records
# of a generated population matched against a small index (the Dukcapil records of their own people, about M
# persons) and against the whole population's index (N persons); bench/README.md says what it measures.
#   bench/match-index.sh                 N=1,000,000, M=100,000 on SQLite, and on PostgreSQL when HUB_BENCH_POSTGRES or
#                                        HUB_TEST_POSTGRES is set; results go to bench/results/match-index-<db>-<N>.md
#   bench/match-index.sh --smoke         N=10,000, M=1,000, results in a temporary directory; exits non-zero if a run
#                                        fails (the flat-cost target is reported, not enforced, at this size). CI runs this.
#   bench/match-index.sh --postgres      also start a throwaway PostgreSQL cluster (as scripts/test.sh does), run on it, stop it.
#   bench/match-index.sh --index N --bpjs M   other sizes.
#   bench/match-index.sh --sqlite-only / --postgres-only   one database only.
# The benchmark runs under nice: it is meant for a shared machine, and says so in its results.
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

smoke=""; start_pg=""; index=""; bpjs=""; only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --postgres) start_pg=1 ;;
    --index) index="$2"; shift ;;
    --bpjs) bpjs="$2"; shift ;;
    --sqlite-only) only=sqlite ;;
    --postgres-only) only=postgres ;;
    *) echo "usage: bench/match-index.sh [--smoke] [--postgres] [--index N] [--bpjs M] [--sqlite-only|--postgres-only]" >&2; exit 2 ;;
  esac
  shift
done
index=${index:-$([ -n "$smoke" ] && echo 10000 || echo 1000000)}
bpjs=${bpjs:-$([ -n "$smoke" ] && echo 1000 || echo 100000)}

log() { printf '[match-index] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-match-index-run-XXXXXX)
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
  start_throwaway_postgres "$work"
  export HUB_BENCH_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi

log "building bench/Hub.Bench (Release)"
dotnet build -c Release bench/Hub.Bench/Hub.Bench.csproj --nologo -v q -clp:ErrorsOnly >&2

extra=()
if [ -n "$smoke" ]; then
  extra=(--results "$work/results")
fi

bench() { nice dotnet run -c Release --no-build --project bench/Hub.Bench -- match-index --index "$index" --bpjs "$bpjs" --db "$1" ${extra[@]+"${extra[@]}"}; }

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
