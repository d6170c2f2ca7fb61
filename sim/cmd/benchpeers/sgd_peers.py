"""Mini-batch SGD steps with numpy or PyTorch (float64), the same formulas as
sgdlab's steppers (sim/cmd/benchpeers -kernelsgd / -linsgd runs both), on
the batches sgdlab drew, written the natural vectorised way:

kernel (kernel.SGD: f = sum_j alpha_j k(x_j, .), R = K alpha - Y kept):
    D = -(eta/m) R[B]          every residual at the current alpha
    alpha[B] += D              duplicates each added (np.add.at / index_add_)
    R += K[B].T @ D            K symmetric: K[:, B] = K[B].T; sums duplicates

linear (sgd.Multi: f(x) = x^T W, W is d x c):
    R = X[B] @ W - Y[B]
    W -= (eta/m) X[B].T @ R

usage: sgd_peers.py MODE LIB THREADS DIR N C REPS ETA M1,M2,...
MODE is kernel or linear, LIB numpy or torch, THREADS "default" or a count
(torch.set_num_threads; the BLAS's own pool is set by the environment).
Reads DIR/k.f64 (kernel, N*N) or DIR/x.f64 (linear, N*d), DIR/y.f64 (N*C)
and, for each batch size m, DIR/batches_m.i64 (steps*m indices, one batch
after the other). Times the steps from zero coefficients (the median of REPS; each
repetition starts again from zero with the same batches), writes the
coefficients after the steps to DIR/out_LIB_THREADS_m.f64 and prints one JSON line: seconds
per step for each m, the library, its version, the threads it used and the
BLAS libraries mapped into the process.
"""
import json, os, statistics, sys, time

import numpy as np


def blas():
    """The BLAS-like libraries mapped into this process (after the runs)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                name = os.path.basename(line.split()[-1])
                if any(k in name for k in ("blas", "mkl", "dnnl", "lapack")):
                    libs.add(name)
    except OSError:
        pass
    return ", ".join(sorted(libs)) or "unknown"


def kernel_numpy(K, Y, B, eta, m):
    a = -eta / m
    alpha = np.zeros_like(Y)
    R = -Y
    for b in B:
        D = a * R[b]
        np.add.at(alpha, b, D)
        R += K[b].T @ D
    return alpha


def kernel_torch(K, Y, B, eta, m):
    import torch
    a = -eta / m
    alpha = torch.zeros_like(Y)
    R = -Y
    for b in B:
        D = a * R[b]
        alpha.index_add_(0, b, D)
        R += K[b].T @ D
    return alpha


def linear(X, Y, B, eta, m, zeros):
    s = eta / m
    W = zeros((X.shape[1], Y.shape[1]))
    for b in B:
        Xb = X[b]
        R = Xb @ W - Y[b]
        W -= s * (Xb.T @ R)
    return W


def main():
    mode, lib, threads, d = sys.argv[1:5]
    n, c, reps = map(int, sys.argv[5:8])
    eta = float(sys.argv[8])
    ms = [int(v) for v in sys.argv[9].split(",")]
    out = {"lib": lib, "runs": []}
    y = np.fromfile(os.path.join(d, "y.f64"), dtype="<f8").reshape(n, c)
    if mode == "kernel":
        a = np.fromfile(os.path.join(d, "k.f64"), dtype="<f8").reshape(n, n)
    else:
        a = np.fromfile(os.path.join(d, "x.f64"), dtype="<f8").reshape(n, -1)
    if lib == "torch":
        import torch
        if threads != "default":
            torch.set_num_threads(int(threads))
        out["version"], out["threads"] = torch.__version__, str(torch.get_num_threads())
        a, y = torch.from_numpy(a), torch.from_numpy(y)
        step = kernel_torch if mode == "kernel" else lambda A, Y, B, eta, m: linear(A, Y, B, eta, m, lambda s: torch.zeros(s, dtype=torch.float64))
        wrap = torch.from_numpy
        back = lambda t: t.numpy()
    else:
        out["version"] = np.__version__
        out["threads"] = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or "default"
        step = kernel_numpy if mode == "kernel" else lambda A, Y, B, eta, m: linear(A, Y, B, eta, m, np.zeros)
        wrap = lambda v: v
        back = lambda v: v
    for m in ms:
        idx = np.fromfile(os.path.join(d, "batches_%d.i64" % m), dtype="<i8").reshape(-1, m)
        steps = len(idx)
        batches = [wrap(idx[t]) for t in range(steps)]  # rows, ready to index with
        step(a, y, batches[:3], eta, m)  # warm up
        times, coef = [], None
        for _ in range(reps):
            t0 = time.perf_counter()
            coef = step(a, y, batches, eta, m)
            times.append((time.perf_counter() - t0) / steps)
        np.ascontiguousarray(back(coef)).astype("<f8").tofile(os.path.join(d, "out_%s_%s_%d.f64" % (lib, threads, m)))
        out["runs"].append({"m": m, "seconds": statistics.median(times)})
    out["blas"] = blas()
    print(json.dumps(out))


main()
