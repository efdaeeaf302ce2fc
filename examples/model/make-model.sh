#!/usr/bin/env bash
# Makes examples/model/model.tar.gz (the example model, see examples/README.md) with
# MakeExampleModel.java. Needs only a JDK 17+: the Maven wrapper resolves the classpath (protobuf's
# ONNX classes from tribuo-util-onnx, and commons-compress) from model-runtime's pom, so the
# versions are the build's own. The output is byte-for-byte reproducible.
#
# Usage: examples/model/make-model.sh [output, default examples/model/model.tar.gz]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-$root/examples/model/model.tar.gz}
classpath=$(mktemp -t berth-example-cp.XXXXXX)
trap 'rm -f "$classpath"' EXIT
(cd "$root" && ./mvnw -q -B dependency:build-classpath -pl model-runtime \
  -Dmdep.includeScope=test -Dmdep.outputFile="$classpath") >&2
exec java -cp "$(cat "$classpath")" "$root/examples/model/MakeExampleModel.java" "$out"
