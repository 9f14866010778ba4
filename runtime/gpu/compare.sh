#!/usr/bin/env bash
# After the GPU check: reads what h200-check.sh left (the device tool's files_at folder), checks 2a
# (every layer type within 1e-4 of DL4J), turns the trained parameters into stored models
# (models/gpu-reference-1epoch, models/gpu-deep-recipe) evaluated on the CPU by ./digits evaluate
# (2b against the CPU engine's run from prepare.sh, 2d against 99.5%), computes 2c's ratios to
# PyTorch on the same GPU, and writes the GPU section of BENCHMARKS.md (between its markers).
# usage: runtime/gpu/compare.sh DIR
set -euo pipefail
cd "$(dirname "$0")/../.."
D=${1:?usage: runtime/gpu/compare.sh DIR (the folder of results.tsv from h200-check.sh)}
R=$D/results.tsv
[[ -f $R ]] || { echo "compare.sh: no $R" >&2; exit 1; }
export JAVA_HOME=${JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-2[5-9]* /usr/lib/jvm/*2[2-9]* 2>/dev/null | head -1)}
M=bundles/digits.engine.cudnn
[[ -f $M/target/test.classpath ]] || { echo "compare.sh: run runtime/gpu/prepare.sh first" >&2; exit 1; }
CP="$M/target/test-classes:$M/target/classes:$(cat $M/target/test.classpath)"

# 2a: per layer type, the worst forward and gradient error over the three networks
agreement=$(awk -F'\t' '$1=="2a" { k=$2; if ($5+0 > f[k]) f[k]=$5+0; if ($6+0 > g[k]) g[k]=$6+0; seen[k]=1 }
  END { for (k in seen) printf "| %s | %.2e | %.2e | %s |\n", k, f[k], g[k], (f[k] <= 1e-4 && g[k] <= 1e-4) ? "holds" : "FAILS" }' "$R" | sort)
[[ -n $agreement ]] || agreement="| (no 2a results: see check.log) | | | FAILS |"

acc() { ./digits evaluate "$1" | sed -n 's/^accuracy \([0-9.]*\)%.*/\1/p' | head -1; }
model() { # params arch seed name epochs batch lr augment
  [[ -f $D/$1 ]] || { echo "missing"; return; }
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" digits.engine.cudnn.internal.GpuModels \
    "$D/$1" "$2" "$3" "$4" models "$5" "$6" "$7" "$8" >&2
  acc "$4"
}
gpu1=$(model reference-1epoch.params reference 42 gpu-reference-1epoch 1 32 0.001 false)
cpu1=$(python3 -c 'import json;print("%.2f"%(100*json.load(open("models/gpu-cpu-reference.json"))["testAccuracy"]))' 2>/dev/null || echo "?")
gpud=$(model deep-recipe.params deep 7 gpu-deep-recipe 15 64 0.002 true)
wall=$(awk -F'\t' '$1=="2d" {print $8}' "$R")

# 2c: img/s of the engine and of PyTorch (its last, warm epoch) on the same GPU
ours() { awk -F'\t' -v a="$1" -v b="batch $2" '$1=="2c" && $2==a && $3==b {print $5}' "$R"; }
torch() { sed -n 's/.*(\([0-9]*\) img\/s).*/\1/p' "$D/torch-$1.txt" 2>/dev/null | tail -1; }
ratio() { [[ -n $1 && -n $2 ]] && echo "$1 $2" | awk '{printf "%.2fx", $1/$2}' || echo "?"; }
r32=$(ours reference 32); t32=$(torch 32); r256=$(ours reference 256); t256=$(torch 256); d64=$(ours deep 64)

verdict() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { if (a == "" || a == "?" || a == "missing") print "not measured";
  else if (op == "near" ? (a - b <= 0.5 && b - a <= 0.5) : (a + 0 >= b + 0)) print "holds"; else print "FAILS" }'; }
section=$(cat <<MD
<!-- gpu:begin (written by runtime/gpu/compare.sh from runtime/gpu/h200-check.sh's results) -->
## GPU: the cuDNN engine on $(head -1 "$D/gpu.txt" 2>/dev/null)

$(sed -n 's/^cuda\t\([0-9]*\)\t.*/CUDA \1 and cuDNN 9 from the nvidia-* wheels of the machine'"'"'s PyTorch/p' "$R"); float32, TF32 off.

**2a. Agreement with DL4J on the CPU** (same parameters, same batch of 16 MNIST images, dropout off;
error = max |GPU - CPU| / max |CPU| over each layer's output and each parameter's gradient, worst of the
three networks):

| layer type | forward | gradient | within 1e-4 |
|---|---|---|---|
$agreement

**2b. One epoch of the reference CNN** (batch 32, adamax, seed 42, evaluated on the CPU by ./digits evaluate):
GPU ${gpu1:-?}%, CPU engine ${cpu1}%: $(verdict "${gpu1:-?}" "$cpu1" near) (goal: within 0.5 point).

**2c. Training throughput** (whole epochs of 60,000 images, the second of two; the PyTorch peer
../shared/bench/torch_peer.py with DEVICE=cuda, data on the GPU):

| network, batch | cuDNN engine img/s | PyTorch img/s | ratio (goal >= 1x) |
|---|---|---|---|
| reference, 32 | ${r32:-?} | ${t32:-?} | $(ratio "$r32" "$t32") |
| reference, 256 | ${r256:-?} | ${t256:-?} | $(ratio "$r256" "$t256") |
| deep (shipped recipe), 64 | ${d64:-?} | (the peer has the reference CNN only) | |

**2d. The shipped recipe trained on the GPU** (deep, 15 epochs, batch 64, adamax 0.002, augmentation,
cosine, validation 0.1, seed 7; best epoch by validation loss): ${gpud:-?}% on the 10,000 MNIST test
images (./digits evaluate gpu-deep-recipe, on the CPU), wall time ${wall:-?} s: $(verdict "${gpud:-?}" 99.5 ge) (goal: 99.5%).
<!-- gpu:end -->
MD
)
python3 - "$section" <<'PY'
import re, sys, os
section = sys.argv[1]
text = open("BENCHMARKS.md").read()
text = re.sub(r"\n?<!-- gpu:begin.*?<!-- gpu:end -->\n?", "\n", text, flags=re.S).rstrip("\n") + "\n\n" + section + "\n"
open("BENCHMARKS.md.tmp", "w").write(text)
os.replace("BENCHMARKS.md.tmp", "BENCHMARKS.md")
PY
echo "$section"
