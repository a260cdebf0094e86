package hardware

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// stringCase is a String golden: a value and the text it must print as.
type stringCase[Q quantity] struct {
	in   Q
	want string
}

// testString checks the String of every case.
func testString[Q quantity](t *testing.T, tests []stringCase[Q]) {
	t.Helper()
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%T(%g).String() = %q, want %q", tt.in, float64(tt.in), got, tt.want)
		}
	}
}

func TestHashrateString(t *testing.T) {
	testString(t, []stringCase[Hashrate]{
		{0, "0 H/s"},
		{Hashrate(math.Copysign(0, -1)), "0 H/s"}, // negative zero
		{1, "1 H/s"},
		{200 * TeraHash, "200 TH/s"}, // S21
		{1.5 * ExaHash, "1.5 EH/s"},  // network
		{1000 * GigaHash, "1 TH/s"},  // prefix boundary
		{999 * GigaHash, "999 GH/s"}, // just under a prefix
		{12345, "12.345 kH/s"},
		{2 * ZettaHash, "2 ZH/s"},
		{1e24, "1000 ZH/s"},    // beyond zetta
		{1e300, "1e+279 ZH/s"}, // far beyond zetta
		{0.5, "0.5 H/s"},
		{1e-5, "1e-5 H/s"},
		{5e-324, "5e-324 H/s"},                            // smallest subnormal
		{math.MaxFloat64, "1.7976931348623157e+287 ZH/s"}, // largest
		{1e15 / 3, "333.3333333333333 TH/s"},
		{-5 * TeraHash, "-5 TH/s"},
		{Hashrate(math.NaN()), "NaN H/s"},
		{Hashrate(math.Inf(1)), "+Inf H/s"},
		{Hashrate(math.Inf(-1)), "-Inf H/s"},
	})
}

func TestPowerString(t *testing.T) {
	testString(t, []stringCase[Power]{
		{0, "0 W"},
		{3500, "3.5 kW"},
		{3.5 * Kilowatt, "3.5 kW"},
		{100 * Megawatt, "100 MW"},
		{1.2 * Gigawatt, "1.2 GW"},
		{950, "950 W"},
		{2259.84, "2.25984 kW"},
		{0.25, "0.25 W"},
		{1e21, "1 ZW"},
	})
}

func TestEnergyString(t *testing.T) {
	testString(t, []stringCase[Energy]{
		{0, "0 Wh"},
		{12.5 * MegawattHour, "12.5 MWh"},
		{KilowattHour, "1 kWh"},
		{WattHour, "1 Wh"},
		{3.6e6 * 24, "24 kWh"},
		{1800, "0.5 Wh"},
		// 1 J is 1/3600 Wh: 0.0002777... needs 16 digits to come back to 1 J.
		{Joule, "0.0002777777777777778 Wh"},
		{3 * Megawatt.Over(3600e9), "3 MWh"},
	})
}

func TestEfficiencyString(t *testing.T) {
	testString(t, []stringCase[Efficiency]{
		{0, "0 J/TH"},
		{17.5, "17.5 J/TH"},
		{EfficiencyOf(3531, 234*TeraHash), "15.08974358974359 J/TH"},
		{15000, "15000 J/TH"},
		{0.001, "0.001 J/TH"},
	})
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
	extremes := []float64{0, 5e-324, math.SmallestNonzeroFloat64 * 3, 2.2250738585072014e-308, 1, 999.9999999999999, 1000, math.MaxFloat64, math.Nextafter(math.MaxFloat64, 0)}
	for i := range n + len(extremes) {
		var x float64
		if i < len(extremes) {
			x = extremes[i]
		} else {
			x = finiteNonNegative(r)
		}
		checkRoundTrip(t, x, ParseHashrate)
		checkRoundTrip(t, x, ParsePower)
		checkRoundTrip(t, x, ParseEnergy)
		checkRoundTrip(t, x, ParseEfficiency)
	}
}

// checkRoundTrip checks that Q(x).String() parses back to exactly x, bit
// for bit.
func checkRoundTrip[Q quantity](t *testing.T, x float64, parse func(string) (Q, error)) {
	t.Helper()
	s := Q(x).String()
	got, err := parse(s)
	if err != nil {
		t.Fatalf("%T %v: String %q does not parse: %v", got, x, s, err)
	}
	if g := float64(got); math.Float64bits(g) != math.Float64bits(x) {
		t.Fatalf("%T %v (%#x): String %q parses to %v (%#x)", got, x, math.Float64bits(x), s, g, math.Float64bits(g))
	}
}
