package economics_test

import (
	"math"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
)

func TestInvestEqual(t *testing.T) {
	s := testSnapshot()
	p := campusProject(t, s)
	q := campusProject(t, s)
	if !p.Equal(q) {
		t.Fatal("a project differs from its copy")
	}
	// Each edit makes the copy differ.
	for name, edit := range map[string]func(q *economics.Project){
		"lease default": func(q *economics.Project) { q.Lines[19].Lease.Default += 0.01 },
		"capital unit":  func(q *economics.Project) { q.Lines[12].Capital.Unit = q.Lines[12].Capital.Unit.Add(dec("0.01")) },
		"delay":         func(q *economics.Project) { q.Lines[12].Delay.Max += day },
		"no delay":      func(q *economics.Project) { q.Lines[12].Delay = nil },
		"hall":          func(q *economics.Project) { q.Lines[0].Hall = "B" },
		"hall PUE":      func(q *economics.Project) { q.Site.Halls[2].PUE = 1.31 },
		"outlay":        func(q *economics.Project) { q.Outlays[0].Amount = dec("1") },
		"finance":       func(q *economics.Project) { q.Finance.Tenor += day },
		"end":           func(q *economics.Project) { q.Lines[6].End = q.Lines[6].End.Add(1) },
	} {
		q := campusProject(t, s)
		edit(&q)
		if p.Equal(q) {
			t.Errorf("%s: the edited project still equals the original", name)
		}
	}
	// Decimals compare by value.
	q.Outlays[0].Amount = dec("40000000.000")
	if !p.Equal(q) {
		t.Error("40000000.000 differs from 40000000")
	}
	// NaN percentiles equal themselves, bit for bit.
	a := economics.Appraisal{IRR: economics.Percentiles{P5: math.NaN(), Undefined: 1}}
	if !a.Equal(a) {
		t.Error("an appraisal with NaN percentiles differs from itself")
	}
}
