package risk

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// MaxMean returns the weights w that maximise the expected profit μᵀw over
// the constraints c, for a mean vector mean (μ). The optimum of a linear
// program is often not unique (two assets with the same mean); MaxMean then
// returns one optimal vertex.
//
// It solves the linear program with gonum's simplex method
// (gonum.org/v1/gonum/optimize/convex/lp), after converting bounds and rows
// to the standard form it needs: shifted or split variables, slacks,
// removal of empty and linearly dependent rows. A nil c (w >= 0 only) is
// unbounded unless every mean is <= 0, when it returns w = 0.
//
// It returns an error matching ErrInvalid if mean holds a NaN or an
// infinity, ErrConstraints if c is malformed (or mean is empty: no assets),
// ErrInfeasible if no weights satisfy c, ErrUnbounded if the mean grows
// without limit over the feasible set, and ErrNotConverged if the simplex
// method fails numerically.
func MaxMean(mean []float64, c *Constraints) ([]float64, error) {
	if err := checkFinite("mean", mean); err != nil {
		return nil, err
	}
	f, err := newFeasSet(c, len(mean))
	if err != nil {
		return nil, err
	}
	cost := make([]float64, len(mean))
	for i, m := range mean {
		cost[i] = -m
	}
	return solveLP(cost, f)
}

// lpVar says how an original variable maps to standard-form columns:
// w = off + coef[0]·x[col[0]] (+ coef[1]·x[col[1]] for a free variable).
type lpVar struct {
	off  float64
	ncol int
	col  [2]int
	coef [2]float64
}

// solveLP minimises costᵀw over f with gonum's simplex method.
func solveLP(cost []float64, f *feasSet) ([]float64, error) {
	n := f.n
	vars := make([]lpVar, n)
	nx := 0
	type ubRow struct {
		col int
		rhs float64
	}
	var ubs []ubRow
	for j := 0; j < n; j++ {
		lo, up := f.lo[j], f.up[j]
		v := &vars[j]
		switch {
		case lo == up:
			v.off = lo
		case !math.IsInf(lo, -1):
			v.off, v.ncol, v.col[0], v.coef[0] = lo, 1, nx, 1
			if !math.IsInf(up, 1) {
				ubs = append(ubs, ubRow{nx, up - lo})
			}
			nx++
		case !math.IsInf(up, 1):
			v.off, v.ncol, v.col[0], v.coef[0] = up, 1, nx, -1
			nx++
		default:
			v.ncol, v.col, v.coef = 2, [2]int{nx, nx + 1}, [2]float64{1, -1}
			nx += 2
		}
	}
	// Rows over the x columns, with their right-hand sides.
	type row struct {
		a   []float64
		rhs float64
		ub  bool // has a slack column
	}
	// prepare maps the row a·w <= b (or = b, if eq) to the x columns and
	// scales it to a largest coefficient of 1. A row left with no
	// coefficient is dropped (ok false) if it holds, within rounding of b,
	// and makes the problem infeasible if it does not.
	prepare := func(a []float64, b float64, eq bool) (r []float64, rhs float64, ok bool, err error) {
		r, rhs = make([]float64, nx), b
		for j, aj := range a {
			if aj == 0 {
				continue
			}
			v := vars[j]
			rhs -= aj * v.off
			for k := 0; k < v.ncol; k++ {
				r[v.col[k]] += aj * v.coef[k]
			}
		}
		m := 0.0
		for _, v := range r {
			m = math.Max(m, math.Abs(v))
		}
		if m == 0 {
			tol := 1e-12 * (1 + math.Abs(b))
			if rhs < -tol || (eq && rhs > tol) {
				return nil, 0, false, ErrInfeasible
			}
			return nil, 0, false, nil
		}
		for k := range r {
			r[k] /= m
		}
		return r, rhs / m, true, nil
	}
	var rows []row
	for i, a := range f.ain {
		r, rhs, ok, err := prepare(a, f.bin[i], false)
		if err != nil {
			return nil, err
		}
		if ok {
			rows = append(rows, row{r, rhs, true})
		}
	}
	for _, u := range ubs {
		r := make([]float64, nx)
		r[u.col] = 1
		rows = append(rows, row{r, u.rhs, true})
	}
	// Equality rows: keep a linearly independent subset (modified
	// Gram-Schmidt), and check that the dependent ones are consistent.
	var basis [][]float64
	var gam []float64
	for i, a := range f.aeq {
		r, rhs, ok, err := prepare(a, f.beq[i], true)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		v := append([]float64(nil), r...)
		beta := rhs
		norm0 := mat.Norm(mat.NewVecDense(nx, v), 2)
		for k, qk := range basis {
			p := 0.0
			for j := range v {
				p += qk[j] * v[j]
			}
			for j := range v {
				v[j] -= p * qk[j]
			}
			beta -= p * gam[k]
		}
		nv := 0.0
		for _, x := range v {
			nv = math.Hypot(nv, x)
		}
		if nv <= 1e-10*norm0 {
			if math.Abs(beta) > 1e-9*(1+math.Abs(rhs)) {
				return nil, ErrInfeasible
			}
			continue
		}
		for j := range v {
			v[j] /= nv
		}
		basis = append(basis, v)
		gam = append(gam, beta/nv)
		rows = append(rows, row{r, rhs, false})
	}
	// Costs of the x columns.
	cx := make([]float64, nx)
	for j, c := range cost {
		v := vars[j]
		for k := 0; k < v.ncol; k++ {
			cx[v.col[k]] += c * v.coef[k]
		}
	}
	cmax := 0.0
	for _, c := range cx {
		cmax = math.Max(cmax, math.Abs(c))
	}
	// Columns that appear in no row: free to grow, so unbounded if their
	// cost is negative, else fixed at 0.
	used := make([]bool, nx)
	for _, r := range rows {
		for k, v := range r.a {
			if v != 0 {
				used[k] = true
			}
		}
	}
	colMap := make([]int, nx) // x column -> standard-form column, or -1
	nc := 0
	for k := 0; k < nx; k++ {
		if !used[k] {
			if cx[k] < 0 {
				return nil, ErrUnbounded
			}
			colMap[k] = -1
			continue
		}
		colMap[k] = nc
		nc++
	}
	x := make([]float64, nx)
	if len(rows) > 0 {
		nslack := 0
		for _, r := range rows {
			if r.ub {
				nslack++
			}
		}
		m, ncols := len(rows), nc+nslack
		A := mat.NewDense(m, ncols, nil)
		b := make([]float64, m)
		c := make([]float64, ncols)
		for k := 0; k < nx; k++ {
			if colMap[k] >= 0 && cmax > 0 {
				c[colMap[k]] = cx[k] / cmax
			}
		}
		s := nc
		for i, r := range rows {
			for k, v := range r.a {
				if v != 0 {
					A.Set(i, colMap[k], v)
				}
			}
			if r.ub {
				A.Set(i, s, 1)
				s++
			}
			b[i] = r.rhs
		}
		var sol []float64
		var err error
		if m == ncols {
			// Square system: one feasible point at most. gonum would demand
			// x >= 0 exactly; allow rounding.
			sol, err = squareSolve(A, b)
		} else {
			_, sol, err = lp.Simplex(c, A, b, 1e-10, nil)
		}
		if err != nil {
			switch {
			case errors.Is(err, lp.ErrInfeasible), errors.Is(err, ErrInfeasible):
				// (squareSolve returns ErrInfeasible itself; it used to
				// be reported as ErrNotConverged.)
				return nil, ErrInfeasible
			case errors.Is(err, lp.ErrUnbounded):
				return nil, ErrUnbounded
			}
			return nil, fmt.Errorf("%w: simplex: %v", ErrNotConverged, err)
		}
		for k := 0; k < nx; k++ {
			if colMap[k] >= 0 {
				x[k] = math.Max(sol[colMap[k]], 0)
			}
		}
	}
	w := make([]float64, n)
	for j, v := range vars {
		w[j] = v.off
		for k := 0; k < v.ncol; k++ {
			w[j] += v.coef[k] * x[v.col[k]]
		}
	}
	f.clampBounds(w)
	if viol := f.violation(w); viol > 1e-8 {
		return nil, fmt.Errorf("%w: simplex answer violates a constraint by %.3g (relative)", ErrNotConverged, viol)
	}
	return w, nil
}

// squareSolve solves the square standard-form system A x = b, x >= 0.
func squareSolve(A *mat.Dense, b []float64) ([]float64, error) {
	m, _ := A.Dims()
	var x mat.VecDense
	if err := x.SolveVec(A, mat.NewVecDense(m, b)); err != nil {
		return nil, fmt.Errorf("%w: singular square system", ErrNotConverged)
	}
	out := make([]float64, m)
	scale := 1.0
	for i := range out {
		scale = math.Max(scale, math.Abs(x.AtVec(i)))
	}
	for i := range out {
		v := x.AtVec(i)
		if v < -1e-9*scale {
			return nil, ErrInfeasible
		}
		out[i] = math.Max(v, 0)
	}
	return out, nil
}
