package market

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// hashpriceCase is the worked example of the hashprice formula
// (REFERENCE.md "Mining revenue"; Luxor Hashrate Index methodology):
//
//	price 100,000 USD, difficulty 1e14, height 900,000, fees 0.02 BTC
//	subsidy(900,000) = 5e9 >> 4 = 312,500,000 sats (epoch 4)
//	R = 312,500,000 + 2,000,000 = 314,500,000 sats = 3.145 BTC
//	E = 86400 * 1e12 * 3.145 / (1e14 * 2^32)
//	  = 271,728 / 429,496,729,600 BTC/TH/day
//	hashprice = E * 100,000 = 27,172,800,000 / 429,496,729,600
//	          = 2,122,875 / 2^25 = 0.0632666051387786865234375 USD/TH/day
//	          -> 0.063266605139 at 12 places; 63.266605139 USD/PH/day
//	sats/TH/day = 1e8 * E = 63.2666051387786865234375
var hashpriceCase = Bitcoin{
	Price:        decimal.NewFromInt(100_000),
	Difficulty:   1e14,
	Height:       900_000,
	FeesPerBlock: 2_000_000,
}

func TestHashpriceGolden(t *testing.T) {
	b := hashpriceCase
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.RewardPerBlock(), Sats(314_500_000); got != want {
		t.Errorf("RewardPerBlock = %d, want %d", got, want)
	}
	if got, want := b.Hashprice(), decimal.RequireFromString("0.063266605139"); !got.Equal(want) {
		t.Errorf("Hashprice = %s, want %s", got, want)
	}
	if got, want := b.HashpricePH(), decimal.RequireFromString("63.266605139"); !got.Equal(want) {
		t.Errorf("HashpricePH = %s, want %s", got, want)
	}
	// Floats: within 4 ulp-ish of the exact values above.
	if got, want := b.SatsPerTHDay(), 63.2666051387786865234375; math.Abs(got-want) > 1e-15*want {
		t.Errorf("SatsPerTHDay = %.17g, want %.17g", got, want)
	}
	if got, want := b.BTCPerTHDay(), 6.32666051387786865234375e-7; math.Abs(got-want) > 1e-15*want {
		t.Errorf("BTCPerTHDay = %.17g, want %.17g", got, want)
	}
	hp, err := b.CheckedHashprice()
	if err != nil || !hp.Equal(b.Hashprice()) {
		t.Errorf("CheckedHashprice = %s, %v; want Hashprice and no error", hp, err)
	}
}

// A case with a terminating exact value that fills all 12 places:
// price 1 USD, difficulty 1, height 0, no fees:
// 1 * 5e9 * 86400e12 / (1 * 2^32 * 1e8) = 4.32e18 / 2^32
// = 27 * 5^16 / 2^12 = 1,005,828,380.584716796875 exactly.
func TestHashpriceGenesisEra(t *testing.T) {
	b := Bitcoin{Price: decimal.NewFromInt(1), Difficulty: 1, Height: 0}
	if got, want := b.Hashprice(), decimal.RequireFromString("1005828380.584716796875"); !got.Equal(want) {
		t.Errorf("Hashprice = %s, want %s", got, want)
	}
}

// Hashprice is linear in price and in reward and inversely proportional to
// difficulty, up to the final rounding.
func TestHashpriceScaling(t *testing.T) {
	b := hashpriceCase
	base := b.Hashprice()
	b2 := b
	b2.Price = b.Price.Mul(decimal.NewFromInt(2))
	if got, want := b2.Hashprice(), base.Mul(decimal.NewFromInt(2)); got.Sub(want).Abs().GreaterThan(decimal.New(1, -12)) {
		t.Errorf("doubling price: %s, want about %s", got, want)
	}
	b3 := b
	b3.Difficulty = 2 * b.Difficulty
	if got, want := b3.Hashprice().Mul(decimal.NewFromInt(2)), base; got.Sub(want).Abs().GreaterThan(decimal.New(2, -12)) {
		t.Errorf("doubling difficulty: 2 * %s, want about %s", b3.Hashprice(), want)
	}
	// Across the 2028 halving (REFERENCE.md: 1,050,000) the subsidy halves.
	before, after := b, b
	before.Height, after.Height = 1_049_999, 1_050_000
	before.FeesPerBlock, after.FeesPerBlock = 0, 0
	if got, want := after.Hashprice().Mul(decimal.NewFromInt(2)), before.Hashprice(); got.Sub(want).Abs().GreaterThan(decimal.New(2, -12)) {
		t.Errorf("halving: 2 * %s, want about %s", after.Hashprice(), want)
	}
}

func TestBitcoinValidate(t *testing.T) {
	ok := hashpriceCase
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate() = %v", err)
	}
	mod := func(f func(*Bitcoin)) Bitcoin { b := ok; f(&b); return b }
	tests := []struct {
		field string
		b     Bitcoin
	}{
		{"Bitcoin.Price", mod(func(b *Bitcoin) { b.Price = decimal.Zero })},
		{"Bitcoin.Price", mod(func(b *Bitcoin) { b.Price = decimal.NewFromInt(-1) })},
		{"Bitcoin.Price", mod(func(b *Bitcoin) { b.Price = decimal.New(1, 18) })},
		{"Bitcoin.Price", mod(func(b *Bitcoin) { b.Price = decimal.RequireFromString("1000000000.01") })},
		{"Bitcoin.Price", mod(func(b *Bitcoin) { b.Price = decimal.New(1, -25) })},
		{"Bitcoin.Price", mod(func(b *Bitcoin) { b.Price = decimal.New(1, 2_000_000_000) })},
		{"Bitcoin.Price", mod(func(b *Bitcoin) { b.Price = decimal.New(1, -2_000_000_000) })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = 0 })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = -1 })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = math.NaN() })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = math.Inf(1) })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = 1e-300 })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = math.Nextafter(MinDifficulty, 0) })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = math.Nextafter(MaxDifficulty, math.Inf(1)) })},
		{"Bitcoin.Difficulty", mod(func(b *Bitcoin) { b.Difficulty = math.MaxFloat64 })},
		{"Bitcoin.Height", mod(func(b *Bitcoin) { b.Height = -1 })},
		{"Bitcoin.Height", mod(func(b *Bitcoin) { b.Height = MaxHeight + 1 })},
		{"Bitcoin.Height", mod(func(b *Bitcoin) { b.Height = math.MaxInt64 })},
		{"Bitcoin.FeesPerBlock", mod(func(b *Bitcoin) { b.FeesPerBlock = -1 })},
		{"Bitcoin.FeesPerBlock", mod(func(b *Bitcoin) { b.FeesPerBlock = MaxMoney + 1 })},
		{"Bitcoin.Price", Bitcoin{}}, // the zero value is not valid
		// A chain other than the zero one (Mainnet) must be valid: a
		// chain with no halving interval, and one with no retarget period.
		{"Chain.HalvingInterval", mod(func(b *Bitcoin) {
			b.Chain = Chain{InitialSubsidy: 50 * SatsPerBTC, BlockInterval: time.Minute, RetargetInterval: 10}
		})},
		{"Chain.RetargetInterval", mod(func(b *Bitcoin) { b.Chain = Mainnet; b.Chain.RetargetInterval = -1 })},
	}
	for _, tt := range tests {
		err := tt.b.Validate()
		var ie *InvalidError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) || ie.Field != tt.field {
			t.Errorf("Validate(%+v) = %v; want ErrInvalid on %s", tt.b, err, tt.field)
			continue
		}
		if len(err.Error()) > 200 {
			t.Errorf("error message is %d bytes; want it short", len(err.Error()))
		}
		// Hashprice's documented behaviour for invalid data.
		if hp := tt.b.Hashprice(); !hp.IsZero() {
			t.Errorf("Hashprice of invalid %+v = %s, want 0", tt.b, hp)
		}
		if hp, err := tt.b.CheckedHashprice(); !errors.Is(err, ErrInvalid) || !hp.IsZero() {
			t.Errorf("CheckedHashprice of invalid %+v = %s, %v; want 0 and ErrInvalid", tt.b, hp, err)
		}
	}
	// Bounds that are still valid, and give finite figures.
	for _, p := range []decimal.Decimal{decimal.New(1, -24), decimal.New(MaxBTCPrice, 0)} {
		for _, d := range []float64{MinDifficulty, 1, MaxDifficulty} {
			for _, h := range []int64{0, MaxHeight} {
				for _, fees := range []Sats{0, MaxMoney} {
					b := ok
					b.Price, b.Difficulty, b.Height, b.FeesPerBlock = p, d, h, fees
					if err := b.Validate(); err != nil {
						t.Errorf("price %s, difficulty %g, height %d, fees %d: %v", p, d, h, fees, err)
						continue
					}
					if f := b.SatsPerTHDay(); math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
						t.Errorf("SatsPerTHDay(%+v) = %g, want finite", b, f)
					}
					if _, err := b.CheckedHashprice(); err != nil {
						t.Errorf("CheckedHashprice(%+v): %v", b, err)
					}
				}
			}
		}
	}
}

func TestBitcoinFloatSpecialCases(t *testing.T) {
	for _, d := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		b := hashpriceCase
		b.Difficulty = d
		if got := b.SatsPerTHDay(); got != 0 {
			t.Errorf("SatsPerTHDay(D=%g) = %g, want 0", d, got)
		}
		if got := b.BTCPerTHDay(); got != 0 {
			t.Errorf("BTCPerTHDay(D=%g) = %g, want 0", d, got)
		}
	}
}

func TestBitcoinEqualAndJSON(t *testing.T) {
	a := hashpriceCase
	b := a
	b.Price = decimal.RequireFromString("100000.000") // same number, other scale
	if !a.Equal(b) {
		t.Errorf("Equal: %+v and %+v differ only in price scale", a, b)
	}
	b.Height++
	if a.Equal(b) {
		t.Errorf("Equal ignores Height")
	}
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"price":"100000","difficulty":100000000000000,"height":900000,"fees_per_block":2000000}`
	if string(data) != want {
		t.Errorf("json = %s, want %s", data, want)
	}
	var back Bitcoin
	if err := json.Unmarshal(data, &back); err != nil || !back.Equal(a) {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, a)
	}
	cdata, err := json.Marshal(Mainnet)
	if err != nil {
		t.Fatal(err)
	}
	const cwant = `{"halving_interval":210000,"initial_subsidy":5000000000,"block_interval":600000000000,"retarget_interval":2016}`
	if string(cdata) != cwant {
		t.Errorf("json(Mainnet) = %s, want %s", cdata, cwant)
	}
}

// A Bitcoin's figures come from its own chain, Params: the zero Chain is
// Mainnet, and another chain changes the subsidy of RewardPerBlock and of
// everything built on it. The chain round-trips through JSON and is left
// out when zero.
func TestBitcoinChain(t *testing.T) {
	b := hashpriceCase
	if b.Params() != Mainnet {
		t.Fatalf("Params of a zero Chain = %+v, want Mainnet", b.Params())
	}
	// Halving every 420,000 blocks: height 900,000 is in epoch 2, 12.5 BTC.
	slow := b
	slow.Chain = Mainnet
	slow.Chain.HalvingInterval = 420_000
	if err := slow.Validate(); err != nil {
		t.Fatal(err)
	}
	if got, want := slow.RewardPerBlock(), Sats(1_250_000_000+2_000_000); got != want {
		t.Errorf("RewardPerBlock on a 420,000-block halving = %d, want %d", got, want)
	}
	// SatsPerTHDay scales with the reward: 1,252,000,000 / 314,500,000.
	if got, want := slow.SatsPerTHDay(), b.SatsPerTHDay()*1_252_000_000/314_500_000; math.Abs(got-want) > 1e-14*want {
		t.Errorf("SatsPerTHDay = %v, want %v", got, want)
	}
	if slow.Equal(b) {
		t.Errorf("Equal ignores the chain")
	}
	explicit := b
	explicit.Chain = Mainnet
	if !explicit.Equal(b) {
		t.Errorf("a zero Chain and Mainnet differ in Equal")
	}
	data, err := json.Marshal(slow)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"price":"100000","difficulty":100000000000000,"height":900000,"fees_per_block":2000000,` +
		`"chain":{"halving_interval":420000,"initial_subsidy":5000000000,"block_interval":600000000000,"retarget_interval":2016}}`
	if string(data) != want {
		t.Errorf("json = %s, want %s", data, want)
	}
	var back Bitcoin
	if err := json.Unmarshal(data, &back); err != nil || !back.Equal(slow) || back.Chain != slow.Chain {
		t.Errorf("round trip = %+v, %v; want %+v", back, err, slow)
	}
}
