package main

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// The request envelopes. Each endpoint takes one JSON object whose members
// are the library's own JSON (Site, Allocation, Line, Project, Snapshot,
// Finance), read by the library's strict decoders, plus a few members of
// the service's own:
//
//	"snapshot"  optional market.Snapshot; absent means market.Reference()
//	"model"     optional "default" (market.DefaultModel()) or
//	            "deterministic" (its Deterministic(): one path at the drifts)
//	"settings"  optional {"paths", "horizon", "step", "seed", "level",
//	            "antithetic", "band_paths", "first_path", "total_paths"}:
//	            economics.Settings, durations
//	            as Go duration strings ("8760h"), within the service's limits

// common are the members the simulating endpoints share.
type common struct {
	snap  market.Snapshot
	model market.Model
	set   economics.Settings
}

// readCommon reads "snapshot", "model" and "settings" from m, and checks
// the settings against the service's limits (see limit): defaultHorizon is
// what a zero "horizon" means to the endpoint's library function.
func (s *server) readCommon(m *members, defaultHorizon time.Duration, bandGrid int) (common, error) {
	c := common{snap: s.reference, model: s.model}
	// A decoded snapshot is a validated one (market.Snapshot.UnmarshalJSON).
	if _, err := m.value("snapshot", &c.snap); err != nil {
		return c, err
	}
	var name string
	if _, err := m.value("model", &name); err != nil {
		return c, err
	}
	switch name {
	case "", "default":
	case "deterministic":
		c.model = c.model.Deterministic()
	default:
		return c, fmt.Errorf("%w: request.model = %q: must be \"default\" or \"deterministic\"", errRequest, name)
	}
	set, err := m.sub("settings")
	if err != nil {
		return c, err
	}
	if set == nil { // the library's defaults, within the service's limits too
		c.set.Workers = s.opts.Workers
		return c, s.limit(&c.set, defaultHorizon, bandGrid)
	}
	c.set, err = s.readSettings(set, defaultHorizon, bandGrid)
	return c, err
}

// readSettings reads the settings object and checks the service's limits;
// the library checks the rest (ranges, antithetic pairs).
func (s *server) readSettings(m *members, defaultHorizon time.Duration, bandGrid int) (economics.Settings, error) {
	var set economics.Settings
	if _, err := m.value("paths", &set.Paths); err != nil {
		return set, err
	}
	if err := m.duration("horizon", &set.Horizon); err != nil {
		return set, err
	}
	if err := m.duration("step", &set.Step); err != nil {
		return set, err
	}
	if _, err := m.value("seed", &set.Seed); err != nil {
		return set, err
	}
	if _, err := m.value("level", &set.Level); err != nil {
		return set, err
	}
	if _, err := m.value("antithetic", &set.Antithetic); err != nil {
		return set, err
	}
	if _, err := m.value("band_paths", &set.BandPaths); err != nil {
		return set, err
	}
	if _, err := m.value("first_path", &set.FirstPath); err != nil {
		return set, err
	}
	if _, err := m.value("total_paths", &set.TotalPaths); err != nil {
		return set, err
	}
	if err := m.done(); err != nil {
		return set, err
	}
	set.Workers = s.opts.Workers
	return set, s.limit(&set, defaultHorizon, bandGrid)
}

// limit refuses settings past the service's limits with errLimit, and
// caps the band paths the library would use by default so that band paths
// x band points stays within MaxBandValues (bandGrid is the most band
// points whatever the steps: economics.MaxBandPoints for Analyze's and a
// plan's report, economics.MaxAppraisalBands for Appraise). Negative or otherwise malformed values are left to the
// library, whose errors say what the range is.
func (s *server) limit(set *economics.Settings, defaultHorizon time.Duration, bandGrid int) error {
	o := s.opts
	paths, horizon, step := set.Paths, set.Horizon, set.Step
	if paths == 0 {
		paths = economics.DefaultPaths
	}
	if horizon == 0 {
		horizon = defaultHorizon
	}
	if step == 0 {
		step = economics.DefaultStep
	}
	if paths > o.MaxPaths {
		return fmt.Errorf("%w: settings.paths = %d: at most %d", errLimit, paths, o.MaxPaths)
	}
	if horizon > o.MaxHorizon {
		return fmt.Errorf("%w: settings.horizon = %v: at most %v", errLimit, horizon, o.MaxHorizon)
	}
	if step <= 0 || horizon < step || paths < 1 || set.BandPaths < 0 {
		return nil // the library's error names the field
	}
	steps := int64(horizon / step)
	if horizon%step != 0 {
		steps++ // the last step is shorter
	}
	if steps > int64(o.MaxSteps) {
		return fmt.Errorf("%w: settings.step = %v: gives %d steps over %v, at most %d", errLimit, step, steps, horizon, o.MaxSteps)
	}
	if int64(paths)*steps > o.MaxPathSteps {
		return fmt.Errorf("%w: settings: %d paths x %d steps = %d path-steps, at most %d", errLimit, paths, steps, int64(paths)*steps, o.MaxPathSteps)
	}
	points := steps
	if bandGrid > 0 {
		points = min(points, int64(bandGrid))
	}
	if set.BandPaths == 0 {
		if bands := int64(min(economics.DefaultBandPaths, paths)); bands*points > o.MaxBandValues {
			set.BandPaths = int(max(1, o.MaxBandValues/points))
		}
		return nil
	}
	if bands := int64(min(set.BandPaths, paths)); bands*points > o.MaxBandValues {
		return fmt.Errorf("%w: settings.band_paths = %d: times %d band points is %d band values, at most %d",
			errLimit, set.BandPaths, points, bands*points, o.MaxBandValues)
	}
	return nil
}

// evaluateRequest is POST /evaluate: {"site", "allocation", "snapshot",
// "period"}; "period" is a Go duration and must be given.
type evaluateRequest struct {
	site   economics.Site
	alloc  economics.Allocation
	snap   market.Snapshot
	period time.Duration
}

func (s *server) readEvaluate(m *members) (evaluateRequest, error) {
	r := evaluateRequest{snap: s.reference}
	if err := m.need("site", &r.site); err != nil {
		return r, err
	}
	if err := m.need("allocation", &r.alloc); err != nil {
		return r, err
	}
	if _, err := m.value("snapshot", &r.snap); err != nil {
		return r, err
	}
	if m.get("period") == nil {
		return r, fmt.Errorf("%w: request.period: missing (a Go duration such as \"720h\")", errRequest)
	}
	if err := m.duration("period", &r.period); err != nil {
		return r, err
	}
	if r.period > s.opts.MaxHorizon {
		return r, fmt.Errorf("%w: request.period = %v: at most %v", errLimit, r.period, s.opts.MaxHorizon)
	}
	return r, m.done()
}

// analyzeRequest is POST /analyze: {"site", "allocation", "snapshot",
// "model", "settings"}.
type analyzeRequest struct {
	site  economics.Site
	alloc economics.Allocation
	common
}

func (s *server) readAnalyze(m *members) (analyzeRequest, error) {
	var r analyzeRequest
	if err := m.need("site", &r.site); err != nil {
		return r, err
	}
	if err := m.need("allocation", &r.alloc); err != nil {
		return r, err
	}
	var err error
	if r.common, err = s.readCommon(m, economics.DefaultHorizon, economics.MaxBandPoints); err != nil {
		return r, err
	}
	return r, m.done()
}

// appraiseRequest is POST /appraise: {"project", "snapshot", "model",
// "settings"}; a zero horizon is economics.DefaultProjectHorizon.
type appraiseRequest struct {
	project economics.Project
	common
}

func (s *server) readAppraise(m *members) (appraiseRequest, error) {
	var r appraiseRequest
	if err := m.need("project", &r.project); err != nil {
		return r, err
	}
	var err error
	if r.common, err = s.readCommon(m, economics.DefaultProjectHorizon, economics.MaxAppraisalBands); err != nil {
		return r, err
	}
	return r, m.done()
}

// optimizeRequest is POST /optimize: {"problem", "objective", "snapshot",
// "model", "settings"}. economics.Problem and Objective have no JSON of
// their own, so the service reads them here:
//
//	"problem": {"site", "candidates": [Line...], "limits": {"inventory":
//	  {"Antminer S21": 1000}, "min": {"ai-cloud": "5 MW"}, "max": {...},
//	  "use": "80 MW", "colocation": "10 MW"}, "capital_cost": [USD per
//	  unit...], "finance": Finance, "scenarios": 2000}
//	"objective": {"goal": "max-mean" | "min-variance" | "min-cvar" |
//	  "max-sharpe" | "mean-variance", "target": USD (absent: no target),
//	  "risk_free": USD, "lambda": per USD}
type optimizeRequest struct {
	problem economics.Problem
	obj     economics.Objective
	common
}

func (s *server) readOptimize(m *members) (optimizeRequest, error) {
	var r optimizeRequest
	p, err := m.sub("problem")
	if err != nil {
		return r, err
	}
	if p == nil {
		return r, fmt.Errorf("%w: request.problem: missing", errRequest)
	}
	if r.problem, err = s.readProblem(p); err != nil {
		return r, err
	}
	o, err := m.sub("objective")
	if err != nil {
		return r, err
	}
	if o == nil {
		return r, fmt.Errorf("%w: request.objective: missing", errRequest)
	}
	if r.obj, err = readObjective(o); err != nil {
		return r, err
	}
	if r.common, err = s.readCommon(m, economics.DefaultHorizon, economics.MaxBandPoints); err != nil {
		return r, err
	}
	return r, m.done()
}

func (s *server) readProblem(m *members) (economics.Problem, error) {
	var p economics.Problem
	if err := m.need("site", &p.Site); err != nil {
		return p, err
	}
	var raw []json.RawMessage
	if err := m.need("candidates", &raw); err != nil {
		return p, err
	}
	if len(raw) > s.opts.MaxCandidates {
		return p, fmt.Errorf("%w: request.problem.candidates: %d lines, at most %d", errLimit, len(raw), s.opts.MaxCandidates)
	}
	p.Candidates = make([]economics.Line, len(raw))
	for i, b := range raw {
		if err := json.Unmarshal(b, &p.Candidates[i]); err != nil {
			return p, fmt.Errorf("request.problem.candidates[%d]: %w", i, err)
		}
	}
	if _, err := m.value("capital_cost", &p.CapitalCost); err != nil {
		return p, err
	}
	var fin economics.Finance
	if ok, err := m.value("finance", &fin); err != nil {
		return p, err
	} else if ok {
		p.Finance = &fin
	}
	if _, err := m.value("scenarios", &p.Scenarios); err != nil {
		return p, err
	}
	if p.Scenarios > s.opts.MaxScenarios {
		return p, fmt.Errorf("%w: request.problem.scenarios = %d: at most %d", errLimit, p.Scenarios, s.opts.MaxScenarios)
	}
	lim, err := m.sub("limits")
	if err != nil {
		return p, err
	}
	if lim != nil {
		if err := readInventory(lim, &p.Limits.Inventory); err != nil {
			return p, err
		}
		if err := readPowers(lim, "min", &p.Limits.Min); err != nil {
			return p, err
		}
		if err := readPowers(lim, "max", &p.Limits.Max); err != nil {
			return p, err
		}
		if _, err := lim.value("use", &p.Limits.Use); err != nil {
			return p, err
		}
		if _, err := lim.value("colocation", &p.Limits.Colocation); err != nil {
			return p, err
		}
		if err := lim.done(); err != nil {
			return p, err
		}
	}
	return p, m.done()
}

func readObjective(m *members) (economics.Objective, error) {
	obj := economics.Objective{Target: math.Inf(-1)}
	var goal string
	if err := m.need("goal", &goal); err != nil {
		return obj, err
	}
	found := false
	var names []string
	for g := economics.MaxMean; g <= economics.MeanVariance; g++ {
		names = append(names, g.String())
		if goal == g.String() {
			obj.Goal, found = g, true
		}
	}
	if !found {
		return obj, fmt.Errorf("%w: request.objective.goal = %q: must be one of %q", errRequest, goal, names)
	}
	if _, err := m.value("target", &obj.Target); err != nil {
		return obj, err
	}
	if _, err := m.value("risk_free", &obj.RiskFree); err != nil {
		return obj, err
	}
	if _, err := m.value("lambda", &obj.Lambda); err != nil {
		return obj, err
	}
	return obj, m.done()
}

// readInventory reads "inventory": {"model name": machines, ...}. A name
// given twice is refused (encoding/json would keep the last).
func readInventory(m *members, inv *economics.Inventory) error {
	o, err := m.sub("inventory")
	if err != nil || o == nil {
		return err
	}
	*inv = economics.Inventory{}
	for _, name := range o.keys() {
		var n int
		if err := o.need(name, &n); err != nil {
			return err
		}
		(*inv)[name] = n
	}
	return nil
}

// readPowers reads a map of workload to facility power, {"ai-cloud":
// "5 MW"}: keys are workload names (hardware.ParseWorkload), values power
// strings with their unit. A workload given twice, under any spelling, is
// refused.
func readPowers(m *members, key string, dst *map[hardware.Workload]hardware.Power) error {
	o, err := m.sub(key)
	if err != nil || o == nil {
		return err
	}
	*dst = map[hardware.Workload]hardware.Power{}
	for _, name := range o.keys() {
		w, err := hardware.ParseWorkload(name)
		if err != nil {
			return fmt.Errorf("service: %s.%s: %w", o.path, name, err)
		}
		if _, dup := (*dst)[w]; dup {
			return fmt.Errorf("%w: %s.%s: workload %s given twice", errRequest, o.path, name, w)
		}
		var p hardware.Power
		if err := o.need(name, &p); err != nil {
			return err
		}
		(*dst)[w] = p
	}
	return nil
}
