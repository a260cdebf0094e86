package economics_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

func ExampleValueCurtailment() {
	s19j, _ := hardware.Lookup("Antminer S19j Pro")
	site := economics.Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97}
	alloc := economics.Allocation{Lines: []economics.Line{{Model: s19j, Workload: hardware.BitcoinMining, Units: 1000}}}
	s := market.Reference()
	s.PowerPrice = decimal.RequireFromString("0.05")
	// One year in weekly steps (the default Settings).
	v, err := economics.ValueCurtailment(site, alloc, market.DefaultModel(), s, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("mining margin, always on: %6.0f kUSD\n", (v.MiningRevenue-v.MiningPowerCost)/1000)
	fmt.Printf("value of curtailing:      %6.0f kUSD\n", v.Total/1000)
	fmt.Printf("in the first quarter:     %6.0f kUSD\n", sum(v.Steps[:13])/1000)
	// Output:
	// mining margin, always on:   -215 kUSD
	// value of curtailing:         318 kUSD
	// in the first quarter:         48 kUSD
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}
