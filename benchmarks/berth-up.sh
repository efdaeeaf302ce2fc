#!/usr/bin/env bash
# The berth up benchmark (benchmarks/README.md, "berth up: start and first invoke"): how long
# `berth up` takes until GET /health answers, on a new data directory (cold: PostgreSQL's initdb)
# and again on the same one (warm), and how long the example model takes from CreateEndpoint to
# InService to its first successful invocation, timed by `berth demo` (which prints each step).
# Stops every Berth it started, whatever happens.
#
# Usage: benchmarks/berth-up.sh
# Knobs (environment): RUNS=3 (warm starts, each followed by a demo) PORT=<first free from 8900>
#   BERTH_JAR=<prebuilt berth.jar; default launcher/target/berth.jar, built if missing>
#   RESULTS=<dir for the logs>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/benchmarks/lib.sh"
RUNS=${RUNS:-3}
BERTH=${BERTH_JAR:-$ROOT/launcher/target/berth.jar}
if [[ ! -f "$BERTH" ]]; then
  echo "Building berth.jar (several minutes) ..."
  (cd "$ROOT" && ./mvnw -q -DskipTests package -pl launcher -am)
fi

if [[ -z "${PORT:-}" ]]; then
  for candidate in $(seq 8900 8999); do
    if ! listening "$candidate"; then PORT=$candidate; break; fi
  done
fi
URL="http://127.0.0.1:$PORT"
DATA=$(mktemp -d -t berth-up-bench.XXXXXX)
RESULTS=${RESULTS:-$(mktemp -d -t berth-up-results.XXXXXX)}
mkdir -p "$RESULTS"
BERTH_PID=

stop_berth() {
  # SIGTERM, as Ctrl-C: Berth stops its runtimes and its PostgreSQL.
  stop_process "$BERTH_PID" 60
  BERTH_PID=
}
cleanup() {
  stop_berth
  rm -rf "$DATA"
  echo "Logs kept in $RESULTS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }

# Starts berth up (not in a subshell: BERTH_PID must stay set for stop_berth) and sets UP_MS to the
# wall time from exec to the first 200 from /health.
start_berth() {
  local log=$1 t0
  t0=$(now_ms)
  env -u BERTH_PORT -u BERTH_DATA_DIR -u BERTH_DB_URL \
    java -jar "$BERTH" up --port "$PORT" --admin-port 0 --data-dir "$DATA" >"$log" 2>&1 &
  BERTH_PID=$!
  until curl -fsS -o /dev/null "$URL/health" 2>/dev/null; do
    kill -0 "$BERTH_PID" 2>/dev/null || { echo "berth up stopped:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.05
  done
  UP_MS=$(($(now_ms) - t0))
}

# One `berth demo`; writes "CreateEndpoint call, wait until InService, first invoke" (ms) to
# <log without .log>.times.
demo() {
  local log=$1
  java -jar "$BERTH" demo --endpoint-url "$URL" --name bench >"$log" 2>&1 \
    || { echo "berth demo failed:" >&2; cat "$log" >&2; exit 1; }
  awk '/^ *3\. CreateEndpoint /{c=$(NF-1)} /^ *4\. Wait until/{w=$(NF-1)}
       /^ *5\. InvokeEndpoint/{i=$(NF-1)} END{print c, w, i}' "$log" | tr -d ',' >"${log%.log}.times"
}

echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
rows=()
# One start, one demo, one stop; adds a row labelled $1, its logs named after $2.
measure_start() {
  local label=$1 name=$2 printed create wait invoke
  start_berth "$RESULTS/up-$name.log"
  printed=$(grep -o "ready in [0-9]* ms" "$RESULTS/up-$name.log" | grep -o "[0-9]*")
  demo "$RESULTS/demo-$name.log"
  read -r create wait invoke <"$RESULTS/demo-$name.times"
  rows+=("$label|$UP_MS|$printed|$create|$wait|$invoke")
  stop_berth
}
measure_start "cold (new data dir)" cold
for run in $(seq 1 "$RUNS"); do
  measure_start "warm $run" "warm-$run"
done
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo
echo "| start | exec → /health 200 (ms) | 'ready in' printed (ms) | CreateEndpoint call (ms) | → InService (ms) | first invoke (ms) | CreateEndpoint → first answer (ms) |"
echo "|---|--:|--:|--:|--:|--:|--:|"
for row in "${rows[@]}"; do
  IFS='|' read -r what up printed create wait invoke <<<"$row"
  echo "| $what | $up | $printed | $create | $wait | $invoke | $((create + wait + invoke)) |"
done
