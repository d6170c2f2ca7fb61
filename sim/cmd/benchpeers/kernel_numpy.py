"""The Gaussian kernel matrix of the first n MNIST samples with numpy, the
same computation as sgdlab's kernel.Matrix (sim/cmd/benchpeers runs both).

usage: kernel_numpy.py DATA_DIR N SIGMA REPS PAIRS_JSON
Reads data/mnist shards (the sim/shard format) itself, times only the kernel
computation (best of REPS), prints one JSON line: seconds, threads, and the
entries K[i][j] of the given pairs.
"""
import json, os, struct, sys, time

import numpy as np


def load(data_dir, n):
    man = json.load(open(os.path.join(data_dir, "manifest.json")))
    rows, have = [], 0
    for ref in man["shards"]:
        if have >= n:
            break
        b = open(os.path.join(data_dir, ref["file"]), "rb").read()
        magic, ver, elem, _, sn, d, classes, scale, _crc = struct.unpack("<4sHBBIIIdI", b[:32])
        assert magic == b"SGDS" and ver == 1 and elem == 1, "not a uint8 shard"
        px = np.frombuffer(b, dtype=np.uint8, count=sn * d, offset=32).reshape(sn, d)
        rows.append(px.astype(np.float64) * scale)
        have += sn
    return np.concatenate(rows)[:n]


def kernel(x, sigma):
    sq = np.einsum("ij,ij->i", x, x)
    g = x @ x.T
    d2 = sq[:, None] + sq[None, :] - 2 * g
    np.maximum(d2, 0, out=d2)
    d2 *= -1 / (2 * sigma * sigma)
    return np.exp(d2, out=d2)


def threads():
    try:
        from threadpoolctl import threadpool_info
        return sum(p.get("num_threads", 0) for p in threadpool_info())
    except Exception:
        return os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or "default"


def main():
    data_dir, n, sigma, reps, pairs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), json.loads(sys.argv[5])
    x = load(data_dir, n)
    best, k = None, None
    for _ in range(reps):
        t0 = time.perf_counter()
        k = kernel(x, sigma)
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    print(json.dumps({"seconds": best, "threads": str(threads()), "numpy": np.__version__,
                      "entries": [float(k[i, j]) for i, j in pairs]}))


if __name__ == "__main__":
    main()
