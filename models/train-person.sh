#!/usr/bin/env bash
# Retrains the hub's default person model (models/person.match.json, embedded in Hub.Core) from the configuration
# models/person.config.json, on synthetic agency exports of the same residents (Dukcapil, BPJS, DJP).
#   models/train-person.sh                 20,000 residents, seed 20251
#   models/train-person.sh --count 100000  another size
# The same count and seed give the same model.
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
count=20000; seed=20251
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    *) echo "usage: models/train-person.sh [--count N] [--seed S]" >&2; exit 2 ;;
  esac
  shift
done
work=$(mktemp -d -t hub-train-XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build -c Release src/Hub.Worker --nologo -v q -clp:ErrorsOnly >&2
hub() { dotnet src/Hub.Worker/bin/Release/net10.0/hub.dll "$@"; }
hub generate population --people "$count" --seed "$seed" --today 2026-11-23 --defect-rate 0 --out "$work/pop" >&2
hub train --config models/person.config.json --seed "$seed" \
  --agency "dukcapil=$work/pop/dukcapil/biodata.csv" --agency "bpjs=$work/pop/bpjs/peserta.json" --agency "djp=$work/pop/djp/wajib-pajak.db" \
  --out models/person.match.json
