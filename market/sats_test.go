package market

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
)

func TestSatsString(t *testing.T) {
	// Expected strings worked out by hand from the definition: sats / 1e8
	// with exactly 8 decimals. math.MinInt64 is -9223372036854775808 sats.
	tests := []struct {
		name string
		s    Sats
		want string
	}{
		{"zero", 0, "0.00000000 BTC"},
		{"one sat", 1, "0.00000001 BTC"},
		{"minus one sat", -1, "-0.00000001 BTC"},
		{"3.125 BTC subsidy", 312_500_000, "3.12500000 BTC"},
		{"fraction", 3_125_000, "0.03125000 BTC"},
		{"half negative", -50_000_000, "-0.50000000 BTC"},
		{"one BTC", SatsPerBTC, "1.00000000 BTC"},
		{"50 BTC", 50 * SatsPerBTC, "50.00000000 BTC"},
		{"max money", MaxMoney, "21000000.00000000 BTC"},
		{"max int64", math.MaxInt64, "92233720368.54775807 BTC"},
		{"min int64", math.MinInt64, "-92233720368.54775808 BTC"},
		{"min int64 + 1", math.MinInt64 + 1, "-92233720368.54775807 BTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Errorf("Sats(%d).String() = %q, want %q", int64(tt.s), got, tt.want)
			}
		})
	}
}

func TestSatsBTC(t *testing.T) {
	tests := []struct {
		s    Sats
		want string
	}{
		{0, "0"},
		{1, "0.00000001"},
		{3_125_000, "0.03125"},
		{-50_000_000, "-0.5"},
		{math.MaxInt64, "92233720368.54775807"},
		{math.MinInt64, "-92233720368.54775808"},
	}
	for _, tt := range tests {
		if got := tt.s.BTC().String(); got != tt.want {
			t.Errorf("Sats(%d).BTC() = %s, want %s", int64(tt.s), got, tt.want)
		}
	}
}

func TestSatsFromBTC(t *testing.T) {
	tests := []struct {
		in   string
		want Sats
	}{
		{"0", 0},
		{"0.00000001", 1},
		{"-0.00000001", -1},
		{"0.03125", 3_125_000},
		{"0.031250000000", 3_125_000}, // trailing zeros beyond 8 places are fine
		{"50", 50 * SatsPerBTC},
		{"21000000", MaxMoney},
		{"1e3", 1000 * SatsPerBTC},
		{"92233720368.54775807", math.MaxInt64},
		{"-92233720368.54775808", math.MinInt64},
	}
	for _, tt := range tests {
		d := decimal.RequireFromString(tt.in)
		got, err := SatsFromBTC(d)
		if err != nil || got != tt.want {
			t.Errorf("SatsFromBTC(%s) = %d, %v; want %d, nil", tt.in, got, err, tt.want)
		}
		if err == nil && !got.BTC().Equal(d) {
			t.Errorf("SatsFromBTC(%s).BTC() = %s, want the input back", tt.in, got.BTC())
		}
	}
}

func TestSatsFromBTCErrors(t *testing.T) {
	// Parsing rejects huge exponents (decimal's MaxDecodeExponent), but
	// decimal.New builds them: they must be refused without expanding them.
	for _, d := range []decimal.Decimal{decimal.New(1, -2_000_000_000), decimal.New(1, 2_000_000_000)} {
		if got, err := SatsFromBTC(d); !errors.Is(err, ErrInvalid) || len(err.Error()) > 200 {
			t.Errorf("SatsFromBTC(1e%d) = %d, %v; want a short ErrInvalid error", d.Exponent(), got, err)
		}
	}
	for _, in := range []string{
		"0.000000001",           // a tenth of a satoshi
		"1.000000001",           // 1 BTC and a tenth of a satoshi
		"-0.123456789",          // sub-satoshi, negative
		"1e-9",                  // below one satoshi
		"92233720368.54775808",  // MaxInt64 + 1 sat
		"-92233720368.54775809", // MinInt64 - 1 sat
		"1e11",                  // 1e19 sats
	} {
		d := decimal.RequireFromString(in)
		got, err := SatsFromBTC(d)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("SatsFromBTC(%s) = %d, %v; want an ErrInvalid error", in, got, err)
			continue
		}
		var ie *InvalidError
		if !errors.As(err, &ie) || ie.Field != "BTC amount" {
			t.Errorf("SatsFromBTC(%s) error %v: want an *InvalidError for field %q", in, err, "BTC amount")
		}
		if len(err.Error()) > 200 {
			t.Errorf("SatsFromBTC(%s) error is %d bytes long; want a short message", in, len(err.Error()))
		}
	}
}

// Sats stays a JSON integer of satoshis, as the type documents.
func TestSatsJSON(t *testing.T) {
	b, err := json.Marshal(struct {
		Fees Sats `json:"fees"`
	}{2_000_000})
	if err != nil || string(b) != `{"fees":2000000}` {
		t.Fatalf("json.Marshal = %s, %v; want {\"fees\":2000000}", b, err)
	}
}
