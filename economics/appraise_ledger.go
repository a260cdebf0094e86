package economics

import (
	"math"

	"github.com/wattfolio/wattfolio/hardware"
)

// Appraise's books in the engine: per path of a worker's batch, the
// operating cash of each project year by kind, the resale of each line's
// capital and when it left, and the cumulative cash at the band grid's
// points. Amounts are USD for the whole line (units included), not
// discounted, except npv and npvSalvage.

// The columns of a path's year in a ledger.
const (
	opMining  = iota // bitcoin and GPU mining revenue
	opAI             // AI cloud revenue
	opColo           // colocation rent
	opPower          // power cost
	opOpex           // fixed operating cost
	opSalvage        // resale of capital
	nOp
)

// ledgerSpec is the shape of Appraise's books.
type ledgerSpec struct {
	years  int      // project years in the horizon
	grid   bandGrid // the band grid
	points int      // its points
	lines  int      // lines of the project
}

// yearOf returns the project year (0-based) of a time t in years,
// clamped to the horizon's years.
func (s *ledgerSpec) yearOf(t float64) int {
	return min(max(int(t), 0), s.years-1)
}

// disposal is where a line's capital left a path: its project year and
// the resale price of the whole line, USD.
type disposal struct {
	year     int
	proceeds float64
	done     bool
}

// ledger is one worker's books for its batch of paths.
type ledger struct {
	spec       *ledgerSpec
	split      []yearShare // the step being booked: its share in each project year
	step       []float64   // the step being booked, per column and path: [col*batchSize + k]
	yr         []float64   // per path, year and column: [(k*years+y)*nOp + col]
	cum        []float64   // per path: cumulative operating cash and resale
	band       []float64   // per path and grid point: cum at the point
	npvSalvage []float64   // per path: resale discounted at the engine's rate
	npv        []float64   // per path: operating cash discounted at the engine's rate
	disp       []disposal

	sums  []int64    // per year and field: the worker's chunk's cents (Appraise)
	books *pathBooks // Appraise's scratch
}

func (s *ledgerSpec) newLedger() *ledger {
	return &ledger{
		spec:       s,
		yr:         make([]float64, batchSize*s.years*nOp),
		cum:        make([]float64, batchSize),
		band:       make([]float64, batchSize*s.points),
		npvSalvage: make([]float64, batchSize),
		npv:        make([]float64, batchSize),
		disp:       make([]disposal, batchSize*s.lines),
		step:       make([]float64, nOp*batchSize),
	}
}

// reset clears the books of a batch of n paths.
func (g *ledger) reset(n int) {
	clear(g.yr)
	clear(g.cum)
	clear(g.npvSalvage)
	clear(g.npv)
	clear(g.disp)
	clear(g.step)
}

// yearShare is the share of a step that falls in a project year.
type yearShare struct {
	year  int
	share float64
}

// splitStep sets the project years of the step [t0, t1) and its share in
// each: a step that crosses a year's end is divided in proportion to its
// time on either side.
func (g *ledger) splitStep(t0, t1 float64) {
	g.split = g.split[:0]
	s := g.spec
	y0, y1 := s.yearOf(t0), s.yearOf(math.Nextafter(t1, t0))
	if y0 == y1 {
		g.split = append(g.split, yearShare{y0, 1})
		return
	}
	for y := y0; y <= y1; y++ {
		a, b := max(t0, float64(y)), min(t1, float64(y+1))
		if y == s.years-1 {
			b = t1
		}
		if b > a {
			g.split = append(g.split, yearShare{y, (b - a) / (t1 - t0)})
		}
	}
}

// column returns the step's revenue column of workload w.
func (g *ledger) column(w hardware.Workload) []float64 {
	col := opColo
	switch w {
	case hardware.BitcoinMining, hardware.GPUMining:
		col = opMining
	case hardware.AICloud:
		col = opAI
	}
	return g.step[col*batchSize:][:batchSize]
}

// close books the step's columns of n paths into their project years
// (divided by splitStep), their cumulative cash and, discounted by df,
// their NPV; and clears them.
func (g *ledger) close(n int, df float64) {
	for k := range n {
		var v [opSalvage]float64
		for c := range v {
			v[c] = g.step[c*batchSize+k]
		}
		for _, ys := range g.split {
			row := g.yr[(k*g.spec.years+ys.year)*nOp:][:nOp]
			for c, x := range v {
				row[c] += ys.share * x
			}
		}
		net := v[opMining] + v[opAI] + v[opColo] - v[opPower] - v[opOpex]
		g.cum[k] += net
		g.npv[k] += df * net
	}
	clear(g.step)
}

// dispose books the resale of line l's capital on path k at time at, v
// USD, discounted by df for the NPV.
func (g *ledger) dispose(k, l int, v, df, at float64) {
	y := g.spec.yearOf(at)
	g.yr[(k*g.spec.years+y)*nOp+opSalvage] += v
	g.cum[k] += v
	g.npvSalvage[k] += df * v
	g.disp[l*batchSize+k] = disposal{year: y, proceeds: v, done: true}
}

// mark records, after step j, the cumulative cash of every path
// at the band grid's point, if j is one.
func (g *ledger) mark(j int) {
	b := g.spec.grid.point(j)
	if b < 0 {
		return
	}
	for k, v := range g.cum {
		g.band[k*g.spec.points+b] = v
	}
}

// row returns path k's year y.
func (g *ledger) row(k, y int) []float64 {
	return g.yr[(k*g.spec.years+y)*nOp:][:nOp]
}
