package market

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// betaTable fills sim.util with b's quantiles at the cell midpoints, clamped
// to [0, 1], on up to GOMAXPROCS goroutines (it is most of NewSimulator's
// time, and NewSimulator runs once per shard of a sharded run), and
// reports whether they are all numbers.
//
// Each goroutine takes a contiguous block of cells: its first quantile is
// gonum's distuv.Beta.Quantile (the inverse of the regularized incomplete
// beta function by cephes' incbi); each next one starts from the last with
// a second-order step along the quantile function (Q' = 1/f(Q), Q” =
// -f'(Q)/f(Q)³) and is polished by Newton's method on mathext.RegIncBeta
// until the error a step leaves, about (f'/f) dx²/2, is below 1e-14 of the
// value. That costs one evaluation of the incomplete beta per cell, rarely
// two, where Quantile costs five or six. A cell whose iteration leaves
// (previous quantile, 1), meets a zero density or does not settle in
// eight steps gets Quantile instead. The table agrees with Quantile at
// every cell to 1e-12 (TestBetaTableMatchesQuantile, on shapes from a
// concentration of 1 to 10^6).
func (sim *Simulator) betaTable(b distuv.Beta) bool {
	parts := min(runtime.GOMAXPROCS(0), 8)
	per := (utilTableSize + parts - 1) / parts
	var nan atomic.Bool
	var wg sync.WaitGroup
	for k := range parts {
		lo, hi := k*per, min((k+1)*per, utilTableSize)
		if lo >= hi {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !betaQuantiles(b, sim.util[lo+1:hi+1], lo, utilTableSize) {
				nan.Store(true)
			}
		}()
	}
	wg.Wait()
	sim.util[0], sim.util[utilTableSize+1] = sim.util[1], sim.util[utilTableSize]
	return !nan.Load()
}

// betaQuantiles sets dst[i] to b's quantile at the midpoint of cell
// first+i of cells equal cells of (0, 1), clamped to [0, 1], as betaTable
// describes, and reports whether they are all numbers.
func betaQuantiles(b distuv.Beta, dst []float64, first, cells int) bool {
	a, c := b.Alpha, b.Beta
	lnB := mathext.Lbeta(a, c)
	density := func(x float64) float64 {
		return math.Exp((a-1)*math.Log(x) + (c-1)*math.Log1p(-x) - lnB)
	}
	mid := func(i int) float64 { return (float64(first+i) + 0.5) / float64(cells) }
	ok := true
	prev, pPrev := math.NaN(), 0.0
	for i := range dst {
		p := mid(i)
		q := math.NaN()
		if prev > 0 && prev < 1 {
			// A second-order step along Q: Q' = 1/f(Q), Q'' = -g/f(Q)²
			// with g = f'/f (Q') = (a-1)/Q - (c-1)/(1-Q).
			h := (p - pPrev) / density(prev)
			g := (a-1)/prev - (c-1)/(1-prev)
			q = betaNewton(a, c, p, prev+h-g*h*h/2, prev, density)
		}
		if math.IsNaN(q) {
			q = b.Quantile(p)
		}
		if math.IsNaN(q) {
			ok = false
		}
		dst[i] = min(max(q, 0), 1)
		prev, pPrev = q, p
	}
	return ok
}

// betaNewton solves I_x(a, c) = p for x by Newton's method from x,
// returning NaN when an iterate leaves (floor, 1), the density is not
// positive, or eight steps do not settle it.
func betaNewton(a, c, p, x, floor float64, density func(float64) float64) float64 {
	for range 8 {
		if !(x > floor && x < 1) {
			return math.NaN()
		}
		f := density(x)
		if !(f > 0) || math.IsInf(f, 1) {
			return math.NaN()
		}
		dx := (mathext.RegIncBeta(a, c, x) - p) / f
		g := (a-1)/x - (c-1)/(1-x) // f'/f: Newton leaves an error of about g dx²/2
		x -= dx
		if math.Abs(dx) <= 1e-6*x && math.Abs(g*dx*dx) <= 1e-14*x {
			if !(x > floor && x < 1) {
				return math.NaN()
			}
			return x
		}
	}
	return math.NaN()
}
