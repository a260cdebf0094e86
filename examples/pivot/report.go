package main

// The printed report: the inputs in short, the projection by year, the
// distributions of each option, and the frontier.

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
)

// table returns a tabwriter of right-aligned columns on w.
func table(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
}

// in returns d in units of unit.
func in(d, unit time.Duration) float64 { return float64(d) / float64(unit) }

// mUSD formats USD as million USD with one decimal, exactly.
func mUSD(d decimal.Decimal) string { return d.Shift(-6).StringFixed(1) }

// mf formats a float64 of USD as million USD with one decimal.
func mf(x float64) string { return fmt.Sprintf("%.1f", x/1e6) }

// pct formats a share as a percentage, "-" when it is undefined (NaN).
func pct(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*x)
}

// yrs formats years, "-" when undefined (NaN).
func yrs(x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	return fmt.Sprintf("%.1f", x)
}

// printInputs states the case in a few lines.
func printInputs(w io.Writer, st study) {
	c := st.campus
	fmt.Fprintf(w, "200 MW mining campus: %d halls of %v, %d %s per hall at PUE %g\n",
		halls, hallPower, c.minersPerHall, c.s21.Name, miningPUE)
	fmt.Fprintf(w, "a converted hall (PUE %g, works from %s, built in %g-%g-%g months):\n",
		aiPUE, conversionStart.Format("2 Jan 2006"),
		in(buildDelay.Min, month), in(buildDelay.Likely, month), in(buildDelay.Max, month))
	fmt.Fprintf(w, "  conversion %s M USD (%.2f M USD per MW of IT)\n", mUSD(c.conversion), conversionPerMW/1e6)
	gpus := c.gpuPrice.Mul(decimal.NewFromInt(int64(c.gpusPerHall)))
	fmt.Fprintf(w, "  GPU cloud: %d %s at %s USD installed, %s M USD\n", c.gpusPerHall, c.gpu.Name, c.gpuPrice.StringFixed(0), mUSD(gpus))
	fmt.Fprintf(w, "  colocation: %d kW of IT leased for %d years at %s USD/kW-month in year 1 (%.2f on average), +%.0f %% a year, %.0f %% yearly default hazard\n",
		c.kWPerHall, leaseYears, c.rent.StringFixed(2), hut8PerMWYear/12_000, 100*escalator, 100*tenantDefault)
	f, g := financeOf(colocation), financeOf(gpuCloud)
	fmt.Fprintf(w, "finance: %.0f %% debt at %.0f %% over %g years (GPU cloud %g), %.0f %% tax, NPV at %.0f %%\n",
		100*f.Debt, 100*f.Interest, in(f.Tenor, year), in(g.Tenor, year), 100*f.TaxRate, 100*f.Discount)
	fmt.Fprintln(w, "left out:")
	fmt.Fprintln(w, "  value after the horizon but the hardware's residual value: the lease's last five years, the converted halls")
	fmt.Fprintln(w, "  closing a mining hall whose miners are curtailed for good before they retire: its opex runs on")
	fmt.Fprintln(w, "  a next generation of GPUs when the first retires")
	fmt.Fprintf(w, "%d paths of %g years in weekly steps, seed %d (%v)\n\n",
		st.cfg.paths, in(st.cfg.horizon, year), st.cfg.seed, st.elapsed.Round(time.Millisecond))
}

// printProjection prints the deterministic projection by project year.
func printProjection(w io.Writer, st study) {
	fmt.Fprintf(w, "%s on the deterministic market (every volatility off: one market path at the drifts),\n", st.cfg.projected)
	fmt.Fprintf(w, "the mean over %d draws of the build's delay and the tenant's default, million USD\n", st.projection.Paths)
	t := table(w)
	fmt.Fprintln(t, "year\tmining\tAI cloud\tcolo\tpower\topex\tcapex\tsalvage\ttax\tFCF\tborrowed\tinterest\tprincipal\ttax shield\tequity CF\t")
	cum := decimal.Zero
	for _, y := range st.projection.Years {
		cum = cum.Add(y.FreeCashFlow)
		fmt.Fprintf(t, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", y.Year,
			mUSD(y.Mining), mUSD(y.AICloud), mUSD(y.Colocation), mUSD(y.Power), mUSD(y.Opex),
			mUSD(y.Capex), mUSD(y.Salvage), mUSD(y.Tax), mUSD(y.FreeCashFlow),
			mUSD(y.Borrowed), mUSD(y.Interest), mUSD(y.Principal), mUSD(y.TaxShield), mUSD(y.EquityCashFlow))
	}
	t.Flush()
	a := st.projection
	fmt.Fprintf(w, "NPV %s M USD (std dev %s from the delay and default alone), median IRR %s, equity IRR %s, payback %s years\n\n",
		mf(a.NPV.Mean), mf(a.NPV.StdDev), pct(a.IRR.P50), pct(a.EquityIRR.P50), yrs(a.Payback.P50))
}

// printDistributions prints each option's NPV distribution.
func printDistributions(w io.Writer, st study) {
	fmt.Fprintln(w, "NPV of the campus's unlevered after-tax free cash flow, million USD (CVaR: mean loss of the worst 5 %)")
	t := table(w)
	fmt.Fprintln(t, "option\tcapex\tmean\tvs 0 %\tstd dev\tstd err\tP(NPV<0)\tCVaR95\t")
	base := st.baseline().a.NPV.Mean
	for _, o := range st.outcomes {
		n := o.a.NPV
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", o.option, mUSD(o.capex),
			mf(n.Mean), mf(n.Mean-base), mf(n.StdDev), mf(n.StdErr), pct(n.ProbLoss), mf(n.CVaR))
	}
	t.Flush()
	fmt.Fprintln(w)
}

// none is a figure no path has.
var none = economics.Percentiles{P5: math.NaN(), P25: math.NaN(), P50: math.NaN(), P75: math.NaN(), P95: math.NaN(), Undefined: math.NaN()}

// printReturns prints each option's IRRs, payback and debt risk.
func printReturns(w io.Writer, st study) {
	fmt.Fprintln(w, "returns: percentiles over the paths that have one (none: share of paths without)")
	t := table(w)
	fmt.Fprintln(t, "option\tIRR P5\tP50\tP95\tnone\tequity IRR P5\tP50\tP95\tnone\tpayback P50\tP95\tnever\tdebt shortfall\t")
	for _, o := range st.outcomes {
		a := o.a
		if o.capex.IsZero() {
			// Cash flows that start positive and turn negative have an
			// IRR (a borrowing rate), but it is no return on capital.
			a.IRR, a.EquityIRR, a.Payback = none, none, none
		}
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", o.option,
			pct(a.IRR.P5), pct(a.IRR.P50), pct(a.IRR.P95), pct(a.IRR.Undefined),
			pct(a.EquityIRR.P5), pct(a.EquityIRR.P50), pct(a.EquityIRR.P95), pct(a.EquityIRR.Undefined),
			yrs(a.Payback.P50), yrs(a.Payback.P95), pct(a.Payback.Undefined), pct(a.DebtShortfall))
	}
	t.Flush()
	fmt.Fprintln(w, "(the mining-only campus spends nothing: it has no return on capital, no payback and no debt)")
	fmt.Fprintln(w)
}

// printFrontier prints the options by kind and share in the (risk, mean)
// plane and marks those no other option beats on both.
func printFrontier(w io.Writer, st study) {
	fmt.Fprintln(w, "NPV frontier of the conversion shares, million USD (efficient: no option has a higher mean with less risk)")
	t := table(w)
	fmt.Fprintln(t, "converted\tto\tmean NPV\tstd dev\tCVaR95\tmean/sd\t\t")
	for i, o := range st.outcomes {
		n := o.a.NPV
		mark := ""
		if st.efficient(i) {
			mark = "efficient"
		}
		ratio := "-"
		if n.StdDev > 0 {
			ratio = fmt.Sprintf("%.2f", n.Mean/n.StdDev)
		}
		fmt.Fprintf(t, "%.0f %%\t%s\t%s\t%s\t%s\t%s\t%s\t\n", 100*o.share(), o.kind, mf(n.Mean), mf(n.StdDev), mf(n.CVaR), ratio, mark)
	}
	t.Flush()
}

// yearsTotal returns the sum of one row of an appraisal's years.
func yearsTotal(a economics.Appraisal, row func(economics.Year) decimal.Decimal) decimal.Decimal {
	var sum decimal.Decimal
	for _, y := range a.Years {
		sum = sum.Add(row(y))
	}
	return sum
}
