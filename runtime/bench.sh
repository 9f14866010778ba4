#!/usr/bin/env bash
# ./digits bench [all|serving|training] [TRAIN_IMAGES]: the benchmark suite (not part of the tests).
#   all (default)  every measurement, written to BENCHMARKS.md (about 35 minutes on 2 cores)
#   serving        POST /api/predict under load against the reference's Flask + gunicorn stack, and the
#                  shipped model's evaluation, single-image and canvas latency (runtime/target/bench-serving.md)
#   training       one short epoch of the reference CNN at batch 32 against PyTorch (runtime/target/bench-training.md)
# Needs the shipped model in models/ and MNIST (./digits fetch mnist); the peers need Debian's python3-torch,
# python3-flask, gunicorn and python3-h5py, and are skipped, with a line saying so, when missing.
# Run it on a quiet machine: another heavy process on the same cores ruins every figure.
set -euo pipefail
cd "$(dirname "$0")/.."
SECTION=all
if [[ "${1:-}" =~ ^[a-z]+$ ]]; then SECTION="$1"; shift; fi
mvn -B -q -o install -DskipTests
mvn -B -q -o -pl runtime test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="runtime/target/test-classes:runtime/target/classes:$(cat runtime/target/bench.classpath)"
# The launcher's JVM options (one source: runtime/conf/jvm.options), a fixed heap, and BENCH_JVM_OPTS
# for a measurement's own (a GC log, a recording).
mapfile -t JVM_OPTS < <(grep -v '^\s*\(#\|$\)' runtime/conf/jvm.options)
# shellcheck disable=SC2206
exec "$JAVA_HOME/bin/java" "${JVM_OPTS[@]}" -Xmx8g ${BENCH_JVM_OPTS:-} \
  -Ddigits.home="$PWD" -cp "$CP" digits.runtime.bench.Benchmarks BENCHMARKS.md "$SECTION" "${1:-12800}"
