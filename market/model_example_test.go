package market_test

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

func ExampleModel_Validate() {
	m := market.DefaultModel()
	fmt.Println(m.Validate())

	// A correlation set on one side only is not symmetric.
	m.Corr[market.FactorPrice][market.FactorHashrate] = 0.5
	err := m.Validate()
	fmt.Println(errors.Is(err, market.ErrInvalid))
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// market: invalid Corr[0][1] = 0.5: not symmetric: Corr[1][0] = 0
}

func ExampleModel_NewSimulator() {
	const day = 24 * time.Hour
	m := market.DefaultModel()
	sim, err := m.NewSimulator(market.Reference(), 365*day, 7*day)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("steps: %d, normals per step: %.3f\n", sim.Steps(), sim.NormalsPerStep())

	// One path and its antithetic partner: replay a copy of the stream
	// with every normal negated.
	src := market.NewStream(1, 2)
	twin := *src
	path := sim.Path(src, 1, nil)
	anti := sim.Path(&twin, -1, nil)

	last := path[len(path)-1]
	fmt.Printf("last step: %.0f day, ends at T = %.0f year\n", last.Days, last.T)
	fmt.Println("same utilization draws:", last.Utilization == anti[len(anti)-1].Utilization)

	// The BTC one TH/s earns on this path over the year, before pool fees,
	// against a year at the snapshot's difficulty and fees: the hashrate's
	// growth (57 % over the year on DefaultModel's mean path) raises the
	// difficulty at each retarget and takes a fifth of it on this path.
	var btc float64
	for _, st := range path {
		btc += st.BTCPerTH
	}
	fmt.Printf("BTC per TH/s: %.3g on the path, %.3g at the snapshot's rate\n", btc, 365*market.Reference().Bitcoin.BTCPerTHDay())

	// The B200's expected rental rate in a year: the snapshot's 5.30 USD/h
	// (Silicon Data's SDB200RT, late Nov 2025) times
	// e^{(GPU.Drift + ModelDrift) T} = 5.30 x 0.78 (the B200 has no
	// model-specific drift).
	base, drift, _ := sim.GPURateFactor("B200")
	fmt.Printf("B200: %.2f USD/h now, %.3f expected in a year\n", base, base*math.Exp(m.GPU.Drift+drift))
	// Output:
	// steps: 53, normals per step: 5.994
	// last step: 1 day, ends at T = 1 year
	// same utilization draws: true
	// BTC per TH/s: 0.000121 on the path, 0.000155 at the snapshot's rate
	// B200: 5.30 USD/h now, 4.134 expected in a year
}
