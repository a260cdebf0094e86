package market

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// hashrateTruth is the model the recovery tests simulate: DefaultModel
// with no price jumps (so that PriceCorr estimates the shock correlation
// itself, undiluted), no fee noise, and a known hashrate model whose lag,
// 30 days, is on DefaultHashrateLags's grid and longer than two epochs.
func hashrateTruth() Model {
	m := DefaultModel()
	m.Price = PriceModel{Drift: 0.3, Vol: 0.6}
	m.Fees.Vol = 0
	m.Hashrate = HashrateModel{Growth: 0.4, Vol: 0.15, Elasticity: 0.6, Lag: 30 * day}
	m.Corr[FactorPrice][FactorHashrate] = 0.3
	m.Corr[FactorHashrate][FactorPrice] = 0.3
	return m
}

// simHistoryBase is the midnight the simulated history starts at: day j of
// a path is the UTC day simHistoryBase + j days.
var simHistoryBase = time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)

// simulateHashrateHistory draws one path of m from the reference snapshot
// in daily steps with the library's Simulator and returns the epochs and
// daily closes it implies: step j is UTC day j, its Price is that day's
// close (the snapshot's price is day -1's), and the epochs are read off
// the chain. Within a step the hashrate is constant, so
// H = 1e12 RewardBTC Blocks / BTCPerTH exactly (BTCPerTH integrates
// 1e12 r/(D 2^32) per second and Blocks H/(D 2^32)); with no retarget in
// the step D = H seconds / (Blocks 2^32), and a retarget falls at the
// time b1 D_old 2^32 / H into the step, b1 the blocks left in the period.
// The epoch it opens takes the difficulty of the next step.
func simulateHashrateHistory(t testing.TB, m Model, days int, seed uint64) ([]Epoch, []DailyPrice) {
	t.Helper()
	s := Reference()
	sim := mustSim(t, m, s, time.Duration(days)*day, day)
	path := sim.Path(newRand(seed), 1, nil)

	price0, _ := s.Bitcoin.Price.Float64()
	prices := make([]DailyPrice, 0, days+1)
	prices = append(prices, DailyPrice{Date: simHistoryBase.Add(-day), Close: price0})
	dOld := s.Bitcoin.Difficulty
	height := s.Bitcoin.Height
	toBoundary := float64(blocksPerEpoch - height%blocksPerEpoch)
	next := height + int64(toBoundary)
	var epochs []Epoch
	pending := false // an epoch opened and waits for its difficulty
	for j, st := range path {
		dayStart := simHistoryBase.Add(time.Duration(j) * day)
		prices = append(prices, DailyPrice{Date: dayStart, Close: st.Price})
		secs := st.Days * 86400
		h := 1e12 * st.RewardBTC * st.Blocks / st.BTCPerTH
		if st.Blocks < toBoundary-1e-9 {
			d := h * secs / (st.Blocks * (1 << 32))
			if pending {
				epochs[len(epochs)-1].Difficulty = d
				pending = false
			}
			dOld = d
			toBoundary -= st.Blocks
			continue
		}
		if pending {
			t.Fatalf("step %d: two retargets in a row", j)
		}
		tau := toBoundary * dOld * (1 << 32) / h
		epochs = append(epochs, Epoch{Height: next, Time: dayStart.Add(time.Duration(tau * 1e9))})
		pending = true
		next += blocksPerEpoch
		toBoundary += blocksPerEpoch - st.Blocks
	}
	if pending {
		epochs = epochs[:len(epochs)-1]
	}
	return epochs, prices
}

// The fit recovers the simulated model. The Simulator's blocks arrive at
// their expected rate, so these epochs carry no block luck and are fitted
// with none (fitHashrate with luck 0; TestFitHashrateLuck has Poisson
// arrivals). Over 20 seeds of 12 years each
// (about 310 epochs), Growth, Vol, Elasticity and PriceCorr lie within 3
// of their standard errors of the truth in every seed, and BIC picks the
// true 30-day lag within one 15-day step of the profile in at least 18 of
// 20 seeds (it picked exactly 30 days in 20 of 20 when this was written).
func TestFitHashrateRecovery(t *testing.T) {
	m := hashrateTruth()
	const seeds = 20
	lagHits, exact := 0, 0
	var zsum [4]float64
	for seed := uint64(1); seed <= seeds; seed++ {
		epochs, prices := simulateHashrateHistory(t, m, 12*DaysPerYear, seed)
		fit, err := fitHashrate(epochs, prices, nil, 0)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		checks := hashrateChecks(fit, m)
		for k, c := range checks {
			z := c.z()
			zsum[k] += z
			if !c.e.Fitted || math.Abs(z) > 3 {
				t.Errorf("seed %d: %s = %.4f ± %.4f, want %v (z = %.2f)", seed, c.name, c.e.Value, c.e.StdErr, c.want, z)
			}
		}
		if d := fit.Lag - m.Hashrate.Lag; d.Abs() <= 15*day {
			lagHits++
		}
		if fit.Lag == m.Hashrate.Lag {
			exact++
		}
		if len(fit.LagProfile) != 9 || fit.Epochs < 290 {
			t.Errorf("seed %d: %d lags profiled, %d epochs used", seed, len(fit.LagProfile), fit.Epochs)
		}
	}
	t.Logf("lag within one step in %d of %d seeds, exact in %d; mean z: Growth %.2f Vol %.2f Elasticity %.2f PriceCorr %.2f",
		lagHits, seeds, exact, zsum[0]/seeds, zsum[1]/seeds, zsum[2]/seeds, zsum[3]/seeds)
	if lagHits < 18 {
		t.Errorf("lag recovered within one step in %d of %d seeds, want at least 18", lagHits, seeds)
	}
	// The mean z over 20 independent seeds has standard deviation
	// 1/sqrt(20) = 0.22 if the standard errors are right: a bias of a
	// standard error (such as ordinary least squares' √(2/3) on Vol) shows.
	for k, name := range []string{"Growth", "Vol", "Elasticity", "PriceCorr"} {
		if mz := zsum[k] / seeds; math.Abs(mz) > 3/math.Sqrt(seeds) {
			t.Errorf("%s: mean z over %d seeds = %.2f, beyond 3/sqrt(%d)", name, seeds, mz, seeds)
		}
	}
}

// DefaultModel's own hashrate, the fit to 2021-2025 (lag 0, elasticity
// 0.12, with its many-jump price), is identified too: from twelve
// simulated years BIC picks lag 0 and Growth, Vol and Elasticity lie
// within 3 standard errors of the truth in each of 6 seeds. (Over seeds
// 4001-4012 the lag was 0 in all 12 and the largest |z| was 2.54, for Vol;
// seeds 4001-4006 are the first of that range, not chosen.) PriceCorr is
// not checked: at lag 0 it is not identified (Calibrate does not apply it).
func TestFitHashrateRecoversDefaultShape(t *testing.T) {
	m := DefaultModel()
	for seed := uint64(4001); seed <= 4006; seed++ {
		epochs, prices := simulateHashrateHistory(t, m, 12*DaysPerYear, seed)
		fit, err := fitHashrate(epochs, prices, nil, 0)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if fit.Lag != 0 {
			t.Errorf("seed %d: lag %v, want 0", seed, fit.Lag)
		}
		for _, c := range hashrateChecks(fit, m)[:3] { // PriceCorr is not identified at lag 0
			if z := c.z(); !c.e.Fitted || math.Abs(z) > 3 {
				t.Errorf("seed %d: %s = %.4f ± %.4f, want %v (z = %.2f)", seed, c.name, c.e.Value, c.e.StdErr, c.want, z)
			}
		}
	}
}

// With no price response (Elasticity 0), no lag and uncorrelated shocks,
// the fit finds an elasticity within 3 standard errors of 0.
func TestFitHashrateNoResponse(t *testing.T) {
	m := hashrateTruth()
	m.Hashrate.Elasticity, m.Hashrate.Lag = 0, 0
	// With Lag 0 a shock correlation would show up as elasticity (the two
	// are not separately identified): none here.
	m.Corr[FactorPrice][FactorHashrate], m.Corr[FactorHashrate][FactorPrice] = 0, 0
	epochs, prices := simulateHashrateHistory(t, m, 12*DaysPerYear, 7)
	fit, err := fitHashrate(epochs, prices, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if z := fit.Elasticity.Value / fit.Elasticity.StdErr; math.Abs(z) > 3 {
		t.Errorf("Elasticity = %v ± %v, want 0 within 3 SE", fit.Elasticity.Value, fit.Elasticity.StdErr)
	}
	if got := fit.Model(); got.Growth != fit.Growth.Value || got.Vol != fit.Vol.Value ||
		got.Elasticity != fit.Elasticity.Value || got.Lag != fit.Lag {
		t.Errorf("Model() = %+v, want the fit's values", got)
	}
}

// The profile scores each lag on the same epochs, the criteria follow
// their definitions (k = 3), and Lag has the smallest BIC.
func TestFitHashrateProfile(t *testing.T) {
	epochs, prices := simulateHashrateHistory(t, hashrateTruth(), 8*DaysPerYear, 3)
	lags := []time.Duration{60 * day, 0, 30 * day}
	fit, err := fitHashrate(epochs, prices, lags, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(fit.Epochs - 1)
	best := fit.LagProfile[0]
	for i, s := range fit.LagProfile {
		if s.Lag != lags[i] {
			t.Errorf("profile[%d].Lag = %v, want %v", i, s.Lag, lags[i])
		}
		if d := s.AIC - (6 - 2*s.LogLik); math.Abs(d) > 1e-9*math.Abs(s.AIC) {
			t.Errorf("profile[%d]: AIC %v, want 6 - 2 LogLik = %v", i, s.AIC, 6-2*s.LogLik)
		}
		if d := s.BIC - (3*math.Log(n) - 2*s.LogLik); math.Abs(d) > 1e-9*math.Abs(s.BIC) {
			t.Errorf("profile[%d]: BIC %v, want 3 ln n - 2 LogLik", i, s.BIC)
		}
		if s.BIC < best.BIC {
			best = s
		}
	}
	if fit.Lag != best.Lag {
		t.Errorf("Lag = %v, but the smallest BIC is at %v", fit.Lag, best.Lag)
	}
	// The epochs used start at the first span that begins 60 days after
	// the first price (day -1).
	if first := simHistoryBase.Add(-day + 60*day); fit.From.Before(first) || fit.From.After(first.Add(15*day)) {
		t.Errorf("From = %v, want within an epoch after %v", fit.From, first)
	}
}

// Constant prices leave Elasticity unidentified: an error, not a number.
func TestFitHashrateDegenerate(t *testing.T) {
	var prices []DailyPrice
	for d := range 400 {
		prices = append(prices, DailyPrice{Date: simHistoryBase.Add(time.Duration(d) * day), Close: 100})
	}
	var epochs []Epoch
	for i := range 20 {
		epochs = append(epochs, Epoch{Height: int64(i) * 2016, Time: simHistoryBase.Add(time.Duration(14*i) * day), Difficulty: 1e12 * math.Exp(0.01*float64(i))})
	}
	_, err := FitHashrate(epochs, prices, []time.Duration{0})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Elasticity is not identified") {
		t.Errorf("constant prices: err = %v", err)
	}
}

// Bad input is an error matching ErrInvalid that names the row.
func TestFitHashrateBadInput(t *testing.T) {
	epochs, prices := simulateHashrateHistory(t, hashrateTruth(), 2*DaysPerYear, 1)
	cases := []struct {
		name  string
		edit  func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration)
		field string
	}{
		{"NaN difficulty", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			e[12].Difficulty = math.NaN()
			return e, p, nil
		}, "Epochs[12].Difficulty"},
		{"zero difficulty", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			e[3].Difficulty = 0
			return e, p, nil
		}, "Epochs[3].Difficulty"},
		{"height gap", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			return append(e[:5:5], e[6:]...), p, nil
		}, "Epochs[5].Height"},
		{"unsorted epochs", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			e[7].Time = e[6].Time
			return e, p, nil
		}, "Epochs[7].Time"},
		{"epoch before 1970", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			e[0].Time = time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
			return e, p, nil
		}, "Epochs[0].Time"},
		{"negative close", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			p[40].Close = -1
			return e, p, nil
		}, "Prices[40].Close"},
		{"infinite close", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			p[41].Close = math.Inf(1)
			return e, p, nil
		}, "Prices[41].Close"},
		{"duplicate date", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			p[100].Date = p[99].Date
			return e, p, nil
		}, "Prices[100].Date"},
		{"no prices", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			return e, nil, nil
		}, "Prices"},
		{"negative lag", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			return e, p, []time.Duration{0, -day}
		}, "lags[1]"},
		{"too short for the lag", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			return e, p, []time.Duration{600 * day}
		}, "Epochs"},
		{"too few epochs", func(e []Epoch, p []DailyPrice) ([]Epoch, []DailyPrice, []time.Duration) {
			return e[:11], p, []time.Duration{0}
		}, "Epochs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, p, l := c.edit(append([]Epoch(nil), epochs...), append([]DailyPrice(nil), prices...))
			_, err := fitHashrate(e, p, l, 0)
			var ie *InvalidError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) || ie.Field != c.field {
				t.Errorf("err = %v, want ErrInvalid naming %s", err, c.field)
			}
		})
	}
	if _, err := fitHashrate(epochs, prices, []time.Duration{0}, 0); err != nil {
		t.Errorf("unedited history: %v", err)
	}
}

// poissonEpochs replays the hashrate of a Simulator path on a chain whose
// blocks arrive as a Poisson process, as real blocks do: epoch i starts at
// t_i with difficulty D_i and ends when the block rate H(t)/(D_i 2^32),
// integrated from t_i, reaches a Gamma(2016, 1) draw (a sum of 2016
// standard exponentials); then D_{i+1} = D_i 2016 x 600 s / (t_{i+1} -
// t_i). The hashrate of day j is the path's, H = 1e12 RewardBTC Blocks /
// BTCPerTH (see simulateHashrateHistory); the hashrate model does not
// depend on the chain, so the path's own deterministic chain does not
// matter.
func poissonEpochs(path []Step, d0 float64, rng *rand.Rand) []Epoch {
	h := make([]float64, len(path))
	for j, st := range path {
		h[j] = 1e12 * st.RewardBTC * st.Blocks / st.BTCPerTH
	}
	var epochs []Epoch
	t, d := 0.0, d0
	for height := int64(0); ; height += blocksPerEpoch {
		epochs = append(epochs, Epoch{Height: height, Time: simHistoryBase.Add(time.Duration(t * 1e9)), Difficulty: d})
		var e float64
		for range blocksPerEpoch {
			e += rng.ExpFloat64()
		}
		start := t
		for {
			j := int(t / 86400)
			if j >= len(h) {
				return epochs
			}
			rate := h[j] / (d * (1 << 32))
			rest := float64(j+1)*86400 - t
			if rate*rest >= e {
				t += e / rate
				break
			}
			e -= rate * rest
			t = float64(j+1) * 86400
		}
		d *= blocksPerEpoch * 600 / (t - start)
	}
}

// With Poisson block arrivals, FitHashrate (which allows for block luck)
// recovers Growth, Vol, Elasticity and PriceCorr within 3 standard errors
// and the lag within one step in each of 10 seeds, while a fit that
// ignores the luck puts Vol more than 3 standard errors above the truth
// in every seed: the luck's variance per change, 2/2016, is about 1.7
// times the hashrate's own, 0.15² x 2/3 x 14/365 (Vol 0.15, 14-day
// epochs).
func TestFitHashrateLuck(t *testing.T) {
	m := hashrateTruth()
	const seeds = 10
	var zsum [4]float64
	var naiveVol float64
	exact := 0
	for seed := uint64(1); seed <= seeds; seed++ {
		_, prices := simulateHashrateHistory(t, m, 12*DaysPerYear, seed)
		sim := mustSim(t, m, Reference(), 12*DaysPerYear*day, day)
		path := sim.Path(newRand(seed), 1, nil)
		epochs := poissonEpochs(path, Reference().Bitcoin.Difficulty, rand.New(newRand(seed+1000)))
		fit, err := FitHashrate(epochs, prices, nil)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for k, c := range hashrateChecks(fit, m) {
			z := c.z()
			zsum[k] += z
			if math.Abs(z) > 3 {
				t.Errorf("seed %d: %s = %.4f ± %.4f, want %v (z = %.2f)", seed, c.name, c.e.Value, c.e.StdErr, c.want, z)
			}
		}
		if d := fit.Lag - m.Hashrate.Lag; d.Abs() > 15*day {
			t.Errorf("seed %d: Lag %v, want %v within 15 days", seed, fit.Lag, m.Hashrate.Lag)
		}
		if fit.Lag == m.Hashrate.Lag {
			exact++
		}
		naive, err := fitHashrate(epochs, prices, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		naiveVol += naive.Vol.Value / seeds
		if naive.Vol.Value < m.Hashrate.Vol+3*naive.Vol.StdErr {
			t.Errorf("seed %d: ignoring block luck, Vol = %.4f ± %.4f, expected well above %v", seed, naive.Vol.Value, naive.Vol.StdErr, m.Hashrate.Vol)
		}
	}
	t.Logf("lag exact in %d of %d seeds; mean z: Growth %.2f Vol %.2f Elasticity %.2f PriceCorr %.2f; mean Vol ignoring luck %.3f",
		exact, seeds, zsum[0]/seeds, zsum[1]/seeds, zsum[2]/seeds, zsum[3]/seeds, naiveVol)
}

// BenchmarkFitHashrate fits the default lag profile to about 300 epochs
// (11.5 years, as many as Bitcoin had from 2014 to 2025) and daily prices
// over the same years, simulated.
func BenchmarkFitHashrate(b *testing.B) {
	epochs, prices := simulateHashrateHistory(b, hashrateTruth(), 4200, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FitHashrate(epochs, prices, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(epochs)), "epochs")
}

// hashrateCheck is one fitted hashrate parameter beside its true value.
type hashrateCheck struct {
	name string
	e    Estimate
	want float64
}

// z returns the estimate's distance from the truth in standard errors.
func (c hashrateCheck) z() float64 { return (c.e.Value - c.want) / c.e.StdErr }

// hashrateChecks returns fit's Growth, Vol, Elasticity and PriceCorr
// beside m's values, in that order.
func hashrateChecks(fit HashrateFit, m Model) []hashrateCheck {
	return []hashrateCheck{
		{"Growth", fit.Growth, m.Hashrate.Growth},
		{"Vol", fit.Vol, m.Hashrate.Vol},
		{"Elasticity", fit.Elasticity, m.Hashrate.Elasticity},
		{"PriceCorr", fit.PriceCorr, m.Corr[FactorPrice][FactorHashrate]},
	}
}
