package hardware

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzLookup: for any string, Lookup does not panic; a model it returns is
// a catalog model whose name normalizes like the query; an error is a
// *LookupError matching ErrUnknown whose candidates are catalog names (all
// of those containing the query, for ErrAmbiguous; at most three otherwise).
func FuzzLookup(f *testing.F) {
	for _, s := range []string{
		"Antminer S21", "antminer s21 xp", "Antminer S21XP", "S21 XP", "H100", "S21", "h100-sxm",
		"Antminer S21+ Hydro", "Antminer S21 Hydro", "", " ", "\xff", "ſ21", "Antminer S99",
		strings.Repeat("S21 ", 40), "MI300X", "rtx 3090", "Bitmain Antminer S21",
	} {
		f.Add(s)
	}
	names := map[string]Model{}
	for _, m := range Catalog() {
		names[m.Name] = m
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Lookup(s)
		if err == nil {
			c, ok := names[m.Name]
			if !ok || !c.Equal(m) {
				t.Fatalf("Lookup(%q) = %q, not a catalog model", s, m.Name)
			}
			if normalizeName(m.Name) != normalizeName(s) {
				t.Fatalf("Lookup(%q) = %q, which does not normalize alike", s, m.Name)
			}
			return
		}
		var le *LookupError
		if !errors.Is(err, ErrUnknown) || !errors.As(err, &le) {
			t.Fatalf("Lookup(%q): %v (%T), want a *LookupError matching ErrUnknown", s, err, err)
		}
		if m.Name != "" || m.Modes != nil {
			t.Fatalf("Lookup(%q) returned %q with an error", s, m.Name)
		}
		if !errors.Is(err, ErrAmbiguous) && len(le.Candidates) > maxSuggestions {
			t.Fatalf("Lookup(%q): %d suggestions", s, len(le.Candidates))
		}
		if errors.Is(err, ErrAmbiguous) && len(le.Candidates) < 2 {
			t.Fatalf("Lookup(%q): ambiguous with %q", s, le.Candidates)
		}
		for _, c := range le.Candidates {
			if _, ok := names[c]; !ok {
				t.Fatalf("Lookup(%q) suggests %q, not a catalog name", s, c)
			}
		}
		if len(err.Error()) > 1000 {
			t.Fatalf("Lookup(%q): message of %d bytes", s, len(err.Error()))
		}
	})
}

// FuzzModelMode: for any name on every catalog model, Mode does not panic;
// it finds a mode exactly when the name equals one, ignoring case, and an
// error matches ErrUnsupported.
func FuzzModelMode(f *testing.F) {
	for _, s := range []string{"", "stock", "STOCK", "eco", "Turbo", "ſtock", "overclock", " eco", "\x00", "\xff"} {
		f.Add(s)
	}
	cat := Catalog()
	f.Fuzz(func(t *testing.T, name string) {
		for _, m := range cat {
			md, err := m.Mode(name)
			want := name
			if want == "" {
				want = StockMode
			}
			matches := 0
			for _, x := range m.Modes {
				if strings.EqualFold(x.Name, want) {
					matches++
				}
			}
			if matches > 1 {
				t.Fatalf("%s: %d modes match %q", m.Name, matches, name)
			}
			if err != nil {
				if matches != 0 || !errors.Is(err, ErrUnsupported) {
					t.Fatalf("%s.Mode(%q): %v with %d matching modes", m.Name, name, err, matches)
				}
				continue
			}
			if matches != 1 || !strings.EqualFold(md.Name, want) {
				t.Fatalf("%s.Mode(%q) = %q", m.Name, name, md.Name)
			}
		}
	})
}

// FuzzModelJSON: decoding any bytes into a Model does not panic. A decoded
// model that validates has finite figures within the documented limits,
// and its JSON decodes again to an Equal model.
func FuzzModelJSON(f *testing.F) {
	for _, m := range Catalog() {
		b, _ := json.Marshal(m)
		f.Add(b)
	}
	for _, s := range []string{
		`{"name":"x","class":"ASIC","modes":[{"name":"stock","power":"3.5 kW","hashrate":"200 TH/s"}],"price":"1e2000000000"}`,
		`{"name":"x","class":"GPU","modes":[{"name":"stock","power":"1e300 W"}],"memory_gb":1e300}`,
		`{"name":"x","class":"ASIC","modes":[{"name":"stock","power":"3.5 kW","hashrate":"200 TH/s","unit":1}]}`,
		`{"name":"x","class":"ASIC","modes":[{"name":"stock","power":"3.5 kW","hashrate":"200 TH/s"},{"name":"STOCK","power":"1 kW","hashrate":"1 TH/s"}]}`,
		`{"name":"x","price":"0.0000000000000000000000001"}`,
		`null`, `{}`, `[]`, `{"modes":null}`, `{"modes":[null]}`, `{} {}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var m Model
		if err := json.Unmarshal(b, &m); err != nil {
			return
		}
		if err := m.Validate(); err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate: %v does not match ErrInvalid", err)
			}
			if len(err.Error()) > 2000 {
				t.Fatalf("Validate: message of %d bytes", len(err.Error()))
			}
			return
		}
		for i, md := range m.Modes {
			e := float64(md.Efficiency())
			if md.Power < MinModePower || md.Power > MaxModePower || math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
				t.Fatalf("Modes[%d] = %+v (%v J/TH) validated", i, md, e)
			}
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("Marshal of a valid model: %v", err)
		}
		var back Model
		if err := json.Unmarshal(out, &back); err != nil || !back.Equal(m) {
			t.Fatalf("round trip: %v\n got %+v\nwant %+v\njson %s", err, back, m, out)
		}
	})
}
