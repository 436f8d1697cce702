#!/usr/bin/env python3
"""umap-learn side of the UMAP benchmark (BENCHMARKS.md, "UMAP (issue 17)").

Run by analysis/reference/umap_bench.sh, which writes the feature files
(NumPy, n×64 float64) and builds the Go test binary:

    /usr/bin/python3 analysis/reference/umap_learn.py --go UMAP_TEST_BINARY \
        --rounds 3 test.npy [train.npy]

Each round runs, on each input in turn: the Go embedding (the test binary's
TestUMAPBenchRun in a fresh process; it prints the seconds Embed took and
writes its layout), umap-learn 0.5.3 with random_state=42 (single-threaded)
and umap-learn without a random_state (parallel, n_jobs=-1); n_neighbors 15,
min_dist 0.1 and the default epochs for all. Before the rounds, each
umap-learn variant fits the first input once, untimed, so that numba's
compilation is not counted against it. The trustworthiness (k = 10) of every
layout is scikit-learn's, on all points up to 10,000 and on a fixed random
10,000 (seed 0) of larger inputs. Not part of Fashion Lens and never shipped
with it.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.manifold import trustworthiness

warnings.filterwarnings("ignore")
import umap  # noqa: E402 (after the warnings filter: numba's are noisy)

TRUST_MAX = 10000


def go_run(binary, path):
    env = dict(os.environ, UMAP_RUN=path)
    out = subprocess.run([binary, "-test.run", "^TestUMAPBenchRun$", "-test.v"], env=env,
                         capture_output=True, text=True, check=True).stdout
    secs = [float(l.split()[1]) for l in out.splitlines() if l.startswith("seconds ")]
    if not secs:
        sys.exit("no seconds from the Go run:\n" + out)
    return secs[0], np.load(path[:-4] + ".go-layout.npy")


def learn(x, seeded):
    kw = {"random_state": 42} if seeded else {"n_jobs": -1}
    t = time.perf_counter()
    y = umap.UMAP(n_neighbors=15, min_dist=0.1, **kw).fit_transform(x)
    return time.perf_counter() - t, y


def trust(x, y, sub):
    if sub is not None:
        x, y = x[sub], y[sub]
    return trustworthiness(x, y, n_neighbors=10)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--go", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("inputs", nargs="+")
    a = ap.parse_args()
    print(f"# umap-learn {umap.__version__ if hasattr(umap, '__version__') else '?'}, "
          f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    data = {p: np.load(p) for p in a.inputs}
    subs = {}
    for p, x in data.items():
        n = x.shape[0]
        subs[p] = None if n <= TRUST_MAX else np.sort(np.random.RandomState(0).choice(n, TRUST_MAX, replace=False))
    first = data[a.inputs[0]]
    for seeded in (True, False):
        t, _ = learn(first, seeded)
        print(f"# warm-up (compilation), umap-learn {'seeded' if seeded else 'parallel'}: {t:.2f} s", flush=True)

    runs = {}  # (input, method) -> [(seconds, trust)]
    for r in range(a.rounds):
        for p, x in data.items():
            n = x.shape[0]
            for method in ("go", "learn-seeded", "learn-parallel"):
                if method == "go":
                    t, y = go_run(a.go, p)
                else:
                    t, y = learn(x, method == "learn-seeded")
                tw = trust(x, y, subs[p])
                runs.setdefault((n, method), []).append((t, tw))
                print(f"round {r + 1} n={n} {method:15} {t:8.3f} s  trustworthiness {tw:.5f}", flush=True)

    names = {"go": "Fashion Lens analysis/umap (seed 1)",
             "learn-seeded": "umap-learn, random_state=42 (1 thread)",
             "learn-parallel": "umap-learn, no random_state (n_jobs=-1)"}
    print()
    print("| n | implementation | median time | runs (s) | trustworthiness k=10, median | runs |")
    print("|---|---|---|---|---|---|")
    for (n, m), v in runs.items():
        ts, tws = [t for t, _ in v], [tw for _, tw in v]
        print(f"| {n:,} | {names[m]} | {statistics.median(ts):.2f} s | {', '.join(f'{t:.2f}' for t in ts)} "
              f"| {statistics.median(tws):.5f} | {', '.join(f'{tw:.5f}' for tw in tws)} |")
    print()
    for n in sorted({n for n, _ in runs}):
        med = {m: statistics.median(t for t, _ in runs[(n, m)]) for _, m in runs if (n, m) in runs}
        tw = {m: statistics.median(t for _, t in runs[(n, m)]) for _, m in runs if (n, m) in runs}
        faster = min(("learn-seeded", "learn-parallel"), key=lambda m: med[m])
        print(f"n={n:,}: Go {med['go']:.2f} s; umap-learn's faster variant ({faster}) {med[faster]:.2f} s: "
              f"ratio {med[faster] / med['go']:.2f} (target ≥ 3); seeded/Go {med['learn-seeded'] / med['go']:.2f}, "
              f"parallel/Go {med['learn-parallel'] / med['go']:.2f}; trustworthiness Go {tw['go']:.5f}, "
              f"umap-learn seeded {tw['learn-seeded']:.5f}, parallel {tw['learn-parallel']:.5f}: "
              f"Go − best umap-learn {tw['go'] - max(tw['learn-seeded'], tw['learn-parallel']):+.5f} (target ≥ −0.01)")


if __name__ == "__main__":
    main()
