package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fuzzProblem is a small random optimization problem drawn from a seed:
// n assets (1 to 5), bounds (some infinite above), a budget row Σw = bud
// and a capacity row a·w <= cap, a mean vector, a covariance of random
// rank and S scenarios (1 to 40). Means, covariances and scenarios are
// scaled by 2^mag (covariances by 2^(2 mag)) so that magnitudes far from
// 1 are fuzzed too.
type fuzzProblem struct {
	n     int
	c     *Constraints
	mean  []float64
	cov   *mat.SymDense
	scen  *mat.Dense
	scale float64
}

func newFuzzProblem(seed uint64, nn, rk uint8, mag int8, bud, cp float64) (*fuzzProblem, bool) {
	if math.IsNaN(bud) || math.IsInf(bud, 0) || math.IsNaN(cp) || math.IsInf(cp, 0) || math.Abs(bud) > 1e6 || math.Abs(cp) > 1e6 {
		return nil, false
	}
	n := 1 + int(nn)%5
	src := rand.New(rand.NewPCG(seed, 12))
	scale := math.Ldexp(1, int(mag)%120) // 2^±119: squares stay finite
	p := &fuzzProblem{n: n, scale: scale, cov: randCov(src, n, 1+int(rk)%(n+2), scale)}
	p.c = fuzzConstraints(src, n, bud, cp)
	p.mean = make([]float64, n)
	for i := range p.mean {
		p.mean[i] = src.NormFloat64() * scale
	}
	S := 1 + src.IntN(40)
	p.scen = mat.NewDense(S, n, nil)
	for s := 0; s < S; s++ {
		for j := 0; j < n; j++ {
			p.scen.Set(s, j, (p.mean[j]+src.NormFloat64()*scale)*float64(1+src.IntN(3)))
		}
	}
	return p, true
}

// checkAnswer fails unless err is one of the optimizers' documented
// outcomes for valid data (never ErrInvalid or ErrConstraints, never a
// panic) and an answer is finite and feasible to 1e-8 (relative).
func (p *fuzzProblem) checkAnswer(t *testing.T, w []float64, err error, allowed ...error) bool {
	t.Helper()
	if err != nil {
		for _, e := range append(allowed, ErrInfeasible, ErrNotConverged) {
			if errors.Is(err, e) {
				if errors.Is(err, ErrInfeasible) && p.scale == 1 {
					checkInfeasibleOrTight(t, p.c, p.n)
				}
				return false
			}
		}
		t.Fatalf("unexpected error %v", err)
	}
	if len(w) != p.n {
		t.Fatalf("%d weights for %d assets", len(w), p.n)
	}
	for _, x := range w {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("non-finite weight %v", w)
		}
	}
	if v := violation(t, p.c, w); v > 1e-8 {
		t.Fatalf("answer %v violates constraints by %g", w, v)
	}
	return true
}

// FuzzMaxMean: small random problems at random magnitudes never panic; an
// answer is finite, feasible, and has a mean at least that of the
// minimum-variance weights (which are feasible too).
func FuzzMaxMean(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(2), int8(0), 0.5, 1.0)
	f.Add(uint64(7), uint8(1), uint8(0), int8(100), -1.0, 0.0)
	f.Add(uint64(99), uint8(4), uint8(5), int8(-110), 3.0, -2.0)
	f.Fuzz(func(t *testing.T, seed uint64, nn, rk uint8, mag int8, bud, cp float64) {
		p, ok := newFuzzProblem(seed, nn, rk, mag, bud, cp)
		if !ok {
			return
		}
		w, err := MaxMean(p.mean, p.c)
		if !p.checkAnswer(t, w, err, ErrUnbounded) {
			return
		}
		if wv, err := MinVariance(p.cov, p.c); err == nil {
			m, mv := optDot(p.mean, w), optDot(p.mean, wv)
			if m < mv-1e-8*(maxAbs(p.mean)*(1+maxAbs(w)+maxAbs(wv))) {
				t.Fatalf("MaxMean %v below the minimum-variance weights' mean %v", m, mv)
			}
		}
	})
}

// FuzzMinCVaR: MinCVaR and MinCVaRTarget on small random scenario sets at
// random magnitudes and levels never panic; an answer is finite and
// feasible, MinCVaRTarget's meets its target, and an infeasible target
// states an attainable mean below it.
func FuzzMinCVaR(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(2), int8(0), 0.5, 1.0, 0.95, 0.2)
	f.Add(uint64(7), uint8(1), uint8(0), int8(100), -1.0, 0.0, 0.5, 3.0)
	f.Add(uint64(99), uint8(4), uint8(5), int8(-110), 3.0, -2.0, 0.99, -1.0)
	f.Fuzz(func(t *testing.T, seed uint64, nn, rk uint8, mag int8, bud, cp, level, target float64) {
		p, ok := newFuzzProblem(seed, nn, rk, mag, bud, cp)
		if !ok || math.IsNaN(target) || math.IsInf(target, 0) {
			return
		}
		if !(level > 0 && level < 1) {
			if _, err := MinCVaR(level, p.scen, p.c); !errors.Is(err, ErrInvalid) {
				t.Fatalf("level %v: error %v, want ErrInvalid", level, err)
			}
			return
		}
		w, err := MinCVaR(level, p.scen, p.c)
		if p.checkAnswer(t, w, err, ErrUnbounded) {
			S, _ := p.scen.Dims()
			profits := make([]float64, S)
			for s := range profits {
				profits[s] = optDot(p.scen.RawRowView(s), w)
			}
			if c := CVaR(level, profits); math.IsNaN(c) || math.IsInf(c, 0) {
				t.Fatalf("CVaR of the answer %v", c)
			}
		}
		minMean := target * p.scale
		w, err = MinCVaRTarget(level, p.scen, minMean, p.c)
		var te *TargetError
		if errors.As(err, &te) {
			if te.Target != minMean || !(te.Attainable < minMean) {
				t.Fatalf("TargetError %v for target %v", te, minMean)
			}
			return
		}
		if p.checkAnswer(t, w, err, ErrUnbounded) {
			S, n := p.scen.Dims()
			mean := make([]float64, n)
			for s := 0; s < S; s++ {
				for j := range mean {
					mean[j] += p.scen.At(s, j) / float64(S)
				}
			}
			if m := optDot(mean, w); m < minMean-1e-8*(math.Abs(minMean)+maxAbs(mean)*(1+maxAbs(w))) {
				t.Fatalf("mean %v below the target %v", m, minMean)
			}
		}
	})
}

// FuzzMaxSharpe: small random problems at random magnitudes never panic;
// an answer is finite and feasible and its excess mean is positive.
func FuzzMaxSharpe(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(2), int8(0), 0.5, 1.0, 0.0)
	f.Add(uint64(7), uint8(1), uint8(0), int8(100), -1.0, 0.0, 0.1)
	f.Add(uint64(99), uint8(4), uint8(5), int8(-110), 3.0, -2.0, -1.0)
	f.Fuzz(func(t *testing.T, seed uint64, nn, rk uint8, mag int8, bud, cp, rf float64) {
		p, ok := newFuzzProblem(seed, nn, rk, mag, bud, cp)
		if !ok || math.IsNaN(rf) || math.IsInf(rf, 0) || math.Abs(rf) > 1e6 {
			return
		}
		riskFree := rf * p.scale
		w, err := MaxSharpe(p.mean, p.cov, riskFree, p.c)
		if !p.checkAnswer(t, w, err, ErrUnbounded, ErrNoPositiveExcess, ErrNotPSD) {
			return
		}
		if m := optDot(p.mean, w); !(m > riskFree-1e-8*(math.Abs(riskFree)+maxAbs(p.mean)*(1+maxAbs(w)))) {
			t.Fatalf("excess mean %v - %v not positive", m, riskFree)
		}
	})
}

// FuzzFrontier: small random problems at random magnitudes never panic;
// every point is finite and feasible, with Mean and StdDev non-decreasing
// to rounding, the first point MinVariance's mean and the last MaxMean's.
func FuzzFrontier(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(2), int8(0), 0.5, 1.0, uint8(5))
	f.Add(uint64(7), uint8(1), uint8(0), int8(100), -1.0, 0.0, uint8(1))
	f.Add(uint64(99), uint8(4), uint8(5), int8(-110), 3.0, -2.0, uint8(0))
	f.Fuzz(func(t *testing.T, seed uint64, nn, rk uint8, mag int8, bud, cp float64, pts uint8) {
		p, ok := newFuzzProblem(seed, nn, rk, mag, bud, cp)
		if !ok {
			return
		}
		points := int(pts % 12)
		fr, err := Frontier(p.mean, p.cov, p.c, points)
		if points < 1 {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("points %d: error %v, want ErrInvalid", points, err)
			}
			return
		}
		if err != nil {
			p.checkAnswer(t, nil, err, ErrUnbounded, ErrNotPSD)
			return
		}
		if len(fr) != points {
			t.Fatalf("%d points, want %d", len(fr), points)
		}
		tolM := 1e-7 * maxAbs(p.mean)
		for k, pt := range fr {
			p.checkAnswer(t, pt.Weights, nil)
			tolM = max(tolM, 1e-7*maxAbs(p.mean)*maxAbs(pt.Weights))
			if math.IsNaN(pt.Mean) || math.IsInf(pt.Mean, 0) || math.IsNaN(pt.StdDev) || math.IsInf(pt.StdDev, 0) {
				t.Fatalf("point %d: mean %v sd %v", k, pt.Mean, pt.StdDev)
			}
		}
		for k := 1; k < len(fr); k++ {
			if fr[k].Mean < fr[k-1].Mean-tolM {
				t.Fatalf("mean falls from %v to %v at point %d", fr[k-1].Mean, fr[k].Mean, k)
			}
		}
	})
}
