package strictjson

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// inner reads itself and refuses "bad"; its keys are its own business.
type inner struct{ N int }

var errInner = errors.New("inner refused")

func (in *inner) UnmarshalJSON(b []byte) error {
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if _, ok := m["bad"]; ok {
		return errInner
	}
	in.N = m["n"]
	return nil
}

type base struct {
	Name string `json:"name"`
}

type plainNested struct {
	X int `json:"x"`
}

type outer struct {
	base
	Count  int         `json:"count,omitempty"`
	In     inner       `json:"in"`
	Nested plainNested `json:"nested"`
	Skip   int         `json:"-"`
	Bare   bool
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		problem Problem
		key     string
		want    outer
	}{
		{"ok", `{"name":"a","count":2,"Bare":true}`, 0, "", outer{base: base{"a"}, Count: 2, Bare: true}},
		{"null", `null`, 0, "", outer{}},
		{"unknown key", `{"name":"a","cuont":2}`, UnknownKey, "cuont", outer{}},
		{"dash field", `{"Skip":1}`, UnknownKey, "Skip", outer{}},
		{"case-variant key", `{"Name":"a"}`, CaseKey, "Name", outer{}},
		{"case-variant untagged", `{"bare":true}`, CaseKey, "bare", outer{}},
		{"duplicate key", `{"count":1,"count":2}`, DuplicateKey, "count", outer{}},
		{"duplicate in two cases", `{"count":1,"COUNT":2}`, CaseKey, "COUNT", outer{}},
		{"trailing data", `{"count":1} {}`, TrailingData, "", outer{}},
		{"trailing brace", `{"count":1}}`, TrailingData, "", outer{}},
		{"type error", `{"count":"2"}`, WrongType, "count", outer{}},
		{"syntax error", `{"count":`, Syntax, "", outer{}},
		{"nested keys: nested type's business", `{"in":{"N":1,"n":2,"n":3}}`, 0, "", outer{In: inner{3}}},
		{"plain nested case is the nested type's business", `{"nested":{"X":1}}`, 0, "", outer{Nested: plainNested{1}}},
		{"plain nested unknown key still refused", `{"nested":{"y":1}}`, UnknownKey, "y", outer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got outer
			err := Decode([]byte(tt.in), &got)
			if tt.problem == 0 {
				if err != nil || !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("Decode(%s) = %v, %+v; want %+v", tt.in, err, got, tt.want)
				}
				return
			}
			var se *Error
			if !errors.As(err, &se) || se.Problem != tt.problem || se.Key != tt.key {
				t.Fatalf("Decode(%s) = %#v, want problem %d with key %q", tt.in, err, tt.problem, tt.key)
			}
			if err.Error() == "" || se.Reason == "" {
				t.Errorf("empty message: %#v", se)
			}
			if se.Problem == WrongType && (se.Value != "string" || !strings.Contains(se.Reason, "integer")) {
				t.Errorf("type error %#v, want the kind found and the kind expected", se)
			}
		})
	}
}

func TestDecodeNestedErrorPassesThrough(t *testing.T) {
	var got outer
	if err := Decode([]byte(`{"in":{"bad":1}}`), &got); err != errInner {
		t.Errorf("nested error %v, want errInner unchanged", err)
	}
}

func TestKnownKeys(t *testing.T) {
	var se *Error
	err := Decode([]byte(`{"x":1}`), new(outer))
	if !errors.As(err, &se) {
		t.Fatal(err)
	}
	if got, want := se.KnownKeys(), "name, count, in, nested, Bare"; got != want {
		t.Errorf("known keys %q, want %q", got, want)
	}
	// A shadowing field is listed once, in the embedded struct's place.
	var shadow struct {
		*base
		Name json.RawMessage `json:"name"`
	}
	shadow.base = new(base)
	if err := Decode([]byte(`{"name":"a","name":"b"}`), &shadow); !errors.As(err, &se) || se.Problem != DuplicateKey || se.KnownKeys() != "name" {
		t.Errorf("shadowed key: %v", err)
	}
}

// Decode into a map or slice checks no keys but still refuses trailing
// data.
func TestDecodeNonStruct(t *testing.T) {
	var m map[string]int
	if err := Decode([]byte(`{"a":1,"A":2}`), &m); err != nil || len(m) != 2 {
		t.Errorf("map: %v %v", err, m)
	}
	var se *Error
	if err := Decode([]byte(`[1] 2`), new([]int)); !errors.As(err, &se) || se.Problem != TrailingData {
		t.Errorf("slice with trailing data: %v", err)
	}
}
