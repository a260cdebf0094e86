package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
)

// summary is a few lines on a Report: the distribution of profit over the
// horizon, by workload, and the last band.
func summary(r economics.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d paths over %v in steps of %v\n", r.Paths, r.Horizon, r.Step)
	fmt.Fprintf(&b, "profit: mean %.0f USD (std err %.0f), std dev %.0f, VaR%g %.0f, CVaR%g %.0f, P(loss) %.4f\n",
		r.Mean, r.StdErr, r.StdDev, 100*r.Level, r.VaR, 100*r.Level, r.CVaR, r.ProbLoss)
	ws := make([]hardware.Workload, 0, len(r.ByWorkload))
	for w := range r.ByWorkload {
		ws = append(ws, w)
	}
	slices.Sort(ws)
	for _, w := range ws {
		s := r.ByWorkload[w]
		fmt.Fprintf(&b, "  %-15s mean %.0f USD, std dev %.0f\n", w, s.Mean, s.StdDev)
	}
	fmt.Fprintf(&b, "mining/AI correlation %.3f, mean mined %d sats\n", r.MiningAICorrelation, r.MeanMined)
	if n := len(r.Bands); n > 0 {
		l := r.Bands[n-1]
		fmt.Fprintf(&b, "cumulative profit at %v: P5 %.0f, P50 %.0f, P95 %.0f USD\n", l.At, l.P5, l.P50, l.P95)
	}
	return b.String()
}
