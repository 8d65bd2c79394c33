"""The Lab's default job in numpy, on one thread: what a learner would otherwise run in a notebook.

Forward and backward through 50 dense layers of width 256, batch 256, f32, He normal weights sampled inside
the timing, ReLU, per-layer variances of h, dL/dh and dL/dW accumulated in f64 — the same work as
`initscope simulate --init he-normal --activation relu --batch 256`. Prints the median of 7 timings in ms
and the BLAS kernel in use. Run by e2e/bench.mjs; needs `pip install numpy threadpoolctl`.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import json
import time

import numpy as np


def job(rng, depth=50, width=256, batch=256):
    std = np.float32(np.sqrt(2.0 / width))
    x = rng.standard_normal((batch, width), dtype=np.float32)
    hs, ws, stats = [], [], []
    a = x
    for _ in range(depth):
        w = rng.standard_normal((width, width), dtype=np.float32) * std
        h = a @ w
        stats.append(h.var(dtype=np.float64))
        hs.append(h)
        ws.append(w)
        a = np.maximum(h, 0)
    g = rng.standard_normal((batch, width), dtype=np.float32)
    for l in reversed(range(depth)):
        gh = g * (hs[l] > 0)
        stats.append(gh.var(dtype=np.float64))
        a_prev = x if l == 0 else np.maximum(hs[l - 1], 0)
        stats.append((a_prev.T @ gh).var(dtype=np.float64))
        g = gh @ ws[l].T
    return stats


def main():
    rng = np.random.default_rng(42)
    job(rng)
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        job(rng)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    try:
        from threadpoolctl import threadpool_info

        blas = [f"{i.get('internal_api')} {i.get('architecture')} threads={i.get('num_threads')}" for i in threadpool_info()]
    except ImportError:
        blas = ["unknown (threadpoolctl not installed)"]
    print(json.dumps({"numpy_ms": times[len(times) // 2], "numpy": np.__version__, "blas": blas}))


if __name__ == "__main__":
    main()
