package economics

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/wattfolio/wattfolio/market"
)

// dref locates the linear weights of a log difficulty on the log hashrates
// of steps first .. first+n-1: wbuf[off : off+n]. n = 0 is the snapshot's
// difficulty, which is certain.
type dref struct{ first, off, n int }

// segment is a piece of a step on the mean path with one difficulty and
// one subsidy, and the weights of its difficulty's log.
type segment struct {
	market.ChainSegment
	ref dref
}

// retargetRec is a retarget of the mean path, and the weights of the log
// difficulty before and after it.
type retargetRec struct {
	market.ChainRetarget
	old, new dref
}

// meanPath reads the chain along the mean path, which market.MeanPath runs
// with the simulator's own rule, into each step's segments and the
// retargets, and sets the log of each retarget's difficulty as weights on
// the steps' log hashrates: each step's share of the hashes of the period
// the retarget ends (the hashes before the snapshot, at the snapshot's
// hashrate, count in the first period's total). A clamped retarget keeps
// the weights of the difficulty before it.
func (c *curtailCalc) meanPath() {
	rets := c.path.Retargets()
	var (
		cur     dref // weights of the difficulty in force
		openOff int  // the open period's raw weights: wbuf[openOff:]
		openFst int  // step of its first weight
		pre     = c.path.Elapsed()
	)
	c.segOff = append(make([]int, 0, c.n+1), 0)
	c.segs = make([]segment, 0, c.n+c.n/8+4)
	c.wbuf = make([]float64, 0, c.n+c.n/8+4)
	c.rets = make([]retargetRec, 0, len(rets))
	// retarget closes the open period at the next retarget.
	retarget := func() {
		r := retargetRec{ChainRetarget: rets[len(c.rets)], old: cur}
		if !r.Clamped {
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
		r.new = cur
		c.rets = append(c.rets, r)
		openOff, pre = len(c.wbuf), 0
	}
	for t := range c.n {
		eh := math.Exp(c.path.LogHashrate(t))
		for _, sg := range c.path.Segments(t) {
			for len(c.rets) < sg.Period {
				retarget()
			}
			c.segs = append(c.segs, segment{ChainSegment: sg, ref: cur})
			if len(c.wbuf) == openOff || openFst+len(c.wbuf)-openOff-1 != t {
				if len(c.wbuf) == openOff {
					openFst = t
				}
				c.wbuf = append(c.wbuf, 0)
			}
			c.wbuf[len(c.wbuf)-1] += sg.Seconds * eh
		}
		c.segOff = append(c.segOff, len(c.segs))
	}
	for len(c.rets) < len(rets) {
		retarget()
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
		sum = float64(lo) * term(c.grid.Full.Years, sa[0], sa[0], sb[0], sb[0])
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
		if r.Clamped || r.new.n == 0 {
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
		p := c.retarget * r.SecondsPerBlock
		sigma := p * math.Sqrt(vn)
		muJ := math.Log(r.Before / r.After) // log(D_new / D_old)
		bump := p * (vn - cno)
		secF := c.grid.Full.Seconds
		lo := int(max(math.Floor((r.At-8*sigma)/secF), 0))
		hi := int(min(math.Floor((r.At+8*sigma)/secF), float64(c.n-1)))
		z0 := (float64(lo)*secF - r.At) / sigma
		s0, n0 := smoothStep(z0), distuv.UnitNormal.CDF(z0)
		for t := lo; t <= hi; t++ {
			_, secs, _ := c.stepOf(t)
			z1 := z0 + secs/sigma
			s1, n1 := smoothStep(z1), distuv.UnitNormal.CDF(z1)
			c.corr[t] += (sigma*muJ*(s1-s0) + bump*(n1-n0)) / secs
			z0, s0, n0 = z1, s1, n1
		}
	}
}

// smoothStep returns the integral from -Inf to z of Φ(u) - 1{u >= 0}:
// φ(z) - |z| Φ(-|z|).
func smoothStep(z float64) float64 {
	a := math.Abs(z)
	return math.Exp(-z*z/2)/math.Sqrt(2*math.Pi) - a*distuv.UnitNormal.CDF(-a)
}
