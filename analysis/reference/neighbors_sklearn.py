#!/usr/bin/env python3
"""scikit-learn side of the nearest-neighbour benchmark (BENCHMARKS.md,
"Nearest neighbours").

Times scikit-learn's NearestNeighbors(n_neighbors=11, algorithm=A,
n_jobs=2).fit(X).kneighbors(X) -- each point's 10 nearest other points,
the point itself coming first -- on the features the Go benchmarks use,
written by

    NEIGHBORS_DUMP=DIR go test ./analysis/neighbors -run '^TestDumpBenchData$'

and compares its answer with the Go index's (DIR/knn10-idx.npy and
DIR/knn10-dist.npy). Not part of Fashion Lens and never shipped with it.

    /usr/bin/python3 analysis/reference/neighbors_sklearn.py DIR \
        [--algorithms auto,kd_tree,ball_tree] [--repeat 1]

Prints one line per algorithm: "sklearn/ALGORITHM SECONDS" (the median of
--repeat runs of fit + kneighbors, after an untimed warm-up run on a tenth
of the points), then, on lines starting with "#", the
agreement with the Go answer.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.neighbors import NearestNeighbors


def run(x, algorithm):
    nn = NearestNeighbors(n_neighbors=11, algorithm=algorithm, n_jobs=2).fit(x)
    return nn, nn.kneighbors(x)


def agreement(x, dist, idx, go_idx, go_dist):
    """Compares scikit-learn's 11 neighbours (the point itself among them)
    with Go's 10 other points: the largest distance difference, and the
    fraction of points with the same set of neighbours."""
    n = x.shape[0]
    same = 0
    diff = 0.0
    for i in range(n):
        # Drop the point itself (it need not be first when it has
        # duplicates, which are at distance 0 as well).
        keep = idx[i] != i
        ids, ds = idx[i][keep][:10], dist[i][keep][:10]
        if len(ids) < 10:  # the point itself was not returned
            ids, ds = idx[i][1:], dist[i][1:]
        diff = max(diff, float(np.max(np.abs(ds - go_dist[i]))))
        same += set(ids.tolist()) == set(go_idx[i].tolist())
    return diff, same / n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", help="folder written by TestDumpBenchData")
    ap.add_argument("--algorithms", default="auto,kd_tree,ball_tree")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()

    x = np.load(os.path.join(a.dir, "features.npy"))
    go_idx = np.load(os.path.join(a.dir, "knn10-idx.npy"))
    go_dist = np.load(os.path.join(a.dir, "knn10-dist.npy"))
    notes = []
    for alg in a.algorithms.split(","):
        # Untimed warm-up on a tenth of the points: the first call of a
        # process also starts thread pools and loads code, as Go's
        # benchmarks run a first iteration before timing.
        run(x[: x.shape[0] // 10], alg)
        times = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            nn, (dist, idx) = run(x, alg)
            times.append(time.perf_counter() - t)
        print(f"sklearn/{alg} {statistics.median(times):.6f}", flush=True)
        diff, same = agreement(x, dist, idx, go_idx, go_dist)
        notes.append(f"# sklearn/{alg}: ran as {nn._fit_method}; same 10 neighbours as Go for "
                     f"{100 * same:.2f}% of points, distances within {diff:.3g}")
    print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
          f"X {x.shape[0]}x{x.shape[1]} {x.dtype}")
    for line in notes:
        print(line)


if __name__ == "__main__":
    sys.exit(main())
