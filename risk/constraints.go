package risk

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Errors returned by the optimizers. Each is matched with errors.Is; the
// optimizers may wrap them with detail.
var (
	// ErrConstraints reports a Constraints value that is malformed: a
	// dimension that does not match the number of assets, a NaN or an
	// infinity where a finite number is required, or a lower bound above
	// its upper bound. The error is a *ConstraintError.
	ErrConstraints = errors.New("risk: invalid constraints")

	// ErrInfeasible reports that no weights satisfy the constraints.
	ErrInfeasible = errors.New("risk: constraints are infeasible")

	// ErrUnbounded reports that the objective has no finite optimum over the
	// feasible set: MaxMean with an asset of positive mean and no upper limit,
	// MinCVaR when some direction makes every scenario profit grow, MaxSharpe
	// when the ratio only approaches its supremum as the weights grow without
	// bound or vanish.
	ErrUnbounded = errors.New("risk: objective is unbounded")

	// ErrNoPositiveExcess reports that MaxSharpe has no answer because no
	// feasible weights earn more than the risk-free amount, so every Sharpe
	// ratio is zero or negative (a bear market for every asset). Other
	// libraries return a meaningless portfolio here (PyPortfolioOpt issues
	// 427 and 458; skfolio issue 117).
	ErrNoPositiveExcess = errors.New("risk: no feasible weights have positive excess return")

	// ErrNotConverged reports that a solver stopped without an answer it
	// could certify: an iteration limit, or a numerical failure of the
	// underlying simplex method. It usually means badly scaled data.
	ErrNotConverged = errors.New("risk: optimizer did not converge")

	// ErrNotPSD reports a covariance (or quadratic) matrix that is not
	// positive semidefinite, beyond rounding.
	ErrNotPSD = errors.New("risk: matrix is not positive semidefinite")
)

// ConstraintError describes a malformed field of a Constraints value. It
// unwraps to ErrConstraints.
type ConstraintError struct {
	Field  string  // "Lower", "Upper", "A", "B", "Aeq", "Beq" or "n"
	Index  int     // element index (row-major for matrices), or -1 for the whole field
	Value  float64 // offending value, or the offending length for a dimension mismatch
	Reason string  // what is wrong, e.g. "NaN", "length 3, want 4"
}

// Error returns the message "risk: invalid constraints: " followed by the
// field, its element and value when one is at fault, and the reason, as in
// "risk: invalid constraints: Lower[1] = NaN: NaN".
func (e *ConstraintError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("risk: invalid constraints: %s: %s", e.Field, e.Reason)
	}
	return fmt.Sprintf("risk: invalid constraints: %s[%d] = %v: %s", e.Field, e.Index, e.Value, e.Reason)
}

// Unwrap returns ErrConstraints.
func (e *ConstraintError) Unwrap() error { return ErrConstraints }

// Constraints restricts the weights w of n assets. Weights are quantities
// (units of each asset, megawatts, machines): they need not sum to one, and
// a budget is just one more equality row.
//
//	Lower[i] <= w[i] <= Upper[i]
//	A w <= B
//	Aeq w = Beq
//
// A nil Lower means every lower bound is 0 (long only); a Lower[i] of -Inf
// leaves w[i] unbounded below. A nil Upper means every upper bound is +Inf.
// Lower[i] == Upper[i] fixes w[i]. A and Aeq have one row per constraint
// and n columns; a nil (or empty) matrix with a nil or empty right-hand side
// means no constraints of that kind. Rows may be redundant or linearly
// dependent; consistent duplicates are harmless.
//
// A nil *Constraints means w >= 0 and nothing else.
//
// The optimizers never modify a Constraints value, so one value may be
// shared between goroutines.
type Constraints struct {
	Lower, Upper []float64  // per-asset bounds; nil Lower means 0, nil Upper means +Inf
	A            *mat.Dense // A w <= B
	B            []float64  // right-hand side of A's rows, one per row
	Aeq          *mat.Dense // Aeq w = Beq
	Beq          []float64  // right-hand side of Aeq's rows, one per row
}

// Validate checks c against n assets. It returns a *ConstraintError
// (matching ErrConstraints) for n < 1, a Lower or Upper of length other than
// n, a NaN or +Inf lower bound, a NaN or -Inf upper bound, Lower[i] > Upper[i],
// a matrix A or Aeq without n columns, a right-hand side whose length is not
// the matrix's row count, and a NaN or infinity in A, B, Aeq or Beq. It
// does not decide feasibility: constraints that pass Validate may still
// leave no feasible weights (the optimizers then return ErrInfeasible).
// Validate on a nil *Constraints checks only n.
func (c *Constraints) Validate(n int) error {
	if n < 1 {
		return &ConstraintError{Field: "n", Index: -1, Value: float64(n), Reason: fmt.Sprintf("%d assets, want at least 1", n)}
	}
	if c == nil {
		return nil
	}
	if c.Lower != nil && len(c.Lower) != n {
		return &ConstraintError{Field: "Lower", Index: -1, Value: float64(len(c.Lower)), Reason: fmt.Sprintf("length %d, want %d", len(c.Lower), n)}
	}
	if c.Upper != nil && len(c.Upper) != n {
		return &ConstraintError{Field: "Upper", Index: -1, Value: float64(len(c.Upper)), Reason: fmt.Sprintf("length %d, want %d", len(c.Upper), n)}
	}
	for i, v := range c.Lower {
		switch {
		case math.IsNaN(v):
			return &ConstraintError{Field: "Lower", Index: i, Value: v, Reason: "NaN"}
		case math.IsInf(v, 1):
			return &ConstraintError{Field: "Lower", Index: i, Value: v, Reason: "lower bound +Inf"}
		}
	}
	for i, v := range c.Upper {
		switch {
		case math.IsNaN(v):
			return &ConstraintError{Field: "Upper", Index: i, Value: v, Reason: "NaN"}
		case math.IsInf(v, -1):
			return &ConstraintError{Field: "Upper", Index: i, Value: v, Reason: "upper bound -Inf"}
		}
	}
	for i := 0; i < n; i++ {
		lo, up := c.lower(i), c.upper(i)
		if lo > up {
			return &ConstraintError{Field: "Lower", Index: i, Value: lo, Reason: fmt.Sprintf("above Upper[%d] = %v", i, up)}
		}
	}
	if err := validateRows("A", "B", c.A, c.B, n); err != nil {
		return err
	}
	return validateRows("Aeq", "Beq", c.Aeq, c.Beq, n)
}

func validateRows(fa, fb string, a *mat.Dense, b []float64, n int) error {
	rows := 0
	if a != nil && !a.IsEmpty() {
		r, cols := a.Dims()
		if cols != n {
			return &ConstraintError{Field: fa, Index: -1, Value: float64(cols), Reason: fmt.Sprintf("%d columns, want %d", cols, n)}
		}
		rows = r
	}
	if len(b) != rows {
		return &ConstraintError{Field: fb, Index: -1, Value: float64(len(b)), Reason: fmt.Sprintf("length %d, want %d (rows of %s)", len(b), rows, fa)}
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < n; j++ {
			if v := a.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return &ConstraintError{Field: fa, Index: i*n + j, Value: v, Reason: "not finite"}
			}
		}
		if v := b[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return &ConstraintError{Field: fb, Index: i, Value: v, Reason: "not finite"}
		}
	}
	return nil
}

func (c *Constraints) lower(i int) float64 {
	if c == nil || c.Lower == nil {
		return 0
	}
	return c.Lower[i]
}

func (c *Constraints) upper(i int) float64 {
	if c == nil || c.Upper == nil {
		return math.Inf(1)
	}
	return c.Upper[i]
}

// feasSet is a validated, copied form of Constraints that the solvers
// share: bounds (±Inf for none), inequality rows ain·x <= bin and equality
// rows aeq·x = beq, each row a fresh slice of length n.
type feasSet struct {
	n      int
	lo, up []float64
	ain    [][]float64
	bin    []float64
	aeq    [][]float64
	beq    []float64
}

// newFeasSet validates c for n assets and copies it.
func newFeasSet(c *Constraints, n int) (*feasSet, error) {
	if err := c.Validate(n); err != nil {
		return nil, err
	}
	f := &feasSet{n: n, lo: make([]float64, n), up: make([]float64, n)}
	for i := 0; i < n; i++ {
		f.lo[i], f.up[i] = c.lower(i), c.upper(i)
	}
	if c == nil {
		return f, nil
	}
	copyRows := func(a *mat.Dense, b []float64) ([][]float64, []float64) {
		if len(b) == 0 {
			return nil, nil
		}
		rows := make([][]float64, len(b))
		for i := range rows {
			rows[i] = mat.Row(nil, i, a)
		}
		return rows, append([]float64(nil), b...)
	}
	f.ain, f.bin = copyRows(c.A, c.B)
	f.aeq, f.beq = copyRows(c.Aeq, c.Beq)
	return f, nil
}

// addIneq appends the row a·x <= b.
func (f *feasSet) addIneq(a []float64, b float64) {
	f.ain = append(f.ain, a)
	f.bin = append(f.bin, b)
}

// violation returns the largest violation of any constraint at x, each
// measured relative to the row's scale (1 + |b| + Σ|a_j x_j|).
func (f *feasSet) violation(x []float64) float64 {
	worst := 0.0
	upd := func(v, scale float64) {
		if r := v / (1 + scale); r > worst {
			worst = r
		}
	}
	for i, v := range x {
		if !math.IsInf(f.lo[i], -1) {
			upd(f.lo[i]-v, math.Abs(f.lo[i]))
		}
		if !math.IsInf(f.up[i], 1) {
			upd(v-f.up[i], math.Abs(f.up[i]))
		}
	}
	row := func(a []float64, b float64) (float64, float64) {
		s, sc := 0.0, math.Abs(b)
		for j, aj := range a {
			s += aj * x[j]
			sc += math.Abs(aj * x[j])
		}
		return s - b, sc
	}
	for i, a := range f.ain {
		r, sc := row(a, f.bin[i])
		upd(r, sc)
	}
	for i, a := range f.aeq {
		r, sc := row(a, f.beq[i])
		upd(math.Abs(r), sc)
	}
	return worst
}

// clampBounds moves each x[i] within [lo[i], up[i]], absorbing rounding
// at active bounds so that they hold exactly.
func (f *feasSet) clampBounds(x []float64) {
	for i := range x {
		if x[i] < f.lo[i] {
			x[i] = f.lo[i]
		}
		if x[i] > f.up[i] {
			x[i] = f.up[i]
		}
	}
}
