package economics

import (
	"context"
	"math"
	"sync"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// Portfolio holds the per-unit mean vector and covariance matrix of the
// horizon profit of a list of candidate lines, so that the mean and
// variance of any allocation of units over them costs O(n^2) and no
// allocation.
//
// The moments come from the same Monte Carlo as Analyze, over the same
// paths for every line, so the covariance is a true (positive semidefinite)
// covariance and the mining and AI lines' dependence through the market
// factors is kept. Colocation rent and opex are deterministic, so their
// parts of the moments are exact. Profit is linear in units for every term
// but the share noise of an FPPS or PPS+ pool, whose variance grows with
// the square root of the fleet rather than linearly; it is scaled at the
// lines' Units (at least one machine) and is below 1e-3 of a mining line's
// standard deviation for any fleet of one machine or more.
//
// A Portfolio is immutable and safe for concurrent use.
type Portfolio struct {
	lines   []Line
	n       int
	paths   int
	horizon time.Duration
	mean    []float64
	cov     []float64 // n x n, row-major, symmetric
}

// moments accumulates the mean vector and co-moment matrix of a stream of
// vectors (Welford), and merges with another (Chan, Golub and LeVeque).
type moments struct {
	k    float64
	mean []float64
	c    []float64 // n x n co-moments: sum of (x - mean)(x - mean)^T
	d    []float64 // scratch
}

func newMoments(n int) *moments {
	return &moments{mean: make([]float64, n), c: make([]float64, n*n), d: make([]float64, n)}
}

func (m *moments) reset() {
	m.k = 0
	clear(m.mean)
	clear(m.c)
}

func (m *moments) add(x []float64) {
	m.k++
	n := len(x)
	for i, v := range x {
		m.d[i] = v - m.mean[i]
		m.mean[i] += m.d[i] / m.k
	}
	for i := range n {
		di := m.d[i]
		row := m.c[i*n : (i+1)*n]
		for j := range n {
			row[j] += di * (x[j] - m.mean[j])
		}
	}
}

func (m *moments) merge(o *moments) {
	if o.k == 0 {
		return
	}
	if m.k == 0 {
		m.k = o.k
		copy(m.mean, o.mean)
		copy(m.c, o.c)
		return
	}
	n := len(m.mean)
	k := m.k + o.k
	f := m.k * o.k / k
	for i := range n {
		m.d[i] = o.mean[i] - m.mean[i]
	}
	for i := range n {
		for j := range n {
			m.c[i*n+j] += o.c[i*n+j] + m.d[i]*m.d[j]*f
		}
		m.mean[i] += m.d[i] * o.k / k
	}
	m.k = k
}

// NewPortfolio simulates the candidate lines (their Units are only the
// reference fleet for share noise; see Portfolio) under model m from
// snapshot s and returns their per-unit moments. Capacity is not checked:
// it belongs to the allocations evaluated later. It returns the errors of
// Analyze.
func NewPortfolio(site Site, lines []Line, m market.Model, s market.Snapshot, opt *Settings) (*Portfolio, error) {
	return NewPortfolioContext(context.Background(), site, lines, m, s, opt)
}

// NewPortfolioContext is NewPortfolio that stops, returning ctx.Err(), when
// ctx is done. The result is the same bit for bit whatever GOMAXPROCS and
// Settings.Workers: chunks of paths are merged in their order.
func NewPortfolioContext(ctx context.Context, site Site, lines []Line, m market.Model, s market.Snapshot, opt *Settings) (*Portfolio, error) {
	set, err := opt.resolved()
	if err != nil {
		return nil, err
	}
	e, err := newEngine(site, lines, m, s, set, false)
	if err != nil {
		return nil, err
	}
	e.machines = max(e.machines, 1)
	e.shareRel = e.shareRelOf(set.Step.Hours() / 24)
	n := len(lines)
	total := newMoments(n)
	var mu sync.Mutex
	pending := map[int]*moments{}
	var free []*moments
	next := 0
	err = e.simulate(ctx, func(w *worker, p int) {
		if w.acc == nil {
			mu.Lock()
			if len(free) > 0 {
				w.acc, free = free[len(free)-1], free[:len(free)-1]
			} else {
				w.acc = newMoments(n)
			}
			mu.Unlock()
		}
		e.path(w, p)
		w.acc.add(w.unit)
	}, func(w *worker, c int) {
		mu.Lock()
		defer mu.Unlock()
		pending[c], w.acc = w.acc, nil
		for {
			acc, ok := pending[next]
			if !ok {
				return
			}
			total.merge(acc)
			delete(pending, next)
			acc.reset()
			free = append(free, acc)
			next++
		}
	})
	if err != nil {
		return nil, err
	}
	pf := &Portfolio{lines: append([]Line(nil), lines...), n: n, paths: set.Paths, horizon: set.Horizon,
		mean: total.mean, cov: total.c}
	if set.Paths > 1 {
		for i := range pf.cov {
			pf.cov[i] /= float64(set.Paths - 1)
		}
	} else {
		clear(pf.cov)
	}
	return pf, nil
}

// Evaluate returns the mean and variance of the horizon profit, in USD and
// USD², of the allocation that runs units[i] units of line i. Units may be
// fractional (optimizers work in them). It allocates nothing.
//
// It panics if len(units) is not the number of lines.
func (p *Portfolio) Evaluate(units []float64) (mean, variance float64) {
	if len(units) != p.n {
		panic("economics: Portfolio.Evaluate: len(units) != number of lines")
	}
	n := p.n
	for i, u := range units {
		mean += u * p.mean[i]
		row := p.cov[i*n : (i+1)*n]
		s := 0.0
		for j, v := range units {
			s += row[j] * v
		}
		variance += u * s
	}
	return mean, max(variance, 0)
}

// Len returns the number of lines.
func (p *Portfolio) Len() int { return p.n }

// Lines returns a copy of the candidate lines.
func (p *Portfolio) Lines() []Line { return append([]Line(nil), p.lines...) }

// Paths returns the number of paths the moments were estimated from.
func (p *Portfolio) Paths() int { return p.paths }

// Horizon returns the horizon of the profits.
func (p *Portfolio) Horizon() time.Duration { return p.horizon }

// MeanTo writes the per-unit mean profit of each line into dst and returns
// it; a nil dst is allocated.
//
// It panics if dst is not nil and its length is not Len().
func (p *Portfolio) MeanTo(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, p.n)
	}
	if len(dst) != p.n {
		panic("economics: Portfolio.MeanTo: len(dst) != number of lines")
	}
	copy(dst, p.mean)
	return dst
}

// Covariance returns a copy of the per-unit covariance matrix of the lines'
// horizon profits, in USD².
func (p *Portfolio) Covariance() *mat.SymDense {
	return mat.NewSymDense(p.n, append([]float64(nil), p.cov...))
}

// StdErrs writes into dst the standard error of each line's per-unit mean,
// sqrt(var_i / paths), and returns it; a nil dst is allocated.
func (p *Portfolio) StdErrs(dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, p.n)
	}
	for i := range dst {
		dst[i] = math.Sqrt(p.cov[i*p.n+i] / float64(p.paths))
	}
	return dst
}

// RiskContributions returns each line's contribution to the standard
// deviation of the allocation units (Euler allocation: they sum to the
// standard deviation); see risk.RiskContributions.
//
// It panics if len(units) is not the number of lines.
func (p *Portfolio) RiskContributions(units []float64) []float64 {
	if len(units) != p.n {
		panic("economics: Portfolio.RiskContributions: len(units) != number of lines")
	}
	return risk.RiskContributions(units, mat.NewSymDense(p.n, p.cov))
}
