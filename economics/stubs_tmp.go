package economics

import (
	"time"

	"github.com/wattfolio/wattfolio/risk"
)

func triangular(u, lo, mode, hi float64) float64         { return lo }
func checkLineTerms(i int, l Line, date time.Time) error { return nil }
func (p Project) Validate(date time.Time) error          { return nil }
func deprSchedule(d Depreciation, life, t float64, years int) []float64 {
	return make([]float64, years)
}
func percentilesOf(sel *risk.Selector, x []float64) Percentiles { return Percentiles{} }
func payback(times, cum []float64) (float64, bool)              { return 0, false }

type loan struct{}

func newLoan(principal, rate float64, n int) loan  { return loan{} }
func (l *loan) pay() (interest, principal float64) { return 0, 0 }
func (l *loan) balance() float64                   { return 0 }

type carryForward struct{ loss float64 }

func (c *carryForward) tax(income, rate float64) float64 { return 0 }

const (
	yMining = iota
	yAI
	yColo
	yPower
	yOpex
	yCapex
	ySalvage
	yTax
	yBorrowed
	yInterest
	yPrincipal
	yShield
	nYearFields
)

type yearSums [nYearFields]float64

func yearsTable(sums []yearSums, paths int) ([]Year, error) { return nil, nil }

func (f Finance) Validate() error { return nil }
