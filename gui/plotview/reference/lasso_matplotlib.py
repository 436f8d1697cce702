#!/usr/bin/env python3
"""Reference side of the lasso benchmark (BENCHMARKS.md, "Lasso selection
(map widget)").

Times matplotlib.path.Path(lasso).contains_points(points), the test that
matplotlib's LassoSelector examples use to select points, and a plain
numpy even-odd test, on the input of the Go benchmarks BenchmarkLasso and
BenchmarkLassoIndexed (gui/plotview/bench_test.go), written by

    PLOTVIEW_DUMP=DIR go test ./gui/plotview -run '^TestDumpLassoBenchData$'

(DIR/points.csv: index,x,y, the screen positions of the 10,000 selectable
points; DIR/lasso.csv: x,y, the 200 vertices of the lasso, the last
joining the first; DIR/inside.txt: the indices the Go code selects), and
compares each answer with the Go one. Not part of Fashion Lens and never
shipped with it.

    /usr/bin/python3 gui/plotview/reference/lasso_matplotlib.py DIR [--repeat 50]

Prints one line per method, "NAME SECONDS" (the median of --repeat timed
runs, after one untimed warm-up run), then lines starting with "#": the
median in milliseconds, the number of points inside, the number that
differ from inside.txt, and the fill rule matplotlib applies.

The rules. matplotlib's points_in_path (src/_path.h, point_in_path_impl:
Eric Haines' crossings test, as read in matplotlib's source) shoots a ray
along +x and toggles a flag at every edge that straddles the point's
height, the flag of each subpath separately, then ORs the subpaths'
flags; a path without codes is one subpath, closed by an implicit last
edge. So for a lasso the rule is even-odd: where a self-intersecting lasso
winds over itself twice, the points are outside, as in the Go code
(PointsInPolygon). This script checks that on the installed matplotlib
with two such paths (a pentagram's middle, a square traced twice). The
two tests can differ only for points on an edge (or within rounding error
of one): matplotlib counts a vertex at exactly the point's height as above
(vy >= y) and decides the side of an edge by a cross-multiplication and
">=", the Go code counts it as below (vy > y) and compares x with the
edge's x at that height, computed with a division, by "<". The docstring
of contains_points calls the answer on the boundary undefined.

The numpy test is the Go code's, edge by edge over all points at once
(the same float64 formula, in the same order), without the Go code's
bands and grid.
"""
import argparse
import os
import statistics
import sys
import time

import matplotlib
import numpy as np
from matplotlib.path import Path


def read(d):
    pts = np.loadtxt(os.path.join(d, "points.csv"), delimiter=",", skiprows=1, dtype=np.float64)
    index = pts[:, 0].astype(np.int64)
    xy = np.ascontiguousarray(pts[:, 1:3])
    lasso = np.loadtxt(os.path.join(d, "lasso.csv"), delimiter=",", skiprows=1, dtype=np.float64)
    go = np.loadtxt(os.path.join(d, "inside.txt"), dtype=np.int64, ndmin=1)
    return index, xy, lasso, go


def mpl_inside(lasso, xy):
    return Path(lasso).contains_points(xy)


def numpy_inside(lasso, xy):
    """The even-odd rule of the Go code's polygon.contains: an edge from a
    to b counts if (ay > y) != (by > y) and x < ax + (y-ay)*(bx-ax)/(by-ay)."""
    x, y = xy[:, 0], xy[:, 1]
    ax, ay = lasso[:, 0], lasso[:, 1]
    bx, by = np.roll(ax, -1), np.roll(ay, -1)
    inside = np.zeros(len(x), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in range(len(ax)):
            if ay[k] == by[k]:
                continue  # horizontal: never crosses the ray
            straddle = (ay[k] > y) != (by[k] > y)
            cross = x < ax[k] + (y - ay[k]) * (bx[k] - ax[k]) / (by[k] - ay[k])
            inside ^= straddle & cross
    return inside


def time_it(f, repeat):
    f()  # warm-up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def rule_checks():
    """matplotlib's answers on self-intersecting paths."""
    a = np.pi / 2 + 4 * np.pi / 5 * np.arange(5)  # pentagram: every second tip
    star = np.column_stack([np.cos(a), np.sin(a)])
    sq = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    twice = np.vstack([sq, sq])  # a square traced twice
    return (
        bool(Path(star).contains_points([[0, 0]])[0]),  # the middle, wound twice
        bool(Path(star).contains_points([[0, 0.8]])[0]),  # a tip, wound once
        bool(Path(twice).contains_points([[0.5, 0.5]])[0]),
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", help="folder written by TestDumpLassoBenchData")
    ap.add_argument("--repeat", type=int, default=50)
    a = ap.parse_args()

    index, xy, lasso, go = read(a.dir)
    go_set = set(go.tolist())
    go_mask = np.fromiter((i in go_set for i in index.tolist()), dtype=bool, count=len(index))
    if go_mask.sum() != len(go_set):
        sys.exit("inside.txt names points not in points.csv")
    notes = []
    for name, f in (
        ("matplotlib/contains_points", lambda: mpl_inside(lasso, xy)),
        ("numpy/evenodd", lambda: numpy_inside(lasso, xy)),
    ):
        t, mask = time_it(f, a.repeat)
        print(f"{name} {t:.9f}", flush=True)
        differ = np.flatnonzero(mask != go_mask)
        notes.append(
            f"# {name}: median {t * 1e3:.3f} ms of {a.repeat} runs; {int(mask.sum())} of {len(xy)} points inside"
            f" (Go: {len(go_set)}); {len(differ)} differ from inside.txt"
            + (f": indices {index[differ][:20].tolist()}" if len(differ) else "")
        )
    middle, tip, twice = rule_checks()
    notes.append(
        "# matplotlib's rule on self-intersecting paths: pentagram middle (wound twice) "
        f"{'inside' if middle else 'outside'}, a tip (once) {'inside' if tip else 'outside'}, "
        f"a square traced twice {'inside' if twice else 'outside'}: "
        + ("even-odd" if (not middle and tip and not twice) else "NOT even-odd")
    )
    notes.append(f"# matplotlib {matplotlib.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    print("\n".join(notes))


if __name__ == "__main__":
    main()
