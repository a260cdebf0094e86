"""The issue's standard Monte Carlo workload written the usual way in Python:
numpy, vectorised over paths, one loop over weekly steps.

10,000 Antminer S21 mining (FPPS, 2 % pool fee) and 2,000 H100 SXM on AI cloud,
PUE 1.1, uptime 0.97, one year in weekly steps, 200,000 paths, the same
default market model and reference snapshot as wattfolio's market package
(GBM price with Merton jumps, hashrate with a 4-step price lag and
retargets every 2016 blocks, lognormal fees, log-OU power, GBM GPU index,
Beta utilization, correlated shocks). It prints the time taken and the
mean, standard deviation, VaR95 and CVaR95 of profit, for comparison with
BenchmarkAnalyze (go test -bench Analyze ./economics).

Run: /usr/bin/python3 scripts/numpy_analyze.py   (Debian's python3-numpy)
"""
import time

import numpy as np

PATHS, STEPS, DAYS = 200_000, 53, 7.0
rng = np.random.default_rng(2026)

# Reference snapshot (market.Reference) and site.
price0, diff0, height0, fees0 = 91226.0, 149.30e12, 925_344, 0.02
power, util0, h100_rate = 0.045, 0.85, 2.60  # H100 SXM: market.Reference (SDH100RT, about 2.6 USD/h)
pue, uptime, pool_fee = 1.1, 0.97, 0.02
s21_th, s21_kw, n_s21 = 200.0, 3.5, 10_000
h100_idle, h100_tdp, h100_host, n_h100 = 0.07, 0.7, 0.575, 2_000

# Default model (market.DefaultModel).
mu, vol, jrate, jmean, jvol = 0.0, 0.45, 2.0, -0.05, 0.10
hgrowth, hvol, elast, lag = 0.335, 0.15, 0.6, 4
fee_vol, k_pow, pow_vol = 0.5, 12.0, 0.8
g_drift, g_vol, conc = np.log(0.78), 0.30, 40.0
corr = np.eye(4)
corr[0, 3] = corr[3, 0] = 0.3
L = np.linalg.cholesky(corr)


def run():
    dt = DAYS / 365
    sec = DAYS * 86400
    kappa = np.expm1(jmean + jvol**2 / 2)
    logp = np.zeros(PATHS)
    logh = np.zeros(PATHS)
    x = np.zeros(PATHS)
    logg = np.zeros(PATHS)
    dratio = np.ones(PATHS)
    in_epoch = np.full(PATHS, float(height0 % 2016))
    elapsed = in_epoch * 600
    dlogp_hist = []
    profit = np.zeros(PATHS)
    a, b = util0 * conc, (1 - util0) * conc
    for t in range(STEPS):
        z = rng.standard_normal((4, PATHS))
        eps = L @ z
        n = rng.poisson(jrate * dt, PATHS)
        dlogp = (mu - jrate * kappa - vol**2 / 2) * dt + vol * np.sqrt(dt) * eps[0]
        dlogp += n * jmean + np.sqrt(n) * jvol * rng.standard_normal(PATHS)
        logp += dlogp
        dlogp_hist.append(dlogp)
        dlogh = hgrowth * dt + hvol * np.sqrt(dt) * eps[1]
        if t >= lag:
            dlogh += elast * dlogp_hist[t - lag]
        logh += dlogh
        fees = fees0 * np.exp(fee_vol * rng.standard_normal(PATHS) - fee_vol**2 / 2)
        # Blocks at H / (D 2^32) per second; at most one retarget per step.
        rate = np.exp(logh) / 600 / dratio
        blocks = rate * sec
        to_retarget = 2016 - in_epoch
        hit = blocks >= to_retarget
        seg1 = np.where(hit, to_retarget / rate, sec)
        new_d = dratio * 2016 * 600 / np.clip((elapsed + seg1) * 2015 / 2016, 302400, 4838400)
        reward = 3.125 + fees
        btc_per_th = 1e12 / (diff0 * 2**32) * reward * (seg1 / dratio + np.where(hit, (sec - seg1) / new_d, 0))
        in_epoch = np.where(hit, (sec - seg1) * np.exp(logh) / 600 / new_d, in_epoch + blocks)
        elapsed = np.where(hit, sec - seg1, elapsed + sec)
        dratio = np.where(hit, new_d, dratio)
        x = x * np.exp(-k_pow * dt) + pow_vol * np.sqrt((1 - np.exp(-2 * k_pow * dt)) / (2 * k_pow)) * eps[2]
        logg += (g_drift - g_vol**2 / 2) * dt + g_vol * np.sqrt(dt) * eps[3]
        u = rng.beta(a, b, PATHS)
        share = 1 + rng.standard_normal(PATHS) / np.sqrt(20 * DAYS * 1440 * n_s21 * uptime)
        mult = np.exp(x)
        hours = DAYS * 24 * uptime
        mining = n_s21 * (s21_th * btc_per_th * (1 - pool_fee) * uptime * price0 * np.exp(logp) * share
                          - s21_kw * pue * mult * power * hours)
        ai = n_h100 * (h100_rate * np.exp(logg) * u * hours
                       - (h100_idle + h100_host + u * (h100_tdp - h100_idle)) * pue * mult * power * hours)
        profit += mining + ai
    return profit


start = time.perf_counter()
p = run()
took = time.perf_counter() - start
q = np.percentile(p, 5)  # type 7 (numpy default)
k = 0.05 * PATHS
worst = np.sort(p)[: int(np.ceil(k))]
cvar = -(worst[: int(k)].sum() + (k - int(k)) * (worst[int(k)] if k > int(k) else 0)) / k
print(f"numpy {np.__version__}: {PATHS} paths x {STEPS} steps in {took:.3f} s")
print(f"mean {p.mean():.4g}  sd {p.std(ddof=1):.4g}  VaR95 {-q:.4g}  CVaR95 {cvar:.4g}")
