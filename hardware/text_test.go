package hardware

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestHashrateString(t *testing.T) {
	tests := []struct {
		name string
		in   Hashrate
		want string
	}{
		{"zero", 0, "0 H/s"},
		{"negative zero", Hashrate(math.Copysign(0, -1)), "0 H/s"},
		{"one", 1, "1 H/s"},
		{"S21", 200 * TeraHash, "200 TH/s"},
		{"network", 1.5 * ExaHash, "1.5 EH/s"},
		{"prefix boundary", 1000 * GigaHash, "1 TH/s"},
		{"just under a prefix", 999 * GigaHash, "999 GH/s"},
		{"kilo", 12345, "12.345 kH/s"},
		{"zetta", 2 * ZettaHash, "2 ZH/s"},
		{"beyond zetta", 1e24, "1000 ZH/s"},
		{"far beyond zetta", 1e300, "1e+279 ZH/s"},
		{"fraction", 0.5, "0.5 H/s"},
		{"small", 1e-5, "1e-5 H/s"},
		{"smallest subnormal", 5e-324, "5e-324 H/s"},
		{"largest", math.MaxFloat64, "1.7976931348623157e+287 ZH/s"},
		{"third", 1e15 / 3, "333.3333333333333 TH/s"},
		{"negative", -5 * TeraHash, "-5 TH/s"},
		{"NaN", Hashrate(math.NaN()), "NaN H/s"},
		{"+Inf", Hashrate(math.Inf(1)), "+Inf H/s"},
		{"-Inf", Hashrate(math.Inf(-1)), "-Inf H/s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("Hashrate(%g).String() = %q, want %q", float64(tt.in), got, tt.want)
			}
		})
	}
}

func TestPowerString(t *testing.T) {
	tests := []struct {
		in   Power
		want string
	}{
		{0, "0 W"},
		{3500, "3.5 kW"},
		{3.5 * Kilowatt, "3.5 kW"},
		{100 * Megawatt, "100 MW"},
		{1.2 * Gigawatt, "1.2 GW"},
		{950, "950 W"},
		{2259.84, "2.25984 kW"},
		{0.25, "0.25 W"},
		{1e21, "1 ZW"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Power(%g).String() = %q, want %q", float64(tt.in), got, tt.want)
		}
	}
}

func TestEnergyString(t *testing.T) {
	tests := []struct {
		in   Energy
		want string
	}{
		{0, "0 Wh"},
		{12.5 * MegawattHour, "12.5 MWh"},
		{KilowattHour, "1 kWh"},
		{WattHour, "1 Wh"},
		{3.6e6 * 24, "24 kWh"},
		{1800, "0.5 Wh"},
		// 1 J is 1/3600 Wh: 0.0002777... needs 16 digits to come back to 1 J.
		{Joule, "0.0002777777777777778 Wh"},
		{3 * Megawatt.Over(3600e9), "3 MWh"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Energy(%g).String() = %q, want %q", float64(tt.in), got, tt.want)
		}
	}
}

func TestEfficiencyString(t *testing.T) {
	tests := []struct {
		in   Efficiency
		want string
	}{
		{0, "0 J/TH"},
		{17.5, "17.5 J/TH"},
		{EfficiencyOf(3531, 234*TeraHash), "15.08974358974359 J/TH"},
		{15000, "15000 J/TH"},
		{0.001, "0.001 J/TH"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("Efficiency(%g).String() = %q, want %q", float64(tt.in), got, tt.want)
		}
	}
}

func TestParseValid(t *testing.T) {
	type parser func(string) (float64, error)
	h := func(s string) (float64, error) { v, err := ParseHashrate(s); return float64(v), err }
	p := func(s string) (float64, error) { v, err := ParsePower(s); return float64(v), err }
	e := func(s string) (float64, error) { v, err := ParseEnergy(s); return float64(v), err }
	f := func(s string) (float64, error) { v, err := ParseEfficiency(s); return float64(v), err }
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
	type parser func(string) error
	h := func(s string) error { _, err := ParseHashrate(s); return err }
	p := func(s string) error { _, err := ParsePower(s); return err }
	e := func(s string) error { _, err := ParseEnergy(s); return err }
	f := func(s string) error { _, err := ParseEfficiency(s); return err }
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
			err := tt.parse(tt.in)
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

// finiteNonNegative draws float64s that cover every binade, subnormals and
// round numbers included, with a fixed seed.
func finiteNonNegative(r *rand.Rand) float64 {
	switch r.IntN(5) {
	case 0: // any bit pattern of a finite, non-negative float64
		for {
			x := math.Float64frombits(r.Uint64() &^ (1 << 63))
			if !math.IsInf(x, 0) && !math.IsNaN(x) {
				return x
			}
		}
	case 1: // the ranges the library lives in: 1 W .. 1 ZH/s
		return math.Pow(10, r.Float64()*24)
	case 2: // short decimals such as 3.5e3
		return float64(r.IntN(100000)) * math.Pow(10, float64(r.IntN(40)-20))
	case 3: // subnormals
		return math.Float64frombits(r.Uint64() & (1<<52 - 1))
	default: // neighbours of powers of ten, where prefixes change
		x := math.Pow(10, float64(r.IntN(60)-20))
		for range r.IntN(3) {
			if r.IntN(2) == 0 {
				x = math.Nextafter(x, 0)
			} else {
				x = math.Nextafter(x, math.Inf(1))
			}
		}
		return x
	}
}

func TestRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 11))
	n := 10000
	if testing.Short() {
		n = 2000
	}
	check := func(kind string, x float64, s string, got float64, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s %v: String %q does not parse: %v", kind, x, s, err)
		}
		if math.Float64bits(got) != math.Float64bits(x) {
			t.Fatalf("%s %v (%#x): String %q parses to %v (%#x)", kind, x, math.Float64bits(x), s, got, math.Float64bits(got))
		}
	}
	extremes := []float64{0, 5e-324, math.SmallestNonzeroFloat64 * 3, 2.2250738585072014e-308, 1, 999.9999999999999, 1000, math.MaxFloat64, math.Nextafter(math.MaxFloat64, 0)}
	for i := range n + len(extremes) {
		var x float64
		if i < len(extremes) {
			x = extremes[i]
		} else {
			x = finiteNonNegative(r)
		}
		hs := Hashrate(x).String()
		h, err := ParseHashrate(hs)
		check("Hashrate", x, hs, float64(h), err)
		ps := Power(x).String()
		p, err := ParsePower(ps)
		check("Power", x, ps, float64(p), err)
		es := Energy(x).String()
		e, err := ParseEnergy(es)
		check("Energy", x, es, float64(e), err)
		fs := Efficiency(x).String()
		f, err := ParseEfficiency(fs)
		check("Efficiency", x, fs, float64(f), err)
	}
}

// TestStringMantissaInRange checks the prefix choice: the printed number is
// in [1, 1000) for values from 1 W to 1 ZW.
func TestStringMantissaInRange(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for range 5000 {
		x := math.Pow(10, r.Float64()*24)
		s := Power(x).String()
		num, _, _ := strings.Cut(s, " ")
		v, err := ParsePower(num + " W")
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if v < 1 || v >= 1000 {
			t.Fatalf("Power(%v).String() = %q: mantissa %v not in [1, 1000)", x, s, v)
		}
	}
}

func TestMarshalText(t *testing.T) {
	for _, v := range []interface{ MarshalText() ([]byte, error) }{
		Hashrate(-1), Hashrate(math.NaN()), Power(math.Inf(1)), Energy(-2), Efficiency(math.Inf(-1)),
	} {
		if _, err := v.MarshalText(); !errors.Is(err, ErrRange) {
			t.Errorf("%v.MarshalText() error = %v, want ErrRange", v, err)
		}
	}
	b, err := (200 * TeraHash).MarshalText()
	if err != nil || string(b) != "200 TH/s" {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
}

func TestJSONUnits(t *testing.T) {
	type config struct {
		Capacity Power      `json:"capacity"`
		Fleet    Hashrate   `json:"fleet"`
		Budget   Energy     `json:"budget"`
		Target   Efficiency `json:"target"`
	}
	in := config{Capacity: 3.5 * Kilowatt, Fleet: 1.5 * ExaHash, Budget: 12.5 * MegawattHour, Target: 17.5}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"capacity":"3.5 kW","fleet":"1.5 EH/s","budget":"12.5 MWh","target":"17.5 J/TH"}`
	if string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out config
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
	// A person writes the config by hand.
	if err := json.Unmarshal([]byte(`{"capacity":"100MW"}`), &out); err != nil || out.Capacity != 100*Megawatt {
		t.Errorf("hand-written config: %v, %v", out.Capacity, err)
	}
	// A bare number has no unit: encoding/json does not call UnmarshalText
	// for it, and refuses it.
	if err := json.Unmarshal([]byte(`{"capacity":3500}`), &out); err == nil {
		t.Error("bare JSON number accepted for a Power")
	}
	err = json.Unmarshal([]byte(`{"capacity":"3.5 mW"}`), &out)
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("bad unit in JSON: error %v, want ErrSyntax", err)
	}
}
