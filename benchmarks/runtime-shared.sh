#!/usr/bin/env bash
# Two model runtimes sharing the machine's cores, both under load at once, once per
# option.allowSpinning choice (benchmarks/README.md, "Runtimes sharing cores"): what spinning
# engine threads cost a neighbour. Stops every server it started whatever happens.
#
# Usage: benchmarks/runtime-shared.sh
# Knobs (environment): PORT=8800 CHOICES=false,auto CLIENTS=8 WARMUP=10 DURATION=20 ROUNDS=2
#   RESNET=<resnet18.onnx; exported when missing> BERTH_BENCH_JAR=<prebuilt jar, skips the build>
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
. "$ROOT/benchmarks/lib.sh"
PORT=${PORT:-8800}
CHOICES=${CHOICES:-false,auto}
CLIENTS=${CLIENTS:-8}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-2}
RESNET=${RESNET:-$ROOT/benchmarks/models/resnet18.onnx}
JAR=${BERTH_BENCH_JAR:-$ROOT/benchmarks/target/berth-bench.jar}

if [[ -z "${BERTH_BENCH_JAR:-}" ]]; then
  build_bench_jar "$JAR" aws-wire control-plane model-runtime benchmarks
fi
[[ -f "$JAR" ]] || { echo "no $JAR" >&2; exit 1; }
if [[ ! -f "$RESNET" ]]; then
  echo "Exporting ResNet-18 to $RESNET ..."
  python3 "$ROOT/benchmarks/models/export-resnet18.py" "$RESNET" \
    || { echo "Could not export ResNet-18 (pip install torch torchvision onnx)." >&2; exit 1; }
fi
for p in "$PORT" $((PORT + 2)); do
  if listening "$p"; then
    echo "Something already listens on 127.0.0.1:$p; stop it or set PORT." >&2
    exit 1
  fi
done

WORK=$(mktemp -d -t berth-runtime-shared-bench.XXXXXX)
cleanup() {
  local pid
  for pid in $(cat "$WORK/server.pid" 2>/dev/null || true); do
    stop_process "$pid"
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java -XX:+UseSerialGC -Xmx1g -cp "$JAR" dev.berth.benchmarks.SharedCoresBench \
  --work-dir "$WORK" --model "$RESNET" --choices "$CHOICES" --clients "$CLIENTS" \
  --warmup "$WARMUP" --duration "$DURATION" --rounds "$ROUNDS" --port "$PORT"
