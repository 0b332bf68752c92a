#!/usr/bin/env bash
# The matcher's benchmarks (bench/README.md, "Identity matching"):
#   bench/match.sh           train without labels and evaluate on FEBRL dataset1-3, write bench/results/matching-febrl.md;
#                            then pairs scored per second per core (BenchmarkDotNet), bench/results/matching-speed.md
#   bench/match.sh --accuracy-only   the FEBRL part only
#   bench/match.sh --smoke   dataset1 only, and BenchmarkDotNet's dry job; checks the floors; nothing is written
#                            to bench/results. CI runs this.
# Exits non-zero when a run fails or an accuracy target is missed.
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
smoke=""; accuracy_only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --accuracy-only) accuracy_only=1 ;;
    *) echo "usage: bench/match.sh [--smoke | --accuracy-only]" >&2; exit 2 ;;
  esac
  shift
done
log() { printf '[match] %s\n' "$*" >&2; }
work=$(mktemp -d -t hub-match-XXXXXX)
trap 'rm -rf "$work"' EXIT

log "building (Release)"
dotnet build -c Release src/Hub.Worker --nologo -v q -clp:ErrorsOnly >&2
hub() { dotnet src/Hub.Worker/bin/Release/net10.0/hub.dll "$@"; }

datasets=(1 2 3)
[ -n "$smoke" ] && datasets=(1)
report="$work/matching-febrl.md"
{
  echo "# FEBRL deduplication, trained without labels"
  echo
  echo "Labels (rec_id) are used only to score. Configuration: \`datasets/febrl/febrl.match.json\`. Produced by \`bench/match.sh\`,"
  echo "which runs, per dataset:"
  echo
  echo '    ./hub train --config datasets/febrl/febrl.match.json --csv datasets/febrl/datasetN.csv --seed 20251 --out febrlN.json'
  echo "    ./hub evaluate --model febrlN.json --csv datasets/febrl/datasetN.csv --truth-column rec_id --truth-pattern '^(rec-[0-9]+)' --sweep"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), .NET $(dotnet --version)."
} > "$report"
status=0
for n in "${datasets[@]}"; do
  log "dataset$n: train"
  start=$(date +%s.%N)
  hub train --config datasets/febrl/febrl.match.json --csv "datasets/febrl/dataset$n.csv" --seed 20251 --out "$work/febrl$n.json" > "$work/train$n.txt"
  trained=$(date +%s.%N)
  hub evaluate --model "$work/febrl$n.json" --csv "datasets/febrl/dataset$n.csv" --truth-column rec_id --truth-pattern '^(rec-[0-9]+)' --sweep > "$work/eval$n.txt"
  done_at=$(date +%s.%N)
  cat "$work/eval$n.txt" >&2
  {
    echo
    echo "## dataset$n"
    echo
    awk -v a="$start" -v b="$trained" -v c="$done_at" 'BEGIN { printf "train %.1f s, evaluate %.1f s (each including process start).\n\n", b - a, c - b }'
    echo '```'
    cat "$work/train$n.txt"
    echo
    sed -n '1,4p' "$work/eval$n.txt"
    echo '```'
    echo
    echo "Across link thresholds (clusters; review threshold min(link, 0.5)):"
    echo
    sed -n '6,$p' "$work/eval$n.txt"
  } >> "$report"
  # Targets: dataset3 F1 >= 0.99 and precision >= 0.998 at the auto-link threshold; the same floor on the others.
  read -r precision f1 < <(sed -n 's/.*clusters precision \([0-9.]*\)  recall [0-9.]*  F1 \([0-9.]*\).*/\1 \2/p' "$work/eval$n.txt")
  if ! awk -v p="$precision" -v f="$f1" 'BEGIN { exit !(p >= 0.998 && f >= 0.99) }'; then
    log "dataset$n misses the target: precision $precision, F1 $f1"
    status=1
  fi
done

if [ -n "$smoke" ]; then
  log "BenchmarkDotNet dry run"
  dotnet run -c Release --project bench/Hub.Bench.Micro -- --filter '*' --job dry --artifacts "$work/bdn" > "$work/bdn.txt" 2>&1 || { cat "$work/bdn.txt" >&2; exit 1; }
  grep -q 'PersonCandidatePairs\|Person model candidate pairs' "$work/bdn.txt" || { cat "$work/bdn.txt" >&2; exit 1; }
  log "smoke done (status $status)"
  exit $status
fi

cp "$report" bench/results/matching-febrl.md
log "wrote bench/results/matching-febrl.md"
[ -n "$accuracy_only" ] && exit $status
log "pairs scored per second (BenchmarkDotNet, several minutes)"
dotnet run -c Release --project bench/Hub.Bench.Micro -- --filter '*' --artifacts "$work/bdn" > "$work/bdn.txt" 2>&1
{
  echo "# Pairs scored per second per core"
  echo
  echo "Produced by \`bench/match.sh\`, which runs:"
  echo
  echo "    dotnet run -c Release --project bench/Hub.Bench.Micro -- --filter '*'"
  echo
  echo "Each operation is one pair (OperationsPerInvoke), on one thread: Mean is the time per pair, so pairs per second"
  echo "per core = 1 / Mean. \`MatchWeight\` is the scoring loop (no allocation); \`Score\` adds the per-comparison breakdown."
  echo
  cat "$work"/bdn/results/*-report-github.md
} > bench/results/matching-speed.md
log "wrote bench/results/matching-speed.md"
exit $status
