package market

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
)

// HashrateFit is the network hashrate model fitted to difficulty epochs and
// daily prices by FitHashrate.
type HashrateFit struct {
	// Growth, Vol and Elasticity are HashrateModel's parameters with their
	// standard errors, conditional on Lag (the lag's own uncertainty is not
	// in them).
	Growth, Vol, Elasticity Estimate
	// Lag is the lag with the smallest BIC in LagProfile.
	Lag time.Duration
	// LagProfile holds the criteria at each lag tried, in the order given.
	LagProfile []LagScore
	// PriceCorr is the correlation of the hashrate shock with the price
	// shock over the same epochs, the model's Corr[FactorPrice][FactorHashrate].
	// Its standard error is Fisher's, (1 - r²)/√(n - 3) for the plain
	// correlation r of the residuals, scaled as the estimate is scaled
	// from r to correct for block luck. Price jumps dilute it: it
	// estimates the correlation with the whole price change, diffusion
	// and jumps.
	PriceCorr Estimate
	// Epochs is the number of epochs whose mean hashrate entered the fit:
	// it gives Epochs - 1 changes, the sample size n of the criteria.
	Epochs int
	// From is the first block time of the first epoch used; To the first
	// block time of the epoch after the last one used (the end of its
	// span).
	From, To time.Time
}

// LagScore is the fit's log-likelihood and information criteria at one
// lag: AIC = 2k - 2 LogLik and BIC = k ln n - 2 LogLik with k = 3
// parameters (Growth, Elasticity, Vol) and n the number of epoch changes.
// Every lag of one profile is fitted on the same epochs, so the scores
// compare.
type LagScore struct {
	Lag              time.Duration
	LogLik, AIC, BIC float64
}

// Model returns the fitted HashrateModel: the estimates' values and Lag.
func (f HashrateFit) Model() HashrateModel {
	return HashrateModel{
		Growth:     f.Growth.Value,
		Vol:        f.Vol.Value,
		Elasticity: f.Elasticity.Value,
		Lag:        f.Lag,
	}
}

// Limits of FitHashrate's input.
const (
	// blocksPerEpoch is the retarget period of Bitcoin: the epochs given
	// must be consecutive, 2016 heights apart.
	blocksPerEpoch = 2016
	// minHashrateChanges is the fewest epoch changes a fit accepts (more
	// than the 3 of Fisher's standard error and the 3 parameters).
	minHashrateChanges = 10
	// maxHashrateLag bounds the lags tried.
	maxHashrateLag = 5 * DaysPerYear * 24 * time.Hour
	// secondsPerYear converts seconds to the Model's years.
	secondsPerYear = DaysPerYear * 86400
)

// Times before 1970 or from 2200 are rejected: no Bitcoin data lies there,
// and the bound keeps times exact in float64 seconds. fitTimeMax is
// 2200-01-01T00:00:00Z in Unix seconds.
const fitTimeMax = 7258118400

// DefaultHashrateLags returns the lags FitHashrate tries when given none:
// 0 to 120 days in steps of 15 days.
func DefaultHashrateLags() []time.Duration {
	lags := make([]time.Duration, 0, 9)
	for d := 0; d <= 120; d += 15 {
		lags = append(lags, time.Duration(d)*24*time.Hour)
	}
	return lags
}

// FitHashrate fits HashrateModel to difficulty epochs and daily BTC closes
// by maximum likelihood at each lag of lags (DefaultHashrateLags when lags
// is empty), and keeps the lag with the smallest BIC.
//
// # Data
//
// Epoch i spans from its first block to the next epoch's first block, T_i
// seconds; its measured mean hashrate is H_i = D_i 2^32 2016 / T_i. The
// last epoch given only closes the span of the one before it. A day's
// close is taken as the price over the whole UTC day from its Date to the
// next row's Date (to Date + 24 h for the last row), so the log price
// p(t) is a step function.
//
// # Model
//
// HashrateModel makes log H(t) = log H_0 + Growth t + Elasticity p(t - Lag)
// + Vol W(t) with W a Brownian motion. The data are epoch means, so the
// fit regresses the change of the epoch means of log H,
//
//	y_i = log H_{i+1} - log H_i = Growth Δm_i + Elasticity Δx_i + e_i,
//
// where Δm_i is the change of the epochs' midpoints (years) and Δx_i the
// change of the epochs' means of p(t - Lag). The noise e has two parts.
// The means of W over consecutive spans of T_i and T_{i+1} years differ by
// a normal with variance Vol² (T_i + T_{i+1})/3, and consecutive changes
// share a span, covariance Vol² T_{i+1}/6: Vol² V, a quarter correlation
// between neighbours (ordinary least squares on the changes would ignore
// it and bias Vol down by √(2/3)). And blocks arrive as a Poisson process:
// the block rate integrated over an epoch's 2016 blocks is Gamma(2016, 1),
// so each measured log H_i carries an independent error of variance
// ψ'(2016) ≈ 1/2016, which gives the changes the covariance ψ'(2016) M,
// M tridiagonal with 2 on the diagonal and -1 beside it. This block luck
// is as large as the hashrate's own noise for a Vol of 0.2 and is not part
// of the model (Simulator's blocks arrive at their expected rate): leaving
// it in would inflate Vol. So e ~ N(0, Σ), Σ = Vol² V + ψ'(2016) M.
//
// At each Vol, Growth and Elasticity are the generalized least squares
// estimates (closed form after whitening with Σ's tridiagonal Cholesky
// factor), so the fit maximizes the profile likelihood over Vol alone (a
// grid, then golden-section search). Standard errors are the observed
// information's: (XᵀΣ⁻¹X)⁻¹ at the estimate for Growth and Elasticity, the
// profile likelihood's curvature for Vol. They are conditional on the
// chosen lag. The log of the epoch mean of H stands for the epoch mean of
// log H (they differ by half the variance of log H within an epoch, a near
// constant that cancels in changes).
//
// Only epochs whose span, moved back by the longest lag, starts on or
// after the first price Date, and which end by the last price's day end,
// enter the fit, the same epochs at every lag.
//
// PriceCorr correlates the hashrate residuals at the chosen lag with the
// change of the epochs' mean log price (lag 0) net of its own trend, both
// whitened by V, and corrects the correlation for the block luck in the
// residuals (see HashrateFit.PriceCorr). It is identified only when the
// chosen lag is at least two epochs (about 28 days): a shorter lag's
// regressor shares price moves with the same spans, and at lag 0 the
// correlation is absorbed into Elasticity (PriceCorr is then near zero by
// construction).
//
// # Errors
//
// FitHashrate returns an error matching ErrInvalid that names the row,
// as in "Epochs[12].Time", if: an epoch's Difficulty is not finite and
// positive; its Height is not 2016 above the previous one; its Time is not
// at least a second after the previous one; a price's Close is not finite
// and positive; its Date is not after the previous one; a time lies
// before 1970 or from 2200 on; a lag is negative or longer than 5 years;
// fewer than 10 epoch changes remain for the fit; the lagged price or the
// time does not vary enough to identify Elasticity and Growth; or the
// hashrate changes are no noisier than block luck (Vol not identified).
func FitHashrate(epochs []Epoch, prices []DailyPrice, lags []time.Duration) (HashrateFit, error) {
	return fitHashrate(epochs, prices, lags, luckVar)
}

// fitHashrate is FitHashrate with the variance of the block luck of one
// epoch's log mean hashrate given: luckVar for real chains, 0 for chains
// whose blocks arrive at their expected rate.
func fitHashrate(epochs []Epoch, prices []DailyPrice, lags []time.Duration, luck float64) (HashrateFit, error) {
	if len(lags) == 0 {
		lags = DefaultHashrateLags()
	}
	var maxLag time.Duration
	for i, l := range lags {
		if l < 0 || l > maxHashrateLag {
			return HashrateFit{}, invalid(fmt.Sprintf("lags[%d]", i), l, "must lie in [0, 5 years]")
		}
		maxLag = max(maxLag, l)
	}
	if err := checkEpochs(epochs); err != nil {
		return HashrateFit{}, err
	}
	curve, err := newPriceCurve(prices)
	if err != nil {
		return HashrateFit{}, err
	}

	// The epochs whose spans have prices at every lag: a contiguous run
	// [first, last] of span starts, the span of epoch i ending at epoch
	// i+1's time.
	lagMax := maxLag.Seconds()
	first, last := -1, -1
	for i := 0; i+1 < len(epochs); i++ {
		start, end := unixSeconds(epochs[i].Time), unixSeconds(epochs[i+1].Time)
		if start-lagMax >= curve.start && end <= curve.end {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || last-first < minHashrateChanges {
		have := 0
		if first >= 0 {
			have = last - first
		}
		return HashrateFit{}, invalid("Epochs", len(epochs),
			fmt.Sprintf("need at least %d epoch changes within the prices (from the first price plus the longest lag %v); have %d",
				minHashrateChanges, maxLag, have))
	}

	g := newHashrateGLS(epochs[first:last+2], curve)
	fit := HashrateFit{
		LagProfile: make([]LagScore, len(lags)),
		Epochs:     last - first + 1,
		From:       epochs[first].Time,
		To:         epochs[last+1].Time,
	}
	best := -1
	var bestRes hashrateLagFit
	for k, l := range lags {
		r, err := g.fitLag(l, luck)
		if err != nil {
			return HashrateFit{}, err
		}
		const params = 3
		logLik := -r.negLL
		score := LagScore{Lag: l, LogLik: logLik, AIC: 2*params - 2*logLik,
			BIC: params*math.Log(float64(len(g.y))) - 2*logLik}
		fit.LagProfile[k] = score
		if best < 0 || score.BIC < fit.LagProfile[best].BIC {
			best, bestRes = k, r
		}
	}
	fit.Lag = lags[best]
	fit.Growth = Estimate{Value: bestRes.beta[0], StdErr: math.Sqrt(bestRes.cov[0][0]), Fitted: true}
	fit.Elasticity = Estimate{Value: bestRes.beta[1], StdErr: math.Sqrt(bestRes.cov[1][1]), Fitted: true}
	fit.Vol = Estimate{Value: bestRes.vol, StdErr: bestRes.volSE, Fitted: true}
	corr, err := g.priceCorr(bestRes)
	if err != nil {
		return HashrateFit{}, err
	}
	fit.PriceCorr = corr
	for _, e := range []Estimate{fit.Growth, fit.Elasticity, fit.Vol, fit.PriceCorr} {
		if !num.Finite(e.Value) || !num.Finite(e.StdErr) {
			return HashrateFit{}, invalid("Epochs", len(epochs), "the fit is numerically degenerate")
		}
	}
	return fit, nil
}

// unixSeconds returns t as seconds since 1970 (exact to a microsecond for
// the times the fits accept).
func unixSeconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())*1e-9
}

// checkFitTime reports a time outside [1970, 2200), naming row(field).
func checkFitTime(row func(string) string, field string, t time.Time) error {
	if u := t.Unix(); u < 0 || u >= fitTimeMax {
		return invalid(row(field), t, "must lie in [1970-01-01, 2200-01-01)")
	}
	return nil
}

// checkEpochs checks what FitHashrate needs of its epochs.
func checkEpochs(epochs []Epoch) error {
	for i, e := range epochs {
		row := func(field string) string { return fmt.Sprintf("Epochs[%d].%s", i, field) }
		if d := e.Difficulty; !num.Finite(d) || d <= 0 {
			return invalid(row("Difficulty"), d, "must be finite and positive")
		}
		if err := checkFitTime(row, "Time", e.Time); err != nil {
			return err
		}
		if i == 0 {
			continue
		}
		prev := epochs[i-1]
		if e.Height-prev.Height != blocksPerEpoch {
			return invalid(row("Height"), e.Height, fmt.Sprintf("must be 2016 above the previous epoch's %d", prev.Height))
		}
		if e.Time.Sub(prev.Time) < time.Second {
			return invalid(row("Time"), e.Time, fmt.Sprintf("must be at least a second after the previous epoch's %v", prev.Time))
		}
	}
	return nil
}

// priceCurve is the integral of the step function p(t) = log close of the
// row in force at t, for window means of the log price.
type priceCurve struct {
	start, end float64   // seconds since 1970: the first Date, the last Date + 24 h
	at         []float64 // at[k]: row k's Date, seconds since 1970
	cum        []float64 // cum[k]: the integral of p from start to at[k]
	logp       []float64
	scale      float64 // max(1, the largest |log close|)
}

func newPriceCurve(prices []DailyPrice) (priceCurve, error) {
	n := len(prices)
	c := priceCurve{at: make([]float64, n), cum: make([]float64, n), logp: make([]float64, n)}
	for i, p := range prices {
		row := func(field string) string { return fmt.Sprintf("Prices[%d].%s", i, field) }
		if v := p.Close; !num.Finite(v) || v <= 0 {
			return c, invalid(row("Close"), v, "must be finite and positive")
		}
		if err := checkFitTime(row, "Date", p.Date); err != nil {
			return c, err
		}
		if i > 0 && !p.Date.After(prices[i-1].Date) {
			return c, invalid(row("Date"), p.Date, fmt.Sprintf("must be after the previous row's %v", prices[i-1].Date))
		}
		c.at[i] = unixSeconds(p.Date)
		c.logp[i] = math.Log(p.Close)
		c.scale = max(c.scale, 1, math.Abs(c.logp[i]))
		if i > 0 {
			c.cum[i] = c.cum[i-1] + c.logp[i-1]*(c.at[i]-c.at[i-1])
		}
	}
	if n == 0 {
		return c, invalid("Prices", 0, "need at least one price")
	}
	c.start, c.end = c.at[0], c.at[n-1]+86400
	return c, nil
}

// integral returns the integral of p from start to t, for t in [start, end].
func (c priceCurve) integral(t float64) float64 {
	k := sort.SearchFloat64s(c.at, t) // first row with at[k] >= t
	if k == len(c.at) || c.at[k] > t {
		k-- // the row in force at t
	}
	return c.cum[k] + c.logp[k]*(t-c.at[k])
}

// windowMean returns the mean of p over [a, b], b > a, both in range.
func (c priceCurve) windowMean(a, b float64) float64 {
	return (c.integral(b) - c.integral(a)) / (b - a)
}

// luckVar is the variance of the log of an epoch's measured mean hashrate
// around its true mean: blocks arrive as a Poisson process, so the
// integrated block rate over an epoch's 2016 blocks is Gamma(2016, 1) and
// its log has variance ψ'(2016) = 1/n + 1/(2n²) + 1/(6n³) - ... for
// n = 2016 (the asymptotic series of the trigamma function, exact to
// 1e-16 here).
const luckVar = 1.0/blocksPerEpoch + 1.0/(2*blocksPerEpoch*blocksPerEpoch) + 1.0/(6*blocksPerEpoch*blocksPerEpoch*blocksPerEpoch)

// hashrateGLS holds the lag-independent parts of the regression over n
// epoch changes (the changes y, the midpoint changes dm and the lag-0
// price changes dp0) and scratch space.
type hashrateGLS struct {
	curve      priceCurve
	start, end []float64 // each span's start and end, seconds since 1970
	years      []float64 // each span's length, years
	y, dm, dp0 []float64
	// scratch: the Cholesky factor of Σ (diagonal, subdiagonal) and the
	// whitened y, dm and dp.
	diag, sub, wy, wm, wp []float64
}

func newHashrateGLS(epochs []Epoch, curve priceCurve) *hashrateGLS {
	spans := len(epochs) - 1 // epoch i's span ends at epoch i+1's time
	n := spans - 1           // changes
	buf := make([]float64, 3*spans+8*n)
	take := func(k int) []float64 { s := buf[:k:k]; buf = buf[k:]; return s }
	g := &hashrateGLS{curve: curve, start: take(spans), end: take(spans), years: take(n + 1),
		y: take(n), dm: take(n), dp0: take(n), diag: take(n), sub: take(n), wy: take(n), wm: take(n), wp: take(n)}
	logH := make([]float64, spans)
	for i := range spans {
		g.start[i], g.end[i] = unixSeconds(epochs[i].Time), unixSeconds(epochs[i+1].Time)
		secs := g.end[i] - g.start[i]
		g.years[i] = secs / secondsPerYear
		logH[i] = math.Log(epochs[i].Difficulty) + 32*math.Ln2 + math.Log(blocksPerEpoch) - math.Log(secs)
	}
	for i := range n {
		g.y[i] = logH[i+1] - logH[i]
		g.dm[i] = (g.start[i+1] + g.end[i+1] - g.start[i] - g.end[i]) / 2 / secondsPerYear
	}
	if !g.priceChanges(g.dp0, 0) {
		clear(g.dp0) // rounding noise: no price shock to correlate
	}
	return g
}

// priceChanges writes to dst the changes of the spans' mean log price
// moved back by lag, and reports whether any exceeds the rounding error of
// the means (1e-9 of the largest |log price|, or 1e-9).
func (g *hashrateGLS) priceChanges(dst []float64, lag time.Duration) (varies bool) {
	l := lag.Seconds()
	prev := g.curve.windowMean(g.start[0]-l, g.end[0]-l)
	for i := range dst {
		next := g.curve.windowMean(g.start[i+1]-l, g.end[i+1]-l)
		dst[i] = next - prev
		varies = varies || math.Abs(dst[i]) > 1e-9*g.curve.scale
		prev = next
	}
	return varies
}

// factor sets diag and sub to the Cholesky factor of Σ = s2 V + luck M,
// V[i][i] = (T_i + T_{i+1})/3, V[i][i+1] = T_{i+1}/6, M[i][i] = 2,
// M[i][i+1] = -1, and returns log det Σ. Σ is positive definite for any
// s2 >= 0: V is strictly diagonally dominant and M positive definite.
func (g *hashrateGLS) factor(s2, luck float64) (logDet float64) {
	t := g.years
	// log det Σ = Σ log v_i, the v_i the squared diagonal: kept as a
	// product split by Frexp into mantissa and exponent, one Log at the end.
	prod, exp := 1.0, 0
	for i := range g.diag {
		v := s2*(t[i]+t[i+1])/3 + 2*luck
		if i > 0 {
			g.sub[i-1] = (s2*t[i]/6 - luck) / g.diag[i-1]
			v -= g.sub[i-1] * g.sub[i-1]
		}
		g.diag[i] = math.Sqrt(v)
		frac, e := math.Frexp(prod * v)
		prod, exp = frac, exp+e
	}
	return math.Log(prod) + float64(exp)*math.Ln2
}

// whiten sets dst to L⁻¹ x for the factor L last set.
func (g *hashrateGLS) whiten(dst, x []float64) {
	for i := range x {
		v := x[i]
		if i > 0 {
			v -= g.sub[i-1] * dst[i-1]
		}
		dst[i] = v / g.diag[i]
	}
}

// gls is the regression y = Growth dm + Elasticity dp + e, e ~ N(0, Σ), at
// one Σ.
type gls struct {
	beta   [2]float64    // Growth, Elasticity
	cov    [2][2]float64 // (Xᵀ Σ⁻¹ X)⁻¹
	negLL  float64       // minus the log-likelihood
	ok     bool          // the design is of full rank
	resid2 float64       // the whitened residuals' sum of squares
}

// solve fits the regression with Σ = s2 V + luck M, dp the price changes.
func (g *hashrateGLS) solve(s2, luck float64, dp []float64) gls {
	logDet := g.factor(s2, luck)
	// Whiten y, dm and dp in one pass (see whiten) and sum the products.
	var a, b, c, uy, vy, yy float64
	var y, u, v float64
	for i := range g.wy {
		if i == 0 {
			y, u, v = g.y[0]/g.diag[0], g.dm[0]/g.diag[0], dp[0]/g.diag[0]
		} else {
			s, inv := g.sub[i-1], 1/g.diag[i]
			y, u, v = (g.y[i]-s*y)*inv, (g.dm[i]-s*u)*inv, (dp[i]-s*v)*inv
		}
		g.wy[i], g.wm[i], g.wp[i] = y, u, v
		a += u * u
		b += u * v
		c += v * v
		uy += u * y
		vy += v * y
		yy += y * y
	}
	det := a*c - b*b
	var r gls
	if !(det > 1e-12*a*c) {
		return r
	}
	r.ok = true
	r.beta = [2]float64{(c*uy - b*vy) / det, (a*vy - b*uy) / det}
	r.cov = [2][2]float64{{c / det, -b / det}, {-b / det, a / det}}
	// The residual sum of squares, summed directly (not yy - β·Xᵀy, which
	// cancels).
	for i, y := range g.wy {
		e := y - r.beta[0]*g.wm[i] - r.beta[1]*g.wp[i]
		r.resid2 += e * e
	}
	n := float64(len(g.wy))
	r.negLL = (n*math.Log(2*math.Pi) + logDet + r.resid2) / 2
	return r
}

// hashrateLagFit is the maximum-likelihood fit at one lag.
type hashrateLagFit struct {
	gls
	vol, volSE float64
	dp         []float64
}

// maxVolGrid is the largest Vol the likelihood search considers, the
// Model's bound.
const maxVolGrid = maxRate

// fitLag maximizes the likelihood over Vol (the regression coefficients
// are closed-form at each Vol): a grid of 48 values, 0 and 1e-3 to 10
// geometrically, then golden-section search between the best point's
// neighbours. Vol's standard error is from the curvature of the profile
// log-likelihood (observed information).
func (g *hashrateGLS) fitLag(lag time.Duration, luck float64) (hashrateLagFit, error) {
	dp := make([]float64, len(g.y))
	if !g.priceChanges(dp, lag) {
		return hashrateLagFit{}, invalid("Prices", len(g.curve.at),
			fmt.Sprintf("the mean log price at lag %v does not vary: Elasticity is not identified", lag))
	}
	if !g.solve(1, luck, dp).ok {
		return hashrateLagFit{}, invalid("Prices", len(g.curve.at),
			fmt.Sprintf("the mean log price at lag %v does not vary apart from the trend: Elasticity is not identified", lag))
	}
	nll := func(vol float64) float64 {
		r := g.solve(vol*vol, luck, dp)
		if !r.ok || math.IsNaN(r.negLL) {
			return math.Inf(1) // Σ singular (Vol 0 without luck)
		}
		return r.negLL
	}
	const grid = 48
	vols := make([]float64, grid)
	for k := 1; k < grid; k++ {
		vols[k] = 1e-3 * math.Pow(maxVolGrid/1e-3, float64(k-1)/(grid-2))
	}
	best, bestV := 0, math.Inf(1)
	for k, v := range vols {
		if f := nll(v); f < bestV {
			best, bestV = k, f
		}
	}
	if math.IsInf(bestV, 1) {
		return hashrateLagFit{}, invalid("Epochs", len(g.y)+2, fmt.Sprintf("the likelihood at lag %v is degenerate", lag))
	}
	lo, hi := vols[max(best-1, 0)], vols[min(best+1, grid-1)]
	const phi = 0.6180339887498949 // (√5 - 1)/2
	x1, x2 := hi-phi*(hi-lo), lo+phi*(hi-lo)
	f1, f2 := nll(x1), nll(x2)
	for range 60 { // the bracket shrinks to 0.618^60 = 3e-13 of its width
		if f1 <= f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - phi*(hi-lo)
			f1 = nll(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + phi*(hi-lo)
			f2 = nll(x2)
		}
	}
	vol := (lo + hi) / 2
	if f := nll(vol); !(f <= bestV) {
		vol = vols[best]
	}
	// Observed information of Vol from the profile's curvature.
	h := 1e-4 + 1e-3*vol
	at := max(vol, h)
	curv := (nll(at+h) - 2*nll(at) + nll(at-h)) / (h * h)
	if !(curv > 0) || vol < 1e-6 {
		return hashrateLagFit{}, invalid("Epochs", len(g.y)+2,
			fmt.Sprintf("the hashrate changes are no noisier than block-arrival luck at lag %v: Vol is not identified", lag))
	}
	r := hashrateLagFit{gls: g.solve(vol*vol, luck, dp), vol: vol, volSE: 1 / math.Sqrt(curv), dp: dp}
	return r, nil
}

// priceCorr estimates the correlation of the hashrate and price shocks at
// the fit r: both residual series (the hashrate's from r, the price
// changes' from their own trend) are whitened by V alone, under which the
// price's are independent with a common variance; their cross products
// sum to ρ Vol σ_P n, so ρ = Σ e q / (n Vol σ_P) with σ_P² = Σ q² / n. The
// standard error is Fisher's, (1 - r²)/√(n-3) for the plain correlation r
// of e and q, scaled by ρ/r (the share of the hashrate residual that is
// not block luck).
func (g *hashrateGLS) priceCorr(r hashrateLagFit) (Estimate, error) {
	n := len(g.y)
	e := make([]float64, n)
	for i := range e {
		e[i] = g.y[i] - r.beta[0]*g.dm[i] - r.beta[1]*r.dp[i]
	}
	g.factor(1, 0)
	g.whiten(g.wy, e)
	g.whiten(g.wm, g.dm)
	g.whiten(g.wp, g.dp0)
	var a, uy float64
	for i, u := range g.wm {
		a += u * u
		uy += u * g.wp[i]
	}
	trend := uy / a
	var sxy, sxx, syy float64
	for i, e := range g.wy {
		q := g.wp[i] - trend*g.wm[i]
		sxy += e * q
		sxx += e * e
		syy += q * q
	}
	if !(syy > 0) {
		return Estimate{}, invalid("Prices", len(g.curve.at), "the mean log price does not vary apart from its trend: PriceCorr is not identified")
	}
	nf := float64(n)
	plain := sxy / math.Sqrt(sxx*syy)
	scale := math.Sqrt(sxx / nf / (r.vol * r.vol)) // ρ / plain
	rho := max(-1, min(1, plain*scale))
	return Estimate{Value: rho, StdErr: (1 - plain*plain) / math.Sqrt(nf-3) * scale, Fitted: true}, nil
}
