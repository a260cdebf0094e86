package market

import (
	"fmt"
	"math"
	"sort"
	"time"
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
	// shock over the same epochs, the model's Corr[FactorPrice][FactorHashrate],
	// with the standard error of Fisher's z-transform mapped back,
	// (1 - r²)/√(n - 3). Price jumps dilute it: it estimates the
	// correlation with the whole price change, diffusion and jumps.
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
// and the bound keeps times exact in float64 seconds.
var (
	fitTimeMin = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	fitTimeMax = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

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
// by generalized least squares, which is maximum likelihood for its
// Gaussian noise, at each lag of lags (DefaultHashrateLags when lags is
// empty), and keeps the lag with the smallest BIC.
//
// # Data
//
// Epoch i spans from its first block to the next epoch's first block, T_i
// seconds; its mean hashrate is H_i = D_i 2^32 2016 / T_i (exact for
// first-block times; the protocol itself measures 2015 intervals). The
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
// change of the epochs' means of p(t - Lag). The means of W over
// consecutive spans of T_i and T_{i+1} years differ by a normal with
// variance Vol² (T_i + T_{i+1})/3, and consecutive changes share a span,
// covariance Vol² T_{i+1}/6, so e has the tridiagonal covariance Vol² V
// (a quarter correlation between neighbours, which ordinary least squares
// on changes would ignore and which would bias Vol down by √(2/3)). The
// fit whitens with V's Cholesky factor and solves the least squares
// problem in closed form: Growth and Elasticity are the GLS estimates,
// with the GLS covariance s² (XᵀV⁻¹X)⁻¹ as standard errors, and Vol = s =
// √(RSS/(n-2)) with standard error s/√(2(n-2)). The log-likelihood of a
// lag uses the maximum-likelihood variance RSS/n. The log of the epoch
// mean of H stands for the epoch mean of log H (they differ by half the
// variance of log H within an epoch, a near constant that cancels in
// changes). Estimates are conditional on the chosen lag.
//
// Only epochs whose span, moved back by the longest lag, starts on or
// after the first price Date, and which end by the last price's day end,
// enter the fit, the same epochs at every lag.
//
// PriceCorr correlates the whitened residuals at the chosen lag with the
// whitened change of the epochs' mean log price (lag 0) net of its own
// trend. It is identified only when the chosen lag is at least two epochs
// (about 28 days): a shorter lag's regressor shares price moves with the
// same spans, and at lag 0 the correlation is zero by construction.
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
// time does not vary enough to identify Elasticity and Growth; or the fit
// is exact (Vol not identified).
func FitHashrate(epochs []Epoch, prices []DailyPrice, lags []time.Duration) (HashrateFit, error) {
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
		r, err := g.fitLag(l)
		if err != nil {
			return HashrateFit{}, err
		}
		fit.LagProfile[k] = LagScore{Lag: l, LogLik: r.logLik, AIC: r.aic, BIC: r.bic}
		if best < 0 || r.bic < fit.LagProfile[best].BIC {
			best, bestRes = k, r
		}
	}
	fit.Lag = lags[best]
	fit.Growth = Estimate{Value: bestRes.beta[0], StdErr: bestRes.se[0], Fitted: true}
	fit.Elasticity = Estimate{Value: bestRes.beta[1], StdErr: bestRes.se[1], Fitted: true}
	fit.Vol = Estimate{Value: bestRes.vol, StdErr: bestRes.volSE, Fitted: true}
	corr, err := g.priceCorr(bestRes.resid)
	if err != nil {
		return HashrateFit{}, err
	}
	fit.PriceCorr = corr
	for _, e := range []Estimate{fit.Growth, fit.Elasticity, fit.Vol, fit.PriceCorr} {
		if !isFinite(e.Value) || !isFinite(e.StdErr) {
			return HashrateFit{}, invalid("Epochs", len(epochs), "the fit is numerically degenerate")
		}
	}
	return fit, nil
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// unixSeconds returns t as seconds since 1970 (exact to a microsecond for
// the times the fits accept).
func unixSeconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())*1e-9
}

// checkFitTime reports a time outside [1970, 2200), naming row(field).
func checkFitTime(row func(string) string, field string, t time.Time) error {
	if t.Before(fitTimeMin) || !t.Before(fitTimeMax) {
		return invalid(row(field), t, "must lie in [1970-01-01, 2200-01-01)")
	}
	return nil
}

// checkEpochs checks what FitHashrate needs of its epochs.
func checkEpochs(epochs []Epoch) error {
	for i, e := range epochs {
		row := func(field string) string { return fmt.Sprintf("Epochs[%d].%s", i, field) }
		if d := e.Difficulty; !isFinite(d) || d <= 0 {
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
		if v := p.Close; !isFinite(v) || v <= 0 {
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

// hashrateGLS holds the lag-independent parts of the regression over n
// epoch changes: the changes y, the midpoint changes dm and the lag-0
// price changes dp0, each whitened by V's Cholesky factor, and that factor.
type hashrateGLS struct {
	curve      priceCurve
	start, end []float64 // each span's start and end, seconds since 1970
	diag, sub  []float64 // V = L Lᵀ: L's diagonal and its subdiagonal (sub[i] is L[i+1][i])
	logDetV    float64
	y, dm, dp0 []float64 // whitened
}

func newHashrateGLS(epochs []Epoch, curve priceCurve) *hashrateGLS {
	spans := len(epochs) - 1 // epoch i's span ends at epoch i+1's time
	n := spans - 1           // changes
	g := &hashrateGLS{
		curve: curve,
		start: make([]float64, spans), end: make([]float64, spans),
		diag: make([]float64, n), sub: make([]float64, n),
		y: make([]float64, n), dm: make([]float64, n), dp0: make([]float64, n),
	}
	logH := make([]float64, spans)
	years := make([]float64, spans)
	for i := range spans {
		g.start[i], g.end[i] = unixSeconds(epochs[i].Time), unixSeconds(epochs[i+1].Time)
		secs := g.end[i] - g.start[i]
		years[i] = secs / secondsPerYear
		logH[i] = math.Log(epochs[i].Difficulty) + 32*math.Ln2 + math.Log(blocksPerEpoch) - math.Log(secs)
	}
	// V[i][i] = (T_i + T_{i+1})/3, V[i][i+1] = T_{i+1}/6: a tridiagonal
	// Cholesky factorisation (V is strictly diagonally dominant).
	for i := range n {
		v := (years[i] + years[i+1]) / 3
		if i > 0 {
			g.sub[i-1] = years[i] / 6 / g.diag[i-1]
			v -= g.sub[i-1] * g.sub[i-1]
		}
		g.diag[i] = math.Sqrt(v)
		g.logDetV += 2 * math.Log(g.diag[i])
	}
	for i := range n {
		g.y[i] = logH[i+1] - logH[i]
		g.dm[i] = (g.start[i+1] + g.end[i+1] - g.start[i] - g.end[i]) / 2 / secondsPerYear
	}
	g.whiten(g.y)
	g.whiten(g.dm)
	if !g.priceChanges(g.dp0, 0) {
		for i := range g.dp0 {
			g.dp0[i] = 0 // rounding noise: no price shock to correlate
		}
	}
	return g
}

// whiten replaces x by L⁻¹ x.
func (g *hashrateGLS) whiten(x []float64) {
	for i := range x {
		if i > 0 {
			x[i] -= g.sub[i-1] * x[i-1]
		}
		x[i] /= g.diag[i]
	}
}

// priceChanges writes to dst the whitened changes of the spans' mean log
// price moved back by lag, and reports whether any change exceeds the
// rounding error of the means (1e-9 of the largest |log price|, or 1e-9).
func (g *hashrateGLS) priceChanges(dst []float64, lag time.Duration) (varies bool) {
	l := lag.Seconds()
	prev := g.curve.windowMean(g.start[0]-l, g.end[0]-l)
	for i := range dst {
		next := g.curve.windowMean(g.start[i+1]-l, g.end[i+1]-l)
		dst[i] = next - prev
		varies = varies || math.Abs(dst[i]) > 1e-9*g.curve.scale
		prev = next
	}
	g.whiten(dst)
	return varies
}

// hashrateLagFit is the regression at one lag.
type hashrateLagFit struct {
	beta, se         [2]float64 // Growth, Elasticity
	vol, volSE       float64
	logLik, aic, bic float64
	resid            []float64 // whitened
}

// fitLag solves the whitened least squares problem y = Growth dm +
// Elasticity dp + e in closed form.
func (g *hashrateGLS) fitLag(lag time.Duration) (hashrateLagFit, error) {
	n := len(g.y)
	dp := make([]float64, n)
	varies := g.priceChanges(dp, lag)
	var a, b, c, uy, vy float64
	for i := range n {
		u, v := g.dm[i], dp[i]
		a += u * u
		b += u * v
		c += v * v
		uy += u * g.y[i]
		vy += v * g.y[i]
	}
	det := a*c - b*b
	if !varies || !(det > 1e-12*a*c) {
		return hashrateLagFit{}, invalid("Prices", len(g.curve.at),
			fmt.Sprintf("the mean log price at lag %v does not vary apart from the trend: Elasticity is not identified", lag))
	}
	var r hashrateLagFit
	r.beta = [2]float64{(c*uy - b*vy) / det, (a*vy - b*uy) / det}
	r.resid = dp // reuse
	var rss float64
	for i := range n {
		e := g.y[i] - r.beta[0]*g.dm[i] - r.beta[1]*dp[i]
		r.resid[i] = e
		rss += e * e
	}
	if !(rss > 0) {
		return hashrateLagFit{}, invalid("Epochs", n+2, "the epochs' hashrate is fitted exactly: Vol is not identified")
	}
	nf := float64(n)
	s2 := rss / (nf - 2)
	r.se = [2]float64{math.Sqrt(s2 * c / det), math.Sqrt(s2 * a / det)}
	r.vol = math.Sqrt(s2)
	r.volSE = r.vol / math.Sqrt(2*(nf-2))
	r.logLik = -nf/2*(math.Log(2*math.Pi*rss/nf)+1) - g.logDetV/2
	const k = 3
	r.aic = 2*k - 2*r.logLik
	r.bic = k*math.Log(nf) - 2*r.logLik
	return r, nil
}

// priceCorr correlates the whitened residuals with the whitened lag-0
// price changes net of their own trend.
func (g *hashrateGLS) priceCorr(resid []float64) (Estimate, error) {
	var a, uy float64
	for i, u := range g.dm {
		a += u * u
		uy += u * g.dp0[i]
	}
	trend := uy / a
	var sxy, sxx, syy float64
	for i, e := range resid {
		q := g.dp0[i] - trend*g.dm[i]
		sxy += e * q
		sxx += e * e
		syy += q * q
	}
	if !(syy > 0) {
		return Estimate{}, invalid("Prices", len(g.curve.at), "the mean log price does not vary apart from its trend: PriceCorr is not identified")
	}
	r := sxy / math.Sqrt(sxx*syy)
	r = max(-1, min(1, r))
	return Estimate{Value: r, StdErr: (1 - r*r) / math.Sqrt(float64(len(resid)-3)), Fitted: true}, nil
}
