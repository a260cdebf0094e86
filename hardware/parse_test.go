package hardware

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// asFloat turns a Parse function into one that returns a plain float64, so
// that one table can hold cases for every unit type.
func asFloat[Q quantity](parse func(string) (Q, error)) func(string) (float64, error) {
	return func(s string) (float64, error) {
		v, err := parse(s)
		return float64(v), err
	}
}

func TestParseValid(t *testing.T) {
	type parser func(string) (float64, error)
	h, p, e, f := asFloat(ParseHashrate), asFloat(ParsePower), asFloat(ParseEnergy), asFloat(ParseEfficiency)
	tests := []struct {
		name  string
		parse parser
		in    string
		want  float64
	}{
		{"TH/s", h, "200 TH/s", 200e12},
		{"no space", h, "200TH/s", 200e12},
		{"EH/s", h, "1.5 EH/s", 1.5e18},
		{"EH/s no space", h, "1.5EH/s", 1.5e18},
		{"lowercase", h, "95 th/s", 95e12},
		{"without /s", h, "95 TH", 95e12},
		{"kilo K", h, "3 KH/s", 3e3},
		{"exponent and prefix", h, "1e3EH/s", 1e21},
		{"plain H/s", h, "42 H/s", 42},
		{"zetta", h, "1 ZH/s", 1e21},
		{"surrounding space", h, "  7 PH/s\t", 7e15},
		{"plus sign", h, "+1 GH/s", 1e9},
		{"leading point", h, ".5 TH/s", 0.5e12},
		{"trailing point", h, "5. TH/s", 5e12},
		{"many zeros", h, "000200.000 TH/s", 200e12},
		{"negative zero", h, "-0 TH/s", 0},
		{"underflow to zero", h, "1e-400 H/s", 0},
		{"exact decimal", h, "0.1 TH/s", 1e11},
		{"kW", p, "3.5 kW", 3500},
		{"W no space", p, "3500W", 3500},
		{"MW", p, "100 MW", 1e8},
		{"KW", p, "1 KW", 1000},
		{"lowercase w", p, "2 kw", 2000},
		{"GW", p, "1.2 GW", 1.2e9},
		{"ZW", p, "1 ZW", 1e21},
		{"exponent", p, "2.5e3 W", 2500},
		{"capital exponent", p, "2.5E3 W", 2500},
		{"MWh", e, "12.5 MWh", 12.5 * 3.6e9},
		{"kWh", e, "1 kWh", 3.6e6},
		{"kwh lowercase", e, "1 kwh", 3.6e6},
		{"Wh", e, "0.5Wh", 1800},
		{"joules", e, "3600 J", 3600},
		{"kJ", e, "1 kJ", 1000},
		{"J/TH", f, "17.5 J/TH", 17.5},
		{"W/TH", f, "17.5 W/TH", 17.5},
		{"lowercase j/th", f, "17.5 j/th", 17.5},
		{"J/GH", f, "0.0175 J/GH", 17.5},
		{"J/PH", f, "17500 J/PH", 17.5},
		{"no space", f, "30.5J/TH", 30.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.parse(tt.in)
			if err != nil {
				t.Fatalf("parse(%q): %v", tt.in, err)
			}
			if got != tt.want || math.Signbit(got) {
				t.Errorf("parse(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	type parser func(string) (float64, error)
	h, p, e, f := asFloat(ParseHashrate), asFloat(ParsePower), asFloat(ParseEnergy), asFloat(ParseEfficiency)
	tests := []struct {
		name  string
		parse parser
		fn    string
		in    string
		want  error
	}{
		{"empty", p, "ParsePower", "", ErrSyntax},
		{"blank", p, "ParsePower", "   ", ErrSyntax},
		{"no number", p, "ParsePower", "kW", ErrSyntax},
		{"no unit", p, "ParsePower", "3500", ErrSyntax},
		{"unknown unit", p, "ParsePower", "3.5 kV", ErrSyntax},
		{"milli", p, "ParsePower", "100 mW", ErrSyntax},
		{"lowercase mega refused", p, "ParsePower", "100 mw", ErrSyntax},
		{"lowercase giga refused for power", p, "ParsePower", "1 gW", ErrSyntax},
		{"two points", p, "ParsePower", "1.2.3 W", ErrSyntax},
		{"comma", p, "ParsePower", "1,000 W", ErrSyntax},
		{"underscore", p, "ParsePower", "1_000 W", ErrSyntax},
		{"hex", p, "ParsePower", "0x10 W", ErrSyntax},
		{"trailing junk", p, "ParsePower", "3 kW!", ErrSyntax},
		{"two units", p, "ParsePower", "3 kW kW", ErrSyntax},
		{"sign only", p, "ParsePower", "- W", ErrSyntax},
		{"negative", p, "ParsePower", "-3 kW", ErrRange},
		{"NaN", p, "ParsePower", "NaN W", ErrRange},
		{"Inf", p, "ParsePower", "Inf kW", ErrRange},
		{"+Infinity", p, "ParsePower", "+Infinity W", ErrRange},
		{"overflow", p, "ParsePower", "1e400 W", ErrRange},
		{"overflow by prefix", p, "ParsePower", "1e300 ZW", ErrRange},
		{"huge exponent", p, "ParsePower", "1e99999999999999999999 W", ErrRange},
		{"milli hash", h, "ParseHashrate", "30 mh/s", ErrSyntax},
		{"hashrate as power", h, "ParseHashrate", "3 kW", ErrSyntax},
		{"per second twice", h, "ParseHashrate", "3 TH/s/s", ErrSyntax},
		{"negative hashrate", h, "ParseHashrate", "-1 TH/s", ErrRange},
		{"hashrate overflow", h, "ParseHashrate", "1e290 ZH/s", ErrRange},
		{"energy milli", e, "ParseEnergy", "5 mWh", ErrSyntax},
		{"energy bare W", e, "ParseEnergy", "5 kW", ErrSyntax},
		{"energy negative", e, "ParseEnergy", "-5 kWh", ErrRange},
		{"energy overflow", e, "ParseEnergy", "1e305 ZWh", ErrRange},
		{"efficiency no slash", f, "ParseEfficiency", "17.5 JTH", ErrSyntax},
		{"efficiency per second", f, "ParseEfficiency", "17.5 J/TH/s", ErrSyntax},
		{"efficiency milli", f, "ParseEfficiency", "17.5 J/mH", ErrSyntax},
		{"efficiency NaN", f, "ParseEfficiency", "nan J/TH", ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.parse(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("parse(%q) = %v, want an error matching %v", tt.in, err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("parse(%q) error %T is not a *ParseError", tt.in, err)
			}
			if pe.Func != tt.fn || pe.Input != tt.in || pe.Err != tt.want {
				t.Errorf("ParseError = %+v, want Func %q, Input %q, Err %v", *pe, tt.fn, tt.in, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "hardware."+tt.fn+": parsing ") {
				t.Errorf("message %q does not name the function", err.Error())
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := ParsePower("100 mW")
	const want = `hardware.ParsePower: parsing "100 mW": invalid syntax: lowercase "m" is milli, which is not supported; write "M" for mega`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	long := strings.Repeat("9", 1000) + " X"
	_, err = ParsePower(long)
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("error for a long input is not shortened: %d bytes", len(err.Error()))
	}
}
