#!/usr/bin/env bash
# ./digits bench: the benchmark suite (not part of the tests). Needs the shipped model in models/,
# MNIST (./digits fetch mnist) and Debian's python3-torch for the PyTorch peer. Writes BENCHMARKS.md.
# Run it on a quiet machine: another heavy process on the same cores ruins every figure.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x /usr/bin/python3 ]] || ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  echo "bench: the PyTorch peer needs Debian's python3-torch: apt-get install -y python3-torch" >&2
  exit 1
fi
mvn -B -q -o install -DskipTests
mvn -B -q -o -pl runtime test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
CP="runtime/target/test-classes:runtime/target/classes:$(cat runtime/target/bench.classpath)"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xss4m -Xmx8g \
  -Ddigits.home="$PWD" -cp "$CP" digits.runtime.bench.Benchmarks BENCHMARKS.md "${1:-12800}"
