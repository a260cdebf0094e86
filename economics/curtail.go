package economics

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// Margrabe returns E[max(A - B, 0)] for jointly lognormal A and B with means
// a and b and with vol the standard deviation of log(A/B): Margrabe's (1978)
// price of the option to exchange B for A, without discounting,
//
//	a N(d1) - b N(d2),   d1 = (ln(a/b) + vol²/2) / vol,   d2 = d1 - vol,
//
// with N the standard normal CDF. With B known (vol the volatility of log A
// alone) it is Black's (1976) call on a forward a struck at b, at zero
// rates; with vol = σ√T, Margrabe(F, K, σ√T) is the undiscounted Black
// price of a call of maturity T.
//
// The value lies in [max(a - b, 0), a]; Margrabe(a, b, v) - Margrabe(b, a, v)
// = a - b (parity), and it grows with vol.
//
// Special cases: vol = 0 gives max(a - b, 0); vol = +Inf gives a.
//
// It panics if a or b is not positive and finite, or if vol is negative or
// NaN.
func Margrabe(a, b, vol float64) float64 {
	if !(a > 0) || math.IsInf(a, 1) || !(b > 0) || math.IsInf(b, 1) || !(vol >= 0) {
		panic(fmt.Sprintf("economics: Margrabe(%v, %v, %v): a and b must be positive and finite, vol neither negative nor NaN", a, b, vol))
	}
	return margrabe(a, b, math.Log(a)-math.Log(b), vol)
}

// margrabe is Margrabe for a, b >= 0 given lab = ln(a/b) (unused when a or
// b is 0): 0 when a is 0, a when b is 0. The in-the-money case goes through
// parity so that a small time value keeps its relative precision.
func margrabe(a, b, lab, vol float64) float64 {
	switch {
	case a == 0:
		return 0
	case b == 0:
		return a
	case vol == 0:
		return max(a-b, 0)
	case math.IsInf(vol, 1):
		return a
	}
	d1 := lab/vol + vol/2
	d2 := d1 - vol
	var v float64
	if a > b {
		// a - b plus the put: b N(-d2) - a N(-d1).
		v = a - b + max(b*normCDF(-d2)-a*normCDF(-d1), 0)
	} else {
		v = a*normCDF(d1) - b*normCDF(d2)
	}
	return min(max(v, a-b, 0), a)
}

// normCDF is the standard normal CDF.
func normCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// CurtailmentValue is the expected value of the right to switch mining off,
// hour by hour, when it loses money: the expected profit of an allocation
// under Economic curtailment less its expected profit under NoCurtailment.
// All amounts are USD over the horizon, not discounted.
type CurtailmentValue struct {
	// Total is the value of the whole allocation, the sum of Lines (and of
	// Steps). It is never negative.
	Total float64
	// Lines holds the value of each line of the allocation, in its order:
	// 0 for lines that do not mine (only bitcoin and GPU mining curtail).
	Lines []float64
	// Steps holds the value earned in each simulation step, Steps[t] in
	// the step that ends at min((t+1) Step, Horizon).
	Steps []float64
	// MiningRevenue and MiningPowerCost are the expected revenue (net of
	// pool fee and stale shares) and power cost of the mining lines over
	// the horizon when they never curtail, from the same lognormal model:
	// context for Total. Under Economic curtailment the mining lines'
	// expected margin before opex is MiningRevenue - MiningPowerCost + Total.
	MiningRevenue, MiningPowerCost float64
}

// Sizes of the Poisson series of ValueCurtailment.
const (
	// poissonTail is the weight below which terms of the series are cut;
	// the mass left out is below 1e-13.
	poissonTail = 1e-15
	// maxPoissonNodes is the most terms the series keeps; beyond it (a
	// jump intensity times time above about 50), neighbouring jump counts
	// are pooled into this many cells, each at its mean count.
	maxPoissonNodes = 128
	// meanPathClamp bounds the mean path's log hashrate as the simulator
	// bounds its log states (a factor of about 1e100 either way).
	meanPathClamp = 230
)

// ValueCurtailment returns the value of Economic curtailment for allocation
// a at site, under market model m from snapshot s, over Settings.Horizon in
// steps of Settings.Step (other settings are not used): what Analyze's Mean
// gains when Site.Curtailment goes from NoCurtailment to Economic, in closed
// form. Site.Curtailment itself is ignored. It draws no random numbers.
//
// # The option
//
// Analyze books a mining line per step (see AnalyzeContext): with R its net
// revenue per hour of running and C_h = kW x M x p_h the power cost of hour
// h of the day (kW the facility load, p_h the snapshot's hourly price or
// the contract price, M the end-of-step power multiplier, 1 under a
// PowerContract), Economic curtailment runs hour h only if R >= C_h. Its
// gain over running every hour is, per unit and step,
//
//	days x Uptime x sum over the 24 hours of max(C_h - R, 0)
//
// in expectation: pool luck multiplies the revenue by an independent factor
// of mean 1 and does not enter the decision, so it drops out. When R and M
// are jointly lognormal each term is Margrabe(E[C_h], E[R], sd(log(C_h/R))),
// a put on hashprice struck at the power cost.
//
// # What is exact
//
// Given the number n of price jumps up to the end of the step, log price,
// log hashrate (growth, noise and the lagged response to price of
// HashrateModel) and the log power multiplier X (log-OU from X_0 = 0) are a
// linear Gaussian system; their means, variances and the covariances of
// log R with X come from the Model exactly, step by step, using Model.Corr
// for the correlation of the price, hashrate and power shocks. The jump
// count is Poisson, and the value is Merton's (1976) Poisson-weighted series
// of Margrabe values, summed until the terms fall below 1e-15. A GPU mining
// line's revenue follows the price alone, so its value is exact. So is a
// bitcoin mining line's when the difficulty's path is certain (no hashrate
// growth, noise or price elasticity) and fees do not vary (Fees.Vol = 0): the
// retargets, including the 2016/2015 rise of a period at exactly the target
// rate, and halvings are then those of the simulator.
//
// # What is approximated
//
// For bitcoin mining the difficulty, fees and halvings make revenue only
// nearly lognormal. ValueCurtailment:
//
//  1. runs the chain along the mean path (log hashrate at its mean) and
//     takes the retargets and halvings where they happen there;
//  2. sets log of each retarget's difficulty to log of the hashrate
//     averaged over the retarget period (the simulator's rule makes the new
//     difficulty 2016/2015 times the time-averaged hashrate), linearised
//     about the mean path: a weighted sum of the steps' log hashrates, the
//     weights their share of the period's hashes. Clamped retargets (a
//     factor 4) keep the previous difficulty's weights;
//  3. within a step spanning retargets or a halving, linearises log of the
//     mix of difficulties the same way;
//  4. corrects the mean log difficulty of each step for the randomness of
//     the retarget times, to second order: a retarget comes early by the
//     period's length P times the deviation of its new log difficulty, so
//     its time is taken as normal about the mean path's, the mean jump is
//     smoothed over that uncertainty, and a difficulty that rose more than
//     expected comes into force early, which raises the mean log difficulty
//     by P (Var(log D_new) - Cov(log D_old, log D_new)) per retarget,
//     spread over the steps around it. Without it revenue would be
//     overstated by about 5/6 of the variance of log hashrate over a
//     retarget period (0.3 % under market.DefaultModel). Variances are
//     still those of the mean path's retarget times;
//  5. matches subsidy plus lognormal fees of the step to a lognormal of
//     the same mean and variance (Fenton-Wilkinson, 1960);
//  6. when the price elasticity of hashrate is not 0, jumps weigh in log
//     revenue by 1 - Elasticity x (their share in the difficulty), which
//     differs between old and recent jumps; given n jumps, their weighted
//     sum is matched to a normal of the same mean and variance (exact when
//     every jump weighs the same);
//  7. when the series needs more than 128 terms (Price.JumpRate x horizon
//     above about 50), adjacent jump counts are pooled into 128 cells,
//     evaluated at their mean count.
//
// The simulator's bounds on the log states (±230) are not modelled. The
// errors of 1 to 4 shrink with the hashrate's dispersion over a retarget
// period (two weeks); that of 5 is nil without fee volatility. Measured
// against Analyze: within its standard error for exactly lognormal models,
// with and without jumps, across a halving and with time-of-use prices,
// and within 0.1 % under market.DefaultModel (the cases of
// curtail_test.go); within 0.3 % in other DefaultModel variants tried
// (daily and 6-hourly steps, three years across the 2028 halving, a power
// contract, 200 small jumps a year), 0.4 % with monthly steps, and 0.7 %
// with 2.5 times the default elasticity at a one-week lag.
//
// # Cost
//
// Work per step grows with the lines, the distinct hourly prices and the
// terms of the series (about 15 at the default jump rate over a year),
// work per retarget with the steps a retarget period and the hashrate's lag
// span; memory, about 100 bytes a step, with the steps. For one mining
// line at a flat price a year takes about 0.1 ms in weekly steps, 0.6 ms
// in daily steps and 15 ms in hourly steps (BenchmarkValueCurtailment has
// two lines). Most of that time is the series, which grows with each
// further line and each distinct time-of-use price.
//
// # Errors
//
// It returns the errors Analyze returns for the same inputs (ErrInvalid,
// ErrOverCapacity, hardware.ErrUnsupported, market.ErrInvalid,
// market.ErrNoQuote), and ErrInvalid for the horizon when the model's
// lognormal moments overflow float64 over it (only for absurd drifts or
// volatilities over decades).
func ValueCurtailment(site Site, a Allocation, m market.Model, s market.Snapshot, opt *Settings) (CurtailmentValue, error) {
	set, err := opt.resolved()
	if err != nil {
		return CurtailmentValue{}, err
	}
	if err := checkInputs(site, s); err != nil {
		return CurtailmentValue{}, err
	}
	rates, err := resolveAll(site, a.Lines, &s, make([]lineRates, 0, len(a.Lines)), true)
	if err != nil {
		return CurtailmentValue{}, err
	}
	// The simulator's own checks of the model, the horizon and the
	// snapshot's numbers, as Analyze meets them. A degenerate utilization
	// spares the Beta quantile table, which the closed form does not use.
	probe := s
	probe.Utilization = 1
	if _, err := m.NewSimulator(probe, set.Horizon, set.Step); err != nil {
		return CurtailmentValue{}, err
	}
	p := readPrices(site, &s)
	for i, l := range a.Lines {
		r := &rates[i]
		opexDay := p.opex * r.maxIT * site.PUE / 1000 * 24 / market.HoursPerMonth
		if l.Workload == hardware.Idle {
			opexDay = 0
		}
		rentDay := 0.0
		if l.Workload == hardware.Colocation {
			rentDay = p.colo * 24 / market.HoursPerMonth
		}
		if !num.Finite(r.gpuRate) || !num.Finite(r.gpuMining) || !num.Finite(opexDay) || !num.Finite(rentDay) {
			return CurtailmentValue{}, lineErr(i, invalid("price", l.Name(), "does not convert to a finite number"))
		}
	}

	c := newCurtailCalc(site, rates, m, s, set, &p)
	v := CurtailmentValue{Lines: make([]float64, len(rates)), Steps: make([]float64, c.n)}
	c.run(&v)
	ok := num.Finite(v.Total) && num.Finite(v.MiningRevenue) && num.Finite(v.MiningPowerCost)
	for _, x := range v.Lines {
		ok = ok && num.Finite(x)
	}
	for _, x := range v.Steps {
		ok = ok && num.Finite(x)
	}
	if !ok {
		return CurtailmentValue{}, invalid("Settings.Horizon", set.Horizon,
			"the model's lognormal moments overflow float64 over this horizon")
	}
	return v, nil
}

// curtailLine is a mining line as the closed form needs it.
type curtailLine struct {
	index   int
	bitcoin bool    // bitcoin mining, else GPU mining
	units   float64 // machines
	logK    float64 // log of revenue per hour per unit of the line's revenue factor; -Inf for none
	facKW   float64 // facility kW at full load
}

// dref locates the linear weights of a log difficulty on the log hashrates
// of steps first .. first+n-1: wbuf[off : off+n]. n = 0 is the snapshot's
// difficulty, which is certain.
type dref struct{ first, off, n int }

// segment is a piece of a step on the mean path with one difficulty and
// one subsidy.
type segment struct {
	secs float64 // seconds
	d    float64 // mean-path difficulty over the snapshot's
	sub  float64 // subsidy, BTC
	ref  dref    // weights of the difficulty's log
}

// family holds the per-step moments shared by the lines of one kind.
type family struct {
	mu     float64 // E[log R] of a line with logK 0
	varG   float64 // variance of the Gaussian part of log R, fee term included
	covX   float64 // Cov(log R, X)
	eb, vb float64 // given n jumps: log R gains n(eb m) in mean and n vb in variance
	zero   bool    // revenue is 0 in this step (no reward)

	// Per node of the jump series: log E[R | n] - mu, and sd(log(C/R) | n).
	shift, vol []float64
}

// curtailCalc is the closed-form computation's state and scratch.
type curtailCalc struct {
	site  Site
	lines []curtailLine
	n     int // steps
	lag   int // hashrate lag in steps, at most n

	// Step lengths: full steps and the last one.
	dtF, dtL     float64 // years
	secF, secL   float64 // seconds
	daysF, daysL float64
	// Shock scales of full steps and of the last one: price and hashrate
	// σ√dt, power σ √((1-e^{-2k dt})/(2k)), and the power decay e^{-k dt}.
	spF, shF, wvF, qF float64
	spL, shL, wvL, qL float64

	// Model.
	pDrift, pVol2       float64 // per year: drift of log price less the jumps', σ²
	lam, jm, jv         float64 // jump rate, mean, vol
	hGrowth, hVol2      float64
	elast               float64
	k, wVol2            float64 // power reversion and σ²
	rhoPH, rhoPW, rhoHW float64
	feeVol              float64
	contract            bool

	// Snapshot and chain.
	price0, fees0, perTH float64
	blockSec, retarget   float64
	expected             float64
	inEpoch0, height0    float64
	nextHalv0, subsidy0  float64
	chain                market.Chain

	// Distinct positive hourly prices and how many hours have each.
	hp   []float64
	hcnt []float64
	sumP float64 // sum of the 24 hourly prices

	bitcoin, gpu bool

	// Scratch.
	wbuf       []float64
	segs       []segment // every step's, step t's at segs[segOff[t]:segOff[t+1]]
	segOff     []int
	rets       []retargetRec
	corr       []float64 // per step: correction of the mean log difficulty
	nodes, wts []float64 // the jump series: counts and weights
	raw, rawW  []float64 // the same before pooling
	sufA, sufB []float64

	// The bitcoin log difficulty's suffix weights in the current step
	// (see W), and the key of the difficulty they belong to.
	om         []float64
	kmin, kmax int
	wtot       float64
	omKey      int
	// Running Gaussian sums and moments of the step for bitcoin (0) and
	// GPU mining (1).
	gs  [2]gsums
	fam [2]family
}

func newCurtailCalc(site Site, rates []lineRates, m market.Model, s market.Snapshot, set Settings, p *prices) *curtailCalc {
	c := &curtailCalc{site: site}
	n := int64(set.Horizon / set.Step)
	rest := set.Horizon - time.Duration(n)*set.Step
	if rest > 0 {
		n++
	} else {
		rest = set.Step
	}
	c.n = int(n)
	years := func(d time.Duration) float64 { return d.Hours() / (market.DaysPerYear * 24) }
	c.dtF, c.dtL = years(set.Step), years(rest)
	c.secF, c.secL = set.Step.Seconds(), rest.Seconds()
	c.daysF, c.daysL = set.Step.Hours()/24, rest.Hours()/24
	if lf := math.Round(float64(m.Hashrate.Lag) / float64(set.Step)); lf >= float64(c.n) {
		c.lag = c.n
	} else {
		c.lag = int(lf)
	}

	pm := m.Price
	kappa := math.Expm1(pm.JumpMean + pm.JumpVol*pm.JumpVol/2)
	c.pDrift = pm.Drift - pm.JumpRate*kappa - pm.Vol*pm.Vol/2
	c.pVol2 = pm.Vol * pm.Vol
	c.lam, c.jm, c.jv = pm.JumpRate, pm.JumpMean, pm.JumpVol
	c.hGrowth, c.hVol2, c.elast = m.Hashrate.Growth, m.Hashrate.Vol*m.Hashrate.Vol, m.Hashrate.Elasticity
	c.k, c.wVol2 = m.Power.Reversion, m.Power.Vol*m.Power.Vol
	c.rhoPH = m.Corr[market.FactorPrice][market.FactorHashrate]
	c.rhoPW = m.Corr[market.FactorPrice][market.FactorPower]
	c.rhoHW = m.Corr[market.FactorHashrate][market.FactorPower]
	c.feeVol = m.Fees.Vol
	c.contract = site.PowerContract.Valid
	scales := func(dt float64) (sp, sh, wv, q float64) {
		return math.Sqrt(c.pVol2 * dt), math.Sqrt(c.hVol2 * dt), math.Sqrt(c.wVol2 * ouFactor(c.k, dt)), math.Exp(-c.k * dt)
	}
	c.spF, c.shF, c.wvF, c.qF = scales(c.dtF)
	c.spL, c.shL, c.wvL, c.qL = scales(c.dtL)

	chain := s.Bitcoin.Params()
	c.chain = chain
	c.price0 = num.Float(s.Bitcoin.Price)
	c.fees0 = float64(s.Bitcoin.FeesPerBlock) / market.SatsPerBTC
	c.perTH = 1e12 / (s.Bitcoin.Difficulty * (1 << 32))
	c.blockSec = chain.BlockInterval.Seconds()
	c.retarget = float64(chain.RetargetInterval)
	c.expected = c.retarget * c.blockSec
	c.inEpoch0 = float64(s.Bitcoin.Height % chain.RetargetInterval)
	c.height0 = float64(s.Bitcoin.Height)
	c.nextHalv0 = math.Inf(1)
	if h := chain.NextHalving(s.Bitcoin.Height); h >= 0 {
		c.nextHalv0 = float64(h)
	}
	c.subsidy0 = float64(chain.Subsidy(s.Bitcoin.Height)) / market.SatsPerBTC

	sorted := p.hourly
	sort.Float64s(sorted[:])
	for _, v := range sorted {
		c.sumP += v
		if v <= 0 {
			continue // a free hour never curtails
		}
		if k := len(c.hp); k > 0 && c.hp[k-1] == v {
			c.hcnt[k-1]++
		} else {
			c.hp = append(c.hp, v)
			c.hcnt = append(c.hcnt, 1)
		}
	}

	netShare := (1 - site.StaleRate) * (1 - site.PoolFee)
	for i, r := range rates {
		l := curtailLine{index: i, units: r.units, facKW: r.maxIT * site.PUE}
		switch r.workload {
		case hardware.BitcoinMining:
			l.bitcoin = true
			c.bitcoin = true
			l.logK = math.Log(r.th * netShare)
		case hardware.GPUMining:
			c.gpu = true
			l.logK = math.Log(r.gpuMining / 24 * (1 - site.PoolFee))
		default:
			continue
		}
		if r.units > 0 {
			c.lines = append(c.lines, l)
		}
	}
	return c
}

// stepOf returns step t's length in years, seconds and days.
func (c *curtailCalc) stepOf(t int) (dt, secs, days float64) {
	if t == c.n-1 {
		return c.dtL, c.secL, c.daysL
	}
	return c.dtF, c.secF, c.daysF
}

// scales returns step j's length in years and its shock scales.
func (c *curtailCalc) scales(j int) (dt, sp, sh, wv, q float64) {
	if j == c.n-1 {
		return c.dtL, c.spL, c.shL, c.wvL, c.qL
	}
	return c.dtF, c.spF, c.shF, c.wvF, c.qF
}

// endTime returns the time at the end of step t, years.
func (c *curtailCalc) endTime(t int) float64 {
	if t == c.n-1 {
		return float64(c.n-1)*c.dtF + c.dtL
	}
	return float64(t+1) * c.dtF
}

// retargetRec is a retarget of the mean path.
type retargetRec struct {
	at          float64 // seconds since the snapshot
	old, new    dref    // weights of the log difficulty before and after
	dOld, dNew  float64 // difficulties over the snapshot's
	secPerBlock float64 // seconds per block just before it
	clamped     bool
}

// meanPath runs the chain along the mean path (log hashrate at its mean)
// as the simulator runs it: it records each step's segments, the weights
// of each retarget's log difficulty on the steps' log hashrates, and the
// retargets.
func (c *curtailCalc) meanPath() {
	var (
		hbar     float64 // E[log H] at the current step
		dRatio   = 1.0
		inEpoch  = c.inEpoch0
		elapsed  = c.inEpoch0 * c.blockSec
		height   = c.height0
		nextHalv = c.nextHalv0
		subsidy  = c.subsidy0
		cur      dref // weights of the difficulty in force
		openOff  int  // the open period's raw weights: wbuf[openOff:]
		openFst  int  // step of its first weight
		pre      = c.inEpoch0 * c.blockSec
	)
	c.segOff = append(make([]int, 0, c.n+1), 0)
	c.segs = make([]segment, 0, c.n+c.n/8+4)
	c.wbuf = make([]float64, 0, c.n+c.n/8+4)
	// The mean change of log price in a step of dt years.
	meanDlogP := func(dt float64) float64 { return (c.pDrift + c.lam*c.jm) * dt }
	for t := 0; t < c.n; t++ {
		dt, secs, _ := c.stepOf(t)
		// Mean log hashrate, responding to the mean price change of step
		// t - lag.
		hbar += c.hGrowth * dt
		if i := t - c.lag; i >= 0 {
			dti, _, _ := c.stepOf(i)
			hbar += c.elast * meanDlogP(dti)
		}
		hbar = min(max(hbar, -meanPathClamp), meanPathClamp)
		eh := math.Exp(hbar)

		rate := eh / c.blockSec
		start := float64(t) * c.secF
		for rem := secs; rem > 0; {
			invR := dRatio / rate
			seg, retarget, halving := rem, false, false
			if x := max((c.retarget-inEpoch)*invR, 0); x <= seg {
				seg, retarget = x, true
			}
			if x := max((nextHalv-height)*invR, 0); x <= seg {
				if x < seg {
					retarget = false
				}
				seg, halving = x, true
			}
			if seg > 0 {
				c.segs = append(c.segs, segment{secs: seg, d: dRatio, sub: subsidy, ref: cur})
				if len(c.wbuf) == openOff || openFst+len(c.wbuf)-openOff-1 != t {
					if len(c.wbuf) == openOff {
						openFst = t
					}
					c.wbuf = append(c.wbuf, 0)
				}
				c.wbuf[len(c.wbuf)-1] += seg * eh
			}
			nb := seg / invR
			inEpoch += nb
			height += nb
			elapsed += seg
			rem -= seg
			if retarget {
				actual := elapsed * (c.retarget - 1) / c.retarget
				clamped := true
				switch {
				case actual < c.expected/4:
					actual = c.expected / 4
				case actual > 4*c.expected:
					actual = 4 * c.expected
				default:
					clamped = false
				}
				rec := retargetRec{at: start + secs - rem, old: cur, dOld: dRatio, secPerBlock: invR, clamped: clamped}
				dRatio *= c.expected / actual
				if !clamped {
					w := c.wbuf[openOff:]
					total := pre
					for _, x := range w {
						total += x
					}
					if total > 0 {
						for i := range w {
							w[i] /= total
						}
					}
					cur = dref{first: openFst, off: openOff, n: len(w)}
				}
				rec.new, rec.dNew = cur, dRatio
				c.rets = append(c.rets, rec)
				openOff, pre = len(c.wbuf), 0
				inEpoch, elapsed = 0, 0
			}
			if halving {
				height = nextHalv
				h := int64(nextHalv)
				subsidy = float64(c.chain.Subsidy(h)) / market.SatsPerBTC
				nextHalv = math.Inf(1)
				if nh := c.chain.NextHalving(h); nh >= 0 {
					nextHalv = float64(nh)
				}
			}
		}
		c.segOff = append(c.segOff, len(c.segs))
	}
}

// suffix writes into dst the suffix sums of ref's weights: entry i is the
// weight on the log hashrates of steps first+i and later.
func (c *curtailCalc) suffix(ref dref, dst []float64) []float64 {
	dst = append(dst[:0], c.wbuf[ref.off:ref.off+ref.n]...)
	for i := len(dst) - 2; i >= 0; i-- {
		dst[i] += dst[i+1]
	}
	return dst
}

// covD returns the covariance of two linearised log difficulties a and b
// (both with weights).
//
// A log difficulty with weights ω on the steps' log hashrates holds step
// j's hashrate shock with hVol_j W(j) and its price shock and jumps with
// Elasticity W(j+lag) (times pVol_j for the shock), W(k) the weight on
// steps k and later. Below both ranges (less the lag) W is the total
// weight, so those steps are summed in closed form.
func (c *curtailCalc) covD(a, b dref) float64 {
	c.sufA = c.suffix(a, c.sufA)
	c.sufB = c.suffix(b, c.sufB)
	sa, sb := c.sufA, c.sufB
	w := func(ref dref, suf []float64, k int) float64 {
		switch {
		case k < ref.first:
			return suf[0]
		case k >= ref.first+ref.n:
			return 0
		}
		return suf[k-ref.first]
	}
	jumpVar := c.lam * (c.jm*c.jm + c.jv*c.jv)
	pp := c.elast * c.elast * (c.pVol2 + jumpVar)
	ph := c.elast * c.rhoPH * math.Sqrt(c.pVol2*c.hVol2)
	term := func(dt, wa, wal, wb, wbl float64) float64 {
		return dt * (c.hVol2*wa*wb + pp*wal*wbl + ph*(wa*wbl+wal*wb))
	}
	lo := min(a.first, b.first) - c.lag
	hi := max(a.first+a.n, b.first+b.n) - 1
	var sum float64
	if lo > 0 {
		sum = float64(lo) * term(c.dtF, sa[0], sa[0], sb[0], sb[0])
	}
	for j := max(lo, 0); j <= hi; j++ {
		dt, _, _ := c.stepOf(j)
		sum += term(dt, w(a, sa, j), w(a, sa, j+c.lag), w(b, sb, j), w(b, sb, j+c.lag))
	}
	return sum
}

// timing fills c.corr with the correction of each step's mean log
// difficulty for the randomness of the retarget times.
//
// A retarget comes early when the hashrate ran above the mean path, by
// the period's blocks times the deviation of the new log difficulty:
// δτ = -P δlog D_new, P the period's length. The retarget time is then
// normal about the mean path's with standard deviation σ = P sd(log D_new),
// and the jump J = log D_new - log D_old is correlated with it: the mean
// log difficulty at time x gains
//
//	E[J] (Φ((x-τ)/σ) - 1{x >= τ}) - Cov(J, δτ)/σ φ((x-τ)/σ),
//
// a smoothing of the mean jump over the step boundaries and a bump of
// integral -Cov(J, δτ) = P (Var(log D_new) - Cov(log D_old, log D_new)) > 0:
// a difficulty that rose more than expected came into force early.
func (c *curtailCalc) timing() {
	c.corr = c.corr[:0]
	for range c.n {
		c.corr = append(c.corr, 0)
	}
	if c.hVol2 == 0 && c.elast == 0 {
		return
	}
	for _, r := range c.rets {
		if r.clamped || r.new.n == 0 {
			continue
		}
		vn := c.covD(r.new, r.new)
		if !(vn > 0) {
			continue
		}
		cno := 0.0
		if r.old.n > 0 {
			cno = c.covD(r.old, r.new)
		}
		p := c.retarget * r.secPerBlock
		sigma := p * math.Sqrt(vn)
		muJ := math.Log(r.dNew / r.dOld)
		bump := p * (vn - cno)
		lo := int(max(math.Floor((r.at-8*sigma)/c.secF), 0))
		hi := int(min(math.Floor((r.at+8*sigma)/c.secF), float64(c.n-1)))
		z0 := (float64(lo)*c.secF - r.at) / sigma
		s0, n0 := smoothStep(z0), normCDF(z0)
		for t := lo; t <= hi; t++ {
			_, secs, _ := c.stepOf(t)
			z1 := z0 + secs/sigma
			s1, n1 := smoothStep(z1), normCDF(z1)
			c.corr[t] += (sigma*muJ*(s1-s0) + bump*(n1-n0)) / secs
			z0, s0, n0 = z1, s1, n1
		}
	}
}

// smoothStep returns the integral from -Inf to z of Φ(u) - 1{u >= 0}:
// φ(z) - |z| Φ(-|z|).
func smoothStep(z float64) float64 {
	a := math.Abs(z)
	return math.Exp(-z*z/2)/math.Sqrt(2*math.Pi) - a*normCDF(-a)
}

// run fills v.
func (c *curtailCalc) run(v *CurtailmentValue) {
	if len(c.lines) == 0 {
		return
	}
	c.gs = [2]gsums{}
	c.omKey = -3
	if c.bitcoin {
		c.meanPath()
		c.timing()
	}
	for t := 0; t < c.n; t++ {
		_, _, days := c.stepOf(t)
		T := c.endTime(t)

		// Moments of the step.
		meanLogP := (c.pDrift + c.lam*c.jm) * T
		varX, meanMult := 0.0, 1.0
		if !c.contract {
			varX = c.wVol2 * ouFactor(c.k, T)
			meanMult = math.Exp(varX / 2)
		}
		lamT := c.lam * T
		c.nodes, c.wts = c.poissonNodes(lamT)
		if c.bitcoin {
			c.bitcoinMoments(t, T, days, meanLogP, lamT, varX, &c.fam[0])
		}
		if c.gpu {
			// A GPU mining line's revenue follows the price alone.
			f, g := &c.fam[1], &c.gs[1]
			_, sp, _, _, _ := c.scales(t)
			c.add(g, t, sp, 0, 1)
			f.zero, f.mu, f.varG, f.covX = false, meanLogP, g.varG, g.covX
			c.finish(f, T, g.sb, g.sb2, lamT, varX)
		}
		// Lines.
		run := days * c.site.Uptime // hours run per hour of the day
		for _, l := range c.lines {
			f := &c.fam[1]
			if l.bitcoin {
				f = &c.fam[0]
			}
			var val, rev float64
			costHour := l.facKW * meanMult
			if f.zero || math.IsInf(l.logK, -1) {
				// No revenue: every hour with a price is curtailed.
				for h, pr := range c.hp {
					val += c.hcnt[h] * costHour * pr
				}
			} else {
				base := l.logK + f.mu
				for i, nd := range c.wts {
					lb := base + f.shift[i]
					b := math.Exp(lb)
					rev += nd * b
					for h, pr := range c.hp {
						ch := costHour * pr
						val += nd * c.hcnt[h] * margrabe(ch, b, math.Log(ch)-lb, f.vol[i])
					}
				}
			}
			val *= l.units * run
			v.Lines[l.index] += val
			v.Steps[t] += val
			v.Total += val
			v.MiningRevenue += l.units * rev * 24 * run
			v.MiningPowerCost += l.units * costHour * c.sumP * run
		}
	}
}

// ouFactor returns (1 - e^{-2kt})/(2k), or t for k = 0: market.PowerModel's
// variance factor.
func ouFactor(k, t float64) float64 {
	if k == 0 {
		return t
	}
	return -math.Expm1(-2*k*t) / (2 * k)
}

// gsums holds the Gaussian sums of a family at a step: the variance of
// the diffusion part of log R, its covariance with X, and the sums over
// steps of dt b and dt b², b the weight of a step's jumps in log R.
type gsums struct{ varG, covX, sb, sb2 float64 }

// add adds step j with price and hashrate shock coefficients a and h and
// jump weight b to g, which held step j-1's sums.
func (c *curtailCalc) add(g *gsums, j int, a, h, b float64) {
	dt, _, _, wv, q := c.scales(j)
	g.varG += a*a + h*h + 2*c.rhoPH*a*h
	g.sb += dt * b
	g.sb2 += dt * b * b
	if !c.contract {
		g.covX = g.covX*q + (a*c.rhoPW+h*c.rhoHW)*wv
	}
}

// bitcoinMoments fills f for bitcoin mining in step t from the step's
// mean-path segments.
func (c *curtailCalc) bitcoinMoments(t int, T, days, meanLogP, lamT, varX float64, f *family) {
	segs := c.segs[c.segOff[t]:c.segOff[t+1]]
	// Expected BTC per TH/s over the step, per unit of perTH, split in the
	// subsidy part and the fee part: S + F E, F the step's fees.
	var e, sub float64
	key := -1 // the offset of the one difficulty in force, -1 the snapshot's, -2 several
	for i, s := range segs {
		x := s.secs / s.d
		e += x
		sub += x * s.sub
		k := -1
		if s.ref.n > 0 {
			k = s.ref.off
		}
		if i > 0 && k != key {
			k = -2
		}
		key = k
	}
	q := sub + c.fees0*e
	if !(q > 0) {
		f.zero = true
		c.omKey = -3
		return
	}
	f.zero = false
	// Fenton-Wilkinson: S + F E as a lognormal of the same mean and
	// variance; F is lognormal with mean fees0 and log sd feeVol.
	rel := c.fees0 * e / q
	varQ := math.Log1p(rel * rel * math.Expm1(c.feeVol*c.feeVol))
	f.mu = math.Log(c.perTH*c.price0/(24*days)) + meanLogP + math.Log(q) - varQ/2 - c.corr[t]

	g := &c.gs[0]
	if t > 0 && key != -2 && key == c.omKey {
		// The difficulty's weights are those of step t-1: add step t.
		a, h, b := c.coef(t)
		c.add(g, t, a, h, b)
	} else {
		c.weights(segs, q)
		*g = c.gaussian(t, T)
	}
	c.omKey = key
	f.varG, f.covX = g.varG+varQ, g.covX
	c.finish(f, T, g.sb, g.sb2, lamT, varX)
}

// weights sets the step's log difficulty as weights on the steps' log
// hashrates, Ω(k) = sum over segments of their share of the step's reward
// times the weight of their difficulty on k, and stores its suffix sums
// W(k) = sum of Ω(k') for k' >= k in om over [kmin, kmax].
func (c *curtailCalc) weights(segs []segment, q float64) {
	c.kmin, c.kmax, c.wtot = math.MaxInt, -1, 0
	for _, s := range segs {
		if s.ref.n > 0 {
			c.kmin = min(c.kmin, s.ref.first)
			c.kmax = max(c.kmax, s.ref.first+s.ref.n-1)
		}
	}
	if c.kmax < 0 {
		return
	}
	om := c.om[:0]
	for range c.kmax - c.kmin + 1 {
		om = append(om, 0)
	}
	for _, s := range segs {
		if s.ref.n == 0 {
			continue
		}
		w := s.secs / s.d * (s.sub + c.fees0) / q
		for i, x := range c.wbuf[s.ref.off : s.ref.off+s.ref.n] {
			om[s.ref.first-c.kmin+i] += w * x
		}
	}
	for i := len(om) - 2; i >= 0; i-- {
		om[i] += om[i+1]
	}
	c.om, c.wtot = om, om[0]
}

// W returns the weight of the current step's log difficulty on the log
// hashrates of steps k and later.
func (c *curtailCalc) W(k int) float64 {
	switch {
	case c.kmax < 0 || k > c.kmax:
		return 0
	case k < c.kmin:
		return c.wtot
	}
	return c.om[k-c.kmin]
}

// finish turns the Gaussian moments and the jump weights sum(dt b),
// sum(dt b²) over steps up to the end time T into the series' nodes.
func (c *curtailCalc) finish(f *family, T, sb, sb2, lamT, varX float64) {
	f.eb = sb / T
	eb2 := sb2 / T
	f.vb = max(eb2*(c.jv*c.jv+c.jm*c.jm)-f.eb*f.eb*c.jm*c.jm, 0)
	f.shift, f.vol = f.shift[:0], f.vol[:0]
	for _, nd := range c.nodes {
		v := f.varG + nd*f.vb
		f.shift = append(f.shift, (nd-lamT)*c.jm*f.eb+v/2)
		f.vol = append(f.vol, math.Sqrt(max(v+varX-2*f.covX, 0)))
	}
}

// gaussian returns the Gaussian sums of log revenue at step t (end time
// T), its log difficulty having the suffix weights W.
//
// Step j's price shock enters log R with pVol_j (1 - e W(j+lag)), its
// hashrate shock with -hVol_j W(j), its jumps with b_j = 1 - e W(j+lag);
// X_t holds its power shock with wVol_j e^{-k (T - T_j)}. The coefficients
// vary only for j in [kmin-lag, kmax-lag], [kmin, kmax] and at t (the one
// step that may be short); elsewhere runs of full steps share them and are
// summed in closed form.
func (c *curtailCalc) gaussian(t int, T float64) gsums {
	var g gsums
	// Intervals of steps summed one by one, sorted by start and merged.
	var iv [3][2]int
	ni := 0
	if c.kmax >= 0 {
		iv[0] = [2]int{c.kmin - c.lag, c.kmax - c.lag}
		iv[1] = [2]int{c.kmin, c.kmax}
		ni = 2
	}
	iv[ni] = [2]int{t, t}
	ni++
	for i := 1; i < ni; i++ {
		for j := i; j > 0 && iv[j][0] < iv[j-1][0]; j-- {
			iv[j], iv[j-1] = iv[j-1], iv[j]
		}
	}
	next := 0 // first step not yet summed
	for _, r := range iv[:ni] {
		lo, hi := max(r[0], next), min(r[1], t)
		if lo > hi {
			continue
		}
		if next < lo {
			// Full steps next .. lo-1 share their coefficients: the sums
			// of a run of cnt steps, X decaying by qF per step.
			a, h, b := c.coef(next)
			cnt := float64(lo - next)
			g.varG += cnt * (a*a + h*h + 2*c.rhoPH*a*h)
			g.sb += cnt * c.dtF * b
			g.sb2 += cnt * c.dtF * b * b
			if !c.contract {
				geo := cnt
				if c.k > 0 {
					geo = math.Expm1(-c.k*c.dtF*cnt) / math.Expm1(-c.k*c.dtF)
				}
				g.covX = g.covX*math.Pow(c.qF, cnt) + (a*c.rhoPW+h*c.rhoHW)*c.wvF*geo
			}
		}
		for j := lo; j <= hi; j++ {
			a, h, b := c.coef(j)
			c.add(&g, j, a, h, b)
		}
		next = hi + 1
	}
	return g
}

// coef returns the coefficients of step j's price and hashrate shocks in
// the current step's log revenue, and the weight of its jumps.
func (c *curtailCalc) coef(j int) (a, h, b float64) {
	_, sp, sh, _, _ := c.scales(j)
	b = 1 - c.elast*c.W(j+c.lag)
	return sp * b, -sh * c.W(j), b
}

// poissonNodes returns the jump counts and weights of the series for a
// Poisson mean lam: every count whose probability is at least poissonTail,
// or, beyond maxPoissonNodes of them, that many cells of adjacent counts,
// each at its probability-weighted mean count with the cell's probability.
func (c *curtailCalc) poissonNodes(lam float64) (nodes, wts []float64) {
	nodes, wts = c.nodes[:0], c.wts[:0]
	if !(lam > 0) {
		return append(nodes, 0), append(wts, 1)
	}
	mode := math.Floor(lam)
	lg, _ := math.Lgamma(mode + 1)
	wm := math.Exp(-lam + mode*math.Log(lam) - lg)
	// Walk down from the mode to the first negligible count, then up.
	k, w := mode, wm
	for k > 0 && w >= poissonTail {
		w *= k / lam
		k--
	}
	raw, rawW := c.raw[:0], c.rawW[:0]
	for ; k <= mode || w >= poissonTail; k++ {
		if w >= poissonTail {
			raw = append(raw, k)
			rawW = append(rawW, w)
		}
		w *= lam / (k + 1)
	}
	c.raw, c.rawW = raw, rawW
	if len(raw) <= maxPoissonNodes {
		return append(nodes, raw...), append(wts, rawW...)
	}
	per := (len(raw) + maxPoissonNodes - 1) / maxPoissonNodes
	for i := 0; i < len(raw); i += per {
		var sw, swn float64
		for j := i; j < min(i+per, len(raw)); j++ {
			sw += rawW[j]
			swn += rawW[j] * raw[j]
		}
		nodes = append(nodes, swn/sw)
		wts = append(wts, sw)
	}
	return nodes, wts
}
