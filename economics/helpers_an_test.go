package economics_test

import (
	"testing"

	"github.com/wattfolio/wattfolio/economics"
)

// evalOK is Portfolio.Evaluate for units the test knows are valid.
func evalOK(t testing.TB, pf *economics.Portfolio, units []float64) (mean, variance float64) {
	t.Helper()
	m, v, err := pf.EvaluateChecked(units)
	if err != nil {
		t.Fatal(err)
	}
	return m, v
}

// outcomeOK is Planner.Outcome for units the test knows are valid.
func outcomeOK(t testing.TB, pl *economics.Planner, units []float64) economics.Stats {
	t.Helper()
	s, err := pl.Outcome(units)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
