package risk_test

import (
	"fmt"

	"github.com/wattfolio/wattfolio/risk"
)

// Profits of ten simulated months in dollars; VaR and CVaR come out as
// positive losses. (VaR checked with numpy 1.24.2: -numpy.quantile(profits,
// 0.1) = 166.0; CVaR by hand: k = 0.1*10 = 1, the worst outcome, -310.)
func ExampleVaR() {
	profits := []float64{120, -40, 75, -310, 15, 60, -5, 210, 95, -150}
	fmt.Printf("VaR(0.9)  = %.1f\n", risk.VaR(0.9, profits))
	fmt.Printf("CVaR(0.9) = %.1f\n", risk.CVaR(0.9, profits))
	fmt.Printf("P(loss)   = %.2f\n", risk.ProbLoss(profits))
	// Output:
	// VaR(0.9)  = 166.0
	// CVaR(0.9) = 310.0
	// P(loss)   = 0.40
}

// With 13 outcomes at level 0.9 the tail holds k = 1.3 outcomes: all of the
// worst and 0.3 of the second worst, so CVaR = (8.1 + 0.3*4.6)/1.3.
func ExampleCVaR() {
	profits := []float64{-3.2, 1.5, 0.7, -8.1, 4.4, 2.2, -0.5, 6.3, -1.9, 3.0, 0.0, -4.6, 5.1}
	fmt.Printf("%.4f\n", risk.CVaR(0.9, profits))
	// Output:
	// 7.2923
}

// Two shards of a simulation, summarized apart (on other goroutines or
// machines) and merged, agree with one pass over all the values. (numpy
// 1.24.2: numpy.std([1, 2, 3, 4, 10, 20], ddof=1) = 7.2571803523590805.)
func ExampleSummary_Merge() {
	var a, b, all risk.Summary
	for _, v := range []float64{1, 2, 3, 4} {
		a.Add(v)
		all.Add(v)
	}
	for _, v := range []float64{10, 20} {
		b.Add(v)
		all.Add(v)
	}
	// Ship b as bytes, as a batch engine would.
	enc, _ := b.MarshalBinary()
	var shipped risk.Summary
	if err := shipped.UnmarshalBinary(enc); err != nil {
		panic(err)
	}
	a.Merge(shipped)
	fmt.Println(a)
	fmt.Println(all)
	// Output:
	// n=6 mean=6.66667 sd=7.25718 min=1 max=20
	// n=6 mean=6.66667 sd=7.25718 min=1 max=20
}

// The parametric VaR and expected shortfall of a normal profit with mean 0
// and standard deviation 1 at level 0.95.
func ExampleGaussianVaR() {
	fmt.Printf("%.6f\n", risk.GaussianVaR(0.95, 0, 1))
	fmt.Printf("%.6f\n", risk.GaussianES(0.95, 0, 1))
	// Output:
	// 1.644854
	// 2.062713
}

func ExampleQuantile() {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	fmt.Println(risk.Quantile(0.05, risk.Type7, x)) // numpy.percentile(x, 5)
	fmt.Println(risk.Quantile(0.3, risk.Type1, x))  // R quantile(x, 0.3, type = 1)
	// Output:
	// 1.45
	// 3
}

func ExampleMargrabe() {
	// Black's call on a forward at 100 struck at 100, with 20 % volatility
	// over one year and zero rates: 100 erf(0.2 / (2 sqrt 2)).
	fmt.Printf("%.4f\n", risk.Margrabe(100, 100, 0.2))
	// Parity: the option to exchange 100 for 110 less the option to
	// exchange 110 for 100 is worth 110 - 100.
	fmt.Printf("%.4f\n", risk.Margrabe(110, 100, 0.3)-risk.Margrabe(100, 110, 0.3))
	// An hour of mining expected to earn 50 USD for 48 USD of power, the
	// log of their ratio uncertain by 0.25: with the right to switch off
	// when power costs more, the hour is worth 5.94 USD, not 2 (by hand:
	// d1 = ln(50/48)/0.25 + 0.125 = 0.288, d2 = 0.038, and
	// 50 N(0.288) - 48 N(0.038) = 50 (0.6134) - 48 (0.5153) = 5.94).
	fmt.Printf("%.2f\n", risk.Margrabe(50, 48, 0.25))
	// Output:
	// 7.9656
	// 10.0000
	// 5.94
}
