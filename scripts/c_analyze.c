/*
 * c_analyze: the C peer of wattfolio's standard Monte Carlo workload
 * (issue 11): 10,000 Antminer S21 mining (FPPS, 2 % pool fee) and 2,000
 * H100 SXM on AI cloud at PUE 1.1 and uptime 0.97, one year in weekly
 * steps (52 of 7 days and a last one of 1 day), 200,000 paths, the default
 * market model (market.DefaultModel) at the reference snapshot
 * (market.Reference).
 *
 * A straightforward per-path program: an OpenMP parallel for over paths,
 * each path with its own xoshiro256++ streams seeded by SplitMix64, normals
 * from a 256-layer float64 ziggurat, and per step the factor update, the
 * chain (retargets, halvings), the FPPS share noise and the booking of the
 * Go engine (market/sim.go, market/lanes.go, market/chainstep.go,
 * market/internal/simd, economics/engine.go, economics/engine_book.go,
 * economics/cashflow.go), with the same formulas in the same order. Only the
 * random numbers differ from Go's, so its statistics agree with
 * economics.Analyze's within their standard errors.
 *
 * Build: gcc -O3 -march=native -fopenmp -o /tmp/c_analyze scripts/c_analyze.c -lm
 * Run:   OMP_NUM_THREADS=2 /tmp/c_analyze [paths [seed]]
 * See scripts/c_analyze.md.
 */
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------- the workload: snapshot, site, lines, model ---------- */

/* market.Reference(): 27 Nov 2025, block 925,344. */
static const double PRICE0 = 91226.0;        /* USD per BTC */
static const double DIFF0 = 149.30e12;       /* difficulty */
static const int64_t HEIGHT0 = 925344;       /* block height */
static const int64_t FEES0_SATS = 2000000;   /* fees per block, sats */
static const double POWER_PRICE = 0.045;     /* USD per kWh, flat */
static const double UTIL0 = 0.85;            /* billable utilization */
static const double H100_RATE = 2.60;        /* USD per GPU-hour, SDH100RT */

/* Mainnet (market.Mainnet). */
static const int64_t HALVING_INTERVAL = 210000;
static const int64_t INITIAL_SUBSIDY = 5000000000LL; /* sats */
static const double BLOCK_SEC = 600.0;
static const int64_t RETARGET_INTERVAL = 2016;

/* The site of BenchmarkAnalyze: PUE 1.1, pool fee 2 %, uptime 0.97, FPPS,
 * no stale shares, no opex, the snapshot's flat power price every hour. */
static const double PUE = 1.1, POOL_FEE = 0.02, UPTIME = 0.97, STALE = 0.0;
static const double SHARES_PER_MINUTE = 20; /* economics.sharesPerMinute */

/* Lines (hardware.Catalog): Antminer S21 stock, 200 TH/s at 3500 W;
 * H100 SXM, 700 W board, 70 W idle, 575 W host share. */
static const double S21_UNITS = 10000, S21_TH = 200, S21_KW = 3.5;
static const double H100_UNITS = 2000, H100_BOARD = 0.7, H100_IDLE = 0.07, H100_HOST = 0.575;

/* market.DefaultModel(): the fit to 2021-11-27..2025-11-27. */
static const double P_DRIFT = 0.2609, P_VOL = 0.2216, J_RATE = 262.8, J_MEAN = 0.0003631, J_VOL = 0.02868;
static const double H_VOL = 0.1467, H_ELAST = 0.1208, H_LAG_DAYS = 0;
static const double FEE_VOL = 0.2043;
static const double W_REV = 12, W_VOL = 0.8;
static const double G_VOL = 0.30, U_CONC = 40;
static double h_growth(void) { return 0.4329; }
static double g_drift(void) { return log(0.78); }
static const double CORR[4][4] = {{1, 0, 0, 0.3}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0.3, 0, 0, 1}};

/* The grid: economics.DefaultHorizon (365 days) in DefaultStep (7 days). */
static const double HORIZON_H = 365 * 24, STEP_H = 7 * 24;

#define MAX_LOG 230.0       /* market.maxLogRatio */
#define UTIL_CELLS 4096     /* market.utilTableSize */
#define POISSON_PIECE 16.0  /* market.poissonPiece */

/* ---------- xoshiro256++ and SplitMix64 ---------- */

typedef struct { uint64_t s[4]; } xo_t;

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

/* xoshiro256++ (Blackman and Vigna, 2019). */
static inline uint64_t xo_next(xo_t *r) {
    uint64_t *s = r->s;
    uint64_t out = rotl(s[0] + s[3], 23) + s[0], t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* The SplitMix64 finalizer (Steele, Lea and Flood, 2014). */
static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Seeds r with four SplitMix64 outputs from a state that hashes (seed,
 * path, stream): stream 0 is a path's market, 1 its pool. */
static void xo_seed(xo_t *r, uint64_t seed, uint64_t path, uint64_t stream) {
    uint64_t x = mix64(seed ^ mix64(2 * path + stream + 0x9e3779b97f4a7c15ULL));
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ULL;
        r->s[i] = mix64(x);
    }
}

/* A uniform on [0, 1) with 53 bits. */
static inline double xo_unif(xo_t *r) { return (double)(xo_next(r) >> 11) * 0x1p-53; }

/* ---------- 256-layer float64 ziggurat (Marsaglia and Tsang, 2000) ---------- */

#define ZN 256
/* zx[0] is the base strip's width v/f(r), zx[1] = r, ..., zx[ZN] = 0;
 * zr[i] = zx[i+1]/zx[i]; zf[i] = f(zx[i]), f(x) = exp(-x^2/2). */
static double zx[ZN + 1], zr[ZN], zf[ZN + 1], zrad;

static double zf_of(double x) { return exp(-0.5 * x * x); }

/* Builds the layers from the tail start r with area v each and returns
 * f(0) - the top of the last layer: 0 for the right r. */
static double zig_layers(double r) {
    double v = r * zf_of(r) + sqrt(M_PI / 2) * erfc(r / M_SQRT2);
    zx[0] = v / zf_of(r);
    zx[1] = r;
    for (int i = 1; i < ZN - 1; i++) {
        double y = v / zx[i] + zf_of(zx[i]);
        if (y >= 1) return 1; /* layers too thick: r too small */
        zx[i + 1] = sqrt(-2 * log(y));
    }
    zx[ZN] = 0;
    return v / zx[ZN - 1] + zf_of(zx[ZN - 1]) - 1;
}

/* Finds r by bisection (3.6541528853610088 in Marsaglia and Tsang's
 * table) and fills the tables. */
static void zig_init(void) {
    double lo = 3, hi = 4;
    for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (mid == lo || mid == hi) break;
        if (zig_layers(mid) > 0) lo = mid; else hi = mid;
    }
    zrad = hi;
    zig_layers(zrad);
    for (int i = 0; i < ZN; i++) zr[i] = zx[i + 1] / zx[i];
    for (int i = 0; i <= ZN; i++) zf[i] = zf_of(zx[i]);
}

/* The rare cases: the tail beyond r (layer 0) and the wedges. */
static double zig_slow(xo_t *g, int i, double u) {
    for (;;) {
        if (i == 0) {
            double x, y;
            do {
                x = -log(1 - xo_unif(g)) / zrad;
                y = -log(1 - xo_unif(g));
            } while (y + y < x * x);
            return u < 0 ? -(zrad + x) : zrad + x;
        }
        double x = u * zx[i];
        if (zf[i] + xo_unif(g) * (zf[i + 1] - zf[i]) < zf_of(x)) return x;
        uint64_t b = xo_next(g);
        i = (int)(b & 0xff);
        u = (double)((int64_t)b >> 11) * 0x1p-52;
        if (fabs(u) < zr[i]) return u * zx[i];
    }
}

/* A standard normal: one 64-bit draw gives the layer (low 8 bits) and a
 * signed uniform on [-1, 1) (high 53 bits). */
static inline double zig_normal(xo_t *g) {
    uint64_t b = xo_next(g);
    int i = (int)(b & 0xff);
    double u = (double)((int64_t)b >> 11) * 0x1p-52;
    if (__builtin_expect(fabs(u) < zr[i], 1)) return u * zx[i];
    return zig_slow(g, i, u);
}

/* ---------- the Beta quantile table (market.Simulator.betaTable) ---------- */

/* Continued fraction of the regularized incomplete beta (modified Lentz). */
static inline double nz(double v) { return fabs(v) < 1e-300 ? 1e-300 : v; }
static double betacf(double a, double b, double x) {
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 / nz(1 - qab * x / qap), h = d;
    for (int m = 1; m < 1000; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 / nz(1 + aa * d);
        c = nz(1 + aa / c);
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 / nz(1 + aa * d);
        c = nz(1 + aa / c);
        h *= d * c;
        if (fabs(d * c - 1) < 1e-16) break;
    }
    return h;
}

/* I_x(a, b). */
static double betainc(double a, double b, double x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1) / (a + b + 2)) return exp(lbt) * betacf(a, b, x) / a;
    return 1 - exp(lbt) * betacf(b, a, 1 - x) / b;
}

/* The p-quantile of Beta(a, b) by bisection to the last bit. */
static double beta_quantile(double a, double b, double p) {
    double lo = 0, hi = 1;
    for (int it = 0; it < 1100; it++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) break;
        if (betainc(a, b, mid) < p) lo = mid; else hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ---------- per-step constants (market.stepMoments, stepConst, engine) ---------- */

typedef struct {
    double years, seconds, days;
    double pDrift, pVol, jumps, expLambda;
    int64_t noJumpMax;
    double hDrift, hVol, wDecay, wVol, gDrift, gVol;
    double perTHsec;               /* perTH * seconds */
    double kb, kc;                 /* S21: BTC per unit of BTCPerTH; power USD per unit of multiplier */
    double aiBase, aiIdle, aiLoad; /* H100: rental per unit of index x util; power fixed and per util */
    double opexS, opexA;           /* USD per unit over the step (0 here) */
    double rel;                    /* relative share noise */
} step_t;

typedef struct {
    step_t full, last;
    int steps, lag;
    double l[4][4];
    double elast, feeVol, feeAdj;
    double util[UTIL_CELLS + 2];
    /* chain */
    double perTH, fees0, price0, invBlockSec, retarget, measured, lo, hi, invExpected;
    double inEpoch0, elapsed0, height0, nextHalv0, subsidy0;
} model_t;

static double subsidy_at(int64_t h) {
    if (h < 0) return 0;
    int64_t epoch = h / HALVING_INTERVAL;
    if (epoch >= 64) return 0;
    return (double)(INITIAL_SUBSIDY >> epoch) / 1e8;
}

static double next_halving(int64_t h) {
    if (h < 0) return 0;
    int64_t epoch = h / HALVING_INTERVAL;
    if (epoch >= 63 || (INITIAL_SUBSIDY >> epoch) == 0) return INFINITY;
    return (double)((epoch + 1) * HALVING_INTERVAL);
}

static step_t step_const(double hours, double sumBase) {
    step_t c;
    double dt = hours / (365 * 24), sq = sqrt(dt);
    c.years = dt, c.seconds = hours * 3600, c.days = hours / 24;
    double kappa = expm1(J_MEAN + J_VOL * J_VOL / 2);
    c.pDrift = (P_DRIFT - J_RATE * kappa - P_VOL * P_VOL / 2) * dt;
    c.pVol = P_VOL * sq;
    c.jumps = J_RATE * dt;
    c.expLambda = exp(-J_RATE * dt);
    c.noJumpMax = -1;
    if (c.jumps <= POISSON_PIECE) c.noJumpMax = (int64_t)floor(c.expLambda * 4294967296.0 - 0.5);
    c.hDrift = h_growth() * dt, c.hVol = H_VOL * sq;
    c.wDecay = exp(-W_REV * dt);
    c.wVol = W_VOL * sqrt(-expm1(-2 * W_REV * dt) / (2 * W_REV));
    c.gDrift = (g_drift() - G_VOL * G_VOL / 2) * dt, c.gVol = G_VOL * sq;

    /* The booking (economics.engine.step, cashflow.go), per unit. */
    double days = c.days;
    double hoursRun = days * 24 * UPTIME;
    double invHours = 1 / (days * 24);
    double perBTC = (1 * S21_TH * invHours) * ((1 - STALE) * (1 - POOL_FEE)); /* miningPerHour */
    double facKW = 1 * S21_KW * PUE;                                        /* facilityKW */
    c.kb = perBTC * hoursRun;
    c.kc = facKW * sumBase / 24 * hoursRun; /* powerCost */
    c.aiBase = 1 * H100_RATE * hoursRun;     /* rentalGross; no model drift for the H100 */
    double perPrice = 1 * sumBase / 24 * hoursRun;
    double idleFac = (H100_IDLE + H100_HOST) * PUE, loadFac = (H100_BOARD - H100_IDLE) * PUE; /* aiKW */
    c.aiIdle = idleFac * perPrice, c.aiLoad = loadFac * perPrice;
    c.opexS = c.opexA = 0; /* Site.OpexPerMWMonth is zero */
    double shares = SHARES_PER_MINUTE * days * 1440 * S21_UNITS * UPTIME; /* shareRelOf */
    c.rel = 1 / sqrt(shares > 1 ? shares : 1);
    return c;
}

static void cholesky(const double a[4][4], double l[4][4]) {
    memset(l, 0, sizeof(double) * 16);
    for (int j = 0; j < 4; j++) {
        double s = a[j][j];
        for (int k = 0; k < j; k++) s -= l[j][k] * l[j][k];
        l[j][j] = sqrt(s);
        for (int i = j + 1; i < 4; i++) {
            double t = a[i][j];
            for (int k = 0; k < j; k++) t -= l[i][k] * l[j][k];
            l[i][j] = t / l[j][j];
        }
    }
}

static void model_init(model_t *m) {
    /* Hourly base prices: 24 x the flat price, summed in order. */
    double sumBase = 0;
    for (int h = 0; h < 24; h++) sumBase += POWER_PRICE;
    int n = (int)(HORIZON_H / STEP_H);
    double rest = HORIZON_H - n * STEP_H;
    if (rest > 0) n++; else rest = STEP_H;
    m->steps = n;
    m->full = step_const(STEP_H, sumBase);
    m->last = step_const(rest, sumBase);
    double lag = round(H_LAG_DAYS * 24 / STEP_H);
    m->lag = lag < n ? (int)lag : n;
    cholesky(CORR, m->l);
    m->elast = H_ELAST, m->feeVol = FEE_VOL, m->feeAdj = -FEE_VOL * FEE_VOL / 2;

    /* Chain (market.origin, chainRule). */
    m->perTH = 1e12 / (DIFF0 * 4294967296.0), m->fees0 = (double)FEES0_SATS / 1e8, m->price0 = PRICE0;
    m->invBlockSec = 1 / BLOCK_SEC, m->retarget = (double)RETARGET_INTERVAL;
    m->measured = (m->retarget - 1) / m->retarget;
    double expected = m->retarget * BLOCK_SEC;
    m->invExpected = 1 / expected, m->lo = expected / 4, m->hi = 4 * expected;
    m->inEpoch0 = (double)(HEIGHT0 % RETARGET_INTERVAL);
    m->elapsed0 = m->inEpoch0 * BLOCK_SEC;
    m->height0 = (double)HEIGHT0, m->nextHalv0 = next_halving(HEIGHT0), m->subsidy0 = subsidy_at(HEIGHT0);
    m->full.perTHsec = m->perTH * m->full.seconds;
    m->last.perTHsec = m->perTH * m->last.seconds;

    /* Utilization: Beta(u k, (1-u) k) quantiles at the 4096 cell
     * midpoints, ends repeated. */
    double a = UTIL0 * U_CONC, b = (1 - UTIL0) * U_CONC;
#pragma omp parallel for schedule(dynamic, 64)
    for (int i = 0; i < UTIL_CELLS; i++) {
        double q = beta_quantile(a, b, (i + 0.5) / UTIL_CELLS);
        m->util[i + 1] = q < 0 ? 0 : q > 1 ? 1 : q;
    }
    m->util[0] = m->util[1];
    m->util[UTIL_CELLS + 1] = m->util[UTIL_CELLS];
}

/* ---------- one path ---------- */

typedef struct {
    double invD, inEpoch, elapsed, height, nextHalv, subsidy;
} chain_t;

static inline double clampLog(double x) {
    if (x > MAX_LOG) return MAX_LOG;
    if (x < -MAX_LOG) return -MAX_LOG;
    return x;
}

/* market.poissonInv: the smallest k with P(N <= k) >= u. */
static inline double poisson_inv(double u, double lambda, double expNeg) {
    double p = expNeg, cdf = p, k = 0;
    while (u > cdf && p > 0) {
        k++;
        p *= lambda / k;
        cdf += p;
    }
    return k;
}

/* market.chainRule.walk with segments' sum: a step of rem seconds cut at
 * every retarget and halving; returns BTC per TH/s. */
static double chain_walk(const model_t *m, chain_t *cs, double q, double fees, double rem) {
    double btc = 0;
    while (rem > 0) {
        double invQ = 1 / q;
        double sec = rem, invD = cs->invD, sub = cs->subsidy;
        int retarget = 0, halving = 0;
        double s = (m->retarget - cs->inEpoch) * invQ;
        if (s < 0) s = 0;
        if (s <= sec) { sec = s; retarget = 1; }
        s = (cs->nextHalv - cs->height) * invQ;
        if (s < 0) s = 0;
        if (s <= sec) {
            if (s < sec) retarget = 0;
            sec = s;
            halving = 1;
        }
        double blocks = q * sec;
        cs->inEpoch += blocks, cs->height += blocks, cs->elapsed += sec;
        rem -= sec;
        if (retarget) {
            double actual = cs->elapsed * m->measured;
            if (actual < m->lo) actual = m->lo; else if (actual > m->hi) actual = m->hi;
            double f = actual * m->invExpected;
            cs->invD *= f, q *= f;
            cs->inEpoch = 0, cs->elapsed = 0;
        }
        if (halving) {
            cs->height = cs->nextHalv;
            int64_t h = (int64_t)cs->nextHalv;
            cs->subsidy = subsidy_at(h);
            cs->nextHalv = next_halving(h);
        }
        btc += m->perTH * invD * sec * (sub + fees);
    }
    return btc;
}

/* simd.stepChain: no event, or one retarget; anything else goes to
 * chain_walk. hr is the hashrate over the snapshot's, feeR the fees'. */
static inline double chain_step(const model_t *m, const step_t *c, chain_t *cs, double hr, double feeR) {
    double invD = cs->invD;
    double q = hr * m->invBlockSec * invD;
    double sec = c->seconds;
    double nb = q * sec;
    double r = cs->subsidy + m->fees0 * feeR;
    double toR = m->retarget - cs->inEpoch;
    double toH = cs->nextHalv - cs->height;
    if (nb < toR && nb < toH) {
        cs->inEpoch += nb, cs->height += nb, cs->elapsed += sec;
        return c->perTHsec * invD * r;
    }
    double s1 = toR / q;
    if (s1 < 0) s1 = 0;
    double actual = (cs->elapsed + s1) * m->measured;
    if (actual < m->lo) actual = m->lo; else if (actual > m->hi) actual = m->hi;
    double f = actual * m->invExpected;
    double s2 = sec - s1;
    double nb2 = q * f * s2;
    if (!(s1 <= sec && nb2 < m->retarget && toR + nb2 < toH))
        return chain_walk(m, cs, q, m->fees0 * feeR, sec);
    double invD2 = invD * f;
    double btc = m->perTH * (invD * s1 + invD2 * s2) * r;
    cs->invD = invD2, cs->inEpoch = nb2, cs->elapsed = s2, cs->height += toR + nb2;
    return btc;
}

#define MAX_LAG 64

/* Simulates path p and returns its profit over the horizon, USD; *mined
 * gets the BTC credited. */
static double run_path(const model_t *m, uint64_t seed, uint64_t p, double *mined) {
    xo_t mk, pl;
    xo_seed(&mk, seed, p, 0);
    xo_seed(&pl, seed, p, 1);
    const double l00 = m->l[0][0], l10 = m->l[1][0], l11 = m->l[1][1];
    const double l20 = m->l[2][0], l21 = m->l[2][1], l22 = m->l[2][2];
    const double l30 = m->l[3][0], l31 = m->l[3][1], l32 = m->l[3][2], l33 = m->l[3][3];
    double logp = 0, logh = 0, x = 0, logg = 0;
    chain_t cs = {1, m->inEpoch0, m->elapsed0, m->height0, m->nextHalv0, m->subsidy0};
    double hist[MAX_LAG];
    const int lag = m->lag, steps = m->steps;
    double unitS = 0, unitA = 0, btcSum = 0;
    for (int j = 0; j < steps; j++) {
        const step_t *c = j == steps - 1 ? &m->last : &m->full;
        /* Draws, in the Go order: 4 factor normals, one 64-bit integer
         * (high half Poisson, low half utilization), the jump normal after
         * a jump, the fee normal. */
        double z0 = zig_normal(&mk), z1 = zig_normal(&mk), z2 = zig_normal(&mk), z3 = zig_normal(&mk);
        uint64_t w = xo_next(&mk);
        uint32_t ub = (uint32_t)w;
        double jmp = 0;
        int64_t b = (int64_t)(w >> 32);
        if (b > c->noJumpMax) {
            double k = poisson_inv(((double)b + 0.5) * 0x1p-32, c->jumps, c->expLambda);
            if (k > 0) jmp = k * J_MEAN + sqrt(k) * J_VOL * zig_normal(&mk);
        }
        double fee = zig_normal(&mk);

        /* Factors (simd.stepFactors). */
        double e0 = l00 * z0;
        double e1 = l10 * z0 + l11 * z1;
        double e2 = l20 * z0 + l21 * z1 + l22 * z2;
        double e3 = l30 * z0 + l31 * z1 + l32 * z2 + l33 * z3;
        double newLogP = clampLog(logp + (c->pDrift + c->pVol * e0 + jmp));
        double dlogP = newLogP - logp;
        double dlogH = c->hDrift + c->hVol * e1;
        if (lag == 0) dlogH += m->elast * dlogP;
        else if (j >= lag) dlogH += m->elast * hist[j % lag];
        if (lag > 0) hist[j % lag] = dlogP;
        logp = newLogP;
        logh = clampLog(logh + dlogH);
        x = clampLog(x * c->wDecay + c->wVol * e2);
        logg = clampLog(logg + c->gDrift + c->gVol * e3);
        double feeArg = m->feeVol * fee + m->feeAdj;
        int64_t mu = (int64_t)ub - (1 << 19);
        int64_t ui = (mu >> 20) + 1;
        double uf = ((double)(mu & ((1 << 20) - 1)) + 0.5) * 0x1p-20;
        double util = m->util[ui] + uf * (m->util[ui + 1] - m->util[ui]);

        double ratio = exp(logp), hr = exp(logh), feeR = exp(feeArg), mult = exp(x), gpu = exp(logg);
        double price = m->price0 * ratio;
        double btcPerTH = chain_step(m, c, &cs, hr, feeR);

        /* FPPS share noise from the pool's stream. */
        double luck = 1 + zig_normal(&pl) * c->rel;

        /* Booking (economics.bookBitcoin, bookAI). */
        double btc = c->kb * btcPerTH * luck;
        unitS += btc * price - c->kc * mult - c->opexS;
        btcSum += S21_UNITS * btc;
        unitA += c->aiBase * gpu * util - (c->aiIdle + util * c->aiLoad) * mult - c->opexA;
    }
    *mined = btcSum;
    return (0 + S21_UNITS * unitS) + H100_UNITS * unitA;
}

/* ---------- statistics ---------- */

/* Rearranges a so that a[k] is the k-th smallest, smaller ones before it,
 * larger after (Hoare's selection, median of three). */
static void select_k(double *a, long n, long k) {
    long lo = 0, hi = n - 1;
    while (hi > lo) {
        long mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) { double t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
        if (a[hi] < a[lo]) { double t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
        if (a[hi] < a[mid]) { double t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
        double pivot = a[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { double t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

static double min_of(const double *a, long n) {
    double v = a[0];
    for (long i = 1; i < n; i++) if (a[i] < v) v = a[i];
    return v;
}

/* VaR (type-7 quantile) and CVaR (Acerbi-Tasche) at level, as positive
 * losses; reorders x. */
static void tail(double level, double *x, long n, double *var, double *cvar) {
    double alpha = 1 - level;
    double h = (n - 1) * alpha;
    long lo = (long)floor(h);
    double frac = h - lo;
    select_k(x, n, lo);
    double qlo = x[lo];
    double qhi = lo + 1 < n ? min_of(x + lo + 1, n - lo - 1) : qlo;
    *var = -(qlo + frac * (qhi - qlo));
    double k = alpha * n;
    double kr = round(k);
    if (fabs(k - kr) <= 1e-9 * (kr > 1 ? kr : 1)) k = kr;
    long kf = (long)floor(k);
    if (kf < 1) { *cvar = -min_of(x, n); return; }
    /* the kf smallest are x[0..kf-1] after selecting index kf-1 */
    select_k(x, n, kf - 1);
    double s = 0;
    for (long i = 0; i < kf; i++) s += x[i];
    if (k > kf) s += (k - kf) * min_of(x + kf, n - kf);
    *cvar = -s / k;
}

/* The mean and sample standard deviation of x in two fixed-order passes
 * (economics.meanSD). */
static void mean_sd(const double *x, long n, double *mean, double *sd) {
    double m = 0, ss = 0;
    for (long i = 0; i < n; i++) m += x[i];
    m /= n;
    for (long i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
    *mean = m;
    *sd = sqrt(ss / (n - 1));
}

/* Wall-clock seconds, and processor seconds of all the process's threads. */
static double clock_s(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}
static double now(void) { return clock_s(CLOCK_MONOTONIC); }

int main(int argc, char **argv) {
    long paths = argc > 1 ? atol(argv[1]) : 200000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    if (paths < 2) {
        fprintf(stderr, "c_analyze: paths must be at least 2\n");
        return 2;
    }
    double t0 = now();
    static model_t m;
    zig_init();
    model_init(&m);
    if (m.lag > MAX_LAG || m.full.jumps > POISSON_PIECE) {
        fprintf(stderr, "c_analyze: lag or jump rate out of this program's range\n");
        return 2;
    }
    double *profit = malloc(sizeof(double) * paths);
    double *mined = malloc(sizeof(double) * paths);
    if (!profit || !mined) return 1;
    double t1 = now(), c1 = clock_s(CLOCK_PROCESS_CPUTIME_ID);

#pragma omp parallel for schedule(dynamic, 256)
    for (long p = 0; p < paths; p++) profit[p] = run_path(&m, seed, (uint64_t)p, &mined[p]);

    double t2 = now();
    double mean, sd, mmean, msd;
    mean_sd(profit, paths, &mean, &sd);
    mean_sd(mined, paths, &mmean, &msd);
    long losses = 0;
    for (long p = 0; p < paths; p++) losses += profit[p] < 0;
    double var, cvar;
    tail(0.95, profit, paths, &var, &cvar); /* profit is reordered from here */
    double t3 = now(), c3 = clock_s(CLOCK_PROCESS_CPUTIME_ID);

    printf("c_analyze: %ld paths x %d steps (lag %d), %d threads, seed %llu, ziggurat r = %.17g\n",
           paths, m.steps, m.lag, omp_get_max_threads(), (unsigned long long)seed, zrad);
    printf("mean %.6e  sd %.6e  stderr %.6e  VaR95 %.6e  CVaR95 %.6e  P(loss) %.5f  mined %.4f BTC sd %.4f\n",
           mean, sd, sd / sqrt((double)paths), var, cvar, (double)losses / paths, mmean, msd);
    printf("setup_s=%.6f sim_s=%.6f stats_s=%.6f time_s=%.6f cpu_s=%.6f\n", t1 - t0, t2 - t1, t3 - t2, t3 - t1, c3 - c1);
    free(profit);
    free(mined);
    return 0;
}
