#!/bin/sh
# ablation.sh: the recipe ablation of BENCHMARKS.md, "Training recipe".
#
#   internal/experiments/ablation.sh [OUT] [JOBS]
#
# Trains the seed preset on the 10 classes once per row below, all with
# seed 1 and the same validation split (0.1 of the train split), and never
# looks at the test split (--no-test): every choice of the recipe is made
# on validation accuracy. Each row is the default recipe with one change
# (or the study's protocol). JOBS runs (default 2) share the machine, each
# on GOMAXPROCS=JOBS-th of it; set JOBS=1 for a quiet single run at a time.
# It writes OUT/NAME.log and OUT/NAME.ckpt per row and, at the end,
# OUT/ablation.tsv, which summary.sh turns into the table.
set -eu
OUT=${1:-build/ablation}
JOBS=${2:-2}
BIN=${BIN:-./fashionlens}
mkdir -p "$OUT"
procs=$(( $(nproc) / JOBS ))
[ "$procs" -ge 1 ] || procs=1

# name | flags added to: fashionlens train --preset seed --scheme fashion10 --seed 1 --val 0.1 --no-test
ROWS=${ROWS:-"
study|--recipe study
best|
no-recalibration|--recalibrate 0
bn-momentum-0.99|--bn-momentum 0.99
no-flip|--flip=false
no-shift|--shift 0
shift-2|--shift 2
no-augmentation|--shift 0 --flip=false
no-smoothing|--smoothing 0
no-weight-decay|--wd 0
no-clean-phase|--clean-epochs 0
constant-lr|--schedule constant --lr 0.001
cosine|--schedule cosine
"}

echo "$ROWS" | grep '|' | while IFS='|' read -r name flags; do
	echo "$name|$flags"
done | xargs -P "$JOBS" -I{} sh -c '
	row="$1"; out="$2"; bin="$3"; procs="$4"
	name=${row%%|*}; flags=${row#*|}
	if [ -s "$out/$name.ckpt" ] && grep -q "^Saved" "$out/$name.log" 2>/dev/null; then
		echo "$name: done before, kept"; exit 0
	fi
	echo "$name: fashionlens train $flags"
	# shellcheck disable=SC2086
	GOMAXPROCS=$procs "$bin" train --preset seed --scheme fashion10 --seed 1 --val 0.1 --no-test $flags \
		--out "$out/$name.ckpt" >"$out/$name.log" 2>&1 || { echo "$name: failed, see $out/$name.log"; exit 1; }
	echo "$name: $(grep "^Stopped" "$out/$name.log")"
' _ {} "$OUT" "$BIN" "$procs"

"$(dirname "$0")/summary.sh" "$OUT" >"$OUT/ablation.tsv"
cat "$OUT/ablation.tsv"
