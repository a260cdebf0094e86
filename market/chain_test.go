package market

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

// Subsidy vectors from /work/shared/REFERENCE.md "Bitcoin protocol", which
// follows btcd blockchain/validate.go CalcBlockSubsidy and Bitcoin Core
// validation.cpp GetBlockSubsidy: (50 * 1e8) >> (height / 210000).
func TestMainnetSubsidy(t *testing.T) {
	tests := []struct {
		height int64
		want   Sats
	}{
		{0, 5_000_000_000},       // genesis
		{209_999, 5_000_000_000}, // last block of epoch 0
		{210_000, 2_500_000_000}, // first halving
		{420_000, 1_250_000_000}, // second
		{630_000, 625_000_000},   // third
		{839_999, 625_000_000},   // last 6.25 BTC block
		{840_000, 312_500_000},   // fourth halving (April 2024)
		{1_049_999, 312_500_000}, // last 3.125 BTC block
		{1_050_000, 156_250_000}, // fifth halving
		{6_929_999, 1},           // the last satoshi of subsidy (epoch 32)
		{6_930_000, 0},           // epoch 33: 5e9 >> 33 == 0
		{64 * 210_000, 0},        // Core's explicit "halvings >= 64" rule
		{math.MaxInt64, 0},       // epoch far beyond 64
		{-1, 0},                  // before genesis, as documented
		{math.MinInt64, 0},
	}
	for _, tt := range tests {
		if got := Mainnet.Subsidy(tt.height); got != tt.want {
			t.Errorf("Mainnet.Subsidy(%d) = %d, want %d", tt.height, got, tt.want)
		}
	}
}

// A chain whose subsidy survives to the 64th halving pins the Go shift rule:
// shifting by 63 keeps the top bit, 64 and more must give 0.
func TestSubsidyShiftLimit(t *testing.T) {
	c := Chain{HalvingInterval: 1, InitialSubsidy: math.MaxInt64, BlockInterval: time.Minute, RetargetInterval: 1}
	if got, want := c.Subsidy(62), Sats(1); got != want {
		t.Errorf("Subsidy(62) = %d, want %d (MaxInt64 >> 62)", got, want)
	}
	for _, h := range []int64{63, 64, 65, 1000} {
		if got := c.Subsidy(h); got != 0 {
			t.Errorf("Subsidy(%d) = %d, want 0", h, got)
		}
	}
}

func TestSubsidyNeverIncreases(t *testing.T) {
	prev := Mainnet.Subsidy(0)
	// Every epoch boundary and its neighbours, up to well past the end.
	for e := int64(0); e <= 70; e++ {
		for _, h := range []int64{e*210_000 - 1, e * 210_000, e*210_000 + 1} {
			if h < 0 {
				continue
			}
			s := Mainnet.Subsidy(h)
			if s > prev || s < 0 || s > Mainnet.InitialSubsidy {
				t.Fatalf("Subsidy(%d) = %d after %d: not in [0, initial] or increasing", h, s, prev)
			}
			prev = s
		}
	}
}

// Total issuance 2,099,999,997,690,000 sats: REFERENCE.md (btcd
// validate.go; Bitcoin Core validation.cpp schedule).
const mainnetSupply Sats = 2_099_999_997_690_000

func TestMainnetIssued(t *testing.T) {
	// Independent check: sum the per-epoch subsidy the slow way.
	var sum Sats
	for e := int64(0); e < 64; e++ {
		sum += 210_000 * Mainnet.Subsidy(e*210_000)
	}
	if sum != mainnetSupply {
		t.Fatalf("sum over epochs = %d, want %d", sum, mainnetSupply)
	}
	tests := []struct {
		height int64
		want   Sats
	}{
		{math.MinInt64, 0},
		{-1, 0},
		{0, 0},
		{1, 5_000_000_000},                 // the genesis block alone
		{210_000, 210_000 * 5_000_000_000}, // all of epoch 0: 10.5 M BTC
		{210_001, 210_000*5_000_000_000 + 2_500_000_000},
		{840_000, 1_968_750_000_000_000}, // 10.5 + 5.25 + 2.625 + 1.3125 M BTC
		{6_930_000, mainnetSupply},       // the last subsidy block is 6,929,999
		{6_929_999, mainnetSupply - 1},   // ...which pays 1 sat
		{math.MaxInt64, mainnetSupply},
	}
	for _, tt := range tests {
		if got := Mainnet.Issued(tt.height); got != tt.want {
			t.Errorf("Mainnet.Issued(%d) = %d, want %d", tt.height, got, tt.want)
		}
	}
	if mainnetSupply > MaxMoney {
		t.Errorf("supply %d above MaxMoney %d", mainnetSupply, MaxMoney)
	}
}

// Issued is monotone, bounded by 21 M BTC, and Issued(h+1)-Issued(h) is
// the subsidy of block h.
func TestIssuedProperties(t *testing.T) {
	heights := []int64{0, 1, 2, 1000, 209_998, 209_999, 210_000, 210_001}
	for e := int64(1); e < 40; e++ {
		heights = append(heights, e*210_000-1, e*210_000, e*210_000+12_345)
	}
	slices.Sort(heights)
	prev := Sats(-1)
	for _, h := range heights {
		got := Mainnet.Issued(h)
		if got < prev {
			t.Errorf("Issued(%d) = %d < previous %d", h, got, prev)
		}
		if got > MaxMoney {
			t.Errorf("Issued(%d) = %d above 21 M BTC", h, got)
		}
		if d := Mainnet.Issued(h+1) - got; d != Mainnet.Subsidy(h) {
			t.Errorf("Issued(%d) - Issued(%d) = %d, want Subsidy(%d) = %d", h+1, h, d, h, Mainnet.Subsidy(h))
		}
		prev = got
	}
}

func TestHalvings(t *testing.T) {
	// Epoch boundaries at multiples of 210,000 (REFERENCE.md: next halvings
	// 1,050,000, then every 210,000).
	tests := []struct {
		height   int64
		halvings int64
		next     int64
	}{
		{-5, 0, 0},
		{0, 0, 210_000},
		{209_999, 0, 210_000},
		{210_000, 1, 420_000},
		{840_000, 4, 1_050_000},
		{900_000, 4, 1_050_000},
		{1_049_999, 4, 1_050_000},
		{1_050_000, 5, 1_260_000},
		{6_929_999, 32, 6_930_000}, // 1 sat -> 0
		{6_930_000, 33, -1},        // subsidy over: never changes again
		{math.MaxInt64, math.MaxInt64 / 210_000, -1},
	}
	for _, tt := range tests {
		if got := Mainnet.Halvings(tt.height); got != tt.halvings {
			t.Errorf("Halvings(%d) = %d, want %d", tt.height, got, tt.halvings)
		}
		got := Mainnet.NextHalving(tt.height)
		if got != tt.next {
			t.Errorf("NextHalving(%d) = %d, want %d", tt.height, got, tt.next)
		}
		if got >= 0 {
			if got <= tt.height || Mainnet.Subsidy(got) == Mainnet.Subsidy(tt.height) ||
				Mainnet.Subsidy(got-1) != Mainnet.Subsidy(max(tt.height, got-1)) {
				t.Errorf("NextHalving(%d) = %d is not the next subsidy change", tt.height, got)
			}
		}
	}
	for n, want := range map[int64]int64{0: 0, 1: 210_000, 4: 840_000, 5: 1_050_000, 33: 6_930_000, 64: 13_440_000} {
		if got := Mainnet.HalvingHeight(n); got != want {
			t.Errorf("HalvingHeight(%d) = %d, want %d", n, got, want)
		}
	}
}

// The last halving height of a schedule that just fits int64 must not
// overflow (the Validate rule on total issuance guarantees it).
func TestNextHalvingExtremeChain(t *testing.T) {
	c := Chain{HalvingInterval: math.MaxInt64 / 2, InitialSubsidy: 1, BlockInterval: time.Second, RetargetInterval: 1}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := c.NextHalving(0), int64(math.MaxInt64/2); got != want {
		t.Errorf("NextHalving(0) = %d, want %d", got, want)
	}
	if got := c.NextHalving(math.MaxInt64 / 2); got != -1 {
		t.Errorf("NextHalving(end) = %d, want -1", got)
	}
	if got, want := c.Issued(math.MaxInt64), Sats(math.MaxInt64/2); got != want {
		t.Errorf("Issued(max) = %d, want %d", got, want)
	}
}

func TestChainValidate(t *testing.T) {
	if err := Mainnet.Validate(); err != nil {
		t.Fatalf("Mainnet.Validate() = %v", err)
	}
	bad := []struct {
		field string
		c     Chain
	}{
		{"Chain.HalvingInterval", Chain{0, 1, time.Second, 1}},
		{"Chain.InitialSubsidy", Chain{1, -1, time.Second, 1}},
		{"Chain.BlockInterval", Chain{1, 1, 0, 1}},
		{"Chain.RetargetInterval", Chain{1, 1, time.Second, -3}},
		// 1e10 blocks per epoch at 50 BTC: 1e20 sats in epoch 0 alone.
		{"Chain.HalvingInterval", Chain{10_000_000_000, 50 * SatsPerBTC, time.Second, 1}},
		// Each epoch fits, the sum does not.
		{"Chain.HalvingInterval", Chain{math.MaxInt64 / 2, 2, time.Second, 1}},
	}
	for _, tt := range bad {
		err := tt.c.Validate()
		var ie *InvalidError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) || ie.Field != tt.field {
			t.Errorf("%+v.Validate() = %v; want ErrInvalid on %s", tt.c, err, tt.field)
		}
	}
}

func TestChainPanics(t *testing.T) {
	bad := Chain{}
	for name, f := range map[string]func(){
		"Subsidy":           func() { bad.Subsidy(1) },
		"Halvings":          func() { bad.Halvings(1) },
		"HalvingHeight":     func() { bad.HalvingHeight(1) },
		"HalvingHeight<0":   func() { Mainnet.HalvingHeight(-1) },
		"HalvingHeight ovf": func() { Mainnet.HalvingHeight(math.MaxInt64 / 1000) },
		"NextHalving":       func() { bad.NextHalving(1) },
		"Issued":            func() { bad.Issued(1) },
		"Retarget":          func() { bad.Retarget(1, time.Hour) },
		"ExpectedTimespan":  func() { bad.ExpectedTimespan() },
		"Hashrate":          func() { bad.Hashrate(1) },
	} {
		if !panics(f) {
			t.Errorf("%s on an invalid Chain did not panic", name)
		}
	}
}

func TestRetarget(t *testing.T) {
	const d = 100e12
	twoWeeks := 14 * 24 * time.Hour // 1,209,600 s: REFERENCE.md, Core pow.cpp nPowTargetTimespan
	if got := Mainnet.ExpectedTimespan(); got != twoWeeks {
		t.Fatalf("ExpectedTimespan = %v, want %v", got, twoWeeks)
	}
	tests := []struct {
		name   string
		actual time.Duration
		want   float64
	}{
		{"on time", twoWeeks, d},
		{"twice as fast", twoWeeks / 2, 2 * d},
		{"twice as slow", twoWeeks * 2, d / 2},
		{"4x fast, at the clamp", twoWeeks / 4, 4 * d},
		{"10x fast, clamped to 4x", twoWeeks / 10, 4 * d},
		{"zero time, clamped", 0, 4 * d},
		{"negative time, clamped", -time.Hour, 4 * d},
		{"4x slow, at the clamp", twoWeeks * 4, d / 4},
		{"100x slow, clamped to 1/4", twoWeeks * 100, d / 4},
		// The protocol measures 2015 intervals: exact 10-minute blocks raise
		// the difficulty by 2016/2015 (REFERENCE.md, Core pow.cpp).
		{"2015 intervals of 10 min", 2015 * 10 * time.Minute, d * 2016 / 2015},
	}
	for _, tt := range tests {
		got := Mainnet.Retarget(d, tt.actual)
		if math.Abs(got-tt.want) > 1e-15*tt.want {
			t.Errorf("%s: Retarget(%g, %v) = %g, want %g", tt.name, float64(d), tt.actual, got, tt.want)
		}
	}
	// Property: the factor always lies in [1/4, 4].
	for a := -time.Hour; a < 60*twoWeeks; a += 37 * time.Hour {
		r := Mainnet.Retarget(1, a)
		if r < 0.25 || r > 4 {
			t.Fatalf("Retarget(1, %v) = %g outside [1/4, 4]", a, r)
		}
	}
	if got := Mainnet.Retarget(math.NaN(), twoWeeks); !math.IsNaN(got) {
		t.Errorf("Retarget(NaN) = %g, want NaN", got)
	}
}

func TestExpectedTimespanSaturates(t *testing.T) {
	c := Chain{HalvingInterval: 1, InitialSubsidy: 1, BlockInterval: time.Hour, RetargetInterval: math.MaxInt64}
	if got := c.ExpectedTimespan(); got != time.Duration(math.MaxInt64) {
		t.Errorf("ExpectedTimespan = %v, want the largest Duration", got)
	}
}
