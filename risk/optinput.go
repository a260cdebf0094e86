package risk

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
)

// ErrInvalid reports an optimizer argument other than the constraints that
// no problem can have: a NaN or an infinity in a mean vector, a covariance
// or quadratic matrix, a linear term or a scenario matrix; a level outside
// (0, 1); a NaN or infinite target mean or risk-free amount; a negative,
// NaN or infinite risk aversion; fewer than one frontier point; a scenario
// matrix without rows or columns. Such values usually come from data (a
// simulation that overflowed, a malformed file), so the optimizers return
// an error that names the argument and the limit rather than panic.
var ErrInvalid = errors.New("risk: invalid argument")

// invalid returns an error matching ErrInvalid that names the argument
// (such as "mean[2]" or "level"), its value and the limit it breaks.
func invalid(field string, value any, reason string) error {
	return fmt.Errorf("%w: %s = %v: %s", ErrInvalid, field, value, reason)
}

// checkFinite returns an error matching ErrInvalid if a value of v is NaN
// or infinite, naming it what[i].
func checkFinite(what string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return invalid(what+"["+strconv.Itoa(i)+"]", x, "must be finite")
		}
	}
	return nil
}

// checkFiniteScalar returns an error matching ErrInvalid if v is NaN or
// infinite.
func checkFiniteScalar(what string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return invalid(what, v, "must be finite")
	}
	return nil
}

// checkLevel returns an error matching ErrInvalid unless level is in the
// open interval (0, 1).
func checkLevel(level float64) error {
	if !(level > 0 && level < 1) {
		return invalid("level", level, "must be in (0, 1), a probability such as 0.95")
	}
	return nil
}

// optSymDense copies a symmetric matrix into a row-major n×n slice. It
// returns an error matching ErrInvalid, naming the element of what, if one
// is NaN or infinite.
func optSymDense(what string, s mat.Symmetric) (int, []float64, error) {
	d, err := optDense(what, s)
	return s.SymmetricDim(), d, err
}

// optDense copies m into a row-major slice. It returns an error matching
// ErrInvalid that names the element, what(i, j), if one is NaN or
// infinite.
func optDense(what string, m mat.Matrix) ([]float64, error) {
	r, c := m.Dims()
	d := make([]float64, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			v := m.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, invalid(fmt.Sprintf("%s(%d, %d)", what, i, j), v, "must be finite")
			}
			d[i*c+j] = v
		}
	}
	return d, nil
}

// TargetError reports a target mean that no weights satisfying the
// constraints reach: Attainable, the greatest mean over the constraints
// (MaxMean's), is below Target. It unwraps to ErrInfeasible, so
// errors.Is(err, ErrInfeasible) holds; errors.As gives the two numbers.
type TargetError struct {
	Target     float64 // the mean asked for
	Attainable float64 // the greatest mean the constraints allow
}

// Error returns a message such as "risk: constraints are infeasible:
// target mean 250 above the greatest attainable 247.9".
func (e *TargetError) Error() string {
	t, a := fmt.Sprintf("%.6g", e.Target), fmt.Sprintf("%.6g", e.Attainable)
	if t == a {
		t, a = strconv.FormatFloat(e.Target, 'g', -1, 64), strconv.FormatFloat(e.Attainable, 'g', -1, 64)
	}
	return fmt.Sprintf("%v: target mean %s above the greatest attainable %s", ErrInfeasible, t, a)
}

// Unwrap returns ErrInfeasible.
func (e *TargetError) Unwrap() error { return ErrInfeasible }

// targetError explains an ErrInfeasible err of a problem that asked for a
// mean of at least target: when the constraints without the target are
// feasible and the greatest mean over them (MaxMean) is finite, it returns
// a *TargetError stating that mean; otherwise err itself.
func targetError(err error, target float64, mean []float64, f *feasSet) error {
	if !errors.Is(err, ErrInfeasible) {
		return err
	}
	cost := make([]float64, len(mean))
	for i, m := range mean {
		cost[i] = -m
	}
	w, merr := solveLP(cost, f)
	if merr != nil {
		return err // infeasible without the target too, or no finite top
	}
	return &TargetError{Target: target, Attainable: optDot(mean, w)}
}

// meanCov reads the mean vector and covariance matrix of an optimizer
// named fn: the covariance as a dense row-major copy and its dimension n,
// with an error matching ErrInvalid if cov or mean holds a NaN or an
// infinity (cov's first). It panics if len(mean) != n.
func meanCov(fn string, mean []float64, cov mat.Symmetric) (n int, qd []float64, err error) {
	n, qd, err = optSymDense("cov", cov)
	if len(mean) != n {
		panic(fmt.Sprintf("risk: %s: len(mean) = %d, want %d", fn, len(mean), n))
	}
	if err == nil {
		err = checkFinite("mean", mean)
	}
	return n, qd, err
}
