#!/usr/bin/env bash
# Two Hub.Api nodes and two `hub worker` nodes on one PostgreSQL, on loopback: the multi-node deployment of
# docs/deploy.md in miniature.
#  - starts a throwaway PostgreSQL cluster (scripts/throwaway-postgres.sh), or uses --postgres CONNSTR (an empty database);
#  - applies the migrations once (`hub migrate`) and ingests the Dukcapil sample once;
#  - starts two API processes on two free loopback ports, with start-up ingest off (the data is already in);
#  - starts two worker nodes (`hub worker`, named worker-1 and worker-2: Quartz cluster members that also deliver
#    webhooks), each with its metrics listener on a free loopback port, and waits for each to report its start;
#  - checks that both API nodes answer /health/ready, the same person lookup and /metrics (with the key), that both
#    workers serve /metrics, and that both workers still run;
#  - stops all four (SIGTERM, they must exit 0) and the cluster, whatever happened.
# Exits non-zero when anything fails. Options: --postgres CONNSTR, --no-build, --configuration Debug|Release,
# --sample-rows N (ingest only the sample's first N rows: quicker, as the test suite runs it).
set -Eeuo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

log() { printf '[multi-node] %s\n' "$*"; }
fail() { log "FAILED: $*"; exit 1; }

postgres=""; build=1; configuration=Debug; sample_rows=""
while [ $# -gt 0 ]; do
  case $1 in
    --postgres) postgres=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --configuration) configuration=$2; shift 2 ;;
    --sample-rows) sample_rows=$2; shift 2 ;;
    *) echo "usage: $0 [--postgres CONNSTR] [--no-build] [--configuration Debug|Release] [--sample-rows N]" >&2; exit 2 ;;
  esac
done

# shellcheck source=scripts/throwaway-postgres.sh
. "$root/scripts/throwaway-postgres.sh"
work=$(mktemp -d -t hub-multi-node-XXXXXX)
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$postgres" ] && stop_throwaway_postgres "$work"
  if [ $rc -ne 0 ]; then
    for f in "$work"/node*.log "$work"/worker*.log; do [ -f "$f" ] && { log "last lines of $(basename "$f"):"; tail -n 20 "$f" >&2; }; done
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ $build -eq 1 ]; then
  log "building"
  dotnet build src/Hub.Api -c "$configuration" -v quiet -nologo >/dev/null
fi
api="$root/src/Hub.Api/bin/$configuration/net10.0/Hub.Api.dll"
hub="$root/src/Hub.Worker/bin/$configuration/net10.0/hub.dll"
[ -f "$api" ] && [ -f "$hub" ] || fail "build output missing ($api, $hub)"

if [ -z "$postgres" ]; then
  start_throwaway_postgres "$work"
  postgres="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
fi
export HUB_POSTGRES=$postgres
unset HUB_DATA_DIR
# Every node encrypts and decrypts the webhook secrets with the same key: one file, as a mounted secret would be.
export Hub__Secrets__KeyFile="$work/secrets.key"

sample="$root/samples/dukcapil/biodata-sample.csv"
if [ -n "$sample_rows" ]; then
  head -n $((sample_rows + 1)) "$sample" >"$work/biodata-sample.csv"
  sample="$work/biodata-sample.csv"
fi
log "migrating once and ingesting the Dukcapil sample once"
dotnet "$hub" migrate >/dev/null
dotnet "$hub" ingest --source dukcapil "$sample" | sed -n 2p
# A client for the checks below (its key printed once, kept in this script's memory only), with a policy for its purpose.
key=$(dotnet "$hub" clients create multi-node-check --role admin | tail -n 1)
dotnet "$hub" policies set multi-node-check admin-ops --fields nik,name.full,birthDate >/dev/null
auth=(-H "X-Api-Key: $key" -H "X-Purpose: admin-ops")

started=$(date +%s)
for node in 1 2; do
  Hub__Samples__IngestAtFirstStart=false Hub__Samples__ServeAgencies=false \
    dotnet "$api" --urls "http://127.0.0.1:0" >"$work/node$node.log" 2>&1 &
  pids+=("$!")
done

addresses=()
for node in 1 2; do
  address=""
  for _ in $(seq 1 300); do
    address=$(grep -o 'ready at http://127\.0\.0\.1:[0-9]*' "$work/node$node.log" | head -n 1 | sed 's/ready at //' || true)
    [ -n "$address" ] && break
    kill -0 "${pids[$((node - 1))]}" 2>/dev/null || fail "node $node exited during start-up"
    sleep 0.1
  done
  [ -n "$address" ] || fail "node $node did not report ready within 30 s"
  addresses+=("$address")
done
log "2 nodes up in $(( $(date +%s) - started )) s: ${addresses[*]}"

# Two worker nodes: the scheduler's cluster members (no schedules configured here, so they start idle) and webhook
# delivery. Each names itself, so that its start line can be checked.
worker_pids=()
for node in 1 2; do
  Hub__Scheduler__Node="worker-$node" Hub__Feeds__NodeId="worker-$node" Hub__Metrics__WorkerListen="http://127.0.0.1:0" \
    dotnet "$hub" worker >"$work/worker$node.log" 2>&1 &
  pids+=("$!")
  worker_pids+=("$!")
done
for node in 1 2; do
  up=0
  for _ in $(seq 1 300); do
    grep -q "hub worker: node worker-$node on " "$work/worker$node.log" && { up=1; break; }
    kill -0 "${worker_pids[$((node - 1))]}" 2>/dev/null || fail "worker $node exited during start-up"
    sleep 0.1
  done
  [ $up -eq 1 ] || fail "worker $node did not report its start within 30 s"
  log "worker $node: started (node worker-$node)"
done
metrics_urls=()
for node in 1 2; do
  url=$(grep -o 'metrics at http://127\.0\.0\.1:[0-9]*/metrics' "$work/worker$node.log" | head -n 1 | sed 's/metrics at //' || true)
  [ -n "$url" ] || fail "worker $node did not name its metrics address"
  metrics_urls+=("$url")
done

# A NIK the sample holds: the first data rows, until node 1 knows one (a few rows of the sample are broken on purpose).
nik=""
for candidate in $(sed -n '2,10p' "$sample" | cut -d';' -f1); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "${addresses[0]}/api/v1/persons/$candidate")" = 200 ]; then nik=$candidate; break; fi
done
[ -n "$nik" ] || fail "node 1 serves none of the first sample NIKs"

for node in 1 2; do
  address=${addresses[$((node - 1))]}
  ready=$(curl -s -w ' %{http_code}' "$address/health/ready")
  [ "${ready##* }" = 200 ] || fail "node $node /health/ready: $ready"
  person=$(curl -s -w ' %{http_code}' "${auth[@]}" "$address/api/v1/persons/$nik")
  [ "${person##* }" = 200 ] && grep -q "\"nik\":\"$nik\"" <<<"$person" || fail "node $node did not serve the person"
  log "node $node ($address): /health/ready 200, person ${nik:0:4}********${nik:12:4} 200"
  metrics=$(curl -s -w ' %{http_code}' "${auth[@]}" "$address/metrics")
  [ "${metrics##* }" = 200 ] && grep -q '^# TYPE hub_http_request_duration_seconds histogram' <<<"$metrics" || fail "node $node /metrics: ${metrics: -200}"
  log "node $node /metrics: 200"
done

for node in 1 2; do
  url=${metrics_urls[$((node - 1))]}
  metrics=$(curl -s -w ' %{http_code}' "$url")
  [ "${metrics##* }" = 200 ] && grep -q '^# TYPE hub_' <<<"$metrics" || fail "worker $node $url: ${metrics: -200}"
  log "worker $node metrics ($url): 200"
done

for node in 1 2; do
  kill -0 "${worker_pids[$((node - 1))]}" 2>/dev/null || fail "worker $node stopped while the API nodes served"
done

# stop NAME PID: SIGTERM, then it must exit 0 within 15 s.
stop() {
  local name=$1 pid=$2 status=0
  kill -TERM "$pid"
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && fail "$name did not stop within 15 s"
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || fail "$name exited with $status"
}

log "stopping"
for node in 1 2; do stop "worker $node" "${worker_pids[$((node - 1))]}"; done
log "both workers stopped cleanly"
for node in 1 2; do stop "node $node" "${pids[$((node - 1))]}"; done
pids=()
log "both nodes served and stopped cleanly"
