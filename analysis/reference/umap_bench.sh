#!/bin/sh
# The UMAP benchmark of BENCHMARKS.md ("UMAP (issue 17)"): analysis/umap
# beside umap-learn 0.5.3 (Debian's umap-learn, run with /usr/bin/python3)
# on the same features, the Dense(64) features that internal/testfeatures'
# fixed model computes for the 10,000 test images and, with Debian's
# dataset-fashion-mnist, the 60,000 train images. ROUNDS interleaved
# rounds, each running on each input: the Go embedding (a fresh process,
# TestUMAPBenchRun: Embed with the defaults, seed 1), umap-learn with
# random_state=42 (one thread) and umap-learn without (n_jobs=-1, all
# cores), all with n_neighbors 15, min_dist 0.1 and the default epochs.
# umap-learn runs in one Python process that first fits each variant once
# on the test features, untimed, so that numba's compilation is not
# counted. Prints the machine, every run, the medians, the ratios of
# medians and the trustworthiness (k = 10) of every layout, all computed
# by scikit-learn's sklearn.manifold.trustworthiness (for the 60,000, on a
# fixed random 10,000 of the points, the same for every layout: the exact
# measure on 60,000 needs a 60,000² distance matrix). Run it from the
# repository root:
#
#     analysis/reference/umap_bench.sh [ROUNDS]        # default 3
#
# Not part of Fashion Lens and never shipped with it.
set -eu
rounds=${1:-3}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# $(date -u '+%F %H:%M UTC'), $(go version | cut -d' ' -f3-), nproc $(nproc), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, commit $(git rev-parse --short HEAD)"
lscpu | awk -F: '/^Model name|^CPU family|^Model:/ {gsub(/^ +/, "", $2); printf "# %s: %s\n", $1, $2}'
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

go test -c -o "$tmp/umap.test" ./analysis/umap
UMAP_DUMP=$tmp "$tmp/umap.test" -test.run '^TestDumpUMAPBenchData$' >/dev/null
inputs="$tmp/test.npy"
if [ -f "$tmp/train.npy" ]; then
	inputs="$inputs $tmp/train.npy"
fi
$py analysis/reference/umap_learn.py --go "$tmp/umap.test" --rounds "$rounds" $inputs
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
