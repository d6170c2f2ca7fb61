"""One synchronous distributed-GD step (THEORY §3) with PyTorch, float64, the
same computation as sgdlab's dgd.Sync and dgd_numpy.py (sim/cmd/benchpeers
-dgd runs all three):

    W <- W - eta * ( r[:, None] * X + mu * (deg[:, None] * W - Adj @ W) ),
    r = rowwise(X * W) - y,

with torch's in-place operations where they fit (add_ and sub_ with alpha).

Adj @ W by a torch.sparse CSR matrix (or index_add_ on the edge list when
this torch has no CSR product).

usage: dgd_torch.py DIR N D STEPS REPS ETA MU THREADS
Reads DIR/x.f64 (n*d), DIR/y.f64 (n), DIR/edges.i32 (pairs); THREADS is
"default" or a count for torch.set_num_threads. Times STEPS steps from W = 0
(the median of REPS runs), prints one JSON line: seconds per step, torch's threads and
version, the sparse backend, and W's entries at DIR/probe.i64.
"""
import json, os, statistics, sys, time

import numpy as np
import torch


def main():
    d_, n, d, steps, reps, eta, mu, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), sys.argv[8]
    if threads != "default":
        torch.set_num_threads(int(threads))
    x = torch.from_numpy(np.fromfile(os.path.join(d_, "x.f64"), dtype="<f8").reshape(n, d))
    y = torch.from_numpy(np.fromfile(os.path.join(d_, "y.f64"), dtype="<f8"))
    e = torch.from_numpy(np.fromfile(os.path.join(d_, "edges.i32"), dtype="<i4").reshape(-1, 2).astype(np.int64))
    probe = torch.from_numpy(np.fromfile(os.path.join(d_, "probe.i64"), dtype="<i8"))
    deg = torch.bincount(e.reshape(-1), minlength=n).to(torch.float64)
    rows, cols = torch.cat([e[:, 0], e[:, 1]]), torch.cat([e[:, 1], e[:, 0]])
    try:
        import warnings
        warnings.simplefilter("ignore")
        adj = torch.sparse_coo_tensor(torch.stack([rows, cols]), torch.ones(len(rows), dtype=torch.float64), (n, n)).coalesce().to_sparse_csr()
        adj @ torch.zeros(n, 2, dtype=torch.float64)
        neigh = lambda w: adj @ w
        backend = "torch.sparse CSR"
    except (RuntimeError, AttributeError):
        def neigh(w):
            return torch.zeros_like(w).index_add_(0, rows, w[cols])
        backend = "index_add_"
    times = []
    for _ in range(reps):
        w = torch.zeros(n, d, dtype=torch.float64)
        t0 = time.perf_counter()
        for _ in range(steps):
            r = (x * w).sum(1) - y  # faster than einsum in torch 1.13
            g = r[:, None] * x
            g.add_(deg[:, None] * w - neigh(w), alpha=mu)
            w.sub_(g, alpha=eta)
        times.append((time.perf_counter() - t0) / steps)
    print(json.dumps({"seconds": statistics.median(times), "threads": str(torch.get_num_threads()), "torch": torch.__version__, "backend": backend,
                      "entries": [float(v) for v in w.reshape(-1)[probe]]}))


main()
