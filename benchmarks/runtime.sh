#!/usr/bin/env bash
# The model runtime benchmark (benchmarks/README.md): the MLP 256-1024-1024-10 and ResNet-18 in
# ONNX through the raw engine in-process, the Berth runtime with batching and the Berth runtime
# without (batch_size 1), side by side in one run; prints the table and the targets met or missed,
# and stops every server it started whatever happens.
#
# Usage: benchmarks/runtime.sh
# Knobs (environment): PORT=8700 WARMUP=10 DURATION=15 CLIENTS=32 MORE_CLIENTS=<2 x CLIENTS;
#   extra MLP peak runs with more clients than BATCH_SIZE, 0 skips them> BATCH_SIZE=32
#   MAX_BATCH_DELAY=5 RATE=<open-loop rate; default 80 % of the naive peak> MODELS=mlp,resnet
#   TURNS=4 (rounds of the MLP's naive and batched peaks in turn; 0 skips them)
#   SERVER_INTRA_OP_THREADS=<option.intraOpNumThreads of the servers; default the runtime's>
#   SERVER_OPTIONS=<more engine options of the servers, key=value[,key=value], e.g.
#     allowSpinning=true; each becomes option.key=value in serving.properties>
#   SERVER_CPUS, GENERATOR_CPUS=<CPUs (taskset -c form, e.g. 0-3) for the servers, and for the
#     generator, whose JVM runs the raw engine (give it as many); default: not pinned, all share>
#   RESNET=<resnet18.onnx; exported when missing> RESULTS=<dir for the JSON report and logs>
#   BERTH_BENCH_JAR=<prebuilt jar, skips the build>
#   BERTH_BENCH_CLASSPATH=<a class path instead of the jar, e.g. compiled classes and their
#     dependencies while iterating; skips the build>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/benchmarks/lib.sh"
PORT=${PORT:-8700}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-15}
CLIENTS=${CLIENTS:-32}
MORE_CLIENTS=${MORE_CLIENTS:-$((2 * CLIENTS))}
BATCH_SIZE=${BATCH_SIZE:-32}
MAX_BATCH_DELAY=${MAX_BATCH_DELAY:-5}
RATE=${RATE:-0}
TURNS=${TURNS:-4}
MODELS=${MODELS:-mlp,resnet}
SERVER_INTRA_OP_THREADS=${SERVER_INTRA_OP_THREADS:-0}
SERVER_OPTIONS=${SERVER_OPTIONS:-}
SERVER_CPUS=${SERVER_CPUS:-}
GENERATOR_CPUS=${GENERATOR_CPUS:-}
RESNET=${RESNET:-$ROOT/benchmarks/models/resnet18.onnx}
JAR=${BERTH_BENCH_JAR:-$ROOT/benchmarks/target/berth-bench.jar}
# The generator and the raw engine share this JVM. Serial GC keeps it off the server's cores; C2
# stays on, because the raw engine is the ceiling and must not be slowed by C1 code.
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:--Xmx1g}

# Build when the jar is missing or older than the sources it is made of.
if [[ -n "${BERTH_BENCH_CLASSPATH:-}" ]]; then
  JAR=$BERTH_BENCH_CLASSPATH
elif [[ -z "${BERTH_BENCH_JAR:-}" ]]; then
  build_bench_jar "$JAR" aws-wire control-plane model-runtime benchmarks
fi
[[ -n "${BERTH_BENCH_CLASSPATH:-}" || -f "$JAR" ]] || { echo "no $JAR" >&2; exit 1; }

if [[ ! -f "$RESNET" && "$MODELS" == *resnet* ]]; then
  echo "Exporting ResNet-18 to $RESNET ..."
  python3 "$ROOT/benchmarks/models/export-resnet18.py" "$RESNET" \
    || echo "Could not export ResNet-18 (pip install torch torchvision onnx); its runs are skipped."
fi

for port in "$PORT" "$((PORT + 2))"; do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/ping" 2>/dev/null; then
    echo "Something already serves 127.0.0.1:$port; stop it or set PORT." >&2
    exit 1
  fi
done

pin_generator "$GENERATOR_CPUS" "$SERVER_CPUS"

WORK=$(mktemp -d -t berth-runtime-bench.XXXXXX)
RESULTS=${RESULTS:-$(mktemp -d -t berth-runtime-results.XXXXXX)}
mkdir -p "$RESULTS"

cleanup() {
  # The benchmark stops its servers itself; this catches a benchmark JVM that died first.
  local pid
  for pid in $(cat "$WORK/server.pid" 2>/dev/null || true); do
    stop_process "$pid"
  done
  cp "$WORK"/*.log "$RESULTS"/ 2>/dev/null || true
  rm -rf "$WORK"
  echo "Results and server logs kept in $RESULTS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck disable=SC2086
"${PIN[@]}" java $BENCH_JAVA_OPTS -cp "$JAR" dev.berth.benchmarks.RuntimeBench \
  --work-dir "$WORK" --resnet "$RESNET" --warmup "$WARMUP" --duration "$DURATION" \
  --clients "$CLIENTS" --more-clients "$MORE_CLIENTS" --batch-size "$BATCH_SIZE" --max-batch-delay "$MAX_BATCH_DELAY" \
  --rate "$RATE" --turns "$TURNS" --port "$PORT" --server-java-opts "$SERVER_JAVA_OPTS" --models "$MODELS" \
  --server-intra-op-threads "$SERVER_INTRA_OP_THREADS" --server-options "$SERVER_OPTIONS" \
  --server-cpus "$SERVER_CPUS" \
  --output "$RESULTS/runtime.json" 2> >(tee "$RESULTS/progress.log" >&2)
