#!/bin/sh
# labelnoise.sh [OUT]: how well `fashionlens suspects` finds flipped
# labels (BENCHMARKS.md, "Suspicious labels"; make bench-suspects).
#
# For each seed (SEEDS, default 1 to 5) it flips RATE (default 0.03) of
# the test split's labels at random, each to a uniformly random other
# class (labelnoise make), ranks the test split's images with the
# bundled 10-class model and those labels (fashionlens suspects), and
# scores the ranking against the flipped images (labelnoise score):
# precision of the top 100, 300 and 500, recall of the top 300 and the
# AUROC. The score the command uses (both signals) is the first table;
# each signal alone follows as an ablation. Prints markdown tables with
# the medians over the seeds; the files stay in OUT (default
# build/labelnoise).
set -eu
OUT=${1:-build/labelnoise}
SEEDS=${SEEDS:-"1 2 3 4 5"}
RATE=${RATE:-0.03}
K=${K:-10}
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/fashionlens" .
go build -o "$tmp/labelnoise" ./internal/experiments/labelnoise

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'); $(nproc) cores; $(go version | cut -d' ' -f3); commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "Flipped: $RATE of the test split per seed; model: bundled fashion10; k = $K"
for seed in $SEEDS; do
	"$tmp/labelnoise" make --labels-from test --rate "$RATE" --seed "$seed" --out "$OUT/labels-$seed.txt" --flipped "$OUT/flipped-$seed.txt"
	for signal in both model neighbours; do
		"$tmp/fashionlens" suspects --model bundled --scheme fashion10 --split test --k "$K" --signal "$signal" \
			--labels "$OUT/labels-$seed.txt" --out "$OUT/ranking-$seed-$signal.csv" >"$OUT/suspects-$seed-$signal.log" 2>&1 ||
			{ echo "suspects failed, see $OUT/suspects-$seed-$signal.log" >&2; exit 1; }
		"$tmp/labelnoise" score --ranking "$OUT/ranking-$seed-$signal.csv" --flipped "$OUT/flipped-$seed.txt" --k 300 \
			>"$OUT/score-$seed-$signal.txt"
	done
done

# table SIGNAL: per seed and the medians.
table() {
	echo
	echo "Score: $(sed -n 's/^Score: \(.*\)\.$/\1/p' "$OUT/suspects-$(echo "$SEEDS" | cut -d' ' -f1)-$1.log") (--signal $1)"
	echo
	echo "| seed | flipped | P@100 | P@300 | P@500 | recall@300 | AUROC |"
	echo "|---|---|---|---|---|---|---|"
	for seed in $SEEDS; do
		awk -v seed="$seed" '{ v[$1] = $2 }
			END { printf "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.4f |\n", seed, v["flipped"], v["precision@100"], v["precision@300"], v["precision@500"], v["recall@k"], v["auroc"] }' \
			"$OUT/score-$seed-$1.txt"
	done
	for seed in $SEEDS; do cat "$OUT/score-$seed-$1.txt"; done | awk '
		{ n[$1]++; v[$1, n[$1]] = $2 }
		function median(name,   m, i, j, t, a) {
			m = n[name]
			for (i = 1; i <= m; i++) a[i] = v[name, i]
			for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
			return m % 2 ? a[(m+1)/2] : (a[m/2] + a[m/2+1]) / 2
		}
		END { printf "| median | | %.3f | %.3f | %.3f | %.3f | %.4f |\n", median("precision@100"), median("precision@300"), median("precision@500"), median("recall@k"), median("auroc") }'
}
for signal in both model neighbours; do table "$signal"; done | tee "$OUT/table.md"
