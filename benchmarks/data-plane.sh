#!/usr/bin/env bash
# The data-plane benchmark (benchmarks/README.md): one signed InvokeEndpoint request replayed to an
# echo backend directly, through Berth's data plane, and through nginx as a keep-alive reverse
# proxy; closed loop for each one's peak, open loop at half of Berth's peak for the latency each
# proxy adds. Prints the table and the targets met or missed, and stops everything it started
# whatever happens.
#
# Usage: benchmarks/data-plane.sh
# Knobs (environment): PORT=8900 (echo; data plane PORT+1, nginx PORT+2, stats PORT+3)
#   WARMUP=15 DURATION=10 CONNECTIONS=64 RATE=<open-loop rate; default half of Berth's peak>
#   TURNS=6 (rounds of the peaks again, the targets taking turns; 0 skips them)
#   EVENT_LOOPS=<data-plane event loops = nginx workers = echo event loops; default the CPUs of
#     PROXY_CPUS, else nproc>
#   GENERATOR_CPUS, PROXY_CPUS, BACKEND_CPUS=<CPUs (taskset -c form, e.g. 0-3) for the generator,
#     for the data plane and nginx, for the echo backend; default: not pinned, all share the cores>
#   BODY_BYTES=256 NGINX=<nginx binary; default nginx on PATH or /usr/sbin/nginx; "none" skips>
#   RESULTS=<dir for the JSON report and logs> BERTH_BENCH_JAR=<prebuilt jar, skips the build>
#   BERTH_BENCH_CLASSPATH=<a class path instead of the jar; skips the build>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/benchmarks/lib.sh"
PORT=${PORT:-8900}
WARMUP=${WARMUP:-15}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
RATE=${RATE:-0}
TURNS=${TURNS:-6}
EVENT_LOOPS=${EVENT_LOOPS:-}
GENERATOR_CPUS=${GENERATOR_CPUS:-}
PROXY_CPUS=${PROXY_CPUS:-}
BACKEND_CPUS=${BACKEND_CPUS:-}
BODY_BYTES=${BODY_BYTES:-256}
JAR=${BERTH_BENCH_JAR:-$ROOT/benchmarks/target/berth-bench.jar}
# The generator is kept small, as in control-plane.sh: one event loop, serial GC, C1 only.
GENERATOR_JAVA_OPTS=${GENERATOR_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1 -Xmx512m}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g -XX:+UseParallelGC}
BACKEND_JAVA_OPTS=${BACKEND_JAVA_OPTS:--Xmx512m}

if [[ -n "${BERTH_BENCH_CLASSPATH:-}" ]]; then
  JAR=$BERTH_BENCH_CLASSPATH
elif [[ -z "${BERTH_BENCH_JAR:-}" ]]; then
  build_bench_jar "$JAR" aws-wire control-plane data-plane benchmarks
fi
[[ -n "${BERTH_BENCH_CLASSPATH:-}" || -f "$JAR" ]] || { echo "no $JAR" >&2; exit 1; }

NGINX=${NGINX:-$(command -v nginx || true)}
[[ -z "$NGINX" && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
NGINX_FLAG=()
if [[ "$NGINX" == none ]]; then
  echo "nginx runs skipped (NGINX=none)."
elif [[ -z "$NGINX" ]]; then
  echo "nginx not installed: apt-get install nginx (the nginx runs are skipped)."
else
  NGINX_FLAG=(--nginx "$NGINX")
fi

pin_generator "$GENERATOR_CPUS" "$PROXY_CPUS" "$BACKEND_CPUS"
LOOPS_FLAG=()
[[ -n "$EVENT_LOOPS" ]] && LOOPS_FLAG=(--event-loop-threads "$EVENT_LOOPS")

for p in "$PORT" $((PORT + 1)) $((PORT + 2)) $((PORT + 3)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "Something already listens on 127.0.0.1:$p; stop it or set PORT." >&2
    exit 1
  fi
done

WORK=$(mktemp -d -t berth-data-plane-bench.XXXXXX)
RESULTS=${RESULTS:-$(mktemp -d -t berth-data-plane-results.XXXXXX)}
mkdir -p "$RESULTS"

cleanup() {
  # The benchmark stops what it started itself; this catches a benchmark JVM that died first.
  local pid
  for pid in $(cat "$WORK/pids" 2>/dev/null || true); do
    stop_process "$pid"
  done
  # Should the data-plane JVM have died without its shutdown hook, stop its PostgreSQL.
  local pm
  pm=$(head -1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)
  [[ -n "$pm" ]] && kill -TERM "$pm" 2>/dev/null || true
  cp "$WORK"/*.log "$RESULTS"/ 2>/dev/null || true
  cp "$WORK"/nginx/nginx.conf "$WORK"/nginx/error.log "$RESULTS"/ 2>/dev/null || true
  rm -rf "$WORK"
  echo "Results and server logs kept in $RESULTS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2086
"${PIN[@]}" java $GENERATOR_JAVA_OPTS -cp "$JAR" dev.berth.benchmarks.DataPlaneBench \
  --work-dir "$WORK" --warmup "$WARMUP" --duration "$DURATION" --connections "$CONNECTIONS" \
  --rate "$RATE" --turns "$TURNS" --port "$PORT" "${LOOPS_FLAG[@]}" --body-bytes "$BODY_BYTES" \
  --proxy-cpus "$PROXY_CPUS" --backend-cpus "$BACKEND_CPUS" \
  --server-java-opts "$SERVER_JAVA_OPTS" --backend-java-opts "$BACKEND_JAVA_OPTS" \
  "${NGINX_FLAG[@]}" --output "$RESULTS/data-plane.json" 2> >(tee "$RESULTS/progress.log" >&2)
