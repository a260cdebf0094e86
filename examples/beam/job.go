package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// errJob marks a job the pipeline cannot run: a bad field of its own, or
// an input the library refuses (then the library's error is wrapped too, so
// that errors.Is matches economics.ErrInvalid and the like).
var errJob = errors.New("beam: bad job")

// job is one Monte Carlo run to analyse, written as JSON so that it travels
// inside the pipeline's DoFns to every worker: the site, the allocation and
// the snapshot in the library's own JSON (decoded by its strict decoders),
// the market model by name, and the settings of the whole run.
type job struct {
	Site       json.RawMessage `json:"site"`               // economics.Site
	Allocation json.RawMessage `json:"allocation"`         // economics.Allocation
	Snapshot   json.RawMessage `json:"snapshot,omitempty"` // market.Snapshot; absent means market.Reference()
	// Model is "default" (market.DefaultModel(), also when empty) or
	// "deterministic" (its Deterministic(): every path at the drifts).
	Model string `json:"model,omitempty"`
	// Paths is the whole run's size; 0 means economics.DefaultPaths.
	Paths int    `json:"paths,omitempty"`
	Seed  uint64 `json:"seed"`
	// Horizon and Step are Go durations ("8760h"); empty means the
	// library's defaults.
	Horizon    string  `json:"horizon,omitempty"`
	Step       string  `json:"step,omitempty"`
	Level      float64 `json:"level,omitempty"`
	BandPaths  int     `json:"band_paths,omitempty"`
	Antithetic bool    `json:"antithetic,omitempty"`
}

// inputs are a job's decoded arguments of economics.Analyze. set is the
// whole run's settings, without FirstPath and TotalPaths, exactly what a
// single machine would pass.
type inputs struct {
	site  economics.Site
	alloc economics.Allocation
	model market.Model
	snap  market.Snapshot
	set   economics.Settings
}

// decode reads a job's inputs. Errors match errJob, and the library's
// sentinel when its decoder refused a value.
func (j job) decode() (inputs, error) {
	var in inputs
	if len(j.Site) == 0 {
		return in, fmt.Errorf("%w: site is missing", errJob)
	}
	if err := json.Unmarshal(j.Site, &in.site); err != nil {
		return in, fmt.Errorf("%w: site: %w", errJob, err)
	}
	if len(j.Allocation) == 0 {
		return in, fmt.Errorf("%w: allocation is missing", errJob)
	}
	if err := json.Unmarshal(j.Allocation, &in.alloc); err != nil {
		return in, fmt.Errorf("%w: allocation: %w", errJob, err)
	}
	in.snap = market.Reference()
	if len(j.Snapshot) > 0 {
		if err := json.Unmarshal(j.Snapshot, &in.snap); err != nil {
			return in, fmt.Errorf("%w: snapshot: %w", errJob, err)
		}
	}
	in.model = market.DefaultModel()
	switch j.Model {
	case "", "default":
	case "deterministic":
		in.model = in.model.Deterministic()
	default:
		return in, fmt.Errorf("%w: model = %q: must be \"default\" or \"deterministic\"", errJob, j.Model)
	}
	in.set = economics.Settings{Paths: j.Paths, Seed: j.Seed, Level: j.Level, BandPaths: j.BandPaths, Antithetic: j.Antithetic}
	if in.set.Paths == 0 {
		in.set.Paths = economics.DefaultPaths
	}
	for _, d := range []struct {
		name, text string
		to         *time.Duration
	}{{"horizon", j.Horizon, &in.set.Horizon}, {"step", j.Step, &in.set.Step}} {
		if d.text == "" {
			continue
		}
		v, err := time.ParseDuration(d.text)
		if err != nil {
			return in, fmt.Errorf("%w: %s = %q: %w", errJob, d.name, d.text, err)
		}
		*d.to = v
	}
	return in, nil
}

// quickstartJob is the pipeline's default job: the 100 MW site and the
// allocation of examples/quickstart (15,000 S21, 4,000 S21 XP, 2,048 H100
// rented out for AI, 10 MW of IT leased to a colocation tenant) over a year
// in weekly steps, at the library's reference snapshot and DefaultModel.
func quickstartJob(paths int, seed uint64) job {
	return job{
		Site: json.RawMessage(`{"name": "100 MW campus", "capacity": "100 MW", "pue": 1.1,
			"pool_fee": 0.02, "payout": "FPPS", "uptime": 0.97, "stale_rate": 0.002,
			"opex_per_mw_month": "8200", "curtailment": "economic"}`),
		Allocation: json.RawMessage(`{"lines": [
			{"model": "Antminer S21", "workload": "bitcoin-mining", "units": 15000},
			{"model": "Antminer S21 XP", "workload": "bitcoin-mining", "units": 4000},
			{"model": "H100 SXM", "workload": "ai-cloud", "units": 2048},
			{"workload": "colocation", "units": 10000}]}`),
		Paths: paths,
		Seed:  seed,
	}
}
