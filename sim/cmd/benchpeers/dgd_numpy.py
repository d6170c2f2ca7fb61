"""One synchronous distributed-GD step (THEORY §3) with numpy, the same
computation as sgdlab's dgd.Sync (sim/cmd/benchpeers -dgd runs both):

    W <- W - eta * ( r[:, None] * X + mu * (deg[:, None] * W - Adj @ W) ),
    r = rowwise(X * W) - y,

Adj @ W by scipy.sparse (CSR) when scipy is installed, else by np.add.at on
the edge list.

usage: dgd_numpy.py DIR N D STEPS REPS ETA MU THREADS
Reads DIR/x.f64 (n*d), DIR/y.f64 (n), DIR/edges.i32 (pairs); THREADS is a
label ("default" or a count: the BLAS's threads are set by the environment).
Times STEPS steps from W = 0 (the median of REPS runs), prints one JSON line:
seconds per step, threads, numpy version, sparse backend, and W's entries at
DIR/probe.i64.
"""
import json, os, statistics, sys, time

import numpy as np


def main():
    d_, n, d, steps, reps, eta, mu = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7])
    x = np.fromfile(os.path.join(d_, "x.f64"), dtype="<f8").reshape(n, d)
    y = np.fromfile(os.path.join(d_, "y.f64"), dtype="<f8")
    e = np.fromfile(os.path.join(d_, "edges.i32"), dtype="<i4").reshape(-1, 2)
    probe = np.fromfile(os.path.join(d_, "probe.i64"), dtype="<i8")
    deg = np.bincount(e.ravel(), minlength=n).astype(np.float64)
    try:
        import scipy.sparse as sp
        adj = sp.coo_matrix((np.ones(2 * len(e)), (np.concatenate([e[:, 0], e[:, 1]]), np.concatenate([e[:, 1], e[:, 0]]))), shape=(n, n)).tocsr()
        neigh = lambda w: adj @ w
        backend = "scipy.sparse CSR"
    except ImportError:
        def neigh(w):
            out = np.zeros_like(w)
            np.add.at(out, e[:, 0], w[e[:, 1]])
            np.add.at(out, e[:, 1], w[e[:, 0]])
            return out
        backend = "np.add.at"
    times = []
    for _ in range(reps):
        w = np.zeros((n, d))
        t0 = time.perf_counter()
        for _ in range(steps):
            r = np.einsum("ij,ij->i", x, w) - y
            g = r[:, None] * x
            g += mu * (deg[:, None] * w - neigh(w))
            w -= eta * g
        times.append((time.perf_counter() - t0) / steps)
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(json.dumps({"seconds": statistics.median(times), "threads": threads, "numpy": np.__version__, "backend": backend,
                      "entries": [float(v) for v in w.ravel()[probe]]}))


main()
