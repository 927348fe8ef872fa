#!/usr/bin/env bash
# Runs the README's commands, as written, one after the other from the root of a fresh clone, and checks that they
# all work on the one store they name (./data of the clone): the CLI's main job, the read commands, the HTTP API and
# the distributed set-up (worker project, two CLI workers, submit --wait, status). Issue 16's "Done when".
#
#   tools/readme-check.sh [REPO]      REPO: the repository to clone (default: this one; committed state only)
#
# Left out: `dotnet test` (this runs inside it), installing RabbitMQ (CI's job), docker compose, corpus regeneration.
# Environment that does not change a command: ASPNETCORE_URLS / Management__Urls pick free ports (the README's
# defaults, :5000 and :8080, may be taken on a shared machine), and Pipeline__QueuePrefix keeps this run's queues
# apart from other pipelines on the same broker. RabbitMQ is needed (RABBITMQ_URI, default the README's
# amqp://guest:guest@localhost:5672/); READMECHECK_SKIP_ACCURACY=1 leaves out the corpus accuracy run.
# Exit 0 when every check passed; the first failure prints its command's output and exits 1.
set -euo pipefail

SOURCE=$(cd "${1:-$(dirname "$0")/..}" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/readme-check.XXXXXX")
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1 COLUMNS=200
export Pipeline__QueuePrefix="readme-check-$$"
# The CLI's default broker is $RABBITMQ_URI, else the README's; the worker project's is in its command.
export RABBITMQ_URI="${RABBITMQ_URI:-amqp://guest:guest@localhost:5672/}"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { printf '[readme-check] %s\n' "$*"; }
fail() { printf '[readme-check] FAILED: %s\n' "$*" >&2; [ -f "$WORK/out" ] && tail -n 40 "$WORK/out" >&2; exit 1; }

# Runs one README command (its words after the step name), output in $WORK/out.
run() {
  step "\$ $*"
  "$@" >"$WORK/out" 2>&1 || fail "exit $? from: $*"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Waits until a URL answers 200 (the process must stay alive), at most $2 seconds.
wait_http() {
  local url=$1 limit=$2 pid=$3 i
  for ((i = 0; i < limit * 2; i++)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# Waits until a background process's log contains a line, at most $3 seconds.
wait_log() {
  local file=$1 text=$2 limit=$3 pid=$4 i
  for ((i = 0; i < limit * 2; i++)); do
    grep -q "$text" "$file" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

step "cloning $SOURCE into $WORK/repo"
git clone -q "$SOURCE" "$WORK/repo"
# The README's ../shared (contract, real-world set) sits beside the repository.
if [ -d "$SOURCE/../shared" ]; then ln -s "$(cd "$SOURCE/../shared" && pwd)" "$WORK/shared"; fi
cd "$WORK/repo"
dotnet build -v q -nologo IngestionPipeline.sln >"$WORK/out" 2>&1 || fail "the solution does not build"

# --- Set-up: the main job, on the embedded default (SQLite store in ./data) ---
run dotnet run --project src/IngestionPipeline.Cli -- run samples/
grep -q "5 new versions" "$WORK/out" || fail "run samples/ did not store 5 new versions"
run dotnet run --project src/IngestionPipeline.Cli -- run samples/
grep -q "0 new versions, 5 unchanged" "$WORK/out" || fail "a second run created versions"

# --- The ingest command's read commands, on the same ./data ---
run dotnet run --project src/IngestionPipeline.Cli -- reports --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert len(r)==5, r; print(r[0]["reportKey"])' "$WORK/out" >"$WORK/key" \
  || fail "reports --json does not list the 5 reports"
KEY=$(cat "$WORK/key")
run dotnet run --project src/IngestionPipeline.Cli -- report "$KEY"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["schemaVersion"]' "$WORK/out" || fail "report $KEY is not the canonical JSON"
run dotnet run --project src/IngestionPipeline.Cli -- versions "$KEY"
run dotnet run --project src/IngestionPipeline.Cli -- rules

# --- Formats and the tools they need: parsing accuracy, the real-world set ---
if [ "${READMECHECK_SKIP_ACCURACY:-0}" != 1 ]; then
  run dotnet run --project src/IngestionPipeline.Cli -- accuracy
fi
if [ -d ../shared/realworld ]; then
  RW="$WORK/rw"
  run dotnet run --project src/IngestionPipeline.Cli -- parse ../shared/realworld/files --out "$RW"
  run python3 ../shared/realworld/score.py ../shared/realworld/labels "$RW"
else
  step "no ../shared/realworld beside the repository: real-world commands skipped"
fi

# --- HTTP API on the same store: lists what `run` stored, takes an upload ---
API_PORT=$(free_port)
ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" dotnet run --project src/IngestionPipeline.Api -- --Api:ApiKeys:0=readme-check-key --Storage:DataDirectory=./data >"$WORK/api.log" 2>&1 &
API_PID=$!
PIDS+=("$API_PID")
step "\$ dotnet run --project src/IngestionPipeline.Api -- --Api:ApiKeys:0=<key> --Storage:DataDirectory=./data  (port $API_PORT)"
wait_http "http://127.0.0.1:$API_PORT/health/ready" 240 "$API_PID" || { cp "$WORK/api.log" "$WORK/out"; fail "the API did not become ready"; }
curl -fsS "http://127.0.0.1:$API_PORT/reports" >"$WORK/out" || fail "GET /reports"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==5, d' "$WORK/out" \
  || fail "GET /reports does not list the 5 reports of ./data (is the API's ./data another directory?)"
SAMPLE=$(ls samples/* | head -n 1)
curl -fsS -H "X-Api-Key: readme-check-key" -F "file=@$SAMPLE" "http://127.0.0.1:$API_PORT/ingestions" >"$WORK/out" || fail "POST /ingestions"
ID=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ingestionId"])' "$WORK/out") || fail "POST /ingestions gave no ingestionId"
for ((i = 0; i < 120; i++)); do
  curl -fsS "http://127.0.0.1:$API_PORT/ingestions/$ID" >"$WORK/out" || fail "GET /ingestions/$ID"
  grep -q '"status":"\(Unchanged\|VersionCreated\|Rejected\|Failed\)"' "$WORK/out" && break
  sleep 0.5
done
grep -q '"status":"Unchanged"' "$WORK/out" || fail "the API's upload of $SAMPLE is not Unchanged on the shared store"
kill -TERM "$API_PID"; wait "$API_PID" 2>/dev/null || true

# --- Running distributed (RabbitMQ): worker project, two CLI workers, submit --wait, status; all on ./data ---
python3 - "$RABBITMQ_URI" <<'PY' || fail "RabbitMQ is not reachable at $RABBITMQ_URI (the distributed commands need it)"
import socket, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1]); socket.create_connection((u.hostname, u.port or 5672), timeout=3).close()
PY
Management__Urls="http://127.0.0.1:$(free_port)" dotnet run --project src/IngestionPipeline.Worker -- --RabbitMq:Uri=amqp://guest:guest@localhost:5672/ --Storage:DataDirectory=./data >"$WORK/worker.log" 2>&1 &
PIDS+=("$!")
step "\$ dotnet run --project src/IngestionPipeline.Worker -- --RabbitMq:Uri=amqp://guest:guest@localhost:5672/ --Storage:DataDirectory=./data"
wait_log "$WORK/worker.log" "Worker started" 240 "$!" || { cp "$WORK/worker.log" "$WORK/out"; fail "the worker project did not start"; }
dotnet run --project src/IngestionPipeline.Cli -- worker --stages extract,normalize --data ./data >"$WORK/w1.log" 2>&1 &
PIDS+=("$!")
W1=$!
dotnet run --project src/IngestionPipeline.Cli -- worker --stages validate,store --data ./data >"$WORK/w2.log" 2>&1 &
PIDS+=("$!")
W2=$!
step "\$ dotnet run --project src/IngestionPipeline.Cli -- worker --stages extract,normalize --data ./data &  (and validate,store)"
wait_log "$WORK/w1.log" "Worker started" 240 "$W1" || { cp "$WORK/w1.log" "$WORK/out"; fail "the extract,normalize worker did not start"; }
wait_log "$WORK/w2.log" "Worker started" 240 "$W2" || { cp "$WORK/w2.log" "$WORK/out"; fail "the validate,store worker did not start"; }
run dotnet run --project src/IngestionPipeline.Cli -- submit samples/ --data ./data --wait
grep -q "0 new versions, 5 unchanged" "$WORK/out" || fail "submit --wait did not find the 5 reports of the shared store unchanged"
run dotnet run --project src/IngestionPipeline.Cli -- status --data ./data

# --- One store: everything above wrote ./data of the repository root, nothing beside the projects ---
run dotnet run --no-build --project src/IngestionPipeline.Cli -- reports --json
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1])))==5' "$WORK/out" || fail "the shared store does not hold exactly the 5 reports"
stray=$(find src -maxdepth 2 -type d -name data | head -n 5)
[ -z "$stray" ] || fail "a host made a store beside its project instead of ./data: $stray"
step "all README commands passed on one store ($WORK/repo/data)"
