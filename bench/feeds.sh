#!/usr/bin/env bash
# Webhook delivery benchmark (bench/README.md, "Webhook delivery"): deliveries per second and commit-to-receipt
# latency p50/p99 with a healthy receiver, against the floor (the same receiver's own maximum rate, measured in the
# same run with a plain HTTP client posting the same signed bodies).
#   bench/feeds.sh              N=20000 on SQLite, and on PostgreSQL when HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES is set;
#                               results go to bench/results/feeds-<db>-<N>.md
#   bench/feeds.sh --smoke      N=2000, results in a temporary directory; exits non-zero if anything fails (CI)
#   bench/feeds.sh --postgres   also start a throwaway PostgreSQL cluster, run on it, stop it
#   bench/feeds.sh --events N   another N
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

smoke=""; start_pg=""; events=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --postgres) start_pg=1 ;;
    --events) events="$2"; shift ;;
    *) echo "usage: bench/feeds.sh [--smoke] [--postgres] [--events N]" >&2; exit 2 ;;
  esac
  shift
done
events=${events:-$([ -n "$smoke" ] && echo 2000 || echo 20000)}

log() { printf '[feeds] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-bench-feeds-XXXXXX)
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

log "building bench/Hub.Bench.Feeds (Release)"
dotnet build -c Release bench/Hub.Bench.Feeds/Hub.Bench.Feeds.csproj --nologo -v q -clp:ErrorsOnly >&2

extra=()
[ -n "$smoke" ] && extra=(--smoke --results "$work/results")
bench() { dotnet run -c Release --no-build --project bench/Hub.Bench.Feeds -- --db "$1" --events "$events" ${extra[@]+"${extra[@]}"}; }

bench sqlite
if [ -n "${HUB_BENCH_POSTGRES:-}${HUB_TEST_POSTGRES:-}" ]; then
  bench postgres
else
  log "no PostgreSQL server given (HUB_BENCH_POSTGRES, HUB_TEST_POSTGRES or --postgres): PostgreSQL skipped"
fi
