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

// fuzzParse fuzzes one parser from fuzzSeeds. For every input it must not
// panic; an error must be a *ParseError matching ErrSyntax or ErrRange, with
// a zero value; an accepted value must be finite and not negative, and its
// String must parse back to the same value.
func fuzzParse[Q quantity](f *testing.F, parse func(string) (Q, error)) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
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
		if x := float64(v); math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || math.Signbit(x) {
			t.Fatalf("parse(%q) = %v: not finite and non-negative", s, x)
		}
		out := v.String()
		back, err := parse(out)
		if err != nil {
			t.Fatalf("parse(%q) = %v, whose String %q does not parse: %v", s, float64(v), out, err)
		}
		if math.Float64bits(float64(back)) != math.Float64bits(float64(v)) {
			t.Fatalf("parse(%q) = %v, String %q parses to %v", s, float64(v), out, float64(back))
		}
	})
}

// FuzzParseHashrate fuzzes ParseHashrate with fuzzParse.
func FuzzParseHashrate(f *testing.F) { fuzzParse(f, ParseHashrate) }

// FuzzParsePower fuzzes ParsePower with fuzzParse.
func FuzzParsePower(f *testing.F) { fuzzParse(f, ParsePower) }

// FuzzParseEnergy fuzzes ParseEnergy with fuzzParse.
func FuzzParseEnergy(f *testing.F) { fuzzParse(f, ParseEnergy) }

// FuzzParseEfficiency fuzzes ParseEfficiency with fuzzParse.
func FuzzParseEfficiency(f *testing.F) { fuzzParse(f, ParseEfficiency) }
