#!/usr/bin/env bash
# The time-to-InService benchmark (benchmarks/README.md): starts `berth up` with the local
# orchestrator on a free port over a temporary data directory, serves the MLP 256-1024-1024-10 as a
# file:// model.tar.gz, and times CreateEndpoint until DescribeEndpoint answers InService, for
# endpoints created one at a time and for endpoints created at once. Prints the table, and stops
# Berth, and with it every runtime, whatever happens.
#
# Usage: benchmarks/time-to-inservice.sh
# Knobs (environment): PORT=<the first free port from 8800> SEQUENTIAL=20 CONCURRENT=10
#   WARMUP_ENDPOINTS=1 POLL_MS=50 RESULTS=<dir for the JSON result and the logs>
#   BERTH_RUNTIME_JAVA_OPTS=<JVM options of the runtimes; berth up reads it>
#   BERTH_RUNTIME_CLASS_ARCHIVE=false (runtimes without the class archive)
#   CLASS_ARCHIVE_WAIT=180 (longest wait, in s, for the class archive before measuring)
#   BERTH_JAR=<prebuilt berth.jar, skips its build>
#   BERTH_BENCH_JAR=<prebuilt berth-bench.jar, skips its build>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/benchmarks/lib.sh"
SEQUENTIAL=${SEQUENTIAL:-20}
CONCURRENT=${CONCURRENT:-10}
WARMUP_ENDPOINTS=${WARMUP_ENDPOINTS:-1}
POLL_MS=${POLL_MS:-50}
CLASS_ARCHIVE_WAIT=${CLASS_ARCHIVE_WAIT:-180}
JAR=${BERTH_BENCH_JAR:-$ROOT/benchmarks/target/berth-bench.jar}
BERTH=${BERTH_JAR:-$ROOT/launcher/target/berth.jar}
# The benchmark only sends a few requests a second: keep it off the cores Berth starts runtimes on.
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx256m}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}

# Build each jar when it is missing or older than the sources it is made of.
stale() {
  local jar=$1
  shift
  [[ ! -f "$jar" ]] || [[ -n "$(find "$ROOT/pom.xml" "$@" -newer "$jar" -type f -print -quit)" ]]
}
if [[ -z "${BERTH_BENCH_JAR:-}" ]] \
    && stale "$JAR" "$ROOT"/{aws-wire,control-plane,model-runtime,benchmarks}/{pom.xml,src}; then
  echo "Building berth-bench.jar ..."
  (cd "$ROOT" && ./mvnw -q -DskipTests package -pl benchmarks -am)
fi
if [[ -z "${BERTH_JAR:-}" ]] \
    && stale "$BERTH" "$ROOT"/{aws-wire,control-plane,data-plane,model-runtime,launcher}/{pom.xml,src}; then
  echo "Building berth.jar (several minutes) ..."
  (cd "$ROOT" && ./mvnw -q -DskipTests package -pl launcher -am)
fi
[[ -f "$JAR" ]] || { echo "no $JAR" >&2; exit 1; }
[[ -f "$BERTH" ]] || { echo "no $BERTH" >&2; exit 1; }

if [[ -z "${PORT:-}" ]]; then
  for candidate in $(seq 8800 8899); do
    if ! listening "$candidate"; then PORT=$candidate; break; fi
  done
fi
[[ -n "${PORT:-}" ]] || { echo "no free port in 8800-8899; set PORT" >&2; exit 1; }
if listening "$PORT"; then
  echo "Something already listens on 127.0.0.1:$PORT; stop it or set PORT." >&2
  exit 1
fi
URL="http://127.0.0.1:$PORT"

DATA=$(mktemp -d -t berth-tti.XXXXXX)
RESULTS=${RESULTS:-$(mktemp -d -t berth-tti-results.XXXXXX)}
mkdir -p "$RESULTS"
BERTH_PID=

stop_berth() {
  # SIGTERM: Berth stops its runtimes (each drains, then ends) and its PostgreSQL.
  stop_process "$BERTH_PID" 60
  cp "$DATA/berth-up.log" "$RESULTS"/ 2>/dev/null || true
  cp -r "$DATA/logs" "$RESULTS"/runtime-logs 2>/dev/null || true
  rm -rf "$DATA"
  echo "Results and logs kept in $RESULTS"
}
trap stop_berth EXIT
trap 'exit 130' INT TERM

echo "Starting berth up on $URL (data in $DATA) ..."
# Flags only: a BERTH_PORT, BERTH_DATA_DIR or BERTH_DB_URL in the environment would win over them.
# shellcheck disable=SC2086
env -u BERTH_PORT -u BERTH_DATA_DIR -u BERTH_DB_URL \
  java $SERVER_JAVA_OPTS -jar "$BERTH" up --port "$PORT" --data-dir "$DATA" \
  >"$DATA/berth-up.log" 2>&1 &
BERTH_PID=$!
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "$URL/health" 2>/dev/null && break
  if ! kill -0 "$BERTH_PID" 2>/dev/null; then
    echo "berth up stopped while starting:" >&2
    tail -30 "$DATA/berth-up.log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS -o /dev/null "$URL/health" || { echo "no /health after 120 s" >&2; tail -30 "$DATA/berth-up.log" >&2; exit 1; }
grep -o "ready in [0-9]* ms" "$DATA/berth-up.log" | sed 's/^/berth up /' || true

# Berth makes the runtime class archive in the background on a fresh data directory (launcher
# Orchestrators.RuntimeClassArchive). Measure the runtimes as they start once it exists, as every
# later berth up over this data directory starts them.
if [[ "${BERTH_RUNTIME_CLASS_ARCHIVE:-true}" != "false" ]]; then
  waited=0
  until compgen -G "$DATA/cache/runtime-classes-*.jsa" >/dev/null \
      || grep -qiE "no runtime class archive|archive could not be made|archive was not made" \
        "$DATA/berth-up.log"; do
    if ((waited >= CLASS_ARCHIVE_WAIT)); then
      echo "No runtime class archive after ${CLASS_ARCHIVE_WAIT} s; measuring without it." >&2
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  grep -iE "runtime class archive" "$DATA/berth-up.log" | sed 's/^[^ ]* //' || true
fi

# Runtimes start on the same cores as everything else: say how busy the machine was.
echo "Load before the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $(nproc) cores"
# shellcheck disable=SC2086
java $BENCH_JAVA_OPTS -cp "$JAR" dev.berth.benchmarks.TimeToInService \
  --endpoint-url "$URL" --data-dir "$DATA" --work-dir "$DATA/bench" \
  --warmup-endpoints "$WARMUP_ENDPOINTS" --sequential "$SEQUENTIAL" --concurrent "$CONCURRENT" \
  --poll-ms "$POLL_MS" --output "$RESULTS/time-to-inservice.json" \
  2> >(tee "$RESULTS/progress.log" >&2)
echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
