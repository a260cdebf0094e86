package main

// The computation: the deterministic projection of one option, then every
// option over the simulated markets.

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// config is what the flags set.
type config struct {
	paths   int
	seed    uint64
	horizon time.Duration
	gpu     string // the GPU model the cloud buys
	// projected is the option whose deterministic projection is printed
	// year by year.
	projected option
	// progress, when not nil, is told each option as its run starts.
	progress func(o option)
}

// outcome is one option's appraisal.
type outcome struct {
	option
	project economics.Project
	// capex is the capital the project spends (outlays and lines' units
	// at their price), USD.
	capex decimal.Decimal
	// a is the appraisal over cfg.paths simulated markets.
	a economics.Appraisal
}

// study is the whole computation's result.
type study struct {
	campus
	cfg config
	// projection is cfg.projected on the deterministic market: one market
	// path at the model's drifts, the spreadsheet a miner builds by hand,
	// with the build's delay and the tenant's default drawn on cfg.paths
	// paths.
	projection economics.Appraisal
	outcomes   []outcome // in the order of options()
	elapsed    time.Duration
}

// run appraises every option on the library's default market model from
// its reference snapshot (27 November 2025).
func run(cfg config) (study, error) {
	start := time.Now()
	c, err := newCampus(cfg.gpu)
	if err != nil {
		return study{}, err
	}
	st := study{campus: c, cfg: cfg}
	model, snap := market.DefaultModel(), market.Reference()

	// The projection's market is one path at the drifts, but the
	// project's own risks, the build's delay and the tenant's default, are
	// still drawn per path: one path would be one draw of them (a default
	// in year 6, say). Over cfg.paths paths its Years are their
	// expectation on that market, the spreadsheet's figures.
	det := &economics.Settings{Horizon: cfg.horizon, Step: step, Paths: cfg.paths, Seed: cfg.seed}
	st.projection, err = economics.Appraise(c.project(cfg.projected), model.Deterministic(), snap, det)
	if err != nil {
		return study{}, fmt.Errorf("%s, deterministic: %w", cfg.projected, err)
	}

	set := &economics.Settings{Horizon: cfg.horizon, Step: step, Paths: cfg.paths, Seed: cfg.seed, Level: 0.95}
	for _, o := range options() {
		if cfg.progress != nil {
			cfg.progress(o)
		}
		p := c.project(o)
		// The same seed for every option: each sees the same markets, so
		// their differences are the options', not the draws'.
		a, err := economics.Appraise(p, model, snap, set)
		if err != nil {
			return study{}, fmt.Errorf("%s: %w", o, err)
		}
		st.outcomes = append(st.outcomes, outcome{option: o, project: p, capex: capitalSpent(p), a: a})
	}
	st.elapsed = time.Since(start)
	return st, nil
}

// find returns the outcome of option o; ok is false when it was not run.
func (st study) find(o option) (outcome, bool) {
	for _, x := range st.outcomes {
		if x.option == o {
			return x, true
		}
	}
	return outcome{}, false
}

// baseline returns the mining-only outcome.
func (st study) baseline() outcome {
	b, _ := st.find(option{miningOnly, 0})
	return b
}

// efficient reports whether outcome i is on the NPV frontier: no other
// option has a mean NPV at least as high with a standard deviation at
// most as large, one of them strictly.
func (st study) efficient(i int) bool {
	x := st.outcomes[i].a.NPV
	for j, y := range st.outcomes {
		if j == i {
			continue
		}
		if y.a.NPV.Mean >= x.Mean && y.a.NPV.StdDev <= x.StdDev &&
			(y.a.NPV.Mean > x.Mean || y.a.NPV.StdDev < x.StdDev) {
			return false
		}
	}
	return true
}
