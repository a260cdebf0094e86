package market

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// MinPriceReturns is the fewest daily returns FitPrice accepts: 30, a month
// of closes. Far more are needed to identify jumps; with few returns the
// fit picks the jump-free model, or fails with ErrFit.
const MinPriceReturns = 30

// Constants of the price likelihood.
const (
	priceDT        = 1.0 / DaysPerYear // one day in years
	poissonTailTol = 1e-13             // mixture truncated past the mode where a term's weight falls below this
	maxMixTerms    = 64                // at most this many jump counts per return (λ dt <= 1000/365 needs 20)
	jumpStarts     = 3                 // starting points of the jump fit
	// maxFitJumpRate bounds the fitted JumpRate: one jump a day on
	// average. Daily returns cannot tell more frequent jumps from the
	// diffusion (their sum over a day tends to a normal), and the
	// likelihood is then a flat ridge toward ever more, ever smaller jumps.
	maxFitJumpRate = DaysPerYear
	// minVolShare bounds the fitted diffusion Vol below, as a share of the
	// jump-free fit's: the jumps may carry at most 99 % of the variance.
	// Without a floor the likelihood is unbounded as Vol goes to 0 with a
	// return (a day without a price change, say) at the no-jump mean.
	minVolShare = 0.1
	// atBound is how close to an end of its interval, as a share of the
	// interval, a selected jump fit's parameter may lie: closer, the
	// optimum is on the boundary and its standard errors mean nothing.
	atBound = 1e-6
)

// PriceFit is the price model fitted to daily closes: PriceModel's
// parameters with their standard errors, per year of DaysPerYear days as in
// PriceModel.
//
// Both a geometric Brownian motion (Drift and Vol) and the Merton
// jump-diffusion (all five parameters) are fitted by maximum likelihood,
// and the one with the lower Akaike information criterion, AIC = 2k - 2
// LogLik with k = 2 or 5 parameters, is reported: the jumps are kept when
// they raise the log-likelihood by more than 3. Standard errors are from
// the observed information (the inverse Hessian of the negative
// log-likelihood at the optimum, by central differences; the closed form
// for the jump-free model).
type PriceFit struct {
	// Drift, Vol, JumpRate, JumpMean and JumpVol are the estimates of the
	// PriceModel fields of the same names. Without jumps, the jump
	// parameters are 0, not fitted (Fitted false, StdErr NaN).
	Drift, Vol, JumpRate, JumpMean, JumpVol Estimate
	// LogLik is the maximized log-likelihood of the daily log returns
	// (their log density, natural log) under the model reported.
	LogLik float64
	// Days is the number of daily returns used, one less than the closes.
	Days int
	// From and To are the dates of the first and last close used.
	From, To time.Time
	// Jumps reports whether the jump model was selected: false when the
	// jump-free model has the lower AIC.
	Jumps bool
}

// Model returns the fitted PriceModel: the estimates' values. It may fail
// Model.Validate when an estimate lies outside the model's sanity bounds
// (a drift beyond ±10 a year).
func (f PriceFit) Model() PriceModel {
	return PriceModel{
		Drift:    f.Drift.Value,
		Vol:      f.Vol.Value,
		JumpRate: f.JumpRate.Value,
		JumpMean: f.JumpMean.Value,
		JumpVol:  f.JumpVol.Value,
	}
}

// FitPrice fits PriceModel to daily closes by maximum likelihood (see
// PriceFit for the models, the selection and the standard errors).
//
// The data are the daily log returns r_i = log(Close_i / Close_{i-1}) over
// dt = 1/365 year. Under PriceModel, as the Simulator steps it, given N = n
// jumps in the day r is normal with mean (Drift - JumpRate κ - Vol²/2) dt +
// n JumpMean and variance Vol² dt + n JumpVol², κ = e^{JumpMean +
// JumpVol²/2} - 1, and N ~ Poisson(JumpRate dt): the likelihood of a return
// is the Poisson mixture of those normals, truncated where the Poisson
// weights fall below 1e-13 (past the mode). Drift is thus the drift of the
// price, E[S_T] = S_0 e^{Drift T}, not of its log.
//
// The jump-free fit is closed-form: Vol² dt is the mean squared deviation
// of the returns and Drift = mean/dt + Vol²/2. The jump fit maximizes the
// mixture likelihood over Drift, Vol in (Vol₀/10, max(10, 2 Vol₀)) with
// Vol₀ the jump-free fit's (the likelihood is unbounded as Vol goes to 0),
// JumpRate in (0, 365) (daily returns cannot tell more frequent jumps from
// the diffusion), JumpMean in (-1, 1) and JumpVol in (0, 1) by
// BFGS, from three starts that share the returns' variance and excess
// kurtosis between the diffusion and jumps of 3, 12 and 50 a year, run
// concurrently (one goroutine each); the start with the highest likelihood
// wins, ties going to the earlier start, so the result does not depend on
// scheduling.
//
// The jump fit finds whatever mixture of normals fits best, rare crashes or
// not. On BTC/USD closes of 2016-01-01 to 2025-11-27 (the project's shared
// data) it selects jumps with JumpRate 281 ± 25 a year, JumpMean 0.0004 ±
// 0.0009 and JumpVol 0.037 ± 0.002 on a Vol of 0.23 ± 0.01: calm and
// turbulent days, which stand for heavy tails and volatility clustering
// the model does not have, not for crashes.
//
// The closes must be on consecutive days: each Date exactly 24 hours after
// the previous one (a gap is an error, not a longer return). Errors match
// ErrInvalid and name the row ("prices[12].Close") for fewer than 31
// closes, a Close that is not finite and positive, or a Date that does not
// follow the previous by one day. They match ErrFit when the returns do not
// vary, or when the jumps are selected but their fit did not converge or
// its Hessian is not positive definite. A jump fit that AIC prefers but
// that lies on the boundary of the box above (within 1e-6 of its width:
// jumps so frequent, so small or so large that daily returns cannot tell
// them from the diffusion) does not identify the jump model: FitPrice then
// reports the GBM (Jumps false), as when AIC prefers it.
func FitPrice(prices []DailyPrice) (PriceFit, error) {
	r, err := priceReturns(prices)
	if err != nil {
		return PriceFit{}, err
	}
	fit := PriceFit{Days: len(r), From: prices[0].Date, To: prices[len(prices)-1].Date}

	// The jump-free model in closed form.
	n := float64(len(r))
	mean := 0.0
	for _, v := range r {
		mean += v
	}
	mean /= n
	var m2, m4 float64
	for _, v := range r {
		d := (v - mean) * (v - mean)
		m2 += d
		m4 += d * d
	}
	m2 /= n
	m4 /= n
	if !(m2 > 0) {
		return PriceFit{}, fmt.Errorf("%w: the %d daily returns do not vary: no volatility to fit", ErrFit, len(r))
	}
	vol := math.Sqrt(m2 / priceDT)
	drift := mean/priceDT + vol*vol/2
	gbm := []float64{drift, vol, 0, 0, 0}
	llGBM := -mixNLL(nil, r, gbm)
	// Observed information of (Drift, Vol) at the optimum: the estimates
	// mean/dt, with variance Vol²/(n dt), and Vol, with variance Vol²/(2n),
	// are independent, and Drift = mean/dt + Vol²/2.
	seVol := vol / math.Sqrt(2*n)
	seDrift := math.Sqrt(vol*vol/(n*priceDT) + vol*vol*vol*vol/(2*n))
	fit.Drift = Estimate{Value: drift, StdErr: seDrift, Fitted: true}
	fit.Vol = Estimate{Value: vol, StdErr: seVol, Fitted: true}
	noJump := Estimate{Value: 0, StdErr: math.NaN()}
	fit.JumpRate, fit.JumpMean, fit.JumpVol = noJump, noJump, noJump
	fit.LogLik = llGBM

	// The jump model from several starts.
	kurt := m4/(m2*m2) - 3
	bounds := []bound{
		{math.Inf(-1), math.Inf(1)},                   // Drift
		{vol * minVolShare, math.Max(maxRate, 2*vol)}, // Vol
		{0, maxFitJumpRate},                           // JumpRate
		{-maxJumpSize, maxJumpSize},                   // JumpMean
		{0, maxJumpSize},                              // JumpVol
	}
	meanNLL := func(g, theta []float64) float64 {
		v := mixNLL(g, r, theta) / n
		for i := range g {
			g[i] /= n
		}
		return v
	}
	// The best start, converged or not; a start that did not converge
	// counts only if the AIC would pick it, and is then an error.
	var best []float64
	bestNLL := math.Inf(1)
	var bestErr error
	type result struct {
		theta []float64
		f     float64
		err   error
	}
	// The starts run concurrently; the best is chosen in start order, so
	// the result does not depend on scheduling.
	var res [jumpStarts]result
	var wg sync.WaitGroup
	for i, lambda := range [jumpStarts]float64{3, 12, 50} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			theta, f, err := minimizeFG(meanNLL, true, jumpStart(mean, m2, kurt, lambda), bounds)
			res[i] = result{theta, f, err}
		}()
	}
	wg.Wait()
	for _, rs := range res {
		if rs.theta == nil {
			continue
		}
		if rs.f < bestNLL || (rs.f == bestNLL && bestErr != nil && rs.err == nil) {
			best, bestNLL, bestErr = rs.theta, rs.f, rs.err
		}
	}
	llJump := -bestNLL * n
	if best == nil || !(llJump-llGBM > 3) { // AIC: 2*5 - 2 llJump < 2*2 - 2 llGBM
		return fit, nil
	}
	if bestErr != nil {
		return PriceFit{}, fmt.Errorf("market: FitPrice jump model: %w", bestErr)
	}
	names := []string{"Drift", "Vol", "JumpRate", "JumpMean", "JumpVol"}
	for i, b := range bounds {
		if w := b.hi - b.lo; !math.IsInf(w, 0) && (best[i]-b.lo < atBound*w || b.hi-best[i] < atBound*w) {
			return fit, nil // not identified: the GBM
		}
	}
	se, err := stdErrorsFG(func(g, theta []float64) float64 { return mixNLL(g, r, theta) }, best, names)
	if err != nil {
		return PriceFit{}, fmt.Errorf("market: FitPrice jump model: %w", err)
	}
	est := make([]Estimate, 5)
	for i := range est {
		est[i] = Estimate{Value: best[i], StdErr: se[i], Fitted: true}
	}
	fit.Drift, fit.Vol, fit.JumpRate, fit.JumpMean, fit.JumpVol = est[0], est[1], est[2], est[3], est[4]
	fit.LogLik = llJump
	fit.Jumps = true
	return fit, nil
}

// jumpStart returns a starting point of the jump fit with lambda jumps a
// year: jumps of mean 0 whose size shares the daily variance m2 with the
// diffusion so as to match the excess kurtosis kurt of the returns, 3 λdt
// δ⁴ / m2² (taken as at least 1, and the jumps' share of the variance kept
// within [0.1, 0.9]), and the drift that matches the mean return.
func jumpStart(mean, m2, kurt, lambda float64) []float64 {
	ldt := lambda * priceDT
	k := math.Max(kurt, 1)
	share := math.Sqrt(k * ldt / 3) // λdt δ² / m2
	share = math.Min(math.Max(share, 0.1), 0.9)
	delta := math.Sqrt(share * m2 / ldt)
	delta = math.Min(delta, 0.5*maxJumpSize)
	vol := math.Sqrt((m2 - ldt*delta*delta) / priceDT)
	if !(vol > 0) {
		vol = math.Sqrt(m2 / (2 * priceDT))
	}
	// The mean return is the Gaussian drift's: the jumps have mean 0.
	kappa := math.Expm1(delta * delta / 2)
	drift := mean/priceDT + lambda*kappa + vol*vol/2
	return []float64{drift, vol, lambda, 0, delta}
}

// priceReturns checks the closes as FitPrice documents and returns their
// daily log returns.
func priceReturns(prices []DailyPrice) ([]float64, error) {
	if len(prices) < MinPriceReturns+1 {
		return nil, invalid("len(prices)", len(prices), fmt.Sprintf("need at least %d closes (%d daily returns)", MinPriceReturns+1, MinPriceReturns))
	}
	r := make([]float64, len(prices)-1)
	for i, p := range prices {
		if c := p.Close; math.IsNaN(c) || math.IsInf(c, 0) || c <= 0 {
			return nil, invalid(fmt.Sprintf("prices[%d].Close", i), c, "must be finite and positive")
		}
		if i == 0 {
			continue
		}
		if d := p.Date.Sub(prices[i-1].Date); d != 24*time.Hour {
			return nil, invalid(fmt.Sprintf("prices[%d].Date", i), p.Date.Format(time.RFC3339),
				fmt.Sprintf("must be the day after prices[%d].Date %s (%v later)", i-1, prices[i-1].Date.Format(time.RFC3339), d))
		}
		r[i-1] = math.Log(p.Close / prices[i-1].Close)
	}
	return r, nil
}

// mixNLL returns the negative log-likelihood of the daily log returns r
// under theta = (Drift, Vol, JumpRate, JumpMean, JumpVol), and, when g is
// not nil, sets g to its gradient in theta. The likelihood of a return x
// is Σ_k w_k φ(x; μ_k, v_k), with w_k the Poisson(JumpRate dt) weights, μ_k
// = (Drift - JumpRate κ - Vol²/2) dt + k JumpMean and v_k = Vol² dt + k
// JumpVol², truncated after the first k past the mode with w_k < 1e-13;
// with JumpRate 0 it is the normal likelihood of GBM. It returns +Inf for
// a parameter outside its domain (a negative volatility or rate, a zero
// variance) or where the likelihood underflows; g is then left undefined.
//
// The gradient is Σ_x Σ_k p_k ∂l_k/∂θ, p_k the posterior probability of k
// jumps and l_k = log(w_k φ_k), through ∂l_k/∂μ_k = (x-μ_k)/v_k,
// ∂l_k/∂v_k = ((x-μ_k)²/v_k - 1)/(2 v_k), ∂log w_k/∂λ = k/λ - dt and the
// derivatives of κ, ∂κ/∂m = κ+1 and ∂κ/∂δ = δ(κ+1).
func mixNLL(g []float64, r []float64, theta []float64) float64 {
	drift, vol, lambda, jm, jv := theta[0], theta[1], theta[2], theta[3], theta[4]
	if !(vol >= 0) || !(lambda >= 0) || !(jv >= 0) || math.IsInf(drift, 0) || math.IsNaN(drift) || math.IsInf(jm, 0) || math.IsNaN(jm) {
		return math.Inf(1)
	}
	dt := priceDT
	kappa := math.Expm1(jm + jv*jv/2)
	mu0 := (drift - lambda*kappa - vol*vol/2) * dt
	v0 := vol * vol * dt
	ldt := lambda * dt

	// Per jump count k: log weight - log √(2π v_k), mean, 1/v_k.
	var c, mu, iv [maxMixTerms]float64
	terms := 0
	logLdt := math.Log(ldt)
	for k := 0; k < maxMixTerms; k++ {
		lw := -ldt
		if k > 0 {
			if ldt == 0 {
				break
			}
			lg, _ := math.Lgamma(float64(k + 1))
			lw = float64(k)*logLdt - ldt - lg
			if float64(k) > ldt && lw < math.Log(poissonTailTol) {
				break
			}
		}
		v := v0 + float64(k)*jv*jv
		if !(v > 0) || math.IsInf(v, 1) {
			return math.Inf(1)
		}
		c[k] = lw - 0.5*math.Log(2*math.Pi*v)
		mu[k] = mu0 + float64(k)*jm
		iv[k] = 1 / v
		terms++
	}
	// Per k, sums over returns of p_k, p_k a_k and p_k b_k, with a_k =
	// (x-μ_k)/v_k and b_k = ((x-μ_k)²/v_k - 1)/(2 v_k).
	var sp, sa, sb [maxMixTerms]float64
	var l [maxMixTerms]float64
	nll := 0.0
	for _, x := range r {
		mx := math.Inf(-1)
		for k := 0; k < terms; k++ {
			d := x - mu[k]
			l[k] = c[k] - 0.5*d*d*iv[k]
			mx = math.Max(mx, l[k])
		}
		if math.IsInf(mx, -1) {
			return math.Inf(1)
		}
		sum := 0.0
		for k := 0; k < terms; k++ {
			l[k] = math.Exp(l[k] - mx)
			sum += l[k]
		}
		nll -= mx + math.Log(sum)
		if g != nil {
			inv := 1 / sum
			for k := 0; k < terms; k++ {
				p := l[k] * inv
				d := x - mu[k]
				a := d * iv[k]
				sp[k] += p
				sa[k] += p * a
				sb[k] += p * (d*a - 1) * iv[k] / 2
			}
		}
	}
	if math.IsNaN(nll) {
		return math.Inf(1)
	}
	if g != nil {
		var gd, gv, gl, gm, gj float64
		for k := 0; k < terms; k++ {
			fk := float64(k)
			gd += sa[k] * dt
			gv += sa[k]*(-vol*dt) + sb[k]*2*vol*dt
			if lambda > 0 {
				gl += sp[k] * (fk/lambda - dt)
			} else {
				gl += sp[k] * -dt
			}
			gl += sa[k] * (-kappa * dt)
			gm += sa[k] * (fk - lambda*(kappa+1)*dt)
			gj += sa[k]*(-lambda*jv*(kappa+1)*dt) + sb[k]*2*fk*jv
		}
		// With λ = 0 the sums hold only k = 0: the derivative in λ is that
		// of the one-jump term's weight, Σ_x φ_1/φ_0, not taken here; the
		// fits never evaluate the gradient at λ = 0.
		g[0], g[1], g[2], g[3], g[4] = -gd, -gv, -gl, -gm, -gj
	}
	return nll
}
