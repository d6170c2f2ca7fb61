"""The MLP of sgdlab's model.MLP in PyTorch: 784-128-10, ReLU, softmax
cross-entropy averaged over the batch (sim/cmd/benchpeers -mlp runs both).
One pass is a forward and a backward pass of one batch of B images (the
gradient of the mean loss with respect to all weights and biases).

usage: mlp_torch.py DIR N B PASSES REPS THREADS
Reads DIR/x.f64 (N*784 pixels as sgdlab sees them), DIR/y.i64 (N labels)
and DIR/w.f64 (sgdlab's parameter vector: W1 (128x784, row-major), b1,
W2 (10x128), b2). THREADS is "default" or a count for torch.set_num_threads.
Times PASSES passes over the N/B consecutive batches (best of REPS) in
float32 and in float64; writes the float64 gradient of the first batch to
DIR/g.f64 in sgdlab's layout and prints one JSON line: seconds per pass,
the threads torch used and those of its BLAS (Debian's torch calls
OpenBLAS, which has its own pool: OPENBLAS_NUM_THREADS; -1 when unknown),
torch's version and the float64 loss of the first batch.
"""
import ctypes, json, os, sys, time

import numpy as np
import torch
import torch.nn.functional as F

SIZES = (784, 128, 10)


def params(w, dtype):
    """The weights and biases of w, layer by layer, as leaf tensors."""
    ps, off = [], 0
    for i, o in zip(SIZES[:-1], SIZES[1:]):
        W = torch.tensor(w[off:off + o * i].reshape(o, i), dtype=dtype, requires_grad=True)
        b = torch.tensor(w[off + o * i:off + o * (i + 1)], dtype=dtype, requires_grad=True)
        ps += [W, b]
        off += o * (i + 1)
    return ps


def loss_of(ps, x, y):
    W1, b1, W2, b2 = ps
    return F.cross_entropy(F.linear(F.relu(F.linear(x, W1, b1)), W2, b2), y)


def time_passes(ps, batches, passes, reps):
    for k in range(3):  # warm up
        loss_of(ps, *batches[k % len(batches)]).backward()
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        for k in range(passes):
            for p in ps:
                p.grad = None
            loss_of(ps, *batches[k % len(batches)]).backward()
        best = min(best, (time.perf_counter() - t0) / passes)
    return best


def blas_threads():
    try:
        return int(ctypes.CDLL("libopenblas.so.0").openblas_get_num_threads())
    except (OSError, AttributeError):
        return -1


def main():
    d, n, b, passes, reps, threads = sys.argv[1], *map(int, sys.argv[2:6]), sys.argv[6]
    if threads != "default":
        torch.set_num_threads(int(threads))
    x = np.fromfile(os.path.join(d, "x.f64"), dtype="<f8").reshape(n, SIZES[0])
    y = torch.from_numpy(np.fromfile(os.path.join(d, "y.i64"), dtype="<i8"))
    w = np.fromfile(os.path.join(d, "w.f64"), dtype="<f8")
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas_threads": blas_threads()}
    for dtype, key in ((torch.float32, "f32"), (torch.float64, "f64")):
        xt = torch.tensor(x, dtype=dtype)
        batches = [(xt[k:k + b], y[k:k + b]) for k in range(0, n - b + 1, b)]  # views, no copies
        ps = params(w, dtype)
        out[key] = time_passes(ps, batches, passes, reps)
        if dtype == torch.float64:
            for p in ps:
                p.grad = None
            loss = loss_of(ps, *batches[0])
            loss.backward()
            out["loss"] = loss.item()
            g = np.concatenate([p.grad.numpy().ravel() for p in ps])
            g.astype("<f8").tofile(os.path.join(d, "g.f64"))
    print(json.dumps(out))


main()
