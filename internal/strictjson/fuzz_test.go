package strictjson

import (
	"encoding/json"
	"reflect"
	"testing"
)

type fuzzItem struct {
	ID    int64             `json:"id"`
	Name  string            `json:"name"`
	Score float64           `json:"score"`
	Tags  []string          `json:"tags"`
	On    bool              `json:"on"`
	Attrs map[string]string `json:"attrs"`
	Sub   *plainNested      `json:"sub"`
}

// FuzzDecode: arbitrary bytes never panic, and what decodes re-encodes
// into JSON that decodes again to the same value.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"id":1,"name":"a","score":1.5,"tags":["x"],"on":true,"attrs":{"k":"v"},"sub":{"x":2}}`,
		`null`, `{}`, `{"id":1,"id":2}`, `{"Name":"a"}`, `{"id":"1"}`, `{"sub":{"y":1}}`, `{} {}`, `[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v fuzzItem
		if err := Decode(data, &v); err != nil {
			return
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", v, err)
		}
		var again fuzzItem
		if err := Decode(b, &again); err != nil {
			t.Fatalf("decoding %s again: %v", b, err)
		}
		if !reflect.DeepEqual(v, again) {
			t.Fatalf("round trip of %q:\n got %+v\nwant %+v", data, again, v)
		}
	})
}
