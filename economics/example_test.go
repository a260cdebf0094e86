package economics_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

func ExampleEvaluate() {
	s21, _ := hardware.Lookup("Antminer S21")
	h100, _ := hardware.Lookup("H100 SXM")
	site := economics.Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97}
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: s21, Workload: hardware.BitcoinMining, Units: 2000},
		{Model: h100, Workload: hardware.AICloud, Units: 512},
	}}
	st, err := economics.Evaluate(site, alloc, market.Reference(), 30*24*time.Hour)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range st.Lines {
		fmt.Printf("%-38s revenue %10s power %10s profit %10s\n", l.Name(), l.Revenue.StringFixed(2), l.PowerCost.StringFixed(2), l.Profit.StringFixed(2))
	}
	fmt.Println("mined", st.Total.Mined, "profit", st.Total.Profit, "USD")
	// Output:
	// Antminer S21 (stock) bitcoin-mining    revenue  440973.42 power  241995.60 profit  198977.82
	// H100 SXM (stock) ai-cloud              revenue  790253.57 power   20895.14 profit  769358.43
	// mined 4.83385678 BTC profit 968336.25 USD
}

func ExampleEvaluate_overCapacity() {
	s21, _ := hardware.Lookup("Antminer S21")
	site := economics.Site{Capacity: 10 * hardware.Megawatt, PUE: 1.1, Uptime: 1}
	alloc := economics.Allocation{Lines: []economics.Line{{Model: s21, Workload: hardware.BitcoinMining, Units: 3000}}}
	_, err := economics.Evaluate(site, alloc, market.Reference(), 24*time.Hour)
	fmt.Println(errors.Is(err, economics.ErrOverCapacity))
	// Output:
	// true
}

func ExampleUnitEconomics() {
	s21xp, _ := hardware.Lookup("Antminer S21 XP")
	site := economics.Site{Capacity: hardware.Megawatt, PUE: 1.05, PoolFee: 0.02, Uptime: 1}
	u, err := economics.UnitEconomics(site, economics.Line{Model: s21xp, Workload: hardware.BitcoinMining}, market.Reference())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("breakeven power", u.BreakevenPowerPrice.Decimal.StringFixed(4), "USD/kWh")
	fmt.Println("breakeven BTC price", u.BreakevenBTCPrice.Decimal.StringFixed(0), "USD")
	// Output:
	// breakeven power 0.1114 USD/kWh
	// breakeven BTC price 36864 USD
}
