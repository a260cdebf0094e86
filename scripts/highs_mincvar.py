#!/usr/bin/env python3
"""Solve risk's MinCVaRTarget benchmark problem with scipy's HiGHS and time it.

The problem is the one BenchmarkMinCVaR2000x12 (risk/optimize_bench_test.go)
solves: 2,000 equally likely scenarios of 12 assets, weights between 0 and a
cap, one capacity row power . w <= capacity, an expected profit of at least a
target, and the least CVaR at level 0.95. It is stated here as the full
Rockafellar-Uryasev linear program

    minimise  t + 1/((1-level) S) sum_s u_s
    subject to  -P w - t - u <= 0,  power . w <= capacity,  -mean . w <= -target,
                0 <= w <= upper,  t free,  u >= 0,

and solved by scipy.optimize.linprog(method="highs"). The script checks the
optimum against Go's to 1e-6 relative and reports the median wall time of
--repeat solves, excluding process start, imports, reading and building the
matrices (each solve is timed alone with time.perf_counter).

Write the data first (from the repository root):

    WATTFOLIO_MINCVAR_DATA=/tmp/lpdata go test ./risk/ -run TestMinCVaRBenchData
    python3 scripts/highs_mincvar.py /tmp/lpdata

Needs Debian's python3-scipy and python3-numpy.
"""

import argparse
import os
import statistics
import sys
import time

import numpy as np
import scipy
from scipy import sparse
from scipy.optimize import linprog


def read_rows(path):
    """Rows "name,v1,v2,..." as {name: array}; go.csv's "cvar,shape,v" and
    "weights,shape,w..." rows as {("cvar", shape): array}."""
    rows = {}
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            if parts[0] in ("cvar", "weights"):
                rows[(parts[0], parts[1])] = np.array([float(x) for x in parts[2:]])
            else:
                rows[parts[0]] = np.array([float(x) for x in parts[1:]])
    return rows


def shape(name, n, cons):
    """The variants of risk's benchShapes (risk/lp_cvar_shapes_test.go):
    level, per-weight bounds, inequality rows (A, b) and equality rows
    (Aeq, beq), each row over the n weights."""
    upper = cons["upper"]
    power, capacity = cons["power"][:n], cons["power"][n]
    mean, target = cons["mean"][:n], cons["mean"][n]
    bench = ([(0.0, u) for u in upper], [power, -mean], [capacity, -target], [], [])
    box = [(-3.0, 3.0)] * n
    ones = np.ones(n)
    return {
        "bench": (0.95,) + bench,
        "level75": (0.75,) + bench,
        "level50": (0.5,) + bench,
        "level99": (0.99,) + bench,
        "short": (0.75, box, [], [], [ones], [1.0]),
        "neutral": (0.75, box, [-mean], [-0.1], [ones], [0.0]),
    }[name]


def build(P, level, wbounds, A, b, Aeq, beq):
    """The full Rockafellar-Uryasev program for scipy's linprog.
    Variables: w (n), t (1), u (S)."""
    S, n = P.shape
    k = (1 - level) * S
    cost = np.concatenate([np.zeros(n), [1.0], np.full(S, 1.0 / k)])
    pad = lambda rows: sparse.csr_matrix(np.hstack([np.array(rows), np.zeros((len(rows), 1 + S))]))
    A_ub = sparse.hstack([
        sparse.csr_matrix(-P),
        sparse.csr_matrix(-np.ones((S, 1))),
        -sparse.identity(S, format="csr"),
    ])
    b_ub = np.zeros(S)
    if A:
        A_ub = sparse.vstack([A_ub, pad(A)])
        b_ub = np.concatenate([b_ub, b])
    kw = {}
    if Aeq:
        kw = {"A_eq": pad(Aeq), "b_eq": np.array(beq)}
    bounds = list(wbounds) + [(None, None)] + [(0.0, None)] * S
    return dict(c=cost, A_ub=sparse.csr_matrix(A_ub), b_ub=b_ub, bounds=bounds, method="highs", **kw)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", help="directory written by TestMinCVaRBenchData")
    ap.add_argument("--shape", default="bench",
                    help="bench, level75, level50, level99, short, neutral, or all (each solved once, not timed)")
    ap.add_argument("--repeat", type=int, default=20, help="timed solves (median reported)")
    args = ap.parse_args()

    P = np.loadtxt(os.path.join(args.dir, "scenarios.csv"), delimiter=",")
    cons = read_rows(os.path.join(args.dir, "constraints.csv"))
    gout = read_rows(os.path.join(args.dir, "go.csv"))
    S, n = P.shape
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, {S} scenarios x {n} assets")
    names = ["bench", "level75", "level50", "level99", "short", "neutral"] if args.shape == "all" else [args.shape]
    repeat = 1 if args.shape == "all" else args.repeat
    worst = 0.0
    for name in names:
        level, *rest = shape(name, n, cons)
        prob = build(P, level, *rest)
        times = []
        res = None
        for _ in range(repeat):
            t0 = time.perf_counter()
            res = linprog(**prob)
            times.append(time.perf_counter() - t0)
            if res.status != 0:
                sys.exit(f"{name}: HiGHS failed: {res.message}")
        go_cvar = float(gout[("cvar", name)][0])
        rel = abs(res.fun - go_cvar) / max(abs(go_cvar), 1e-300)
        worst = max(worst, rel)
        print(f"{name}: level {level}, HiGHS objective {res.fun!r}, Go {go_cvar!r}, relative difference {rel:.2e}")
        print(f"{name}: HiGHS weights {np.array2string(res.x[:n], precision=6, max_line_width=200)}")
        if repeat > 1:
            print(f"{name}: HiGHS time per solve: median {statistics.median(times) * 1e3:.2f} ms, "
                  f"min {min(times) * 1e3:.2f} ms, max {max(times) * 1e3:.2f} ms over {len(times)} solves")
    if worst > 1e-6:
        sys.exit("objectives differ by more than 1e-6 relative")


if __name__ == "__main__":
    main()
