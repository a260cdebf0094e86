package market

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/internal/strictjson"
)

// JSON decoding. Every type of this package that reads JSON refuses keys it
// does not know, whatever the caller's decoder options (encoding/json
// otherwise drops them, so a typo silently leaves a field at its zero), keys
// in another case and keys given twice, and
// checks what it read with Validate: a value that decodes is a valid one.
// Errors match ErrInvalid and name the field.

// snapshotJSON is the wire form of a Snapshot: prices as raw JSON so that
// null, units and bounds are checked here, with the field's name.
type snapshotJSON struct {
	Date           time.Time         `json:"date"`
	Bitcoin        Bitcoin           `json:"bitcoin"`
	PowerPrice     json.RawMessage   `json:"power_price"`
	TimeOfUse      []json.RawMessage `json:"time_of_use"`
	GPURates       json.RawMessage   `json:"gpu_rates"`
	Utilization    *float64          `json:"utilization"`
	GPUMining      json.RawMessage   `json:"gpu_mining"`
	ColocationRate json.RawMessage   `json:"colocation_rate"`
}

// UnmarshalJSON reads a Snapshot as json.Marshal writes it, and also takes power prices with their unit: "power_price" and
// each "time_of_use" entry may be a bare number or decimal string in USD/kWh
// or a string such as "45 USD/MWh" or "0.045 USD/kWh" (ParsePowerPrice). It
// returns an error matching ErrInvalid, naming the field, for an unknown key
// (keys are case-sensitive; a key given twice is an error too),
// a null price or quote, a missing "power_price" (unless "time_of_use"
// is given) or "utilization", and any snapshot that fails
// Validate; on error s is left unchanged.
func (s *Snapshot) UnmarshalJSON(data []byte) error {
	var w snapshotJSON
	if err := decodeStrict(data, &w, "Snapshot"); err != nil {
		return err
	}
	out := Snapshot{Date: w.Date, Bitcoin: w.Bitcoin}
	if w.Utilization == nil {
		return invalid("Utilization", "missing", "must be given, in [0, 1]")
	}
	out.Utilization = *w.Utilization
	var err error
	switch {
	case w.PowerPrice != nil:
		if out.PowerPrice, err = powerPriceJSON("PowerPrice", w.PowerPrice); err != nil {
			return err
		}
	case w.TimeOfUse == nil:
		return invalid("PowerPrice", "missing", "must be given (or time_of_use), in USD/kWh or with its unit")
	}
	if w.TimeOfUse != nil {
		out.TimeOfUse = make([]decimal.Decimal, len(w.TimeOfUse))
		for h, raw := range w.TimeOfUse {
			if out.TimeOfUse[h], err = powerPriceJSON(fmt.Sprintf("TimeOfUse[%d]", h), raw); err != nil {
				return err
			}
		}
		if w.PowerPrice == nil && len(out.TimeOfUse) == 24 {
			out.PowerPrice = out.MeanPowerPrice()
		}
	}
	if out.GPURates, err = quotesJSON("GPURates", w.GPURates); err != nil {
		return err
	}
	if out.GPUMining, err = quotesJSON("GPUMining", w.GPUMining); err != nil {
		return err
	}
	if w.ColocationRate != nil {
		if out.ColocationRate, err = decimalJSON("ColocationRate", w.ColocationRate); err != nil {
			return err
		}
	}
	if err := out.Validate(); err != nil {
		return err
	}
	*s = out
	return nil
}

// powerPriceJSON reads a power price: a JSON number (USD/kWh) or a string
// ParsePowerPrice reads. The error names field.
func powerPriceJSON(field string, raw json.RawMessage) (decimal.Decimal, error) {
	if isNull(raw) {
		return decimal.Decimal{}, invalid(field, "null", "must be a price: 0.045, \"0.045 USD/kWh\" or \"45 USD/MWh\"")
	}
	if raw[0] == '"' {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return decimal.Decimal{}, invalid(field, string(raw), "must be a JSON string or number")
		}
		d, err := ParsePowerPrice(text)
		var ie *InvalidError
		if errors.As(err, &ie) {
			return decimal.Decimal{}, invalid(field, ie.Value, ie.Reason)
		}
		return d, err
	}
	d, err := decimal.NewFromString(string(raw))
	if err != nil {
		return decimal.Decimal{}, invalid(field, string(raw), "must be a number in USD/kWh or a string with its unit")
	}
	if reason, ok := CheckPowerPrice(d); !ok {
		return decimal.Decimal{}, invalid(field, string(raw), reason)
	}
	return d, nil
}

// decimalJSON reads a decimal written as a JSON number or decimal string.
func decimalJSON(field string, raw json.RawMessage) (decimal.Decimal, error) {
	if isNull(raw) {
		return decimal.Decimal{}, invalid(field, "null", "must be a number")
	}
	text := string(raw)
	if raw[0] == '"' {
		if err := json.Unmarshal(raw, &text); err != nil {
			return decimal.Decimal{}, invalid(field, string(raw), "must be a JSON string or number")
		}
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, invalid(field, string(raw), "must be a decimal number")
	}
	return d, nil
}

// quotesJSON reads a map of quotes; a null quote is an error naming its key
// (encoding/json would make it a zero rate).
// A model named twice is an error (encoding/json keeps the last silently).
func quotesJSON(field string, object json.RawMessage) (map[string]decimal.Decimal, error) {
	if isNull(object) {
		return nil, nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(object, &raw); err != nil {
		return nil, invalid(field, "JSON", "must be an object of model names to numbers")
	}
	dec := json.NewDecoder(bytes.NewReader(object))
	_, _ = dec.Token() // '{': object decoded above
	for seen := make(map[string]bool, len(raw)); dec.More(); {
		tok, _ := dec.Token()
		name, _ := tok.(string)
		if seen[name] {
			return nil, invalid(fmt.Sprintf("%s[%q]", field, name), "twice", "a model may be quoted once")
		}
		seen[name] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, invalid(field, "JSON", err.Error())
		}
	}
	out := make(map[string]decimal.Decimal, len(raw))
	for _, name := range sortedKeys(raw) {
		key := fmt.Sprintf("%s[%q]", field, name)
		if isNull(raw[name]) {
			return nil, invalid(key, "null", "must be a positive quote; leave a model without a quote out")
		}
		d, err := decimalJSON(key, raw[name])
		if err != nil {
			return nil, err
		}
		out[name] = d
	}
	return out, nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// UnmarshalJSON reads a Bitcoin as its default encoding writes it, refusing
// unknown keys, and checks it with Validate. Errors match ErrInvalid and name
// the field; on error b is left unchanged.
func (b *Bitcoin) UnmarshalJSON(data []byte) error {
	type plain Bitcoin // no methods: no recursion
	var w plain
	if err := decodeStrict(data, &w, "Bitcoin"); err != nil {
		return err
	}
	if err := Bitcoin(w).Validate(); err != nil {
		return err
	}
	*b = Bitcoin(w)
	return nil
}

// UnmarshalJSON reads a Chain as its default encoding writes it, refusing
// unknown keys; block_interval may also be a Go duration string ("10m").
// A chain that is not zero is checked with Validate. Errors match
// ErrInvalid and name the field; on error c is left unchanged.
func (c *Chain) UnmarshalJSON(data []byte) error {
	var w struct {
		HalvingInterval  int64           `json:"halving_interval"`
		InitialSubsidy   Sats            `json:"initial_subsidy"`
		BlockInterval    json.RawMessage `json:"block_interval"`
		RetargetInterval int64           `json:"retarget_interval"`
	}
	if err := decodeStrict(data, &w, "Chain"); err != nil {
		return err
	}
	out := Chain{HalvingInterval: w.HalvingInterval, InitialSubsidy: w.InitialSubsidy, RetargetInterval: w.RetargetInterval}
	if !isNull(w.BlockInterval) {
		var ns int64
		var text string
		switch {
		case json.Unmarshal(w.BlockInterval, &ns) == nil:
			out.BlockInterval = time.Duration(ns)
		case json.Unmarshal(w.BlockInterval, &text) == nil:
			d, err := time.ParseDuration(text)
			if err != nil {
				return invalid("Chain.BlockInterval", text, `must be a Go duration ("10m") or integer nanoseconds`)
			}
			out.BlockInterval = d
		default:
			return invalid("Chain.BlockInterval", string(w.BlockInterval), `must be a Go duration ("10m") or integer nanoseconds`)
		}
	}
	if out != (Chain{}) {
		if err := out.Validate(); err != nil {
			return err
		}
	}
	*c = out
	return nil
}

// decodeStrict decodes data into v with strictjson.Decode and turns its
// errors into ones matching ErrInvalid that name the field or key of what
// (a type name). Errors from a nested UnmarshalJSON pass unchanged.
func decodeStrict(data []byte, v any, what string) error {
	err := strictjson.Decode(data, v)
	se, ok := err.(*strictjson.Error) // Decode returns its own errors unwrapped
	if !ok {
		return err
	}
	switch p := se.Problem; {
	case p == strictjson.WrongType:
		return invalid(what+"."+se.Key, se.Value, se.Reason)
	case p == strictjson.DuplicateKey:
		return invalid(what+" JSON key", fmt.Sprintf("%q", se.Key), "given twice")
	case p == strictjson.UnknownKey || p == strictjson.CaseKey:
		reason := "unknown key; known keys are "
		if p == strictjson.CaseKey {
			reason = "unknown key (keys are case-sensitive); known keys are "
		}
		return invalid(what+" JSON key", fmt.Sprintf("%q", se.Key), reason+se.KnownKeys())
	}
	return invalid(what, "JSON", se.Reason)
}
