#!/usr/bin/env bash
# The control-plane benchmark (benchmarks/README.md): starts a control plane on an embedded
# PostgreSQL in a temporary data directory, drives DescribeEndpoint and CreateEndpoint at their
# peak (closed loop) and at a fixed rate (open loop), prints the results side by side, and stops
# the server whatever happens.
#
# Usage: benchmarks/control-plane.sh
# Knobs (environment): PORT=8600 SERVER_WARMUP=30 WARMUP=5 DURATION=15 CONNECTIONS=16
#   DESCRIBE_RATE=1000 CREATE_RATE=150 RESULTS=<dir for the JSON results>
#   BERTH_BENCH_JAR=<prebuilt jar, skips the build>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/benchmarks/lib.sh"
PORT=${PORT:-8600}
SERVER_WARMUP=${SERVER_WARMUP:-30}
WARMUP=${WARMUP:-5}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-16}
DESCRIBE_RATE=${DESCRIBE_RATE:-1000}
CREATE_RATE=${CREATE_RATE:-150}
JAR=${BERTH_BENCH_JAR:-$ROOT/benchmarks/target/berth-bench.jar}
URL="http://127.0.0.1:$PORT"
# The generator is kept small: one event loop, serial GC, and the C1 compiler only. A fresh JVM's
# C2 compiles take most of a core for the length of a short run, and on two cores that was seen
# to cost the server a third of its Describe peak; C1 code is slower, but the generator's work is
# light, and each result reports the cores it took ("gen cores").
GENERATOR_JAVA_OPTS=${GENERATOR_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1 -Xmx512m}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}

# Build when the jar is missing or older than the sources it is made of.
if [[ -z "${BERTH_BENCH_JAR:-}" ]]; then
  build_bench_jar "$JAR" aws-wire control-plane model-runtime benchmarks
fi
[[ -f "$JAR" ]] || { echo "no $JAR" >&2; exit 1; }

if curl -fsS -o /dev/null "$URL/health" 2>/dev/null; then
  echo "Something already serves $URL; stop it or set PORT." >&2
  exit 1
fi

DATA=$(mktemp -d -t berth-bench.XXXXXX)
RESULTS=${RESULTS:-$DATA/results}
mkdir -p "$RESULTS"
SERVER_PID=

stop_server() {
  stop_process "$SERVER_PID"
  # Should the JVM have died without its shutdown hook, stop the PostgreSQL it started.
  local pidfile="$DATA/postgres/postmaster.pid"
  if [[ -f "$pidfile" ]]; then
    local pg
    pg=$(head -1 "$pidfile")
    [[ -n "$pg" ]] && kill -TERM "$pg" 2>/dev/null || true
  fi
  if [[ "$RESULTS" == "$DATA"/* ]]; then
    # Keep the results, drop the database and the unpacked PostgreSQL.
    local kept
    kept=$(mktemp -d -t berth-bench-results.XXXXXX)
    cp -r "$RESULTS"/. "$kept"/ 2>/dev/null || true
    cp "$DATA/server.log" "$kept"/ 2>/dev/null || true
    echo "Results kept in $kept"
  fi
  rm -rf "$DATA"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

echo "Starting the control plane on $URL (data in $DATA) ..."
# shellcheck disable=SC2086
java $SERVER_JAVA_OPTS -cp "$JAR" dev.berth.benchmarks.BenchServer --port "$PORT" --data-dir "$DATA" \
  >"$DATA/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$URL/health" 2>/dev/null && break
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "The server stopped while starting:" >&2
    tail -30 "$DATA/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS -o /dev/null "$URL/health" || { echo "no /health after 120 s" >&2; tail -30 "$DATA/server.log" >&2; exit 1; }

# CPU ticks (user + system) of a process, and of PostgreSQL's postmaster with all its backends.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
  local pm total=0 child
  pm=$(head -1 "$DATA/postgres/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$pm" || true); do total=$((total + $(ticks "$child"))); done
  echo "$total"
}
HZ=$(getconf CLK_TCK)
CPU_REPORT=()

# One generator run; $1 names the result file, the rest are ControlPlaneBench flags.
bench() {
  local name=$1
  shift
  local s0 p0 t0 s1 p1 t1
  s0=$(ticks "$SERVER_PID"); p0=$(postgres_ticks); t0=$(date +%s.%N)
  echo
  # shellcheck disable=SC2086
  java $GENERATOR_JAVA_OPTS -jar "$JAR" --endpoint-url "$URL" --warmup "$WARMUP" \
    --duration "$DURATION" --connections "$CONNECTIONS" --output "$RESULTS/$name.json" "$@"
  s1=$(ticks "$SERVER_PID"); p1=$(postgres_ticks); t1=$(date +%s.%N)
  CPU_REPORT+=("$(awk -v n="$name" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v t0="$t0" -v t1="$t1" \
    -v hz="$HZ" -v c="$(nproc)" 'BEGIN { w = t1 - t0; printf "%-14s server java %.2f cores, PostgreSQL %.2f cores (of %d; averaged over the run, setup included)", n, s/hz/w, p/hz/w, c }')")
}

# A fresh server spends its first half minute compiling its hot paths (a Describe peak measured
# straight after start rose from 950/s to 1,700/s within the window): warm both operations first,
# unrecorded, so every phase below measures the server as it runs once warm.
echo
warm_up() {
  # shellcheck disable=SC2086
  java $GENERATOR_JAVA_OPTS -jar "$JAR" --endpoint-url "$URL" --warmup 0 --connections "$CONNECTIONS" \
    --label "server warm-up" "$@" >>"$DATA/warmup.log" 2>&1 \
    || { echo "The warm-up failed:" >&2; tail -20 "$DATA/warmup.log" >&2; exit 1; }
}
if ((SERVER_WARMUP >= 3)); then
  echo "Warming the server up for ${SERVER_WARMUP} s (DescribeEndpoint, then CreateEndpoint; not recorded) ..."
  warm_up --operation describe --duration $((SERVER_WARMUP * 2 / 3))
  warm_up --operation create --duration $((SERVER_WARMUP / 3))
fi

bench describe-peak --operation describe --label "Describe peak" --expect-rate 2000
bench describe-open --operation describe --label "Describe ${DESCRIBE_RATE}/s" \
  --rate "$DESCRIBE_RATE" --expect-p99-ms 20
bench create-peak --operation create --label "Create peak" --expect-rate 300
bench create-open --operation create --label "Create ${CREATE_RATE}/s" \
  --rate "$CREATE_RATE" --expect-p99-ms 20

echo
echo "== Control-plane benchmark, $(nproc) cores shared by server, PostgreSQL and generator;" \
  "server warmed ${SERVER_WARMUP} s; per run warmup ${WARMUP} s, measured ${DURATION} s, ${CONNECTIONS} connections"
java -cp "$JAR" dev.berth.benchmarks.BenchReport \
  "$RESULTS"/describe-peak.json "$RESULTS"/describe-open.json \
  "$RESULTS"/create-peak.json "$RESULTS"/create-open.json
printf '%s\n' "${CPU_REPORT[@]}"
