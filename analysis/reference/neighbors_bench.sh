#!/bin/sh
# The nearest-neighbour benchmark of BENCHMARKS.md ("Nearest neighbours"):
# the index of analysis/neighbors, the three structures it replaced (as
# they were at commit $OLD) and scikit-learn, interleaved over ROUNDS
# rounds on the same data, the encoded features of the 10,000 test images
# (10,000×64). Prints the machine, every run, the medians and the ratios of
# medians. Run it from the repository root:
#
#     analysis/reference/neighbors_bench.sh [ROUNDS]        # default 5
#
# Needs git and Debian's python3-sklearn (run with /usr/bin/python3). The
# old code is `git archive $OLD` in a temporary folder, into which the
# benchmark files of analysis/reference/testdata/neighbors are copied (its
# structures were private to their packages); so is this tree's
# analysis/neighbors, for the experiment that chose the index's structure.
# Not part of Fashion Lens and never shipped with it.
set -eu
rounds=${1:-5}
old=${OLD:-7d5f5b2d96620314307cc726078b87b91d5ce434}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# $(date -u '+%F %H:%M UTC'), $(go version | cut -d' ' -f3-), nproc $(nproc), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
lscpu | awk -F: '/^Model name|^CPU family|^Model:/ {gsub(/^ +/, "", $2); printf "# %s: %s\n", $1, $2}'
flags=$(lscpu | awk -F: '/^Flags/ {print $2}' | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl)$' | tr '\n' ' ')
echo "# flags: $flags"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# The new code, and the data for scikit-learn.
go test -c -o "$tmp/new-neighbors.test" ./analysis/neighbors
go test -c -o "$tmp/new-cluster.test" ./analysis/cluster
NEIGHBORS_DUMP=$tmp "$tmp/new-neighbors.test" -test.run '^TestDumpBenchData$' >/dev/null

# The old code, with benchmarks of its three structures.
mkdir "$tmp/old"
git archive "$old" | tar -x -C "$tmp/old"
cp analysis/reference/testdata/neighbors/old_cluster_bench_test.go "$tmp/old/analysis/cluster/"
cp analysis/reference/testdata/neighbors/old_tsne_bench_test.go "$tmp/old/analysis/tsne/"
cp analysis/reference/testdata/neighbors/old_neighbors_bench_test.go "$tmp/old/analysis/neighbors/"
for p in cluster tsne neighbors; do
	(cd "$tmp/old" && go test -c -o "$tmp/old-$p.test" ./analysis/$p)
done

# The structure, chosen by measurement: a vantage-point tree (with the
# vantage-point choice of the old t-SNE tree) over the rotated rows of the
# new index, searched with the same exact decisions and heap, against the
# index's k-d tree; search only, then the vantage-point tree's build (the
# rotation not included). It uses the index's internals as they are in the
# working tree's analysis/neighbors, copied into the old tree.
cp -r "$tmp/old" "$tmp/vp"
rm -r "$tmp/vp/analysis/neighbors"
cp -r analysis/neighbors "$tmp/vp/analysis/neighbors"
# (with the packages it imports that the old tree lacks)
mkdir -p "$tmp/vp/internal"
cp -r internal/par internal/progress "$tmp/vp/internal/"
cp analysis/reference/testdata/neighbors/vp_experiment_bench_test.go "$tmp/vp/analysis/neighbors/"
(cd "$tmp/vp" && go test -c -o "$tmp/vp-neighbors.test" ./analysis/neighbors)

# bench BINARY PREFIX REGEXP: one line "PREFIX/NAME SECONDS" a benchmark.
bench() {
	"$1" -test.run '^$' -test.bench "$3" -test.count 1 |
		awk -v p="$2" '/^Benchmark/ {n = $1; sub(/-[0-9]+$/, "", n); sub(/^Benchmark/, "", n); printf "%s/%s %.6f\n", p, n, $3 / 1e9}'
}
for r in $(seq "$rounds"); do
	echo "# round $r" >&2
	bench "$tmp/new-neighbors.test" new 'Build|Pairs|Nearest' >>"$tmp/runs"
	bench "$tmp/new-cluster.test" new 'DBSCAN|KDistance' >>"$tmp/runs"
	bench "$tmp/old-cluster.test" old 'OldKDTree|DBSCAN|KDistance' >>"$tmp/runs"
	bench "$tmp/old-tsne.test" old 'OldVPTree' >>"$tmp/runs"
	bench "$tmp/old-neighbors.test" old 'OldBrute|Nearest' >>"$tmp/runs"
	bench "$tmp/vp-neighbors.test" exp 'VPSearch' >>"$tmp/runs"
	$py analysis/reference/neighbors_sklearn.py "$tmp" >"$tmp/sklearn"
	grep -v '^#' "$tmp/sklearn" >>"$tmp/runs"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^#' "$tmp/sklearn"

$py - "$tmp/runs" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, t = line.split()
    runs.setdefault(name, []).append(float(t))
med = {k: statistics.median(v) for k, v in runs.items()}
def ms(s):
    return f"{s * 1e3:.1f} ms" if s >= 1e-3 else f"{s * 1e6:.1f} µs"
print(f"{'benchmark':48} {'median':>10}   runs")
for k in runs:
    print(f"{k:48} {ms(med[k]):>10}   " + ", ".join(ms(v) for v in runs[k]))
print()
print("ratios of medians (> 1: the new index is faster)")
new10 = "new/BuildAllNearest/k=10"
pairs = [(f"sklearn/{a}", new10) for a in ("auto", "kd_tree", "ball_tree")]
pairs += [("old/OldKDTreeBuildAll10NN", new10), ("old/OldVPTreeBuildAllNN/raw/k=10", new10),
          ("old/OldVPTreeBuildAllNN/rotated/k=10", new10), ("old/OldBruteBuildAll10NN", new10),
          ("old/OldVPTreeBuildAllNN/rotated/k=91", "new/BuildAllNearest/k=91"),
          ("old/OldKDTreeBuild", "new/Build"), ("old/DBSCAN", "new/DBSCAN"), ("old/KDistance", "new/KDistance"),
          ("old/Nearest", "new/Nearest"), ("old/NearestTo", "new/NearestTo")]
pairs += [(f"old/OldKDTreePairs/eps={e}", f"new/Pairs/eps={e}") for e in ("6", "9", "12.37", "16", "20")]
pairs += [(f"exp/VPSearch/vp/k={k}", f"exp/VPSearch/kd/k={k}") for k in (10, 91)]
for a, b in pairs:
    if a in med and b in med:
        print(f"{a:40} / {b:28} {med[a] / med[b]:6.2f}")
EOF
