// Command quickstart books one 30-day month of a 100 MW site shaped like a
// public miner's (most power on S21-class mining, some H100s rented out for
// AI, some IT power leased to a colocation tenant) at the library's
// reference market snapshot, and prints the statement and the breakevens.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"log"
	"os"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

func main() {
	lookup := func(name string) hardware.Model {
		m, err := hardware.Lookup(name)
		if err != nil {
			log.Fatal(err)
		}
		return m
	}
	site := economics.Site{
		Name:      "100 MW campus",
		Capacity:  100 * hardware.Megawatt,
		PUE:       1.1,  // air- and hydro-cooled mix
		PoolFee:   0.02, // FPPS, typical 1.5-2.5 % (REFERENCE.md, pool payout schemes)
		Payout:    economics.FPPS,
		Uptime:    0.97, // planned and unplanned downtime
		StaleRate: 0.002,
		// Energy is about 80 % of a miner's opex (Cambridge Digital Mining
		// Industry Report, April 2025): at 45 USD/MWh that leaves about
		// 8,200 USD per MW-month for everything else.
		OpexPerMWMonth: decimal.NewFromInt(8200),
		Curtailment:    economics.Economic,
	}
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: lookup("Antminer S21"), Workload: hardware.BitcoinMining, Units: 15_000},
		{Model: lookup("Antminer S21 XP"), Workload: hardware.BitcoinMining, Units: 4_000},
		{Model: lookup("H100 SXM"), Workload: hardware.AICloud, Units: 2_048},
		{Workload: hardware.Colocation, Units: 10_000}, // 10 MW of IT load leased
	}}
	snap := market.Reference()
	const period = 30 * 24 * time.Hour

	st, err := economics.Evaluate(site, alloc, snap, period)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s at the reference snapshot of %s, %v (30 days)\n", site.Name, snap.Date.Format("2 Jan 2006"), period)
	fmt.Printf("BTC %s USD, difficulty %.4g, hashprice %s USD/PH/day, power %s USD/kWh\n\n",
		snap.Bitcoin.Price, snap.Bitcoin.Difficulty, snap.Bitcoin.HashpricePH().StringFixed(2), snap.MeanPowerPrice())

	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "line\tmachines\tleased\tfacility\tenergy\tmined\trevenue\tpower\topex\tprofit\t")
	row := func(l economics.LineResult) {
		mined, leased := "", ""
		if l.Mined != 0 {
			mined = l.Mined.String()
		}
		if l.LeasedKW != 0 {
			leased = fmt.Sprintf("%d kW", l.LeasedKW)
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%.2f MW\t%.2f MWh\t%s\t%s\t%s\t%s\t%s\t\n", l.Name(), l.Units, leased,
			l.FacilityPower.Megawatts(), l.Energy.KilowattHours()/1000,
			mined, l.Revenue.StringFixed(2), l.PowerCost.StringFixed(2), l.Opex.StringFixed(2), l.Profit.StringFixed(2))
	}
	for _, l := range st.Lines {
		row(l)
	}
	row(st.Total)
	w.Flush()
	fmt.Printf("\nnameplate facility power %.2f MW of %v capacity\n\n", st.Total.Nameplate.Megawatts(), site.Capacity)

	table, err := economics.BreakevenTable(site, snap)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Unit economics at the snapshot (per unit per day; breakevens on power alone)")
	w = tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "model\tworkload\tJ/TH\trevenue/day\tprofit/day\tprofit/MW-yr\tbreakeven USD/kWh\tbreakeven BTC\tpower/BTC\tcash/BTC\tbreakeven util\t")
	opt := func(d decimal.NullDecimal, places int32) string {
		if !d.Valid {
			return "-"
		}
		return d.Decimal.StringFixed(places)
	}
	for _, u := range table {
		eff := "-"
		if u.Efficiency > 0 {
			eff = fmt.Sprintf("%.1f", float64(u.Efficiency))
		}
		name := u.Model
		if name == "" {
			name = "(1 kW leased)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, u.Workload, eff,
			u.RevenuePerDay.StringFixed(2), u.ProfitPerDay.StringFixed(2), u.ProfitPerMWYear.StringFixed(0),
			opt(u.BreakevenPowerPrice, 4), opt(u.BreakevenBTCPrice, 0), opt(u.PowerCostPerBTC, 0), opt(u.CashCostPerBTC, 0), opt(u.BreakevenUtilization, 3))
	}
	w.Flush()
}
