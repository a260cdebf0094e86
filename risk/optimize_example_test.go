package risk_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/wattfolio/wattfolio/risk"
)

// Two lines of business with a budget of one (for example one megawatt):
// Bitcoin mining (volatile) and GPU rental (steadier), correlation 0.2.
// The long-only minimum-variance split follows the two-asset formula
// w1 = (s2² - ρ s1 s2)/(s1² + s2² - 2ρ s1 s2).
func ExampleMinVariance() {
	cov := mat.NewSymDense(2, []float64{
		0.09, 0.2 * 0.3 * 0.1,
		0.2 * 0.3 * 0.1, 0.01,
	})
	c := &risk.Constraints{
		Aeq: mat.NewDense(1, 2, []float64{1, 1}),
		Beq: []float64{1},
	}
	w, err := risk.MinVariance(cov, c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mining %.4f, GPU %.4f\n", w[0], w[1])

	// Capping GPU rental at 0.8 makes the cap bind exactly.
	c.Upper = []float64{1, 0.8}
	w, _ = risk.MinVariance(cov, c)
	fmt.Printf("mining %.4f, GPU %v\n", w[0], w[1])
	// Output:
	// mining 0.0455, GPU 0.9545
	// mining 0.2000, GPU 0.8
}

// A five-point efficient frontier of three lines under a budget of one.
func ExampleFrontier() {
	mean := []float64{0.12, 0.06, 0.09}
	cov := mat.NewSymDense(3, []float64{
		0.0900, 0.0030, 0.0150,
		0.0030, 0.0100, 0.0020,
		0.0150, 0.0020, 0.0400,
	})
	c := &risk.Constraints{
		Aeq: mat.NewDense(1, 3, []float64{1, 1, 1}),
		Beq: []float64{1},
	}
	fr, err := risk.Frontier(mean, cov, c, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range fr {
		fmt.Printf("mean %.4f  std %.4f  w %.3f\n", p.Mean, p.StdDev, p.Weights)
	}
	// Output:
	// mean 0.0672  std 0.0920  w [0.041 0.803 0.156]
	// mean 0.0804  std 0.1109  w [0.201 0.523 0.276]
	// mean 0.0936  std 0.1544  w [0.362 0.242 0.396]
	// mean 0.1068  std 0.2082  w [0.560 0.000 0.440]
	// mean 0.1200  std 0.3000  w [1.000 0.000 0.000]
}
