#!/usr/bin/env python3
"""scikit-learn side of the analysis benchmarks (BENCHMARKS.md).

Runs scikit-learn 1.2.1 (Debian's python3-sklearn) on the same feature
matrix the Go benchmarks use, and prints one JSON object with the times
and results. Not part of Fashion Lens and never shipped with it.

    fashionlens features --model bundled --data "$(mktemp -d)" \
        --out vectors.tsv --metadata metadata.tsv
    /usr/bin/python3 analysis/reference/sklearn_bench.py vectors.tsv metadata.tsv \
        --eps EPS --min-samples 5 [--tsne] [--labels-out sklearn-labels.csv]

Each timed step runs --repeat times (default 5) and the median is printed,
except t-SNE, which runs once.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import DBSCAN, KMeans
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def timed(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times), times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vectors")
    ap.add_argument("metadata", nargs="?")
    ap.add_argument("--eps", type=float, required=True)
    ap.add_argument("--min-samples", type=int, default=5)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--tsne", action="store_true")
    ap.add_argument("--labels-out")
    a = ap.parse_args()

    x = np.loadtxt(a.vectors, delimiter="\t", dtype=np.float64)
    truth = None
    if a.metadata:
        names = [l.split("\t")[0] for l in open(a.metadata).read().splitlines()[1:]]
        classes = {n: i for i, n in enumerate(dict.fromkeys(names))}
        truth = np.array([classes[n] for n in names])
    out = {"sklearn": sklearn.__version__, "n": x.shape[0], "dim": x.shape[1]}

    pca, t, ts = timed(lambda: PCA(n_components=2).fit(x), a.repeat)
    out["pca"] = {"seconds": t, "runs": ts, "explained_variance_ratio": pca.explained_variance_ratio_.tolist()}

    km, t, ts = timed(lambda: KMeans(n_clusters=a.k, n_init=10, random_state=0).fit(x), a.repeat)
    out["kmeans"] = {"seconds": t, "runs": ts, "inertia": km.inertia_, "iterations": int(km.n_iter_)}
    if truth is not None:
        out["kmeans"]["ari"] = adjusted_rand_score(truth, km.labels_)
        out["kmeans"]["nmi"] = normalized_mutual_info_score(truth, km.labels_)

    db, t, ts = timed(lambda: DBSCAN(eps=a.eps, min_samples=a.min_samples).fit(x), a.repeat)
    labels = db.labels_
    out["dbscan"] = {"seconds": t, "runs": ts, "eps": a.eps, "min_samples": a.min_samples,
                     "clusters": int(labels.max() + 1), "noise_fraction": float(np.mean(labels == -1))}
    if a.labels_out:
        np.savetxt(a.labels_out, np.stack([km.labels_, labels], axis=1), fmt="%d", delimiter=",",
                   header="kmeans,dbscan", comments="")

    if a.tsne:
        t0 = time.perf_counter()
        ts_ = TSNE(n_components=2, perplexity=30, init="pca", learning_rate="auto", random_state=0,
                   method="barnes_hut")
        y = ts_.fit_transform(x)
        out["tsne"] = {"seconds": time.perf_counter() - t0, "kl": float(ts_.kl_divergence_),
                       "iterations": int(ts_.n_iter_), "trustworthiness": float(trustworthiness(x, y, n_neighbors=10))}
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
