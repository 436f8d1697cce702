#!/bin/sh
# seeds.sh: the default recipe over three seeds, both schemes (BENCHMARKS.md,
# "Training recipe": the 3-seed table).
#
#   internal/experiments/seeds.sh [OUT] [JOBS]
#
# Trains the seed preset with the default recipe and seeds 1, 2 and 3 on
# the 10 classes and on the study's 5 groups. These are final models:
# each is measured once on the test split, by the train command itself.
# The 10-class models are also scored with their predictions merged into
# the 5 groups (evaluate --merge groups5). JOBS runs (default 2) share
# the machine, each on GOMAXPROCS=nproc/JOBS. Prints OUT/seeds.tsv and
# the mean ± sd per scheme.
set -eu
OUT=${1:-build/seeds}
JOBS=${2:-2}
BIN=${BIN:-./fashionlens}
SEEDS=${SEEDS:-"1 2 3"}
mkdir -p "$OUT"
procs=$(( $(nproc) / JOBS ))
[ "$procs" -ge 1 ] || procs=1

for scheme in fashion10 groups5; do
	for seed in $SEEDS; do echo "$scheme-seed$seed|--scheme $scheme --seed $seed"; done
done | xargs -P "$JOBS" -I{} sh -c '
	row="$1"; out="$2"; bin="$3"; procs="$4"
	name=${row%%|*}; flags=${row#*|}
	if [ -s "$out/$name.ckpt" ] && grep -q "^Saved" "$out/$name.log" 2>/dev/null; then
		echo "$name: done before, kept"; exit 0
	fi
	echo "$name: fashionlens train $flags"
	# shellcheck disable=SC2086
	GOMAXPROCS=$procs "$bin" train --preset seed $flags --out "$out/$name.ckpt" >"$out/$name.log" 2>&1 ||
		{ echo "$name: failed, see $out/$name.log"; exit 1; }
	echo "$name: $(grep "^Training speed" "$out/$name.log")"
' _ {} "$OUT" "$BIN" "$procs"

# The 10-class models as the 5 groups.
for seed in $SEEDS; do
	"$BIN" evaluate --model "$OUT/fashion10-seed$seed.ckpt" --merge groups5 >"$OUT/fashion10-seed$seed-as-groups5.txt"
done

"$(dirname "$0")/summary.sh" "$OUT" >"$OUT/seeds.tsv"
{
	cat "$OUT/seeds.tsv"
	echo
	for scheme in fashion10 groups5; do
		awk -F'\t' -v s="$scheme" '$1 ~ "^"s"-seed" { n++; x[n] = $5 }
			END { for (i = 1; i <= n; i++) m += x[i]; m /= n
			      for (i = 1; i <= n; i++) v += (x[i]-m)^2; sd = (n > 1 ? sqrt(v/(n-1)) : 0)
			      printf "%s: test accuracy %.2f ± %.2f%% (mean ± sd of %d seeds)\n", s, m, sd, n }' "$OUT/seeds.tsv"
	done
	for seed in $SEEDS; do
		printf 'fashion10 seed %s merged into groups5: %s\n' "$seed" \
			"$(sed -n 's/^Accuracy: \([0-9.]*%\).*/\1/p' "$OUT/fashion10-seed$seed-as-groups5.txt")"
	done
} | tee "$OUT/seeds.txt"
