package hardware

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestJSONUnknownKeys: a key a Model or Mode does not know, or gives in
// another case or twice, is an error matching ErrInvalid that names the key and where it was, even when the
// caller's decoder does not ask for strictness.
func TestJSONUnknownKeys(t *testing.T) {
	tests := []struct {
		name, json, field, key string
	}{
		{"model key", `{"name":"x","class":"ASIC","pric":"1"}`, "Model", "pric"},
		{"mode key", `{"name":"x","modes":[{"name":"stock","power":"3 kW"},{"name":"eco","power":"2 kW","hash_rate":"1 TH/s"}]}`, "Modes[1]", "hash_rate"},
		{"camel case", `{"name":"x","memoryGB":80}`, "Model", "memoryGB"},
		// Keys encoding/json would take: in another case, or given twice.
		{"model key in another case", `{"Name":"x","class":"ASIC"}`, "Model", "Name"},
		{"model key twice", `{"name":"x","name":"y"}`, "Model", "name"},
		{"mode key in another case", `{"name":"x","modes":[{"name":"stock","Power":"3 kW"}]}`, "Modes[0]", "Power"},
		{"mode key twice", `{"name":"x","modes":[{"name":"stock","power":"3 kW","power":"2 kW"}]}`, "Modes[0]", "power"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m Model
			err := json.Unmarshal([]byte(tt.json), &m) // lenient caller
			var ie *InvalidError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) {
				t.Fatalf("Unmarshal = %v, want an *InvalidError matching ErrInvalid", err)
			}
			if ie.Field != tt.field || !strings.Contains(err.Error(), `"`+tt.key+`"`) {
				t.Errorf("error %q: field %q, want %q naming %q", err, ie.Field, tt.field, tt.key)
			}
		})
	}
	var md Mode
	if err := json.Unmarshal([]byte(`{"name":"stock","watts":3000}`), &md); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "watts") {
		t.Errorf("Mode with an unknown key: %v", err)
	}
	// Trailing data passed to UnmarshalJSON directly.
	if err := md.UnmarshalJSON([]byte(`{"name":"stock"} {}`)); !errors.Is(err, ErrInvalid) {
		t.Errorf("trailing data: %v", err)
	}
	// Other decoding errors pass through, naming the mode.
	var m Model
	if err := json.Unmarshal([]byte(`{"modes":[{"power":3000}]}`), &m); err == nil || !strings.Contains(err.Error(), "Modes[0]") {
		t.Errorf("bare number power: %v", err)
	}
}

// TestJSONStrictDecoder: a caller's strict decoder works as before.
func TestJSONStrictDecoder(t *testing.T) {
	want, _ := Lookup("H100 SXM")
	b, _ := json.Marshal(want)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var got Model
	if err := dec.Decode(&got); err != nil || !got.Equal(want) {
		t.Fatalf("strict decode: %v\n got %+v\nwant %+v", err, got, want)
	}
	// JSON null leaves the value alone, as encoding/json does for structs.
	if err := json.Unmarshal([]byte(`null`), &got); err != nil || !got.Equal(want) {
		t.Errorf("null: %v, %+v", err, got)
	}
	// Modes are replaced, not merged element by element.
	if err := json.Unmarshal([]byte(`{"modes":[{"name":"stock","power":"1 kW"}]}`), &got); err != nil ||
		len(got.Modes) != 1 || got.Modes[0].Power != Kilowatt || got.Name != want.Name {
		t.Errorf("partial decode: %v, %+v", err, got)
	}
}

// TestModeJSONRoundTrip: modes, a caller's own included, round-trip.
func TestModeJSONRoundTrip(t *testing.T) {
	for _, md := range []Mode{
		{Name: "eco", Power: 2240, Hashrate: 160 * TeraHash},
		{Name: StockMode, Power: 700},
		{Name: "odd", Power: 1234.5678, Hashrate: 98765432109876.5},
	} {
		b, err := json.Marshal(md)
		if err != nil {
			t.Fatal(err)
		}
		var back Mode
		if err := json.Unmarshal(b, &back); err != nil || back != md {
			t.Errorf("%+v: round trip %s -> %+v, %v", md, b, back, err)
		}
	}
}
