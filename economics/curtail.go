package economics

import (
	"math"
	"sort"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

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
//  1. runs the chain along the mean path (log hashrate at its mean; see
//     market.MeanPath, which shares the simulator's steps and chain rule)
//     and takes the retargets and halvings where they happen there;
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
//     retarget period (0.1 to 0.2 % under market.DefaultModel, whose
//     hashrate is quiet; 0.4 to 0.8 % under the defaults before they were
//     fitted to history, and more for a noisier hashrate). Variances are
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
// The simulator's bounds on the log states (±230) are not modelled beyond
// the mean path's log hashrate, which market.MeanPath keeps within them. The
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
// span; memory, about 180 bytes a step, with the steps. For one mining
// line at a flat price a year takes about 0.1 ms in weekly steps, 0.6 ms
// in daily steps and 15 ms in hourly steps (BenchmarkValueCurtailment has
// two lines). Most of that time is the series, which grows with each
// further line and each distinct time-of-use price.
//
// # Errors
//
// It returns the errors Analyze returns for the same inputs (ErrInvalid,
// ErrOverCapacity, hardware.ErrUnsupported, market.ErrInvalid,
// market.ErrNoQuote), ErrInvalid for the horizon when the model's
// lognormal moments overflow float64 over it (only for absurd drifts or
// volatilities over decades), and ErrInvalid for a line with a Start, End,
// Delay or Lease: the closed form values lines that run the whole horizon
// (Analyze values dated lines).
func ValueCurtailment(site Site, a Allocation, m market.Model, s market.Snapshot, opt *Settings) (CurtailmentValue, error) {
	set, err := opt.resolved()
	if err != nil {
		return CurtailmentValue{}, err
	}
	if err := set.noShards("ValueCurtailment"); err != nil {
		return CurtailmentValue{}, err
	}
	if err := checkInputs(site, s); err != nil {
		return CurtailmentValue{}, err
	}
	for i, l := range a.Lines {
		if !l.Start.IsZero() || !l.End.IsZero() || l.Delay != nil || l.Lease != nil {
			return CurtailmentValue{}, lineErr(i, invalid("Start", l.Start, "ValueCurtailment values lines that run the whole horizon: leave Start, End, Delay and Lease out (Analyze values dated lines)"))
		}
	}
	rates, err := resolveAll(site, a.Lines, &s, make([]lineRates, 0, len(a.Lines)), true)
	if err != nil {
		return CurtailmentValue{}, err
	}
	// The simulator's grid and chain along the mean path. MeanPath checks
	// the model, the horizon and the snapshot's numbers with NewSimulator's
	// code, so the errors are those Analyze meets.
	path, err := m.MeanPath(s, set.Horizon, set.Step)
	if err != nil {
		return CurtailmentValue{}, err
	}
	p := readPrices(site, &s)
	c := newCurtailCalc(site, rates, m, s, path, &p)
	v := CurtailmentValue{Lines: make([]float64, len(rates)), Steps: make([]float64, c.n)}
	c.run(&v)
	// Every value within maxUnitProfit per unit, as Analyze's profits: a
	// larger one comes from an implausible price.
	allUnits := 0.0
	for i := range rates {
		allUnits += max(rates[i].units, 1)
	}
	ok := num.Finite(v.Total) && math.Abs(v.MiningRevenue) <= maxUnitProfit*allUnits && math.Abs(v.MiningPowerCost) <= maxUnitProfit*allUnits
	bad := -1
	for i, x := range v.Lines {
		if !(math.Abs(x) <= maxUnitProfit*max(rates[i].units, 1)) && bad < 0 {
			bad = i
		}
	}
	ok = ok && bad < 0
	for _, x := range v.Steps {
		ok = ok && num.Finite(x)
	}
	if !ok {
		// An implausible price or unit count of a line is the cause if
		// there is one; else the model's moments over the horizon.
		if bad < 0 {
			bad = largestInput(&site, &s, a.Lines)
		}
		return CurtailmentValue{}, blameOverflow(&site, &s, a.Lines, bad, "the value of curtailment or the mining revenue or power cost",
			invalid("Settings.Horizon", set.Horizon, "the model's lognormal moments overflow float64 over this horizon"))
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

// curtailCalc is the closed-form computation's state and scratch.
type curtailCalc struct {
	site  Site
	lines []curtailLine
	// The simulator's steps (their lengths, shock scales and the hashrate
	// lag in steps) and the chain along the mean path.
	path *market.MeanPath
	grid market.Grid
	n    int // steps, grid.Steps
	lag  int // hashrate lag in steps, grid.Lag, at most n

	// Model.
	price               market.PriceModel // its mean log price, MeanLog
	power               market.PowerModel // its log-OU variance, Variance
	pVol2               float64           // σ² of log price per year
	lam, jm, jv         float64           // jump rate, mean, vol
	hVol2               float64
	elast               float64
	k                   float64 // power reversion
	rhoPH, rhoPW, rhoHW float64
	feeVol              float64
	contract            bool

	// Snapshot and chain.
	price0, fees0, perTH float64
	retarget             float64 // blocks per retarget period

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

func newCurtailCalc(site Site, rates []lineRates, m market.Model, s market.Snapshot, path *market.MeanPath, p *prices) *curtailCalc {
	c := &curtailCalc{site: site, path: path, grid: path.Grid()}
	c.n, c.lag = c.grid.Steps, c.grid.Lag

	c.price, c.power = m.Price, m.Power
	c.pVol2 = m.Price.Vol * m.Price.Vol
	c.lam, c.jm, c.jv = m.Price.JumpRate, m.Price.JumpMean, m.Price.JumpVol
	c.hVol2, c.elast = m.Hashrate.Vol*m.Hashrate.Vol, m.Hashrate.Elasticity
	c.k = m.Power.Reversion
	c.rhoPH = m.Corr[market.FactorPrice][market.FactorHashrate]
	c.rhoPW = m.Corr[market.FactorPrice][market.FactorPower]
	c.rhoHW = m.Corr[market.FactorHashrate][market.FactorPower]
	c.feeVol = m.Fees.Vol
	c.contract = site.PowerContract.Valid

	c.price0 = num.Float(s.Bitcoin.Price)
	c.fees0 = float64(s.Bitcoin.FeesPerBlock) / market.SatsPerBTC
	c.perTH = 1e12 / (s.Bitcoin.Difficulty * (1 << 32))
	c.retarget = float64(s.Bitcoin.Params().RetargetInterval)

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

	for i, r := range rates {
		l := curtailLine{index: i, units: r.units, facKW: r.facilityKW(&site, 1)}
		switch r.workload {
		case hardware.BitcoinMining:
			l.bitcoin = true
			c.bitcoin = true
		case hardware.GPUMining:
			c.gpu = true
		default:
			continue
		}
		// Revenue per hour per unit of the line's revenue factor: for
		// bitcoin mining the gross BTC per TH/s-hour, for GPU mining the
		// GPU-mining revenue relative to the snapshot's.
		l.logK = math.Log(r.miningPerHour(&site, 1))
		if r.units > 0 {
			c.lines = append(c.lines, l)
		}
	}
	return c
}

// stepOf returns step t's length in years, seconds and days.
func (c *curtailCalc) stepOf(t int) (dt, secs, days float64) {
	st := c.grid.Step(t)
	return st.Years, st.Seconds, st.Days
}

// scales returns step j's length in years and its shock scales: price and
// hashrate σ√dt, power σ √((1-e^{-2k dt})/(2k)), and the power decay
// e^{-k dt} (market.StepMoments).
func (c *curtailCalc) scales(j int) (dt, sp, sh, wv, q float64) {
	st := c.grid.Step(j)
	return st.Years, st.PriceVol, st.HashrateVol, st.PowerVol, st.PowerDecay
}

// endTime returns the time at the end of step t, years.
func (c *curtailCalc) endTime(t int) float64 {
	if t == c.n-1 {
		return float64(c.n-1)*c.grid.Full.Years + c.grid.Last.Years
	}
	return float64(t+1) * c.grid.Full.Years
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
		meanLogP := c.price.MeanLog(T)
		varX, meanMult := 0.0, 1.0
		if !c.contract {
			varX = c.power.Variance(T)
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
					b := math.Exp(base + f.shift[i])
					rev += nd * b
					for h, pr := range c.hp {
						ch := costHour * pr
						val += nd * c.hcnt[h] * risk.Margrabe(ch, b, f.vol[i])
					}
				}
			}
			val *= l.units * run
			v.Lines[l.index] += val
			v.Steps[t] += val
			v.Total += val
			v.MiningRevenue += l.units * rev * 24 * run
			v.MiningPowerCost += powerCost(l.units*costHour, c.sumP, 24*run)
		}
	}
}
