package risk

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// This file holds the dual active-set method of
//
//	D. Goldfarb and A. Idnani, "A numerically stable dual method for
//	solving strictly convex quadratic programs", Mathematical Programming
//	27 (1983) 1-33,
//
// for
//
//	minimize ½ xᵀGx + aᵀx  subject to  nᵢᵀx >= bᵢ (i inequality), nᵢᵀx = bᵢ (i equality).
//
// The method starts at the unconstrained minimum -G⁻¹a, which is optimal
// for the dual, and adds violated primal constraints one at a time, keeping
// dual feasibility (non-negative multipliers on active inequalities) and
// dropping an active constraint when its multiplier would turn negative
// (a "partial step"). It needs G positive definite: it works with
// J = L⁻ᵀQ, where G = LLᵀ (Cholesky) and L⁻¹N = Q[R; 0] is the QR
// factorization of the active normals N, both updated with Givens rotations
// as constraints enter and leave (section 4 of the paper). The primal step
// is z = J₂J₂ᵀn₊ and the dual step r = R⁻¹J₁ᵀn₊. When no step can reduce the
// violation of the chosen constraint (z = 0 and no multiplier can decrease),
// the constraints are infeasible (the paper's Theorem 2).
//
// Positive semidefinite G is handled with a ridge: if the Cholesky
// factorization fails or is numerically singular, G + δI is used with
// δ = 1e-12, then 1e-10, times the largest diagonal element. The answer is
// then polished: with the final active set, the KKT system of the original
// (unridged) problem is solved exactly and replaces the ridged solution when
// it is feasible with valid multipliers. Active bounds are set exactly.

// giCon is one constraint nᵀx >= b (or = b when eq) in the solver's form.
type giCon struct {
	idx   int       // variable index of a bound; -1 for a general row
	sign  float64   // bound normal is sign·e_idx; for general rows, -1 means the row was negated
	a     []float64 // normalised normal of a general row
	b     float64
	eq    bool
	norm  float64 // factor that normalised a general row (multiplier scale)
	kind  int     // conLower, conUpper, conIneq, conEq
	index int     // index in its Constraints field
}

const (
	conLower = iota
	conUpper
	conIneq
	conEq
)

// qpResult is the solution of a QP with its KKT multipliers, in the
// convention Qx + lin = lamLo - lamUp - Aᵀ·lamIn + Aeqᵀ·lamEq, with lamLo,
// lamUp, lamIn >= 0 (lamLo of a fixed variable has either sign).
type qpResult struct {
	x                          []float64
	lamLo, lamUp, lamIn, lamEq []float64
	ridge                      float64 // ridge used before polishing (0 if none)
	polished                   bool
	iter                       int
}

// giCons converts a feasible set into the solver's constraint list.
func giCons(f *feasSet) []giCon {
	var cons []giCon
	for i := 0; i < f.n; i++ {
		lo, up := f.lo[i], f.up[i]
		if lo == up {
			cons = append(cons, giCon{idx: i, sign: 1, b: lo, eq: true, norm: 1, kind: conLower, index: i})
			continue
		}
		if !math.IsInf(lo, -1) {
			cons = append(cons, giCon{idx: i, sign: 1, b: lo, norm: 1, kind: conLower, index: i})
		}
		if !math.IsInf(up, 1) {
			cons = append(cons, giCon{idx: i, sign: -1, b: -up, norm: 1, kind: conUpper, index: i})
		}
	}
	row := func(a []float64, b, sign float64, eq bool, kind, index int) {
		nrm := 0.0
		for _, v := range a {
			nrm = math.Hypot(nrm, v)
		}
		if nrm == 0 {
			// A zero row: 0 >= b, or 0 = b. Keep it with a zero normal; the
			// solver declares infeasibility if it is violated.
			nrm = 1
		}
		// A row whose norm overflows (coefficients near the float64
		// limit) is scaled by a power of two first, exactly; its norm for
		// the multipliers is capped at MaxFloat64.
		down, norm := 1.0, nrm
		if math.IsInf(nrm, 0) {
			down = math.Ldexp(1, -math.Ilogb(maxAbs(a)))
			nrm = 0
			for _, v := range a {
				nrm = math.Hypot(nrm, v*down)
			}
			norm = math.MaxFloat64
		}
		na := make([]float64, len(a))
		for j, v := range a {
			na[j] = sign * (v * down) / nrm
		}
		cons = append(cons, giCon{idx: -1, sign: 1, a: na, b: sign * (b * down) / nrm, eq: eq, norm: norm, kind: kind, index: index})
	}
	for i, a := range f.aeq {
		row(a, f.beq[i], 1, true, conEq, i)
	}
	for i, a := range f.ain {
		row(a, f.bin[i], -1, false, conIneq, i)
	}
	return cons
}

// value returns nᵀx - b and the scale |b| + Σ|nⱼxⱼ| used for tolerances.
func (c *giCon) value(x []float64) (s, scale float64) {
	if c.idx >= 0 {
		v := c.sign * x[c.idx]
		return v - c.b, math.Abs(v) + math.Abs(c.b)
	}
	scale = math.Abs(c.b)
	for j, aj := range c.a {
		p := aj * x[j]
		s += p
		scale += math.Abs(p)
	}
	return s - c.b, scale
}

// cholesky factors the row-major n×n matrix g into its lower triangle l,
// returning false if a pivot is not positive or is below tiny times the
// largest diagonal element (numerically singular).
func cholesky(l, g []float64, n int, tiny float64) bool {
	maxd := 0.0
	for i := 0; i < n; i++ {
		maxd = math.Max(maxd, g[i*n+i])
	}
	for i := range l {
		l[i] = 0
	}
	for j := 0; j < n; j++ {
		s := g[j*n+j]
		for k := 0; k < j; k++ {
			s -= l[j*n+k] * l[j*n+k]
		}
		if !(s > tiny*maxd) || s <= 0 {
			return false
		}
		d := math.Sqrt(s)
		l[j*n+j] = d
		for i := j + 1; i < n; i++ {
			t := g[i*n+j]
			for k := 0; k < j; k++ {
				t -= l[i*n+k] * l[j*n+k]
			}
			l[i*n+j] = t / d
		}
	}
	return true
}

// giSolve minimises ½xᵀGx + aᵀx subject to cons. g is row-major n×n and
// symmetric; a may be nil. It returns the solution, the multipliers of
// cons (zero when inactive), the active constraint indices and the ridge
// that was added to G.
func giSolve(n int, g, a []float64, cons []giCon) (x, mult []float64, active []int, ridge float64, iters int, err error) {
	// Factorise G, adding a ridge if it is singular.
	maxd := 0.0
	for i := 0; i < n; i++ {
		if g[i*n+i] < 0 {
			return nil, nil, nil, 0, 0, ErrNotPSD
		}
		maxd = math.Max(maxd, g[i*n+i])
	}
	if maxd == 0 {
		maxd = 1
	}
	l := make([]float64, n*n)
	gr := g
	ok := cholesky(l, g, n, 1e-14)
	for _, rel := range []float64{1e-12, 1e-10} {
		if ok {
			break
		}
		ridge = rel * maxd
		gr = append(gr[:0:0], g...)
		for i := 0; i < n; i++ {
			gr[i*n+i] += ridge
		}
		ok = cholesky(l, gr, n, 0)
	}
	if !ok {
		return nil, nil, nil, 0, 0, ErrNotPSD
	}
	// J = L⁻ᵀ: compute L⁻¹ by forward substitution and store its transpose.
	J := make([]float64, n*n)
	for c := 0; c < n; c++ { // column c of L⁻¹
		for i := c; i < n; i++ {
			s := 0.0
			if i == c {
				s = 1
			}
			for k := c; k < i; k++ {
				s -= l[i*n+k] * J[c*n+k] // J[c][k] holds L⁻¹[k][c]
			}
			J[c*n+i] = s / l[i*n+i]
		}
	}
	// Unconstrained minimum x = -JJᵀa.
	x = make([]float64, n)
	if a != nil {
		t := make([]float64, n)
		for j := 0; j < n; j++ {
			s := 0.0
			for i := 0; i < n; i++ {
				s += J[i*n+j] * a[i]
			}
			t[j] = s
		}
		for i := 0; i < n; i++ {
			s := 0.0
			for j := 0; j < n; j++ {
				s += J[i*n+j] * t[j]
			}
			x[i] = -s
		}
	}

	R := make([]float64, n*n) // upper triangular, row-major, q×q used
	var act []int             // active constraint indices, in R's column order
	var u []float64           // their multipliers
	d := make([]float64, n)
	z := make([]float64, n)
	r := make([]float64, n)
	q := 0
	inActive := make([]bool, len(cons))
	flip := make([]bool, len(cons)) // equality oriented with a negated normal

	normal := func(k int) (idx int, sign float64, vec []float64) {
		c := &cons[k]
		sign = c.sign
		if flip[k] {
			sign = -sign
		}
		return c.idx, sign, c.a
	}
	value := func(k int) (float64, float64) {
		s, sc := cons[k].value(x)
		if flip[k] {
			s = -s
		}
		return s, sc
	}
	// steps computes d = Jᵀn, z = J₂d₂, r = R⁻¹d₁ for constraint k and
	// returns |d₂|² and |d|².
	steps := func(k int) (float64, float64) {
		idx, sign, vec := normal(k)
		if idx >= 0 {
			for j := 0; j < n; j++ {
				d[j] = sign * J[idx*n+j]
			}
		} else {
			for j := 0; j < n; j++ {
				d[j] = 0
			}
			for i, ai := range vec {
				if ai == 0 {
					continue
				}
				ai *= sign
				row := J[i*n : i*n+n]
				for j, v := range row {
					d[j] += v * ai
				}
			}
		}
		d2, dd := 0.0, 0.0
		for j := 0; j < n; j++ {
			dd += d[j] * d[j]
			if j >= q {
				d2 += d[j] * d[j]
			}
		}
		for i := 0; i < n; i++ {
			s := 0.0
			row := J[i*n : i*n+n]
			for j := q; j < n; j++ {
				s += row[j] * d[j]
			}
			z[i] = s
		}
		for i := q - 1; i >= 0; i-- {
			s := d[i]
			for j := i + 1; j < q; j++ {
				s -= R[i*n+j] * r[j]
			}
			r[i] = s / R[i*n+i]
		}
		return d2, dd
	}
	// add appends constraint k to the active set (d must hold Jᵀn_k).
	add := func(k int, mult float64) {
		for j := n - 1; j > q; j-- {
			if d[j] == 0 {
				continue
			}
			h := math.Hypot(d[j-1], d[j])
			c, s := d[j-1]/h, d[j]/h
			d[j-1], d[j] = h, 0
			for i := 0; i < n; i++ {
				t1, t2 := J[i*n+j-1], J[i*n+j]
				J[i*n+j-1] = c*t1 + s*t2
				J[i*n+j] = -s*t1 + c*t2
			}
		}
		for i := 0; i <= q; i++ {
			R[i*n+q] = d[i]
		}
		q++
		act = append(act, k)
		u = append(u, mult)
		inActive[k] = true
	}
	// drop removes the active constraint at position p.
	drop := func(p int) {
		inActive[act[p]] = false
		for j := p; j < q-1; j++ {
			for i := 0; i <= j+1; i++ {
				R[i*n+j] = R[i*n+j+1]
			}
		}
		for i := 0; i < q; i++ {
			R[i*n+q-1] = 0
		}
		for j := p; j < q-1; j++ {
			a1, a2 := R[j*n+j], R[(j+1)*n+j]
			if a2 == 0 {
				continue
			}
			h := math.Hypot(a1, a2)
			c, s := a1/h, a2/h
			for m := j; m < q-1; m++ {
				t1, t2 := R[j*n+m], R[(j+1)*n+m]
				R[j*n+m] = c*t1 + s*t2
				R[(j+1)*n+m] = -s*t1 + c*t2
			}
			R[(j+1)*n+j] = 0
			for i := 0; i < n; i++ {
				t1, t2 := J[i*n+j], J[i*n+j+1]
				J[i*n+j] = c*t1 + s*t2
				J[i*n+j+1] = -s*t1 + c*t2
			}
		}
		for i := 0; i < q; i++ {
			R[(q-1)*n+i] = 0
		}
		act = append(act[:p], act[p+1:]...)
		u = append(u[:p], u[p+1:]...)
		q--
	}
	const depTol = 1e-22 // |d₂|² <= depTol·|d|²: n₊ depends on the active normals
	violTol := func(sc float64) float64 { return 1e-13*sc + 1e-300 }

	// Equality constraints first: full steps, never dropped.
	for k := range cons {
		if !cons[k].eq {
			continue
		}
		s, sc := value(k)
		if s > 0 {
			flip[k] = true
			s = -s
		}
		d2, dd := steps(k)
		if d2 <= depTol*dd || dd == 0 {
			if s < -1e-9*(sc+1e-300) && s < -1e-12 {
				return nil, nil, nil, ridge, iters, ErrInfeasible
			}
			continue // redundant
		}
		t := -s / d2
		for i := 0; i < n; i++ {
			x[i] += t * z[i]
		}
		for i := 0; i < q; i++ {
			u[i] -= t * r[i]
		}
		add(k, t)
	}

	maxIter := 50*(n+len(cons)) + 100
	for {
		// Pick the most violated inequality.
		p, worst := -1, 0.0
		for k := range cons {
			if cons[k].eq || inActive[k] {
				continue
			}
			s, sc := value(k)
			if s < -violTol(sc) && s < worst {
				p, worst = k, s
			}
		}
		if p < 0 {
			break
		}
		up := 0.0
		for {
			iters++
			if iters > maxIter {
				return nil, nil, nil, ridge, iters, fmt.Errorf("%w: dual active-set method: %d iterations", ErrNotConverged, iters)
			}
			s, _ := value(p)
			d2, dd := steps(p)
			// Partial step: largest dual step keeping active multipliers >= 0.
			t1, l := math.Inf(1), -1
			for i := 0; i < q; i++ {
				if cons[act[i]].eq || r[i] <= 0 {
					continue
				}
				if t := u[i] / r[i]; t < t1 {
					t1, l = t, i
				}
			}
			t2 := math.Inf(1)
			if d2 > depTol*dd && dd > 0 {
				t2 = -s / d2
			}
			if math.IsInf(t1, 1) && math.IsInf(t2, 1) {
				return nil, nil, nil, ridge, iters, ErrInfeasible
			}
			t := math.Min(t1, t2)
			if !math.IsInf(t2, 1) {
				for i := 0; i < n; i++ {
					x[i] += t * z[i]
				}
			}
			for i := 0; i < q; i++ {
				u[i] -= t * r[i]
			}
			up += t
			if t == t2 {
				add(p, up)
				break
			}
			u[l] = 0
			drop(l)
		}
	}
	mult = make([]float64, len(cons))
	for i, k := range act {
		m := u[i]
		if flip[k] {
			m = -m
		}
		mult[k] = m
	}
	return x, mult, act, ridge, iters, nil
}

// solveQP minimises ½xᵀQx + linᵀx over f. q is row-major n×n.
func solveQP(n int, q, lin []float64, f *feasSet) (*qpResult, error) {
	cons := giCons(f)
	x, mult, act, ridge, iters, err := giSolve(n, q, lin, cons)
	if err != nil {
		return nil, err
	}
	res := &qpResult{ridge: ridge, iter: iters}
	if px, pm, ok := polishKKT(n, q, lin, cons, act, f); ok {
		x = px
		for i := range mult {
			mult[i] = 0
		}
		for i, k := range act {
			mult[k] = pm[i]
		}
		res.polished = true
	}
	// Active bounds hold exactly; rounding elsewhere stays within bounds.
	for _, k := range act {
		if c := cons[k]; c.idx >= 0 {
			x[c.idx] = c.sign * c.b
		}
	}
	f.clampBounds(x)
	res.x = x
	res.lamLo = make([]float64, n)
	res.lamUp = make([]float64, n)
	res.lamIn = make([]float64, len(f.ain))
	res.lamEq = make([]float64, len(f.aeq))
	for k, c := range cons {
		m := mult[k]
		switch c.kind {
		case conLower:
			res.lamLo[c.index] = m
		case conUpper:
			res.lamUp[c.index] = m
		case conIneq:
			res.lamIn[c.index] = m / c.norm
		case conEq:
			res.lamEq[c.index] = m / c.norm
		}
	}
	return res, nil
}

// polishKKT solves the equality-constrained problem on the active set act
// with the original q:
//
//	Qx - Σ λᵢnᵢ = -lin,  nᵢᵀx = bᵢ (i in act),
//
// and reports whether the result is feasible for f with non-negative
// inequality multipliers, in which case it is the exact optimum.
func polishKKT(n int, q, lin []float64, cons []giCon, act []int, f *feasSet) ([]float64, []float64, bool) {
	m := len(act)
	dim := n + m
	k := mat.NewDense(dim, dim, nil)
	rhs := mat.NewVecDense(dim, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			k.Set(i, j, q[i*n+j])
		}
		if lin != nil {
			rhs.SetVec(i, -lin[i])
		}
	}
	for p, ci := range act {
		c := cons[ci]
		if c.idx >= 0 {
			k.Set(c.idx, n+p, -c.sign)
			k.Set(n+p, c.idx, c.sign)
		} else {
			for j, v := range c.a {
				k.Set(j, n+p, -v)
				k.Set(n+p, j, v)
			}
		}
		rhs.SetVec(n+p, c.b)
	}
	var sol mat.VecDense
	var lu mat.LU
	lu.Factorize(k)
	if lu.Cond() > 1e12 {
		return nil, nil, false
	}
	if err := lu.SolveVecTo(&sol, false, rhs); err != nil {
		return nil, nil, false
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = sol.AtVec(i)
	}
	lam := make([]float64, m)
	maxLam := 0.0
	for p := range lam {
		lam[p] = sol.AtVec(n + p)
		maxLam = math.Max(maxLam, math.Abs(lam[p]))
	}
	for p, ci := range act {
		c := cons[ci]
		if !c.eq && lam[p] < -1e-9*(1+maxLam) {
			return nil, nil, false
		}
		if c.eq && c.idx < 0 {
			// Equality rows were kept unflipped here; nothing to do.
			continue
		}
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, nil, false
		}
		_ = i
	}
	if f.violation(x) > 1e-11 {
		return nil, nil, false
	}
	for p := range lam {
		if !cons[act[p]].eq && lam[p] < 0 {
			lam[p] = 0
		}
	}
	return x, lam, true
}
