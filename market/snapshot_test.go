package market_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/market"
)

func TestReferenceValidates(t *testing.T) {
	s := market.Reference()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	// Hashrate Index, November 2025 lookback: hashprice averaged 39.82 USD/PH/day
	// with an all-time low of 35.06 on 22 Nov; our snapshot must sit in that range.
	hp, _ := s.Bitcoin.HashpricePH().Float64()
	if hp < 35 || hp > 42 {
		t.Errorf("reference hashprice %v USD/PH/day outside the Nov 2025 range", hp)
	}
	// Each call is a fresh copy.
	s.GPURates["H100 SXM"] = decimal.NewFromInt(99)
	if r, _ := market.Reference().GPURate("H100 SXM"); r.Equal(decimal.NewFromInt(99)) {
		t.Error("Reference shares its maps between calls")
	}
}

func TestSnapshotQuotesAndPrices(t *testing.T) {
	s := market.Reference()
	r, err := s.GPURate("h100 sxm")
	if err != nil || !r.Equal(decimal.RequireFromString("2.60")) { // Reference: SDH100RT, late Nov 2025
		t.Errorf("case-insensitive GPU rate: %v %v", r, err)
	}
	if _, err := s.GPURate("H100 PCIe"); !errors.Is(err, market.ErrNoQuote) {
		t.Errorf("missing rate: %v", err)
	}
	if _, err := s.GPUMiningRevenue("H100 SXM"); !errors.Is(err, market.ErrNoQuote) {
		t.Errorf("missing GPU mining: %v", err)
	}
	if h := s.HourlyPowerPrices(); !h[13].Equal(s.PowerPrice) {
		t.Errorf("flat hourly prices: %v", h)
	}
	s.TimeOfUse = make([]decimal.Decimal, 24)
	for h := range s.TimeOfUse {
		s.TimeOfUse[h] = decimal.New(int64(h), -2) // 0.00 .. 0.23
	}
	// Mean of 0.00..0.23 is 0.115.
	if m := s.MeanPowerPrice(); !m.Equal(decimal.RequireFromString("0.115")) {
		t.Errorf("mean time-of-use price %s, want 0.115", m)
	}
	c := s.Clone()
	c.TimeOfUse[0] = decimal.NewFromInt(7)
	c.GPURates["H100 SXM"] = decimal.NewFromInt(7)
	if s.TimeOfUse[0].Equal(c.TimeOfUse[0]) || s.Equal(c) {
		t.Error("Clone shares state")
	}
}

func TestSnapshotJSON(t *testing.T) {
	s := market.Reference()
	s.TimeOfUse = make([]decimal.Decimal, 24)
	for h := range s.TimeOfUse {
		s.TimeOfUse[h] = decimal.RequireFromString("0.0375").Add(decimal.New(int64(h%7), -3))
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back market.Snapshot
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !s.Equal(back) {
		t.Errorf("round trip changed the snapshot:\n%s", b)
	}
}
