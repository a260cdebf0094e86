package economics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// JSON of the investment types: Project (its Outlays, Finance, and the
// Delay, Capital and Lease of its lines) and Appraisal (its Percentiles and
// Years). Keys are snake_case (the types' json tags); durations are Go
// duration strings ("8760h0m0s"), read back with time.ParseDuration, where
// an empty string or a missing key is zero; dates are RFC 3339; money is a
// decimal string; Depreciation is its name ("macrs5"). Decoding is strict,
// whatever the decoder's options: an unknown key, a key in another case or
// a key given twice is an error matching ErrInvalid that names its path
// ("Lines[3].Delay.mni", "Outlays[1].amont", "Appraisal.Years[2].capx").

// durationField is one duration of a wire struct, for parseDurations.
type durationField struct {
	key  string
	text string
	dst  *time.Duration
}

// parseDurations parses each field's text as a Go duration into its dst;
// "" is zero. An error names path.key.
func parseDurations(path string, fields ...durationField) error {
	for _, f := range fields {
		if f.text == "" {
			*f.dst = 0
			continue
		}
		d, err := time.ParseDuration(f.text)
		if err != nil {
			return invalid(path+"."+f.key, f.text, `must be a Go duration such as "720h"`)
		}
		*f.dst = d
	}
	return nil
}

// isNull reports whether b is empty or the JSON null.
func isNull(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || bytes.Equal(b, []byte("null"))
}

type delayJSON struct {
	Min    string `json:"min"`
	Likely string `json:"likely"`
	Max    string `json:"max"`
}

// MarshalJSON writes the delay as {"min", "likely", "max"}, each a Go
// duration string.
func (d Delay) MarshalJSON() ([]byte, error) {
	return json.Marshal(delayJSON{d.Min.String(), d.Likely.String(), d.Max.String()})
}

// UnmarshalJSON reads what MarshalJSON writes, strictly (see the package's
// JSON conventions). The delay is not validated: Project.Validate does it.
func (d *Delay) UnmarshalJSON(b []byte) error { return d.decode(b, "Delay") }

func (d *Delay) decode(b []byte, path string) error {
	var w delayJSON
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	var out Delay
	if err := parseDurations(path, durationField{"min", w.Min, &out.Min},
		durationField{"likely", w.Likely, &out.Likely}, durationField{"max", w.Max, &out.Max}); err != nil {
		return err
	}
	*d = out
	return nil
}

type capitalJSON struct {
	Unit         decimal.Decimal `json:"unit"`
	Life         string          `json:"life"`
	Salvage      float64         `json:"salvage"`
	Depreciation Depreciation    `json:"depreciation"`
	Owned        bool            `json:"owned,omitempty"`
}

// MarshalJSON writes the capital as {"unit" (a decimal string), "life" (a
// Go duration), "salvage", "depreciation" (its name)}.
func (c Capital) MarshalJSON() ([]byte, error) {
	return json.Marshal(capitalJSON{c.Unit, c.Life.String(), c.Salvage, c.Depreciation, c.Owned})
}

// UnmarshalJSON reads what MarshalJSON writes, strictly; "unit" may also
// be a JSON number. The capital is not validated: Project.Validate does
// it.
func (c *Capital) UnmarshalJSON(b []byte) error { return c.decode(b, "Capital") }

func (c *Capital) decode(b []byte, path string) error {
	var w capitalJSON
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	out := Capital{Unit: w.Unit, Salvage: w.Salvage, Depreciation: w.Depreciation, Owned: w.Owned}
	if err := parseDurations(path, durationField{"life", w.Life, &out.Life}); err != nil {
		return err
	}
	*c = out
	return nil
}

type leaseJSON struct {
	Rate      decimal.Decimal `json:"rate"`
	Escalator float64         `json:"escalator"`
	Term      string          `json:"term"`
	Default   float64         `json:"default"`
	Relet     string          `json:"relet"`
}

// MarshalJSON writes the lease as {"rate" (a decimal string, USD per
// kW-month), "escalator", "term" (a Go duration), "default", "relet" (a Go
// duration)}.
func (l Lease) MarshalJSON() ([]byte, error) {
	return json.Marshal(leaseJSON{l.Rate, l.Escalator, l.Term.String(), l.Default, l.Relet.String()})
}

// UnmarshalJSON reads what MarshalJSON writes, strictly; "rate" may also
// be a JSON number. The lease is not validated: Project.Validate does it.
func (l *Lease) UnmarshalJSON(b []byte) error { return l.decode(b, "Lease") }

func (l *Lease) decode(b []byte, path string) error {
	var w leaseJSON
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	out := Lease{Rate: w.Rate, Escalator: w.Escalator, Default: w.Default}
	if err := parseDurations(path, durationField{"term", w.Term, &out.Term},
		durationField{"relet", w.Relet, &out.Relet}); err != nil {
		return err
	}
	*l = out
	return nil
}

type outlayJSON struct {
	Date   time.Time       `json:"date,omitzero"`
	Amount decimal.Decimal `json:"amount"`
	Label  string          `json:"label,omitempty"`
	Life   string          `json:"life,omitempty"`
}

// MarshalJSON writes the outlay as {"date" (RFC 3339, left out when zero),
// "amount" (a decimal string), "label" (left out when empty), "life" (a Go
// duration, left out when zero)}.
func (o Outlay) MarshalJSON() ([]byte, error) {
	w := outlayJSON{Date: o.Date, Amount: o.Amount, Label: o.Label}
	if o.Life != 0 {
		w.Life = o.Life.String()
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes, strictly; "amount" may also
// be a JSON number. The outlay is not validated: Project.Validate does it.
func (o *Outlay) UnmarshalJSON(b []byte) error { return o.decode(b, "Outlay") }

func (o *Outlay) decode(b []byte, path string) error {
	var w struct {
		outlayJSON
		Date json.RawMessage `json:"date"` // read here, so that an error names it
	}
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	out := Outlay{Amount: w.Amount, Label: w.Label}
	if !isNull(w.Date) {
		if err := out.Date.UnmarshalJSON(w.Date); err != nil {
			return invalid(path+".date", string(w.Date), `must be an RFC 3339 time such as "2026-07-01T00:00:00Z"`)
		}
	}
	if err := parseDurations(path, durationField{"life", w.Life, &out.Life}); err != nil {
		return err
	}
	*o = out
	return nil
}

type financeJSON struct {
	Discount float64 `json:"discount"`
	TaxRate  float64 `json:"tax_rate"`
	Debt     float64 `json:"debt"`
	Interest float64 `json:"interest"`
	Tenor    string  `json:"tenor"`
}

// MarshalJSON writes the financing as {"discount", "tax_rate", "debt",
// "interest", "tenor" (a Go duration)}.
func (f Finance) MarshalJSON() ([]byte, error) {
	return json.Marshal(financeJSON{f.Discount, f.TaxRate, f.Debt, f.Interest, f.Tenor.String()})
}

// UnmarshalJSON reads what MarshalJSON writes, strictly. The financing is
// not validated: call Validate.
func (f *Finance) UnmarshalJSON(b []byte) error { return f.decode(b, "Finance") }

func (f *Finance) decode(b []byte, path string) error {
	var w financeJSON
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	out := Finance{Discount: w.Discount, TaxRate: w.TaxRate, Debt: w.Debt, Interest: w.Interest}
	if err := parseDurations(path, durationField{"tenor", w.Tenor, &out.Tenor}); err != nil {
		return err
	}
	*f = out
	return nil
}

// UnmarshalJSON reads a project strictly: {"site", "lines", "outlays",
// "finance"}, with the site as Site's JSON, each line as Line's and each
// outlay as Outlay's. Errors match ErrInvalid (or the sentinel of a line's
// model lookup) and name their path from the project: "Project.sites" for
// an unknown key, "Site.pue", "Lines[3].Delay.min", "Outlays[1].amont",
// "Finance.tenor". The project is not validated: call Validate.
func (p *Project) UnmarshalJSON(b []byte) error {
	var raw struct {
		Site    json.RawMessage   `json:"site"`
		Lines   []json.RawMessage `json:"lines"`
		Outlays []json.RawMessage `json:"outlays"`
		Finance json.RawMessage   `json:"finance"`
	}
	if err := strictDecode(b, &raw, "Project"); err != nil {
		return err
	}
	var out Project
	if !isNull(raw.Site) {
		if err := out.Site.UnmarshalJSON(raw.Site); err != nil {
			return err
		}
	}
	if raw.Lines != nil {
		out.Lines = make([]Line, len(raw.Lines))
	}
	for i, m := range raw.Lines {
		if err := out.Lines[i].decode(m, fmt.Sprintf("Lines[%d]", i)); err != nil {
			return err
		}
	}
	if raw.Outlays != nil {
		out.Outlays = make([]Outlay, len(raw.Outlays))
	}
	for i, m := range raw.Outlays {
		if err := out.Outlays[i].decode(m, fmt.Sprintf("Outlays[%d]", i)); err != nil {
			return err
		}
	}
	if !isNull(raw.Finance) {
		if err := out.Finance.decode(raw.Finance, "Finance"); err != nil {
			return err
		}
	}
	*p = out
	return nil
}

type percentilesJSON struct {
	P5        jsonFloat `json:"p5"`
	P25       jsonFloat `json:"p25"`
	P50       jsonFloat `json:"p50"`
	P75       jsonFloat `json:"p75"`
	P95       jsonFloat `json:"p95"`
	Undefined float64   `json:"undefined"`
}

// MarshalJSON writes the percentiles as {"p5", "p25", "p50", "p75", "p95",
// "undefined"}; a NaN percentile (every path undefined) is the string
// "NaN", an infinite one "+Inf" or "-Inf".
func (q Percentiles) MarshalJSON() ([]byte, error) {
	return json.Marshal(percentilesJSON{jsonFloat(q.P5), jsonFloat(q.P25), jsonFloat(q.P50),
		jsonFloat(q.P75), jsonFloat(q.P95), q.Undefined})
}

// UnmarshalJSON reads what MarshalJSON writes, strictly.
func (q *Percentiles) UnmarshalJSON(b []byte) error { return q.decode(b, "Percentiles") }

func (q *Percentiles) decode(b []byte, path string) error {
	// The percentiles are read here, one by one, so that an error names
	// its key.
	var w struct {
		P5        json.RawMessage `json:"p5"`
		P25       json.RawMessage `json:"p25"`
		P50       json.RawMessage `json:"p50"`
		P75       json.RawMessage `json:"p75"`
		P95       json.RawMessage `json:"p95"`
		Undefined float64         `json:"undefined"`
	}
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	out := Percentiles{Undefined: w.Undefined}
	for _, f := range []struct {
		key string
		raw json.RawMessage
		dst *float64
	}{{"p5", w.P5, &out.P5}, {"p25", w.P25, &out.P25}, {"p50", w.P50, &out.P50}, {"p75", w.P75, &out.P75}, {"p95", w.P95, &out.P95}} {
		if len(f.raw) == 0 {
			continue
		}
		var v jsonFloat
		if isNull(f.raw) || v.UnmarshalJSON(f.raw) != nil {
			return invalid(path+"."+f.key, string(f.raw), `must be a JSON number, "+Inf", "-Inf" or "NaN"`)
		}
		*f.dst = float64(v)
	}
	*q = out
	return nil
}

type yearJSON struct {
	Year           int             `json:"year"`
	Mining         decimal.Decimal `json:"mining"`
	AICloud        decimal.Decimal `json:"ai_cloud"`
	Colocation     decimal.Decimal `json:"colocation"`
	Power          decimal.Decimal `json:"power"`
	Opex           decimal.Decimal `json:"opex"`
	Capex          decimal.Decimal `json:"capex"`
	Salvage        decimal.Decimal `json:"salvage"`
	Tax            decimal.Decimal `json:"tax"`
	FreeCashFlow   decimal.Decimal `json:"free_cash_flow"`
	Borrowed       decimal.Decimal `json:"borrowed"`
	Interest       decimal.Decimal `json:"interest"`
	Principal      decimal.Decimal `json:"principal"`
	TaxShield      decimal.Decimal `json:"tax_shield"`
	EquityCashFlow decimal.Decimal `json:"equity_cash_flow"`
}

// MarshalJSON writes the year with snake_case keys ("year", "mining",
// "ai_cloud", ..., "free_cash_flow", ..., "equity_cash_flow"), money as
// decimal strings.
func (y Year) MarshalJSON() ([]byte, error) { return json.Marshal(yearJSON(y)) }

// UnmarshalJSON reads what MarshalJSON writes, strictly; money may also be
// JSON numbers. The rows' sums are not checked.
func (y *Year) UnmarshalJSON(b []byte) error { return y.decode(b, "Year") }

func (y *Year) decode(b []byte, path string) error {
	var w yearJSON
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	*y = Year(w)
	return nil
}

type appraisalJSON struct {
	FirstPath     int               `json:"first_path,omitempty"`
	Paths         int               `json:"paths"`
	Horizon       string            `json:"horizon"`
	Step          string            `json:"step"`
	NPV           json.RawMessage   `json:"npv"`
	IRR           json.RawMessage   `json:"irr"`
	EquityIRR     json.RawMessage   `json:"equity_irr"`
	Payback       json.RawMessage   `json:"payback"`
	DebtShortfall float64           `json:"debt_shortfall"`
	Years         []json.RawMessage `json:"years"`
	Bands         []json.RawMessage `json:"bands"`
	Shard         json.RawMessage   `json:"shard,omitempty"`
}

// MarshalJSON writes the appraisal with snake_case keys: "paths",
// "horizon" and "step" as Go durations, "npv" as Stats' JSON, "irr",
// "equity_irr" and "payback" as Percentiles', "debt_shortfall", "years" as
// Year's and "bands" as Band's; "first_path" when it is not 0, and "shard"
// for a shard Merge can still extend. UnmarshalJSON reads it back to an equal
// value (floats in their shortest exact form, decimals by value).
func (a Appraisal) MarshalJSON() ([]byte, error) {
	w := appraisalJSON{FirstPath: a.FirstPath, Paths: a.Paths, Horizon: a.Horizon.String(), Step: a.Step.String(), DebtShortfall: a.DebtShortfall}
	var err error
	if w.Shard, err = a.shard.wire(); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		dst *json.RawMessage
		v   json.Marshaler
	}{{&w.NPV, a.NPV}, {&w.IRR, a.IRR}, {&w.EquityIRR, a.EquityIRR}, {&w.Payback, a.Payback}} {
		if *f.dst, err = f.v.MarshalJSON(); err != nil {
			return nil, err
		}
	}
	if w.Years, err = rawList(a.Years); err != nil {
		return nil, err
	}
	if w.Bands, err = rawList(a.Bands); err != nil {
		return nil, err
	}
	return json.Marshal(w)
}

// rawList marshals each element of xs; nil stays nil.
func rawList[T json.Marshaler](xs []T) ([]json.RawMessage, error) {
	if xs == nil {
		return nil, nil
	}
	out := make([]json.RawMessage, len(xs))
	for i, x := range xs {
		b, err := x.MarshalJSON()
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// UnmarshalJSON reads what MarshalJSON writes, strictly. Errors match
// ErrInvalid and name their path: "Appraisal.npvs" for an unknown key,
// "Appraisal.NPV.mean", "Appraisal.IRR.p5", "Appraisal.Years[2].capex",
// "Appraisal.Bands[0].p50". A shard's state ("shard", see Appraisal.Merge)
// must fit the appraisal's paths, horizon, step and years.
func (a *Appraisal) UnmarshalJSON(b []byte) error {
	const path = "Appraisal"
	var w appraisalJSON
	if err := strictDecode(b, &w, path); err != nil {
		return err
	}
	out := Appraisal{FirstPath: w.FirstPath, Paths: w.Paths, DebtShortfall: w.DebtShortfall}
	if err := parseDurations(path, durationField{"horizon", w.Horizon, &out.Horizon},
		durationField{"step", w.Step, &out.Step}); err != nil {
		return err
	}
	if !isNull(w.NPV) {
		var s statsJSON
		if err := strictDecode(w.NPV, &s, path+".NPV"); err != nil {
			return err
		}
		out.NPV = s.stats()
	}
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  *Percentiles
	}{{"IRR", w.IRR, &out.IRR}, {"EquityIRR", w.EquityIRR, &out.EquityIRR}, {"Payback", w.Payback, &out.Payback}} {
		if isNull(f.raw) {
			continue
		}
		if err := f.dst.decode(f.raw, path+"."+f.name); err != nil {
			return err
		}
	}
	if w.Years != nil {
		out.Years = make([]Year, len(w.Years))
	}
	for i, m := range w.Years {
		if err := out.Years[i].decode(m, fmt.Sprintf("%s.Years[%d]", path, i)); err != nil {
			return err
		}
	}
	if w.Bands != nil {
		out.Bands = make([]Band, len(w.Bands))
	}
	for i, m := range w.Bands {
		var bj struct {
			bandJSON
			At string `json:"at"` // read here, so that an error names it
		}
		bpath := fmt.Sprintf("%s.Bands[%d]", path, i)
		if err := strictDecode(m, &bj, bpath); err != nil {
			return err
		}
		band := Band{P5: bj.P5, P25: bj.P25, P50: bj.P50, P75: bj.P75, P95: bj.P95}
		if err := parseDurations(bpath, durationField{"at", bj.At, &band.At}); err != nil {
			return err
		}
		out.Bands[i] = band
	}
	if len(w.Shard) > 0 && !isNull(w.Shard) {
		st, err := decodeAppraisalState(w.Shard, &out)
		if err != nil {
			return err
		}
		out.shard = st
	}
	*a = out
	return nil
}
