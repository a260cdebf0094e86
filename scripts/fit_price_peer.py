#!/usr/bin/env python3
"""An independent check of market.FitPrice: the same Merton jump-diffusion
likelihood of daily log returns, maximised with scipy's Nelder-Mead from
four different starts, on the shipped closes of a window [from, to).

The model is market.PriceModel's: over a day, dt = 1/365 year, given k
jumps the log return is normal with mean (Drift - JumpRate kappa - Vol^2/2)
dt + k JumpMean and variance Vol^2 dt + k JumpVol^2, kappa =
exp(JumpMean + JumpVol^2/2) - 1, and k is Poisson(JumpRate dt); the
mixture is summed to 60 jumps a day.

Usage (Debian's python3-scipy; the pyenv python may lack it):
    /usr/bin/python3 scripts/fit_price_peer.py 2021-11-27 2025-11-28

On 30 Nov 2026 every start reached log-likelihood 3327.649546 on the
1,461 returns of 2021-11-27..2025-11-27, with Drift 0.260853, Vol
0.221630, JumpRate 262.780, JumpMean 0.000363053, JumpVol 0.0286783:
FitPrice's estimates and log-likelihood to the digits shown. On the whole
history (2012-01-01..2025-11-27, 5,079 returns) both give 10064.40908.
"""
import csv
import math
import os
import sys

import numpy as np
from scipy import optimize, stats

CLOSES = os.path.join(os.path.dirname(__file__), "..", "examples", "calibrate", "testdata", "btc_usd_daily.csv")
DT = 1 / 365
JUMPS = np.arange(0, 60)


def returns(first, end):
    with open(CLOSES) as f:
        rows = [r for r in csv.reader(f) if r[0] != "date" and first <= r[0] < end]
    return np.diff(np.log([float(r[1]) for r in rows]))


def negloglik(theta, r):
    drift, vol, rate, jmean, jvol = theta
    if vol <= 0 or rate < 0 or jvol <= 0:
        return 1e10
    kappa = math.expm1(jmean + jvol * jvol / 2)
    base = (drift - rate * kappa - vol * vol / 2) * DT
    weight = stats.poisson.pmf(JUMPS, rate * DT)[:, None]
    mean = base + JUMPS[:, None] * jmean
    sd = np.sqrt(vol * vol * DT + JUMPS[:, None] * jvol * jvol)
    return -np.log((weight * stats.norm.pdf(r[None, :], mean, sd)).sum(axis=0)).sum()


def main():
    first, end = sys.argv[1], sys.argv[2]
    r = returns(first, end)
    best = None
    for start in [(0.3, 0.5, 2, -0.05, 0.1), (0.3, 0.2, 200, 0, 0.03), (0.0, 0.4, 50, 0, 0.05), (0.5, 0.3, 500, 0, 0.02)]:
        x = start
        for tol in (1e-10, 1e-12):  # a restart refreshes the simplex
            res = optimize.minimize(negloglik, x, args=(r,), method="Nelder-Mead",
                                    options=dict(maxiter=40000, maxfev=40000, xatol=tol, fatol=tol))
            x = res.x
        print("start %-28s -> drift %.6f vol %.6f rate %.3f jmean %.6g jvol %.6g  loglik %.6f"
              % (start, *res.x, -res.fun))
        if best is None or res.fun < best.fun:
            best = res
    print("best: loglik %.6f on %d returns" % (-best.fun, len(r)))


if __name__ == "__main__":
    main()
