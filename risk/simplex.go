package risk

import "math"

// boxLP is a linear program in the computational form
//
//	minimise cᵀx  subject to  A x = b,  lo <= x <= up,
//
// with few rows (m, tens) and possibly many columns (n, thousands), each
// column stored densely: column j is a[j*m : (j+1)*m]. A bound may be
// infinite; lo[j] = -Inf and up[j] = +Inf make x[j] free.
//
// Columns [0, sift) are priced by sifting: each iteration prices only a
// working set of them (the others stay at their starting values), and
// only when the working set's program is optimal are the rest priced,
// the most attractive added, and the iterations resumed. The working set
// only grows, so this ends, with the whole program's optimum.
type boxLP struct {
	m, n   int
	a      []float64
	c      []float64
	lo, up []float64
	b      []float64
	sift   int
	// atUp, if not nil, starts the columns it marks at their upper bound
	// (each must be finite) instead of their lower; sifted columns it
	// marks, and those in seed, start in the working set. A good start
	// (a crash) saves iterations; any start is correct.
	atUp []bool
	seed []int
}

// boxStatus is the outcome of boxSimplex.solve.
type boxStatus int

const (
	boxOptimal    boxStatus = iota
	boxInfeasible           // no x satisfies the rows and bounds
	boxUnbounded            // the cost falls without limit
	boxIterLimit            // the iteration cap was reached
	boxSingular             // a basis could not be factorized
)

// Tolerances of boxSimplex, all relative to the scale of the data they
// compare against:
//
//   - boxTolPrimal: how far a basic value may stray past a bound (Harris's
//     ratio test); bounds are relaxed by boxTolPrimal·(1+|bound|).
//   - boxTolDual: a reduced cost d_j counts as attractive only beyond
//     boxTolDual·(|c_j| + Σ_i |y_i a_ij|), the size of the terms it is
//     the sum of, plus boxTolNoise·‖y‖∞‖a_j‖₁, the rounding error of y
//     (an entry of y that should be 0 is rarely exactly 0); this is the
//     stopping rule.
//   - boxTolPivot: an entry of the entering column below boxTolPivot times
//     the column's largest entry is never a pivot.
//   - boxTolPhase1: phase 1 ends feasible if every artificial variable is
//     within boxTolPhase1·(1 + |b_i| + Σ_j |a_ij x_j|) of zero.
const (
	boxTolPrimal = 1e-9
	boxTolDual   = 1e-11
	boxTolNoise  = 1e-14
	boxTolPivot  = 1e-9
	boxTolPhase1 = 1e-9
	// boxRefactor is the number of basis changes between fresh
	// factorizations of the basis inverse (and recomputations of the
	// basic values from the nonbasic ones).
	boxRefactor = 50
	// boxSiftBatch is the most sifted columns added to the working set at
	// once.
	boxSiftBatch = 100
	// boxBlandAfter is the run of degenerate pivots (no change in the
	// objective) after which Bland's rule replaces Dantzig's and Harris's
	// until the objective moves again.
	boxBlandAfter = 50
)

// boxSimplex solves a boxLP by the two-phase bounded-variable primal
// simplex method (Dantzig; bounds handled implicitly, as in Chvátal,
// "Linear Programming", 1983, ch. 8): nonbasic variables sit at a bound,
// an entering variable whose step is limited by its own opposite bound
// flips to it without a basis change, and phase 1 minimises the sum of m
// artificial variables, one per row. The basis inverse is kept explicitly
// (m is small) and updated by one elementary row operation per pivot, with
// a fresh Gauss-Jordan factorization every boxRefactor pivots.
//
// Pricing is Dantzig's largest reduced cost scaled by the column's norm;
// the ratio test is Harris's two-pass test (the largest pivot among the
// near-tied rows). Degenerate pivots cannot cycle for ever: after a run
// of pivots that leave the objective unchanged the method switches to
// Bland's rule (smallest eligible index enters, smallest tied index
// leaves), which terminates, and back to Dantzig's once the objective
// moves. Sifted columns (boxLP.sift) are priced from a working set that
// only grows. An iteration cap is a last guard.
type boxSimplex struct {
	*boxLP
	nt     int       // n + m: structural then artificial columns
	sigma  []float64 // artificial column n+i is sigma[i]·e_i
	x      []float64 // values of all nt columns
	lo, up []float64 // working bounds of all nt columns
	cost   []float64 // the current phase's costs (nt)
	head   []int     // head[i]: column basic in row i
	pos    []int     // pos[j]: row where column j is basic, or -1
	binv   []float64 // m×m row-major inverse of the basis
	y      []float64 // simplex multipliers (m)
	d      []float64 // reduced costs (nt)
	alpha  []float64 // B⁻¹ a_q (m)
	norm1  []float64 // ‖a_j‖₁ (n)
	scale  []float64 // 1/‖a_j‖₂ for pricing (n)
	work   []float64 // m×m scratch for refactorization
	iter   int
	ymax   float64   // ‖y‖∞ of the last price
	active []int     // structural columns priced each iteration
	inSet  []bool    // inSet[j]: sifted column j is in the working set
	cand   []int     // scratch for siftAdd
	score  []float64 // scratch for siftAdd
	since  int       // pivots since the last refactorization
	// blandAfter is the number of degenerate pivots in a row after which
	// Bland's rule takes over (boxBlandAfter; tests set 0).
	blandAfter int
}

// newBoxSimplex prepares p for solving. It does not modify p.
func newBoxSimplex(p *boxLP) *boxSimplex {
	m, n := p.m, p.n
	nt := n + m
	s := &boxSimplex{boxLP: p, nt: nt, blandAfter: boxBlandAfter}
	buf := make([]float64, 6*nt+2*n+4*m+2*m*m)
	take := func(k int) []float64 {
		r := buf[:k:k]
		buf = buf[k:]
		return r
	}
	s.x, s.lo, s.up, s.cost, s.d = take(nt), take(nt), take(nt), take(nt), take(nt)
	s.norm1, s.scale = take(n), take(n)
	s.sigma, s.y, s.alpha = take(m), take(m), take(m)
	s.binv, s.work = take(m*m), take(m*m)
	ints := make([]int, m+nt)
	s.head, s.pos = ints[:m:m], ints[m:]
	copy(s.lo, p.lo)
	copy(s.up, p.up)
	s.active = make([]int, 0, n)
	for j := p.sift; j < n; j++ {
		s.active = append(s.active, j)
	}
	s.inSet = make([]bool, p.sift)
	s.cand = make([]int, 0, p.sift)
	s.score = make([]float64, p.sift)
	join := func(j int) {
		if j < p.sift && !s.inSet[j] {
			s.inSet[j] = true
			s.active = append(s.active, j)
		}
	}
	for j, u := range p.atUp {
		if u {
			join(j)
		}
	}
	for _, j := range p.seed {
		join(j)
	}
	for j := 0; j < n; j++ {
		n1, n2 := 0.0, 0.0
		for _, v := range p.a[j*m : (j+1)*m] {
			n1 += math.Abs(v)
			n2 += v * v
		}
		s.norm1[j] = n1
		s.scale[j] = 1 // an empty column moves only to its other bound
		if n2 > 0 {
			s.scale[j] = 1 / math.Sqrt(n2)
		}
	}
	return s
}

// solve runs both phases. On boxOptimal, s.x holds an optimal x and s.y
// the multipliers y with c_j - yᵀa_j >= 0 at lower bounds, <= 0 at upper
// bounds (the dual solution).
func (s *boxSimplex) solve(maxIter int) boxStatus {
	m, n := s.m, s.n
	// Start: nonbasic structurals at a bound, artificials basic.
	for j := 0; j < n; j++ {
		switch {
		case s.atUp != nil && s.atUp[j]:
			s.x[j] = s.up[j]
		case !math.IsInf(s.lo[j], -1):
			s.x[j] = s.lo[j]
		case !math.IsInf(s.up[j], 1):
			s.x[j] = s.up[j]
		default:
			s.x[j] = 0
		}
		s.pos[j] = -1
	}
	r := s.alpha
	copy(r, s.b)
	for j := 0; j < n; j++ {
		if xj := s.x[j]; xj != 0 {
			for i, v := range s.a[j*m : (j+1)*m] {
				r[i] -= v * xj
			}
		}
	}
	clear(s.binv)
	for i := 0; i < m; i++ {
		s.sigma[i] = 1
		if r[i] < 0 {
			s.sigma[i] = -1
		}
		k := n + i
		s.x[k] = math.Abs(r[i])
		s.lo[k], s.up[k] = 0, math.Inf(1)
		s.head[i], s.pos[k] = k, i
		s.binv[i*m+i] = s.sigma[i]
	}
	// Phase 1.
	clear(s.cost)
	for i := 0; i < m; i++ {
		s.cost[n+i] = 1
	}
	if st := s.run(maxIter, true); st != boxOptimal {
		return st
	}
	for i := 0; i < m; i++ {
		k := n + i
		if s.x[k] > boxTolPhase1*(1+s.rowScale(i)) {
			return boxInfeasible
		}
		s.up[k] = 0 // artificials stay at zero from now on
	}
	// Phase 2.
	copy(s.cost, s.c)
	for i := 0; i < m; i++ {
		s.cost[n+i] = 0
	}
	return s.run(maxIter, false)
}

// rowScale returns |b_i| + Σ_j |a_ij x_j| over the structural columns.
func (s *boxSimplex) rowScale(i int) float64 {
	sc := math.Abs(s.b[i])
	for j := 0; j < s.n; j++ {
		sc += math.Abs(s.a[j*s.m+i] * s.x[j])
	}
	return sc
}

// run iterates the simplex method on the current costs from the current
// basis until no reduced cost is attractive.
func (s *boxSimplex) run(maxIter int, phase1 bool) boxStatus {
	stalled, bland, fresh := 0, false, false
	for ; s.iter < maxIter; s.iter++ {
		var q, dir int
		if !fresh {
			q, dir = s.price()
			fresh = true
			if bland {
				q, dir = s.choose(true)
			}
		} else {
			q, dir = s.choose(bland)
		}
		if q < 0 {
			if s.sift == 0 || s.siftAdd() == 0 {
				return boxOptimal
			}
			// y is unchanged: the added columns' reduced costs are fresh.
			if q, dir = s.choose(bland); q < 0 {
				return boxOptimal
			}
		}
		s.ftran(q)
		row, theta, ok := s.ratio(q, dir, bland)
		if !ok {
			if !phase1 {
				return boxUnbounded
			}
			// The sum of the artificials cannot fall without limit: d_q
			// is rounding. Pass over q until y changes.
			s.d[q] = 0
			continue
		}
		if theta*math.Abs(s.d[q]) > 0 {
			stalled, bland = 0, false
		} else if stalled++; stalled > s.blandAfter {
			bland = true
		}
		// Move: x_q by dir·θ, the basic values by -dir·θ·α.
		step := float64(dir) * theta
		s.x[q] += step
		for i, ai := range s.alpha {
			s.x[s.head[i]] -= step * ai
		}
		if row < 0 {
			// Bound flip: the basis, y and d are unchanged. Snap x_q.
			if dir > 0 {
				s.x[q] = s.up[q]
			} else {
				s.x[q] = s.lo[q]
			}
			continue
		}
		leave := s.head[row]
		// The leaving variable sits at the bound it reached.
		if dir*sign(s.alpha[row]) > 0 {
			s.x[leave] = s.lo[leave]
		} else {
			s.x[leave] = s.up[leave]
		}
		if phase1 && leave >= s.n {
			s.up[leave] = 0
			s.x[leave] = 0
		}
		s.pivot(row, q)
		if s.since++; s.since >= boxRefactor {
			if !s.refactor() {
				return boxSingular
			}
		}
		fresh = false
	}
	return boxIterLimit
}

func sign(v float64) int {
	if v < 0 {
		return -1
	}
	return 1
}

// ftran sets alpha = B⁻¹ a_q for a structural column q (artificials
// never re-enter: one that leaves the basis is fixed at zero).
func (s *boxSimplex) ftran(q int) {
	m := s.m
	col := s.a[q*m : (q+1)*m]
	for i := 0; i < m; i++ {
		row := s.binv[i*m : (i+1)*m]
		t := 0.0
		for k, v := range col {
			t += row[k] * v
		}
		s.alpha[i] = t
	}
}

// ratio is the ratio test for column q moving in direction dir. It returns
// the leaving row (-1 for a bound flip of q) and the step θ >= 0, or
// ok false if nothing limits the step.
func (s *boxSimplex) ratio(q, dir int, bland bool) (row int, theta float64, ok bool) {
	amax := 0.0
	for _, v := range s.alpha {
		amax = math.Max(amax, math.Abs(v))
	}
	piv := math.Max(boxTolPivot*amax, 1e-300)
	width := s.up[q] - s.lo[q] // +Inf if either bound is infinite
	// Pass 1: the least step with every bound relaxed by its tolerance
	// (for Bland's rule, not relaxed).
	relax := boxTolPrimal
	if bland {
		relax = 0
	}
	tmax := math.Inf(1)
	for i, ai := range s.alpha {
		dl := float64(dir) * ai
		if math.Abs(ai) <= piv {
			continue
		}
		if t, ok := s.rowStep(i, dl, relax); ok {
			tmax = math.Min(tmax, t)
		}
	}
	if width <= tmax {
		if math.IsInf(width, 1) {
			return -1, 0, false
		}
		return -1, width, true
	}
	// Pass 2: among rows whose exact ratio is within tmax, the largest
	// pivot (Harris), or for Bland's rule the smallest column index.
	row, best := -1, -1.0
	for i, ai := range s.alpha {
		dl := float64(dir) * ai
		if math.Abs(ai) <= piv {
			continue
		}
		t, ok := s.rowStep(i, dl, 0)
		if !ok || t > tmax {
			continue
		}
		j := s.head[i]
		if bland {
			if row < 0 || j < s.head[row] {
				row, theta = i, t
			}
			continue
		}
		if math.Abs(ai) > best {
			row, best, theta = i, math.Abs(ai), t
		}
	}
	return row, math.Max(theta, 0), true
}

// rowStep returns the step at which the basic column of row i, moving at
// dl per unit step of the entering column, reaches the bound it moves
// toward, relaxed by relax (relative to the bound), or false when that
// bound is infinite.
func (s *boxSimplex) rowStep(i int, dl, relax float64) (float64, bool) {
	j := s.head[i]
	if dl > 0 {
		if math.IsInf(s.lo[j], -1) {
			return 0, false
		}
		return (s.x[j] - s.lo[j] + relax*(1+math.Abs(s.lo[j]))) / dl, true
	}
	if math.IsInf(s.up[j], 1) {
		return 0, false
	}
	return (s.up[j] - s.x[j] + relax*(1+math.Abs(s.up[j]))) / -dl, true
}

// pivot replaces the basic column of row r by column q, whose B⁻¹a_q is
// in s.alpha, updating the inverse by one elementary row operation.
func (s *boxSimplex) pivot(r, q int) {
	m := s.m
	leave := s.head[r]
	s.pos[leave] = -1
	s.head[r], s.pos[q] = q, r
	pr := s.binv[r*m : (r+1)*m]
	inv := 1 / s.alpha[r]
	for k := range pr {
		pr[k] *= inv
	}
	for i := 0; i < m; i++ {
		ai := s.alpha[i]
		if i == r || ai == 0 {
			continue
		}
		row := s.binv[i*m : (i+1)*m]
		for k, v := range pr {
			row[k] -= ai * v
		}
	}
}

// refactor recomputes the basis inverse from the basic columns by
// Gauss-Jordan elimination with partial pivoting, and the basic values
// from the nonbasic ones. It returns false if the basis is singular.
func (s *boxSimplex) refactor() bool {
	m, n := s.m, s.n
	s.since = 0
	b := s.work
	clear(b)
	for i, j := range s.head { // column i of B is a_j
		if j >= n {
			b[(j-n)*m+i] = s.sigma[j-n]
			continue
		}
		for k, v := range s.a[j*m : (j+1)*m] {
			b[k*m+i] = v
		}
	}
	inv := s.binv
	clear(inv)
	for i := 0; i < m; i++ {
		inv[i*m+i] = 1
	}
	for c := 0; c < m; c++ {
		p, pv := -1, 0.0
		for r := c; r < m; r++ {
			if v := math.Abs(b[r*m+c]); v > pv {
				p, pv = r, v
			}
		}
		if pv < 1e-300 {
			return false
		}
		if p != c {
			for k := 0; k < m; k++ {
				b[p*m+k], b[c*m+k] = b[c*m+k], b[p*m+k]
				inv[p*m+k], inv[c*m+k] = inv[c*m+k], inv[p*m+k]
			}
		}
		f := 1 / b[c*m+c]
		for k := 0; k < m; k++ {
			b[c*m+k] *= f
			inv[c*m+k] *= f
		}
		for r := 0; r < m; r++ {
			if r == c {
				continue
			}
			g := b[r*m+c]
			if g == 0 {
				continue
			}
			for k := 0; k < m; k++ {
				b[r*m+k] -= g * b[c*m+k]
				inv[r*m+k] -= g * inv[c*m+k]
			}
		}
	}
	// x_B = B⁻¹ (b - Σ_nonbasic a_j x_j).
	r := s.alpha
	copy(r, s.b)
	for j := 0; j < s.nt; j++ {
		xj := s.x[j]
		if s.pos[j] >= 0 || xj == 0 {
			continue
		}
		if j >= n {
			r[j-n] -= s.sigma[j-n] * xj
			continue
		}
		for k, v := range s.a[j*m : (j+1)*m] {
			r[k] -= v * xj
		}
	}
	for i := 0; i < m; i++ {
		t := 0.0
		for k, v := range inv[i*m : (i+1)*m] {
			t += v * r[k]
		}
		s.x[s.head[i]] = t
	}
	return true
}
