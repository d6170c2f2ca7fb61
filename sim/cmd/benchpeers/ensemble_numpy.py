"""An ensemble of R least-squares SGD runs from one start, vectorised in
numpy: the same computation as sgdlab's ensemble.Ensemble with a LinReg
model (sim/cmd/benchpeers -ensemble runs both). Each step every run draws a
subset of size b (argpartition of uniforms), takes g = (1/b) sum (x.w - y) x
and, when recording, the full gradient, the loss, Lemma 1's conditional
variance and var(g | F0) over the runs.

usage: ensemble_numpy.py DIR N D R B STEPS ALPHA REPS
Reads DIR/x.f64 (n*d), DIR/y.f64 (n). Times STEPS steps with a record at
every step (best of REPS); prints one JSON line: seconds per step, numpy
version, var(g_0) and its standard error (20 groups).
"""
import json, os, sys, time

import numpy as np


def main():
    d_, n, d, R, b, steps, alpha, reps = sys.argv[1], *map(int, sys.argv[2:7]), float(sys.argv[7]), int(sys.argv[8])
    x = np.fromfile(os.path.join(d_, "x.f64"), dtype="<f8").reshape(n, d)
    y = np.fromfile(os.path.join(d_, "y.f64"), dtype="<f8")
    norm2 = np.einsum("ij,ij->i", x, x)
    cb = (n - b) / (b * (n - 1))
    rng = np.random.default_rng(1)
    best, var0, se0 = float("inf"), None, None
    for _ in range(reps):
        w = np.zeros((R, d))
        t0 = time.perf_counter()
        for t in range(steps):
            idx = np.argpartition(rng.random((R, n)), b - 1, axis=1)[:, :b]
            xb = x[idx]                                    # R x b x d
            r = np.einsum("rbd,rd->rb", xb, w) - y[idx]
            g = np.einsum("rb,rbd->rd", r, xb) / b
            rf = w @ x.T - y                               # R x n
            full = rf @ x / n
            loss = 0.5 * np.mean(rf * rf, axis=1)
            cond = cb * ((rf * rf) @ norm2 / n - np.einsum("rd,rd->r", full, full))
            var_g = np.var(g, axis=0, ddof=1).sum()
            groups = [np.var(gg, axis=0, ddof=1).sum() for gg in np.array_split(g, 20)]
            if t == 0:
                var0, se0 = var_g, np.std(groups, ddof=1) / np.sqrt(20)
            w -= alpha * g
        best = min(best, (time.perf_counter() - t0) / steps)
    print(json.dumps({"seconds": best, "numpy": np.__version__, "var0": float(var0), "se0": float(se0),
                      "lemma1": float(cb * (np.mean(y * y * norm2) - np.sum((x.T @ y / n) ** 2)))}))


main()
