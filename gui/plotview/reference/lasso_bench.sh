#!/bin/sh
# The lasso benchmark of BENCHMARKS.md ("Lasso selection (map widget)"):
# the map widget's lasso selection (BenchmarkLasso, which also rebuilds
# the geometry and the screen index, and BenchmarkLassoIndexed, the
# point-in-polygon tests alone) beside matplotlib's
# Path(lasso).contains_points and a plain numpy even-odd test, on the same
# 10,000 points and 200-vertex lasso, interleaved over ROUNDS rounds.
# Prints the machine, every run, the medians, the ratios of medians and
# the agreement of the answers, as a markdown table. Run it from the
# repository root:
#
#     gui/plotview/reference/lasso_bench.sh [ROUNDS]        # default 5
#
# Each round runs the Go benchmarks once, as
# `go test ./gui/plotview -run '^$' -bench '^BenchmarkLasso(Indexed)?$' -count 1`
# would (the test binary is compiled once, with go test -c, into a
# temporary folder), then gui/plotview/reference/lasso_matplotlib.py (the
# median of 50 runs of each reference). The data are dumped once, by
# TestDumpLassoBenchData. Needs Debian's python3-matplotlib (run with
# /usr/bin/python3). Not part of Fashion Lens and never shipped with it.
set -eu
rounds=${1:-5}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "# $(date -u '+%F %H:%M UTC'), $(go version | cut -d' ' -f3-), nproc $(nproc), OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, commit $(git rev-parse --short HEAD)"
lscpu | awk -F: '/^Model name|^CPU family|^Model:/ {gsub(/^ +/, "", $2); printf "# %s: %s\n", $1, $2}'
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

go test -c -o "$tmp/plotview.test" ./gui/plotview
mkdir "$tmp/data"
PLOTVIEW_DUMP="$tmp/data" "$tmp/plotview.test" -test.run '^TestDumpLassoBenchData$' -test.v | grep -E '^ +dump_test' | sed 's/^ */# dump: /'

for r in $(seq "$rounds"); do
	echo "# round $r" >&2
	"$tmp/plotview.test" -test.run '^$' -test.bench '^BenchmarkLasso(Indexed)?$' -test.count 1 |
		awk '/^Benchmark/ {n = $1; sub(/-[0-9]+$/, "", n); printf "go/%s %.9f\n", n, $3 / 1e9}' >>"$tmp/runs"
	$py gui/plotview/reference/lasso_matplotlib.py "$tmp/data" >"$tmp/ref"
	grep -v '^#' "$tmp/ref" >>"$tmp/runs"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^#' "$tmp/ref"
echo

$py - "$tmp/runs" <<'EOF'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, t = line.split()
    runs.setdefault(name, []).append(float(t))
med = {k: statistics.median(v) for k, v in runs.items()}
def ms(s):
    return f"{s * 1e3:.3f} ms"
rows = [
    ("go/BenchmarkLasso", "Fashion Lens, `BenchmarkLasso` (geometry and screen index rebuilt, then the lasso)"),
    ("go/BenchmarkLassoIndexed", "Fashion Lens, `BenchmarkLassoIndexed` (index up to date: the lasso alone)"),
    ("matplotlib/contains_points", "matplotlib `Path(lasso).contains_points(points)`"),
    ("numpy/evenodd", "numpy even-odd, vectorised over the points, a loop over the edges"),
]
lasso, indexed = med.get("go/BenchmarkLasso"), med.get("go/BenchmarkLassoIndexed")
print("| 200-vertex lasso over 10,000 points | median | the runs | ÷ `BenchmarkLasso` | ÷ `BenchmarkLassoIndexed` |")
print("|---|---|---|---|---|")
for k, label in rows:
    if k not in med:
        continue
    print(f"| {label} | {ms(med[k])} | " + ", ".join(f"{v * 1e3:.3f}" for v in runs[k])
          + f" | {med[k] / lasso:.2f} | {med[k] / indexed:.2f} |")
EOF
