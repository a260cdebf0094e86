package economics

import (
	"math"

	"github.com/wattfolio/wattfolio/market"
)

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
