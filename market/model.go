package market

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"
)

// DaysPerYear is the length of the year in which the Model's rates and
// volatilities are quoted: 365 days of 24 hours. Bitcoin trades every day,
// so daily volatilities annualise with sqrt(365), not sqrt(252).
const DaysPerYear = 365

// The factors whose Gaussian shocks Model.Corr correlates. They index the
// rows and columns of Corr.
const (
	FactorPrice    = iota // diffusion shock of the log BTC/USD price
	FactorHashrate        // shock of the log network hashrate
	FactorPower           // shock of the log power-price multiplier
	FactorGPU             // shock of the log GPU rental-rate index
	NumFactors            // number of correlated factors, 4
)

// Sanity bounds of Model.Validate. They are far outside any market (a
// volatility of 10 is 1000 % a year) and exist so that an accepted model
// cannot overflow float64 arithmetic or make a step's jump count unbounded.
const (
	maxRate          = 10   // |drift|, |growth|, |elasticity|, volatility: per year
	maxJumpRate      = 1000 // jumps per year
	maxJumpSize      = 1    // |JumpMean| and JumpVol, in log price
	maxReversion     = 1e4  // power mean reversion per year (an hour's half-life)
	maxConcentration = 1e6  // Beta concentration of utilization
)

// Model describes how the market inputs of a Snapshot move over time: the
// BTC price, the network hashrate (and through it the difficulty), fees,
// the power price, GPU rental rates and GPU utilization. Simulator draws
// paths from it; see NewSimulator for the discretisation, which is exact
// for each factor (no Euler steps).
//
// Rates are per year of DaysPerYear days and volatilities per square root
// of such a year. A Model is a plain value; its zero value is NOT valid
// (its correlation matrix has zeros on the diagonal). Start from
// DefaultModel, change fields, and call Validate. A Model holds a map
// (GPU.ModelDrift): treat a Model handed to other code as read-only.
//
// A Model holds no protocol parameters: the chain (subsidy schedule, block
// interval, retarget period) is the snapshot's, Snapshot.Bitcoin.Params, so
// that a simulation and a statement of the same snapshot use the same one.
type Model struct {
	// Price moves BTC/USD: geometric Brownian motion with optional Merton
	// jumps.
	Price PriceModel
	// Hashrate moves the network hashrate: its own growth, noise, and a
	// lagged response to the price.
	Hashrate HashrateModel
	// Fees moves the fees per block around the snapshot's mean.
	Fees FeeModel
	// Power moves a multiplier of the snapshot's power prices.
	Power PowerModel
	// GPU moves GPU rental rates and draws the billable utilization.
	GPU GPUModel
	// Corr is the correlation matrix of the standard normal shocks of the
	// factors FactorPrice, FactorHashrate, FactorPower and FactorGPU. It must
	// be symmetric with a unit diagonal and positive definite (so a
	// correlation of exactly ±1 is rejected). The jump, fee and utilization
	// draws are independent of it and of each other.
	Corr [NumFactors][NumFactors]float64
}

// PriceModel is a geometric Brownian motion with Merton (1976) lognormal
// jumps for the BTC/USD price S. Over a step of dt years, with N ~
// Poisson(JumpRate dt) jumps,
//
//	log S' = log S + (Drift - JumpRate κ - Vol²/2) dt + Vol √dt ε + J
//	κ      = exp(JumpMean + JumpVol²/2) - 1
//	J      = N JumpMean + √N JumpVol Z_J
//
// which is exact: given N = n, the sum of n jumps Y ~ N(JumpMean, JumpVol²)
// is N(n JumpMean, n JumpVol²). The compensator -JumpRate κ makes
// E[S_T] = S_0 exp(Drift T) whatever the jumps, and Var[S_T] =
// S_0² e^{2 Drift T} (e^{Vol² T} - 1) without them.
type PriceModel struct {
	// Drift is μ in E[S_T] = S_0 e^{μT}, per year. In [-10, 10].
	Drift float64
	// Vol is the diffusion volatility σ per √year. In [0, 10].
	Vol float64
	// JumpRate is the expected number of jumps per year, λ. In [0, 1000];
	// 0 turns jumps off.
	JumpRate float64
	// JumpMean is the mean log size of one jump, m. In [-1, 1].
	JumpMean float64
	// JumpVol is the standard deviation of the log size of one jump, δ.
	// In [0, 1].
	JumpVol float64
}

// MeanLog returns the expected change of log price over t years,
// E[log S_t/S_0] = (Drift - JumpRate κ - Vol²/2 + JumpRate JumpMean) t with
// κ = e^{JumpMean + JumpVol²/2} - 1: the log price of the mean path. It
// returns NaN for a negative t.
func (p PriceModel) MeanLog(t float64) float64 {
	if t < 0 {
		return math.NaN()
	}
	return (p.drift() + p.JumpRate*p.JumpMean) * t
}

// drift returns the drift per year of the Gaussian part of log price,
// Drift - JumpRate κ - Vol²/2, κ = e^{JumpMean + JumpVol²/2} - 1: the jump
// compensator keeps E[S_t] = S_0 e^{Drift t}.
func (p PriceModel) drift() float64 {
	kappa := math.Expm1(p.JumpMean + p.JumpVol*p.JumpVol/2)
	return p.Drift - p.JumpRate*kappa - p.Vol*p.Vol/2
}

// HashrateModel moves the network hashrate H. Over a step of dt years,
//
//	log H' = log H + Growth dt + Elasticity ΔlogS_lag + Vol √dt ε
//
// where ΔlogS_lag is the change of log price over the step that ended Lag
// before the end of this one (Lag rounded to a whole number of steps; with
// Lag 0 it is this step's own change; 0 while that step would lie before the
// snapshot, which has no price history). H is constant within a step. The
// difficulty does not follow H directly: it changes only at retargets (see
// NewSimulator).
type HashrateModel struct {
	// Growth is the hashrate's drift per year not explained by the price.
	// In [-10, 10].
	Growth float64
	// Vol is the volatility of the hashrate per √year. In [0, 10].
	Vol float64
	// Elasticity is the response of log H to a lagged change of log price.
	// In [-10, 10].
	Elasticity float64
	// Lag is how long the hashrate takes to respond to the price. It must
	// not be negative.
	Lag time.Duration
}

// FeeModel draws the mean fees per block of each step, independently from
// step to step and of every other factor:
//
//	F = F_0 exp(Vol Z - Vol²/2)
//
// with F_0 the snapshot's FeesPerBlock, so that E[F] = F_0.
type FeeModel struct {
	// Vol is the log standard deviation of a step's fees. It is per step,
	// not per year: fees do not accumulate. In [0, 10].
	Vol float64
}

// PowerModel is a log Ornstein-Uhlenbeck process X with long-run level 0,
// the log of a multiplier exp(X) applied to every hourly power price of the
// snapshot at once. Starting from X_0 = 0, over a step of dt years,
//
//	X' = X e^{-k dt} + Vol √((1 - e^{-2k dt})/(2k)) Z,   k = Reversion
//
// exactly (for k = 0, X is a Brownian motion and the factor is √dt). X_t is
// normal with mean 0 and variance Vol² (1 - e^{-2kt})/(2k), so the
// multiplier's mean rises from 1 to exp(Vol²/(4k)) (see Mean): exp(X) is not
// mean-corrected, its median stays 1.
type PowerModel struct {
	// Reversion is the speed k of mean reversion per year. In [0, 1e4].
	Reversion float64
	// Vol is the volatility σ of X per √year. In [0, 10].
	Vol float64
}

// Variance returns the variance of X at t years, Vol² (1 - e^{-2kt})/(2k)
// (Vol² t for k = 0). It returns NaN for a negative t.
func (p PowerModel) Variance(t float64) float64 {
	if t < 0 {
		return math.NaN()
	}
	return p.Vol * p.Vol * ouFactor(p.Reversion, t)
}

// StationaryVariance returns the variance of X as t grows, Vol²/(2k): +Inf
// for k = 0 (unless Vol is 0).
func (p PowerModel) StationaryVariance() float64 {
	if p.Vol == 0 {
		return 0
	}
	return p.Vol * p.Vol / (2 * p.Reversion)
}

// Mean returns the expected power multiplier at t years, E[exp(X_t)] =
// exp(Variance(t)/2). It returns NaN for a negative t.
func (p PowerModel) Mean(t float64) float64 {
	return math.Exp(p.Variance(t) / 2)
}

// ouFactor returns (1 - e^{-2kt})/(2k), or t for k = 0, without
// cancellation.
func ouFactor(k, t float64) float64 {
	if k == 0 {
		return t
	}
	return -math.Expm1(-2*k*t) / (2 * k)
}

// GPUModel moves GPU rental rates and draws utilization. A common index G,
// G_0 = 1, is a geometric Brownian motion with E[G_t] = e^{Drift t}:
//
//	log G' = log G + (Drift - Vol²/2) dt + Vol √dt ε
//
// and the rate of model g at time t years is the snapshot's rate times
// G_t e^{ModelDrift[g] t} (see Simulator.GPURateFactor). The billable
// utilization of each step is an independent Beta(u k, (1-u) k) draw, with
// u the snapshot's Utilization and k UtilizationConcentration: its mean is
// u and its variance u(1-u)/(k+1).
type GPUModel struct {
	// Drift is the expected log change of the index per year. In [-10, 10].
	Drift float64
	// Vol is the index volatility per √year. In [0, 10].
	Vol float64
	// ModelDrift holds extra drift per year for some hardware models, keyed
	// by model name (looked up like Snapshot.GPURate, ignoring case);
	// models not in it get 0. Values in [-10, 10].
	ModelDrift map[string]float64
	// UtilizationConcentration is k above. In (0, 1e6], or +Inf for no
	// noise: the utilization is then the snapshot's every step (the limit
	// of the Beta as k grows), as in Model.Deterministic.
	UtilizationConcentration float64
}

// DefaultModel returns the market model fitted to the history shipped in
// examples/calibrate/testdata: Calibrate(history, base, 2021-11-27,
// 2025-11-28), a four-year window (one halving cycle) that ends on the
// reference snapshot's date, 2025-11-27. Each call returns a fresh copy.
//
// Fitted (each value the estimate rounded to 4 significant digits; its
// comment gives the estimate ± its standard error and the fit):
// Price (FitPrice, 1,461 daily log returns: Merton jumps, which AIC
// selects), Hashrate (FitHashrate, 97 difficulty epochs from 2022-03-31
// to 2025-11-27: growth, noise, elasticity and the lag by BIC) and
// Fees.Vol (FitFeeShare on the window's latest run of daily fees). The
// standard errors of Price and Hashrate are the observed information's
// (the inverse Hessian of the negative log-likelihood at the optimum;
// for Hashrate conditional on the chosen lag), that of Fees.Vol a block
// bootstrap's. examples/calibrate/default_test.go checks every fitted
// value against the fit.
//
// Assumptions, each with its source or reason: the price-hashrate
// correlation (not identified at the fitted lag of 0), Power, GPU and the
// GPU-BTC correlation (no public power-price or GPU-rate series may be
// shipped; Calibrate fits them only from a caller's series).
func DefaultModel() Model {
	return Model{
		// FitPrice on the daily closes 2021-11-27 to 2025-11-27 (1,461
		// log returns). The jump model beats the GBM by AIC; its many
		// small jumps (263 a year of ±2.9 %) are the fat tails of daily
		// returns, not crashes. Total volatility sqrt(Vol² + JumpRate
		// (JumpMean² + JumpVol²)) = 51.5 % a year.
		Price: PriceModel{
			// 0.2609 ± 0.2577 a year: weakly determined (one standard
			// error is as large as the estimate), as any drift fitted on
			// four years of a volatile price.
			Drift: 0.2609,
			// 0.2216 ± 0.0245 per √year.
			Vol: 0.2216,
			// 262.8 ± 53.6 jumps a year.
			JumpRate: 262.8,
			// 0.000363 ± 0.00120 (log): no direction.
			JumpMean: 0.0003631,
			// 0.02868 ± 0.00260 (log).
			JumpVol: 0.02868,
		},
		// FitHashrate on the 97 difficulty epochs from 2022-03-31 to
		// 2025-11-27 and the same window's closes, lags 0 to 120 days in
		// steps of 15 (DefaultHashrateLags).
		Hashrate: HashrateModel{
			// 0.4329 ± 0.0779 a year, at lag 0.
			Growth: 0.4329,
			// 0.1467 ± 0.0203 per √year, at lag 0.
			Vol: 0.1467,
			// 0.1208 ± 0.0421, at lag 0.
			Elasticity: 0.1208,
			// Lag 0 has the smallest BIC, -337.22; the next best are
			// 120 days (-333.51, 3.71 higher) and 105 days (-333.46), then
			// 15 days (-332.77, 4.45 higher).
			Lag: 0,
		},
		Fees: FeeModel{
			// 0.2043 ± 0.0191 (block bootstrap): FitFeeShare's daily noise
			// on the latest run of daily fees, 2025-08-11 to 2025-11-27
			// (109 days). It is per step, fitted on daily steps: FeeModel
			// draws one value per step whatever its length, so with longer
			// steps it overstates the noise of a step's mean fees (a
			// week's mean of daily fees varies less than a day's; see
			// FeeFit.Vol).
			Vol: 0.2043,
		},
		Power: PowerModel{
			// Illustrative log-OU parameters in the style of Lucia &
			// Schwartz (2002, Rev. Derivatives Research 5:5-50): a
			// one-month half-life (ln 2 / 12 years) and 0.8 volatility, so
			// the stationary log standard deviation is 0.8/sqrt(24) = 16 %.
			// An assumption: no public power-price series may be shipped.
			Reversion: 12,
			Vol:       0.8,
		},
		GPU: GPUModel{
			// H100 rental rates fell about 22 % over 2025 (RBC data in FT
			// Alphaville, Oct 2025; REFERENCE.md): ln(0.78) = -0.248.
			Drift: math.Log(0.78),
			// An assumption: no published volatility of a GPU rate index
			// was found; Silicon Data's SDH100RT moved about +10 % from
			// Dec 2025 to Jan 2026. 30 % a year.
			Vol: 0.30,
			ModelDrift: map[string]float64{
				// H200 rates fell about 29 % over 2025 (RBC, as above):
				// the extra drift over the H100's is ln(0.71) - ln(0.78).
				"H200": math.Log(0.71) - math.Log(0.78),
			},
			// An assumption: k = 40 gives, at 85 % mean utilization, a
			// standard deviation of sqrt(0.85*0.15/41) = 5.6 points,
			// within the 75-95 % range of Reference's sources.
			UtilizationConcentration: 40,
		},
		// Price-hashrate: 0, an assumption. At the fitted lag of 0 the
		// hashrate's response to the same epochs' price change is in
		// Elasticity, and the residual correlation is near zero by
		// construction (FitHashrate's PriceCorr, -0.058 ± 0.206, is not
		// identified below a lag of two epochs, so Calibrate does not
		// apply it).
		// Price-GPU: 0.3, an assumption: GPU rates and BTC are mildly
		// correlated through the AI / risk-asset cycle. Power is
		// independent of both (assumption).
		Corr: [NumFactors][NumFactors]float64{
			{1, 0, 0, 0.3},
			{0, 1, 0, 0},
			{0, 0, 1, 0},
			{0.3, 0, 0, 1},
		},
	}
}

// Validate reports the first parameter out of range as an error matching
// ErrInvalid that names the field and its value: a NaN or infinite number,
// a negative volatility, rate, reversion or lag, a value outside the bounds
// given on each field (sanity bounds that keep simulations finite), a
// ModelDrift keys that differ only by case (names are matched without regard
// to case, so either could apply), a utilization concentration outside
// (0, 1e6] other than +Inf (no utilization noise), a correlation matrix that
// is not symmetric, has a diagonal other than 1 or an entry outside
// [-1, 1], or is not positive definite (checked with a Cholesky
// factorisation; it is not repaired).
func (m Model) Validate() error {
	checks := []struct {
		field  string
		v      float64
		lo, hi float64
	}{
		{"Price.Drift", m.Price.Drift, -maxRate, maxRate},
		{"Price.Vol", m.Price.Vol, 0, maxRate},
		{"Price.JumpRate", m.Price.JumpRate, 0, maxJumpRate},
		{"Price.JumpMean", m.Price.JumpMean, -maxJumpSize, maxJumpSize},
		{"Price.JumpVol", m.Price.JumpVol, 0, maxJumpSize},
		{"Hashrate.Growth", m.Hashrate.Growth, -maxRate, maxRate},
		{"Hashrate.Vol", m.Hashrate.Vol, 0, maxRate},
		{"Hashrate.Elasticity", m.Hashrate.Elasticity, -maxRate, maxRate},
		{"Fees.Vol", m.Fees.Vol, 0, maxRate},
		{"Power.Reversion", m.Power.Reversion, 0, maxReversion},
		{"Power.Vol", m.Power.Vol, 0, maxRate},
		{"GPU.Drift", m.GPU.Drift, -maxRate, maxRate},
		{"GPU.Vol", m.GPU.Vol, 0, maxRate},
	}
	for _, c := range checks {
		if err := inRange(c.field, c.v, c.lo, c.hi); err != nil {
			return err
		}
	}
	if m.Hashrate.Lag < 0 {
		return invalid("Hashrate.Lag", m.Hashrate.Lag, "must not be negative")
	}
	names := sortedKeys(m.GPU.ModelDrift)
	for _, name := range names {
		if err := inRange(fmt.Sprintf("GPU.ModelDrift[%q]", name), m.GPU.ModelDrift[name], -maxRate, maxRate); err != nil {
			return err
		}
	}
	if err := checkCaseCollisions("GPU.ModelDrift", names); err != nil {
		return err
	}
	if k := m.GPU.UtilizationConcentration; math.IsNaN(k) || k <= 0 || (k > maxConcentration && !math.IsInf(k, 1)) {
		return invalid("GPU.UtilizationConcentration", k, "must lie in (0, 1e6] or be +Inf")
	}
	_, err := m.cholesky()
	return err
}

func inRange(field string, v, lo, hi float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return invalid(field, v, "must be finite")
	}
	if v < lo || v > hi {
		return invalid(field, v, fmt.Sprintf("must lie in [%g, %g]", lo, hi))
	}
	return nil
}

// cholesky checks Corr and returns its lower Cholesky factor L, Corr = L Lᵀ.
func (m Model) cholesky() ([NumFactors][NumFactors]float64, error) {
	var l [NumFactors][NumFactors]float64
	c := &m.Corr
	for i := range c {
		for j := range c[i] {
			field := fmt.Sprintf("Corr[%d][%d]", i, j)
			v := c[i][j]
			switch {
			case math.IsNaN(v) || math.IsInf(v, 0):
				return l, invalid(field, v, "must be finite")
			case i == j && v != 1:
				return l, invalid(field, v, "diagonal must be 1")
			case v < -1 || v > 1:
				return l, invalid(field, v, "must lie in [-1, 1]")
			case v != c[j][i]:
				return l, invalid(field, v, fmt.Sprintf("not symmetric: Corr[%d][%d] = %v", j, i, c[j][i]))
			}
		}
	}
	sym := mat.NewSymDense(NumFactors, nil)
	for i := range c {
		for j := i; j < NumFactors; j++ {
			sym.SetSym(i, j, c[i][j])
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return l, invalid("Corr", c, "not positive definite")
	}
	var lt mat.TriDense
	ch.LTo(&lt)
	for i := range l {
		for j := 0; j <= i; j++ {
			l[i][j] = lt.At(i, j)
		}
	}
	return l, nil
}
