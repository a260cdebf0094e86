package economics_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// A 10 MW colocation hall as a 15-year lease, valued over ten years on the
// deterministic projection: the one path a miner's spreadsheet would show.
// The rent is Hut 8 River Bend's (1.905 M USD per MW-year, 3 % escalator:
// a first-year rate of about 133 USD/kW-month averages 158.75 over 15
// years), the fit-out IREN Horizon's 4.5 M USD per MW, financed 80 % at
// 9 % over 7 years (REFERENCE.md; the rate and tenor are assumptions).
func ExampleAppraise() {
	site := economics.Site{Capacity: 15 * hardware.Megawatt, PUE: 1.3, Uptime: 1,
		OpexPerMWMonth: decimal.RequireFromString("5000")}
	year := 365 * 24 * time.Hour
	p := economics.Project{
		Site: site,
		Lines: []economics.Line{{Workload: hardware.Colocation, Units: 10_000,
			Capital: &economics.Capital{Unit: decimal.RequireFromString("4500"), Life: 20 * year},
			Lease: &economics.Lease{Rate: decimal.RequireFromString("133"), Escalator: 0.03,
				Term: 15 * year, Relet: 180 * 24 * time.Hour}}},
		Finance: economics.Finance{Discount: 0.10, TaxRate: 0.21, Debt: 0.8, Interest: 0.09, Tenor: 7 * year},
	}
	a, err := economics.Appraise(p, market.DefaultModel().Deterministic(), market.Reference(),
		&economics.Settings{Horizon: 10 * year, Paths: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("NPV %.1f M USD, IRR %.1f %%, equity IRR %.1f %%, payback %.1f years\n",
		a.NPV.Mean/1e6, 100*a.IRR.P50, 100*a.EquityIRR.P50, a.Payback.P50)
	for _, y := range a.Years[:2] {
		fmt.Printf("year %d: rent %v, opex %v, capex %v, tax %v, FCF %v\n",
			y.Year, y.Colocation.StringFixed(0), y.Opex.StringFixed(0), y.Capex.StringFixed(0), y.Tax.StringFixed(0), y.FreeCashFlow.StringFixed(0))
	}
	// Output:
	// NPV 54.7 M USD, IRR 28.8 %, equity IRR 73.0 %, payback 3.4 years
	// year 1: rent 15961124, opex 780000, capex 45000000, tax 2715536, FCF -32534412
	// year 2: rent 16439606, opex 780000, capex 0, tax 2816017, FCF 12843589
}
