package market_test

import (
	"fmt"
	"math"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// A closed form starts from the mean path: the simulator's steps and its
// chain at the mean hashrate. Here the default model over a year in weekly
// steps, from the reference snapshot, which sits at the start of a retarget
// period.
func ExampleModel_MeanPath() {
	const day = 24 * time.Hour
	m := market.DefaultModel()
	mp, err := m.MeanPath(market.Reference(), 365*day, 7*day)
	if err != nil {
		fmt.Println(err)
		return
	}
	g := mp.Grid()
	fmt.Printf("%d steps (the last %.0f day), hashrate lag %d steps\n", g.Steps, g.Last.Days, g.Lag)
	fmt.Printf("price shock per step: %.4f, power multiplier decay per step: %.3f\n", g.Full.PriceVol, g.Full.PowerDecay)

	last := g.Steps - 1
	fmt.Printf("mean hashrate after a year: x%.3f\n", math.Exp(mp.LogHashrate(last)))
	rets := mp.Retargets()
	first := rets[0]
	fmt.Printf("%d retargets; the first after %.2f days, difficulty x%.4f\n",
		len(rets), first.At/86400, first.Before/first.After)
	end := mp.Segments(last)
	fmt.Printf("difficulty at the end: x%.3f, subsidy %.3f BTC\n", 1/end[len(end)-1].InvD, end[len(end)-1].Subsidy)
	// Output:
	// 53 steps (the last 1 day), hashrate lag 0 steps
	// price shock per step: 0.0307, power multiplier decay per step: 0.794
	// mean hashrate after a year: x1.566
	// 26 retargets; the first after 13.82 days, difficulty x1.0134
	// difficulty at the end: x1.547, subsidy 3.125 BTC
}
