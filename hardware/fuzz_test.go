package hardware

import (
	"errors"
	"math"
	"testing"
)

// fuzzSeeds are inputs for every parser: valid forms of each unit, edge
// numbers, and near misses.
var fuzzSeeds = []string{
	"200 TH/s", "200TH/s", "1.5 EH/s", "95 th/s", "1e3EH/s", "5e-324 H/s",
	"3.5 kW", "3500W", "100 MW", "100 mW", "1 KW", "-0 W", "-3 kW",
	"12.5 MWh", "1 kWh", "3600 J", "0.0002777777777777778 Wh",
	"17.5 J/TH", "0.0175 J/GH", "17.5 W/TH",
	"", " ", "NaN W", "+Inf kW", "1e400 W", "1e-400 W", "1e99999999999999999999 W",
	".5 kW", "5. kW", "1.2.3 W", "0x10 W", "1,000 W", "1_000 W", "e3 W", "1e W", "1e+ W",
	"1.7976931348623157e+287 ZH/s", "1.7976931348623157e+308 J/TH",
}

// fuzzParse checks one parser: it must not panic; an error must be a
// *ParseError matching ErrSyntax or ErrRange; an accepted value must be finite
// and not negative, and its String must parse back to the same value.
func fuzzParse(t *testing.T, s string, parse func(string) (float64, error), str func(float64) string) {
	v, err := parse(s)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || !(errors.Is(err, ErrSyntax) || errors.Is(err, ErrRange)) {
			t.Fatalf("parse(%q): error %v (%T) is not a *ParseError with ErrSyntax or ErrRange", s, err, err)
		}
		if v != 0 {
			t.Fatalf("parse(%q) = %v with error %v, want 0", s, v, err)
		}
		return
	}
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || math.Signbit(v) {
		t.Fatalf("parse(%q) = %v: not finite and non-negative", s, v)
	}
	out := str(v)
	back, err := parse(out)
	if err != nil {
		t.Fatalf("parse(%q) = %v, whose String %q does not parse: %v", s, v, out, err)
	}
	if math.Float64bits(back) != math.Float64bits(v) {
		t.Fatalf("parse(%q) = %v, String %q parses to %v", s, v, out, back)
	}
}

func FuzzParseHashrate(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzParse(t, s,
			func(s string) (float64, error) { v, err := ParseHashrate(s); return float64(v), err },
			func(x float64) string { return Hashrate(x).String() })
	})
}

func FuzzParsePower(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzParse(t, s,
			func(s string) (float64, error) { v, err := ParsePower(s); return float64(v), err },
			func(x float64) string { return Power(x).String() })
	})
}

func FuzzParseEnergy(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzParse(t, s,
			func(s string) (float64, error) { v, err := ParseEnergy(s); return float64(v), err },
			func(x float64) string { return Energy(x).String() })
	})
}

func FuzzParseEfficiency(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzParse(t, s,
			func(s string) (float64, error) { v, err := ParseEfficiency(s); return float64(v), err },
			func(x float64) string { return Efficiency(x).String() })
	})
}
