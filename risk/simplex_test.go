package risk

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// newTestLP builds a boxLP from rows (row-major m×n) and the rest.
func newTestLP(m, n int, rows, c, lo, up, b []float64) *boxLP {
	a := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			a[j*m+i] = rows[i*n+j]
		}
	}
	return &boxLP{m: m, n: n, a: a, c: c, lo: lo, up: up, b: b}
}

// Beale's example ("Cycling in the dual simplex algorithm", Naval Research
// Logistics Quarterly 2, 1955; the form of Chvátal, "Linear Programming",
// 1983, p. 31), on which the textbook simplex method with Dantzig's rule
// and lowest-index ties cycles for ever:
//
//	maximise 10x1 - 57x2 - 9x3 - 24x4
//	subject to 0.5x1 - 5.5x2 - 2.5x3 + 9x4 <= 0
//	           0.5x1 - 1.5x2 - 0.5x3 +  x4 <= 0
//	           x1 <= 1, x >= 0.
//
// The optimum is 1 at x = (1, 0, 1, 0) (Chvátal). Both with the row x1 <= 1
// and with it as a bound, boxSimplex reaches it, with its usual rules and
// with Bland's rule from the first degenerate pivot on.
func TestBoxSimplexBeale(t *testing.T) {
	for _, after := range []int{boxBlandAfter, 0} {
		beale(t, after)
	}
}

func beale(t *testing.T, blandAfter int) {
	inf := math.Inf(1)
	// Rows with slacks s1, s2, s3: x1..x4, s1, s2, s3.
	rows := []float64{
		0.5, -5.5, -2.5, 9, 1, 0, 0,
		0.5, -1.5, -0.5, 1, 0, 1, 0,
		1, 0, 0, 0, 0, 0, 1,
	}
	c := []float64{-10, 57, 9, 24, 0, 0, 0}
	lo := make([]float64, 7)
	up := []float64{inf, inf, inf, inf, inf, inf, inf}
	p := newTestLP(3, 7, rows, c, lo, up, []float64{0, 0, 1})
	s := newBoxSimplex(p)
	s.blandAfter = blandAfter
	if st := s.solve(1000); st != boxOptimal {
		t.Fatalf("status %d", st)
	}
	want := []float64{1, 0, 1, 0}
	for j, v := range want {
		if math.Abs(s.x[j]-v) > 1e-12 {
			t.Fatalf("x = %v, want %v", s.x[:4], want)
		}
	}
	// x1 <= 1 as a bound.
	p = newTestLP(2, 6, []float64{
		0.5, -5.5, -2.5, 9, 1, 0,
		0.5, -1.5, -0.5, 1, 0, 1,
	}, c[:6], lo[:6], []float64{1, inf, inf, inf, inf, inf}, []float64{0, 0})
	s = newBoxSimplex(p)
	s.blandAfter = blandAfter
	if st := s.solve(1000); st != boxOptimal {
		t.Fatalf("bounded: status %d", st)
	}
	for j, v := range want {
		if math.Abs(s.x[j]-v) > 1e-12 {
			t.Fatalf("bounded: x = %v, want %v", s.x[:4], want)
		}
	}
}

// Small programs with known outcomes: infeasible rows, an unbounded cost,
// a free variable, a bound flip, an empty column, and an iteration cap.
func TestBoxSimplexOutcomes(t *testing.T) {
	inf := math.Inf(1)
	// x1 + x2 = 3 with x in [0, 1]: infeasible.
	p := newTestLP(1, 2, []float64{1, 1}, []float64{0, 0}, []float64{0, 0}, []float64{1, 1}, []float64{3})
	if st := newBoxSimplex(p).solve(100); st != boxInfeasible {
		t.Errorf("infeasible: status %d", st)
	}
	// min -x1 with x1 - x2 = 0, x >= 0: unbounded.
	p = newTestLP(1, 2, []float64{1, -1}, []float64{-1, 0}, []float64{0, 0}, []float64{inf, inf}, []float64{0})
	if st := newBoxSimplex(p).solve(100); st != boxUnbounded {
		t.Errorf("unbounded: status %d", st)
	}
	// min x2 with x1 - x2 = -2, x1 free, x2 in [1, 5]: x2 = 1 and
	// x1 = -1 (by hand).
	p = newTestLP(1, 2, []float64{1, -1}, []float64{0, 1}, []float64{-inf, 1}, []float64{inf, 5}, []float64{-2})
	s := newBoxSimplex(p)
	if st := s.solve(100); st != boxOptimal || s.x[0] != -1 || s.x[1] != 1 {
		t.Errorf("free variable: status %d, x %v, want (-1, 1)", st, s.x[:2])
	}
	// min -x1 - x2 with x1 + x2 + x3 = 10, x1, x2 in [0, 2]: both flip to
	// 2 without entering the basis; x3 = 6 (by hand).
	p = newTestLP(1, 3, []float64{1, 1, 1}, []float64{-1, -1, 0}, []float64{0, 0, 0}, []float64{2, 2, inf}, []float64{10})
	s = newBoxSimplex(p)
	if st := s.solve(100); st != boxOptimal || s.x[0] != 2 || s.x[1] != 2 || s.x[2] != 6 {
		t.Errorf("flips: status %d, x %v, want (2, 2, 6)", st, s.x[:3])
	}
	// An empty column with a negative cost moves to its upper bound: min
	// -x1 + x2 with 0·x1 + x2 = 1, x1 in [0, 2], x2 >= 0 (by hand: x1 = 2).
	pe := newTestLP(1, 2, []float64{0, 1}, []float64{-1, 1}, []float64{0, 0}, []float64{2, inf}, []float64{1})
	s = newBoxSimplex(pe)
	if st := s.solve(100); st != boxOptimal || s.x[0] != 2 || s.x[1] != 1 {
		t.Errorf("empty column: status %d, x %v, want (2, 1)", st, s.x[:2])
	}
	if st := newBoxSimplex(p).solve(1); st != boxIterLimit {
		t.Errorf("cap: status %d, want boxIterLimit", st)
	}
}

// Random feasible programs with equality rows, boxes, one-sided and free
// variables, solved with and without sifting, match gonum's simplex method
// on the same program (converted by lp.Convert) to 1e-9 relative; the
// multipliers satisfy the optimality conditions.
func TestBoxSimplexRandom(t *testing.T) {
	src := rand.New(rand.NewPCG(61, 62))
	inf := math.Inf(1)
	for trial := 0; trial < 60; trial++ {
		m := 1 + src.IntN(5)
		n := m + 2 + src.IntN(10)
		rows := make([]float64, m*n)
		for i := range rows {
			if src.IntN(4) > 0 {
				rows[i] = src.NormFloat64()
			}
		}
		for j := 0; j < n; j++ { // gonum refuses empty columns
			rows[src.IntN(m)*n+j] = 1 + src.Float64()
		}
		x0 := make([]float64, n)
		c, lo, up := make([]float64, n), make([]float64, n), make([]float64, n)
		for j := 0; j < n; j++ {
			x0[j] = src.NormFloat64()
			c[j] = src.NormFloat64()
			// Bounded below and above for all but a few, so that the
			// optimum is finite.
			lo[j], up[j] = x0[j]-src.Float64(), x0[j]+src.Float64()
			if src.IntN(6) == 0 {
				lo[j] = -inf
				c[j] = -math.Abs(c[j]) // can only want to grow
			}
		}
		b := make([]float64, m)
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				b[i] += rows[i*n+j] * x0[j]
			}
		}
		p := newTestLP(m, n, rows, c, lo, up, b)
		for _, sift := range []int{0, n / 2} {
			p.sift = sift
			s := newBoxSimplex(p)
			s.blandAfter = trial % 2 * boxBlandAfter // Bland's rule at once in even trials
			if st := s.solve(10000); st != boxOptimal {
				t.Fatalf("trial %d sift %d: status %d", trial, sift, st)
			}
			got := optDot(c, s.x[:n])
			// gonum on the same program: x = lo + x' with x' >= 0, and
			// x' + slack = up - lo as rows.
			want := gonumBox(t, m, n, rows, c, lo, up, b)
			if math.Abs(got-want) > 1e-9*(1+math.Abs(want)) {
				t.Errorf("trial %d sift %d: objective %.15g, gonum %.15g", trial, sift, got, want)
			}
			for j := 0; j < n; j++ {
				if s.pos[j] >= 0 {
					continue
				}
				d := c[j]
				for i := 0; i < m; i++ {
					d -= s.y[i] * rows[i*n+j]
				}
				tol := 1e-9 * (1 + math.Abs(c[j]))
				if (s.x[j] == lo[j] && d < -tol) || (s.x[j] == up[j] && d > tol) {
					t.Errorf("trial %d: reduced cost %g of column %d at %v in [%v, %v]", trial, d, j, s.x[j], lo[j], up[j])
				}
			}
		}
	}
}

// gonumBox solves min cᵀx, rows x = b, lo <= x <= up with gonum, by
// substituting x = lo + x' (or up - x' when lo is -Inf).
func gonumBox(t *testing.T, m, n int, rows, c, lo, up, b []float64) float64 {
	t.Helper()
	nb := 0
	for j := 0; j < n; j++ {
		if !math.IsInf(lo[j], -1) && !math.IsInf(up[j], 1) {
			nb++
		}
	}
	A := mat.NewDense(m+nb, n+nb, nil)
	rhs := make([]float64, m+nb)
	cost := make([]float64, n+nb)
	off := 0.0
	copy(rhs, b)
	k := 0
	for j := 0; j < n; j++ {
		sgn, base := 1.0, lo[j]
		if math.IsInf(lo[j], -1) {
			sgn, base = -1, up[j]
		}
		cost[j] = sgn * c[j]
		off += c[j] * base
		for i := 0; i < m; i++ {
			A.Set(i, j, sgn*rows[i*n+j])
			rhs[i] -= rows[i*n+j] * base
		}
		if !math.IsInf(lo[j], -1) && !math.IsInf(up[j], 1) {
			A.Set(m+k, j, 1)
			A.Set(m+k, n+k, 1)
			rhs[m+k] = up[j] - lo[j]
			k++
		}
	}
	z, _, err := lp.Simplex(cost, A, rhs, 1e-12, nil)
	if err != nil {
		t.Fatalf("gonum: %v", err)
	}
	return z + off
}
