package hardware

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestJSONCaseAndDuplicateKeys: a key in another case ("Name" for "name")
// or given twice is refused, in a model and in its modes, where
// encoding/json would fill the field or keep the last value.
func TestJSONCaseAndDuplicateKeys(t *testing.T) {
	tests := []struct {
		name, json, field, key string
	}{
		{"model key in another case", `{"Name":"x","class":"ASIC"}`, "Model", "Name"},
		{"model key twice", `{"name":"x","name":"y"}`, "Model", "name"},
		{"mode key in another case", `{"name":"x","modes":[{"name":"stock","Power":"3 kW"}]}`, "Modes[0]", "Power"},
		{"mode key twice", `{"name":"x","modes":[{"name":"stock","power":"3 kW","power":"2 kW"}]}`, "Modes[0]", "power"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m Model
			err := json.Unmarshal([]byte(tt.json), &m)
			var ie *InvalidError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) {
				t.Fatalf("Unmarshal = %v, want an *InvalidError matching ErrInvalid", err)
			}
			if ie.Field != tt.field || !strings.Contains(err.Error(), `"`+tt.key+`"`) {
				t.Errorf("error %q: field %q, want %q naming %q", err, ie.Field, tt.field, tt.key)
			}
		})
	}
}
