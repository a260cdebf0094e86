package economics

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/strictjson"
	"github.com/wattfolio/wattfolio/market"
)

// JSON of the results a service sends and stores: Stats, Band, Report,
// Plan and FrontierPoint. Keys are snake_case; durations are Go duration
// strings ("8760h0m0s"); workloads are their names ("bitcoin-mining"),
// also as keys of ByWorkload and Power; power is a quantity string
// ("12.5 MW"); Allocation is Line's JSON. Every float64 is written in the
// shortest form that reads back to the same bits, so that decoding what
// Marshal wrote gives an equal value. Keys a type does not have, keys in
// another case and keys given twice are errors, whatever the decoder's
// options.

// jsonFloat is a float64 that may be infinite (Plan.Value of MaxSharpe
// without risk): finite values are JSON numbers, the others the strings
// "+Inf", "-Inf" and "NaN".
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return json.Marshal(v)
}

func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "NaN", "+Inf", "-Inf":
			v, _ := strconv.ParseFloat(s, 64)
			*f = jsonFloat(v)
			return nil
		}
		return invalid("number", s, `must be a JSON number, "+Inf", "-Inf" or "NaN"`)
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = jsonFloat(v)
	return nil
}

// jsonDuration is a time.Duration as a Go duration string.
type jsonDuration time.Duration

func (d jsonDuration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

func (d *jsonDuration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return invalid("duration", string(b), `must be a Go duration such as "8760h0m0s"`)
	}
	*d = jsonDuration(v)
	return nil
}

// decodeStrict decodes one JSON value from b into v with
// strictjson.Decode, refusing unknown keys, keys in another case, keys
// given twice and trailing data; what names the type in errors, which
// wrap strictjson's or a nested decoder's.
func decodeStrict(what string, b []byte, v any) error {
	if err := strictjson.Decode(b, v); err != nil {
		return fmt.Errorf("economics: %s JSON: %w", what, err)
	}
	return nil
}

type statsJSON struct {
	Mean     float64 `json:"mean"`
	StdDev   float64 `json:"std_dev"`
	Variance float64 `json:"variance"`
	StdErr   float64 `json:"std_err"`
	VaR      float64 `json:"var"`
	CVaR     float64 `json:"cvar"`
	ProbLoss float64 `json:"prob_loss"`
}

func (s Stats) wire() statsJSON { return statsJSON(s) }

func (s statsJSON) stats() Stats { return Stats(s) }

// MarshalJSON writes the statistics with the keys mean, std_dev, variance,
// std_err, var, cvar and prob_loss.
func (s Stats) MarshalJSON() ([]byte, error) { return json.Marshal(s.wire()) }

// UnmarshalJSON reads what MarshalJSON writes; other keys are errors.
func (s *Stats) UnmarshalJSON(b []byte) error {
	var w statsJSON
	if err := decodeStrict("Stats", b, &w); err != nil {
		return err
	}
	*s = w.stats()
	return nil
}

type bandJSON struct {
	At  jsonDuration `json:"at"`
	P5  float64      `json:"p5"`
	P25 float64      `json:"p25"`
	P50 float64      `json:"p50"`
	P75 float64      `json:"p75"`
	P95 float64      `json:"p95"`
}

// MarshalJSON writes the band with the keys at (a Go duration), p5, p25,
// p50, p75 and p95.
func (b Band) MarshalJSON() ([]byte, error) {
	return json.Marshal(bandJSON{jsonDuration(b.At), b.P5, b.P25, b.P50, b.P75, b.P95})
}

// UnmarshalJSON reads what MarshalJSON writes; other keys are errors.
func (b *Band) UnmarshalJSON(data []byte) error {
	var w bandJSON
	if err := decodeStrict("Band", data, &w); err != nil {
		return err
	}
	*b = Band{time.Duration(w.At), w.P5, w.P25, w.P50, w.P75, w.P95}
	return nil
}

type reportJSON struct {
	FirstPath int          `json:"first_path,omitempty"`
	Paths     int          `json:"paths"`
	Horizon   jsonDuration `json:"horizon"`
	Step      jsonDuration `json:"step"`
	Level     float64      `json:"level"`
	statsJSON
	ByWorkload          map[hardware.Workload]statsJSON `json:"by_workload"`
	MiningAICorrelation float64                         `json:"mining_ai_correlation"`
	MeanMined           market.Sats                     `json:"mean_mined"`
	MinedStdDev         float64                         `json:"mined_std_dev"`
	Bands               []Band                          `json:"bands"`
	MiningBands         []Band                          `json:"mining_bands"`
	AIBands             []Band                          `json:"ai_bands"`
	Shard               *runStateJSON                   `json:"shard,omitempty"`
}

// MarshalJSON writes the report with snake_case keys, the Stats fields at
// the top level (as Stats writes them), horizon and step as Go durations,
// and by_workload keyed by workload name. A report that starts past path
// 0 has first_path; a shard that Merge can still extend has shard, the
// state Merge needs (see shard_json.go: exact, as base64 of float64 bits).
func (r Report) MarshalJSON() ([]byte, error) {
	w := reportJSON{FirstPath: r.FirstPath, Paths: r.Paths, Shard: r.shard.wire(), Horizon: jsonDuration(r.Horizon), Step: jsonDuration(r.Step), Level: r.Level,
		statsJSON: r.Stats.wire(), MiningAICorrelation: r.MiningAICorrelation, MeanMined: r.MeanMined,
		MinedStdDev: r.MinedStdDev, Bands: r.Bands, MiningBands: r.MiningBands, AIBands: r.AIBands}
	if r.ByWorkload != nil {
		w.ByWorkload = make(map[hardware.Workload]statsJSON, len(r.ByWorkload))
		for k, v := range r.ByWorkload {
			w.ByWorkload[k] = v.wire()
		}
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes; other keys are errors, and
// so is a shard state that does not fit the report's paths and settings.
func (r *Report) UnmarshalJSON(b []byte) error {
	var w reportJSON
	if err := decodeStrict("Report", b, &w); err != nil {
		return err
	}
	out := Report{FirstPath: w.FirstPath, Paths: w.Paths, Horizon: time.Duration(w.Horizon), Step: time.Duration(w.Step), Level: w.Level,
		Stats: w.stats(), MiningAICorrelation: w.MiningAICorrelation, MeanMined: w.MeanMined,
		MinedStdDev: w.MinedStdDev, Bands: w.Bands, MiningBands: w.MiningBands, AIBands: w.AIBands}
	if w.ByWorkload != nil {
		out.ByWorkload = make(map[hardware.Workload]Stats, len(w.ByWorkload))
		for k, v := range w.ByWorkload {
			out.ByWorkload[k] = v.stats()
		}
	}
	if w.Shard != nil {
		st, err := w.Shard.state(out.FirstPath, out.Paths, out.Level, out.Horizon, out.Step, 3, MaxBandPoints)
		if err != nil {
			return fmt.Errorf("economics: Report JSON: %w", err)
		}
		out.shard = st
	}
	*r = out
	return nil
}

type planJSON struct {
	Allocation      Allocation `json:"allocation"`
	Units           []float64  `json:"units"`
	Value           jsonFloat  `json:"value"`
	ContinuousValue jsonFloat  `json:"continuous_value"`
	Gap             jsonFloat  `json:"gap"`
	Shortfall       float64    `json:"shortfall"`
	statsJSON
	Power  map[hardware.Workload]hardware.Power `json:"power"`
	Report Report                               `json:"report"`
}

// MarshalJSON writes the plan with snake_case keys, the Stats fields at
// the top level, the allocation as Allocation's JSON, power by workload
// name as quantity strings, and value, continuous_value and gap as numbers
// or, when infinite (MaxSharpe without risk), "+Inf" or "-Inf".
func (p Plan) MarshalJSON() ([]byte, error) {
	return json.Marshal(planJSON{Allocation: p.Allocation, Units: p.Units, Value: jsonFloat(p.Value),
		ContinuousValue: jsonFloat(p.ContinuousValue), Gap: jsonFloat(p.Gap), Shortfall: p.Shortfall,
		statsJSON: p.Stats.wire(), Power: p.Power, Report: p.Report})
}

// UnmarshalJSON reads what MarshalJSON writes; other keys are errors.
func (p *Plan) UnmarshalJSON(b []byte) error {
	var w planJSON
	if err := decodeStrict("Plan", b, &w); err != nil {
		return err
	}
	*p = Plan{Allocation: w.Allocation, Units: w.Units, Value: float64(w.Value), ContinuousValue: float64(w.ContinuousValue),
		Gap: float64(w.Gap), Shortfall: w.Shortfall, Stats: w.stats(), Power: w.Power, Report: w.Report}
	return nil
}

type frontierPointJSON struct {
	Units []float64 `json:"units"`
	statsJSON
	Power      map[hardware.Workload]hardware.Power `json:"power"`
	Allocation Allocation                           `json:"allocation"`
	Shortfall  float64                              `json:"shortfall"`
}

// MarshalJSON writes the point with snake_case keys, the Stats fields at
// the top level, power by workload name and the allocation as
// Allocation's JSON.
func (f FrontierPoint) MarshalJSON() ([]byte, error) {
	return json.Marshal(frontierPointJSON{Units: f.Units, statsJSON: f.Stats.wire(), Power: f.Power,
		Allocation: f.Allocation, Shortfall: f.Shortfall})
}

// UnmarshalJSON reads what MarshalJSON writes; other keys are errors.
func (f *FrontierPoint) UnmarshalJSON(b []byte) error {
	var w frontierPointJSON
	if err := decodeStrict("FrontierPoint", b, &w); err != nil {
		return err
	}
	*f = FrontierPoint{Units: w.Units, Stats: w.stats(), Power: w.Power, Allocation: w.Allocation, Shortfall: w.Shortfall}
	return nil
}
