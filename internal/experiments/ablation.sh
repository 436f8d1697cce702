#!/bin/sh
# ablation.sh: the recipe ablation of BENCHMARKS.md, "Training recipe".
#
#   internal/experiments/ablation.sh [OUT] [JOBS]
#
# Trains the seed preset on the 10 classes once per row below, all with
# seed 1 and the same validation split (0.1 of the train split), and never
# looks at the test split (--no-test): every choice of the recipe is made
# on validation accuracy. JOBS runs (default 2) share the machine, each
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
# Round 1: the candidate that augments (shift 1 and flips, not in the last 2
# epochs), and one change of it per row. Round 2: the default recipe (no
# augmentation; round 1's winner), and one change of it per row. The
# names are those of BENCHMARKS.md (the logs of internal/experiments/results
# name the candidate "best" and the default "no-augmentation": the default
# recipe augmented when they ran).
AUG="--shift 1 --flip --clean-epochs 2"
ROWS=${ROWS:-"
study|--recipe study
candidate|$AUG
no-recalibration|$AUG --recalibrate 0
no-flip|--shift 1 --flip=false --clean-epochs 2
no-shift|--shift 0 --flip --clean-epochs 2
shift-2|--shift 2 --flip --clean-epochs 2
default|
noaug-no-smoothing|--smoothing 0
noaug-no-weight-decay|--wd 0
noaug-constant-lr|--schedule constant --lr 0.001
noaug-cosine|--schedule cosine
noaug-early-stopping|--select val-loss
noaug-no-recalibration|--recalibrate 0
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
