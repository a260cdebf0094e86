package hardware

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/wattfolio/wattfolio/internal/strictjson"
)

// This file holds the JSON decoding of Model and Mode. Their encoding is
// encoding/json's own, from the struct tags: snake_case keys, power and
// hashrate as text with units ("3.5 kW", "200 TH/s"), Price as a decimal
// string.

// UnmarshalJSON decodes a Mode from a JSON object with the keys of its
// struct tags (name, power, hashrate). A key it does not know, a key in
// another case and a key given twice are errors matching ErrInvalid
// whatever the caller's decoder options, since a dropped
// key ("hash_rate" for "hashrate") would leave a zero where a figure was
// meant. It does not Validate the mode.
func (m *Mode) UnmarshalJSON(b []byte) error {
	type plain Mode
	return decodeStrict(b, (*plain)(m), "Mode")
}

// UnmarshalJSON decodes a Model from a JSON object with the keys of its
// struct tags (name, maker, class, modes, memory_gb, bf16_tflops,
// idle_power, host_power, price, price_date). A key it does not know, in
// another case or given twice, in the model or in one of its modes, is an
// error matching ErrInvalid whatever the caller's decoder options; its message names the field ("Modes[1]"). JSON
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
	err := decodeStrict(b, &raw, "Model")
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

// keyReasons says why strictjson refused a key; %s is the list of keys the
// type knows.
var keyReasons = map[strictjson.Problem]string{
	strictjson.UnknownKey:   "unknown JSON key (known: %s)",
	strictjson.CaseKey:      "JSON key in another case (keys are case-sensitive; known: %s)",
	strictjson.DuplicateKey: "JSON key given twice (known: %s)",
}

// decodeStrict decodes the single JSON value b into dst with
// strictjson.Decode. A refused key (unknown, in another case or given
// twice) or trailing data gives an *InvalidError for field (the type's
// name), listing the keys the type knows. encoding/json's syntax and type
// errors, and those of nested decoders, are returned as they come.
func decodeStrict(b []byte, dst any, field string) error {
	err := strictjson.Decode(b, dst)
	se, ok := err.(*strictjson.Error) // Decode returns its own errors unwrapped
	if !ok {
		return err
	}
	if reason, ok := keyReasons[se.Problem]; ok {
		return invalid(field, strconv.Quote(se.Key), fmt.Sprintf(reason, se.KnownKeys()))
	}
	if se.Err == nil { // trailing data
		return invalid(field, "JSON", se.Reason)
	}
	return se.Err
}
