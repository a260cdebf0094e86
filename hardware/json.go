package hardware

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// This file holds the JSON decoding of Model and Mode. Their encoding is
// encoding/json's own, from the struct tags: snake_case keys, power and
// hashrate as text with units ("3.5 kW", "200 TH/s"), Price as a decimal
// string.

// UnmarshalJSON decodes a Mode from a JSON object with the keys of its
// struct tags (name, power, hashrate). A key it does not know is an error
// matching ErrInvalid whatever the caller's decoder options, since a dropped
// key ("hash_rate" for "hashrate") would leave a zero where a figure was
// meant. It does not Validate the mode.
func (m *Mode) UnmarshalJSON(b []byte) error {
	type plain Mode
	return decodeStrict(b, (*plain)(m), "Mode", "name, power, hashrate")
}

// UnmarshalJSON decodes a Model from a JSON object with the keys of its
// struct tags (name, maker, class, modes, memory_gb, bf16_tflops,
// idle_power, host_power, price, price_date). A key it does not know, in the
// model or in one of its modes, is an error matching ErrInvalid whatever the
// caller's decoder options; its message names the field ("Modes[1]"). JSON
// null, for the model or its modes, leaves what was there, as encoding/json
// does for a struct. It does not Validate the model: call Validate (the economics package
// does for every line).
//
// A Model's JSON round-trips: decoding what json.Marshal wrote gives a
// model Equal to the original.
func (m *Model) UnmarshalJSON(b []byte) error {
	type plain Model
	raw := struct {
		*plain
		Modes []json.RawMessage `json:"modes"` // shadows plain's Modes
	}{plain: (*plain)(m)}
	err := decodeStrict(b, &raw, "Model",
		"name, maker, class, modes, memory_gb, bf16_tflops, idle_power, host_power, price, price_date")
	if err != nil || raw.Modes == nil {
		return err
	}
	modes := make([]Mode, len(raw.Modes))
	for i, r := range raw.Modes {
		if err := json.Unmarshal(r, &modes[i]); err != nil {
			var ie *InvalidError
			if errors.As(err, &ie) && ie.Field == "Mode" {
				return invalid(modeField(i), ie.Value, ie.Reason)
			}
			return fmt.Errorf("hardware: %s: %w", modeField(i), err)
		}
	}
	m.Modes = modes
	return nil
}

// decodeStrict decodes the single JSON value b into dst, refusing unknown
// keys and trailing data. A refused key gives an *InvalidError for field
// (the type's name) that lists the keys the type knows.
func decodeStrict(b []byte, dst any, field, keys string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			if k, err := strconv.Unquote(key); err == nil {
				key = k
			}
			return invalid(field, strconv.Quote(key), "unknown JSON key (known: "+keys+")")
		}
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalid(field, "JSON", "trailing data after the JSON value")
	}
	return nil
}
