#!/usr/bin/env bash
# Prepares the GPU check (acceptance 2a-2d of the cuDNN engine) here, on a machine with a JDK 22+,
# Maven and MNIST: everything h200-check.sh needs, in runtime/gpu/carry (git-ignored), which is the
# one path to name in the device tool's carry. The GPU machine has no JDK, no DL4J and no network:
# it gets a jlink runtime (java.base only), the engine's jar with digits.api and digits.preprocess,
# the CPU reference computed here with DL4J, gzipped MNIST and the PyTorch peer.
# Also trains the CPU comparison for 2b (the reference CNN, one epoch, batch 32, seed 42) into
# models/gpu-cpu-reference unless it is there already or --no-cpu-run is given.
# usage: runtime/gpu/prepare.sh [--no-cpu-run]
set -euo pipefail
cd "$(dirname "$0")/../.."
HOME_DIR=$PWD
CARRY=runtime/gpu/carry
MNIST=${DIGITS_MNIST:-$HOME/.cache/digit-workbench/datasets/mnist}
PEER=${DIGITS_TORCH_PEER:-../shared/bench/torch_peer.py}

jdk() {
  for d in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [[ -n "$d" && -x "$d/bin/jlink" ]] || continue
    v=$("$d/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
    (( ${v%%.*} >= 22 )) && { echo "$d"; return 0; }
  done
  echo "prepare.sh: no JDK 22 or newer with jlink (JAVA_HOME or /usr/lib/jvm/*)" >&2; return 1
}
export JAVA_HOME=$(jdk); export PATH=$JAVA_HOME/bin:$PATH
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  [[ -f $MNIST/$f ]] || { echo "prepare.sh: $MNIST/$f missing: run ./digits fetch mnist (or set DIGITS_MNIST)" >&2; exit 1; }
done
[[ -f $PEER ]] || { echo "prepare.sh: the PyTorch peer $PEER is missing (set DIGITS_TORCH_PEER)" >&2; exit 1; }

rm -rf "$CARRY" && mkdir -p "$CARRY/ref/mnist" "$CARRY/lib"
mvn -B -q -o install -DskipTests -pl bundles/digits.engine.cudnn -am
M=bundles/digits.engine.cudnn
mvn -B -q -o -pl $M test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
CP="$M/target/test-classes:$M/target/classes:$(cat $M/target/test.classpath)"
java --enable-native-access=ALL-UNNAMED -cp "$CP" digits.engine.cudnn.internal.GpuReference "$MNIST" "$CARRY/ref"
for f in "$MNIST"/*-ubyte; do gzip -9 -c "$f" > "$CARRY/ref/mnist/$(basename "$f").gz"; done
cp $M/target/digits.engine.cudnn-0.1.0.jar bundles/digits.api/target/digits.api-0.1.0.jar \
   bundles/digits.preprocess/target/digits.preprocess-0.1.0.jar "$CARRY/lib/"
cp "$PEER" "$CARRY/torch_peer.py"
rm -rf /tmp/digits-gpu-jre
jlink --add-modules java.base --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output /tmp/digits-gpu-jre
tar -C /tmp -cJf "$CARRY/jre.tar.xz" digits-gpu-jre && rm -rf /tmp/digits-gpu-jre

if [[ "${1:-}" != "--no-cpu-run" && ! -f models/gpu-cpu-reference.json ]]; then
  ./digits train mnist --name gpu-cpu-reference --architecture reference --epochs 1 --batch 32 --seed 42
fi

carried=$(du -sb "$CARRY" | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
printf 'carry: %s (%.1f MiB); with the working tree (%.1f MiB): %.1f MiB of the 64 MiB a device call takes\n' \
  "$CARRY" "$(echo "$carried/1048576" | bc -l)" "$(echo "$tree/1048576" | bc -l)" "$(echo "($carried+$tree)/1048576" | bc -l)"
(( carried + tree < 60 * 1048576 )) || { echo "prepare.sh: too large for one device call" >&2; exit 1; }
echo "next: device run 'bash runtime/gpu/h200-check.sh' with carry [\"$CARRY\"], then runtime/gpu/compare.sh FILES_AT"
