#!/usr/bin/env bash
# Lookup benchmark (bench/README.md): the API as its own process on the embedded default, a C# load client on
# loopback; lookups per second, p50/p99, against the same app's anonymous no-op in the same run; peak RSS.
#   bench/lookup.sh            20 s per phase, 16 in flight; results in bench/results/lookup-sqlite.md
#   bench/lookup.sh --smoke    3 s per phase; results in a temporary directory; exits non-zero on any failure (CI)
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

smoke=""; seconds=20; concurrency=16
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1; seconds=3 ;;
    --seconds) seconds="$2"; shift ;;
    --concurrency) concurrency="$2"; shift ;;
    *) echo "usage: bench/lookup.sh [--smoke] [--seconds S] [--concurrency C]" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[bench] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-bench-lookup-XXXXXX)
trap 'rm -rf "$work"' EXIT

log "building src/Hub.Api and bench/Hub.Bench (Release)"
dotnet build -c Release src/Hub.Api/Hub.Api.csproj --nologo -v q -clp:ErrorsOnly >&2
dotnet build -c Release bench/Hub.Bench/Hub.Bench.csproj --nologo -v q -clp:ErrorsOnly >&2

results="$root/bench/results"
[ -n "$smoke" ] && results="$work/results"
dotnet run -c Release --no-build --project bench/Hub.Bench -- lookup \
  --api "$root/src/Hub.Api/bin/Release/net10.0/Hub.Api.dll" --seconds "$seconds" --concurrency "$concurrency" --results "$results"
