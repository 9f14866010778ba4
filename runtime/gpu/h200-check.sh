#!/usr/bin/env bash
# The GPU check, run once on the GPU machine (no JDK, no network) over a working tree with
# runtime/gpu/carry from prepare.sh. Finds the CUDA 13 / cuDNN 9 libraries in the nvidia-* wheels
# of the machine's CUDA PyTorch, runs GpuCheck (2a agreement with DL4J, 2b one epoch, 2c throughput,
# 2d the shipped recipe) and the PyTorch peer on the same GPU, and leaves in $OUT what compare.sh
# reads here afterwards (at most 8 files). TF32 stays off (NVIDIA_TF32_OVERRIDE=0 as well).
# usage: bash runtime/gpu/h200-check.sh      (device tool: carry ["runtime/gpu/carry"], timeout_s 540)
set -uo pipefail
cd "$(dirname "$0")/../.."
C=runtime/gpu/carry
O=${OUT:-/tmp/digits-gpu-out}
mkdir -p "$O" /tmp/digits-gpu
[[ -f $C/jre.tar.xz ]] || { echo "h200-check.sh: $C/jre.tar.xz missing: run runtime/gpu/prepare.sh and carry $C" >&2; exit 2; }
tar -C /tmp -xJf $C/jre.tar.xz
nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv,noheader | tee "$O/gpu.txt"
LIBS=$(python3 -c 'import site,glob; print(":".join(sorted({d for s in site.getsitepackages() for d in glob.glob(s+"/nvidia/*/lib")})))')
echo "CUDA libraries: $LIBS" | tee -a "$O/gpu.txt"
export DIGITS_CUDA_LIBS=$LIBS LD_LIBRARY_PATH=$LIBS:${LD_LIBRARY_PATH:-} NVIDIA_TF32_OVERRIDE=0
set -o pipefail
timeout 360 /tmp/digits-gpu-jre/bin/java --enable-native-access=ALL-UNNAMED -Xmx16g -cp "$C/lib/*" \
  digits.engine.cudnn.internal.GpuCheck $C/ref "$O" 2a,2b,2c,2d 2>&1 | tee "$O/check.log"
echo "GpuCheck exit: $?" | tee -a "$O/check.log"
for f in $C/ref/mnist/*.gz; do gunzip -c "$f" > /tmp/digits-gpu/$(basename "$f" .gz); done
for b in 32 256; do
  DEVICE=cuda PYTHONUNBUFFERED=1 timeout 120 python3 $C/torch_peer.py /tmp/digits-gpu 60000 $b 16 2 2>&1 | tee "$O/torch-$b.txt"
done
echo; echo "== results =="; column -t -s $'\t' "$O/results.tsv" 2>/dev/null || cat "$O/results.tsv"
