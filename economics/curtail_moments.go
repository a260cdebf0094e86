package economics

import (
	"math"
)

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
		x := s.Seconds * s.InvD
		e += x
		sub += x * s.Subsidy
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
		w := s.Seconds * s.InvD * (s.Subsidy + c.fees0) / q
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
			full := &c.grid.Full
			g.sb += cnt * full.Years * b
			g.sb2 += cnt * full.Years * b * b
			if !c.contract {
				geo := cnt
				if c.k > 0 {
					geo = math.Expm1(-c.k*full.Years*cnt) / math.Expm1(-c.k*full.Years)
				}
				g.covX = g.covX*math.Pow(full.PowerDecay, cnt) + (a*c.rhoPW+h*c.rhoHW)*full.PowerVol*geo
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
