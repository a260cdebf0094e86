package market

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func FuzzDifficultyFromBits(f *testing.F) {
	// Seeds: REFERENCE.md and Bitcoin Core test vectors used in
	// difficulty_test.go, plus the error classes.
	for _, b := range []uint32{0x1d00ffff, 0x1d00d86a, 0x1b04864c, 0x12345678, 0x207fffff,
		0x01123456, 0x00000000, 0x01fedcba, 0xff123456, 0x2100ffff, 0x2200007f} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, bits uint32) {
		d, err := DifficultyFromBits(bits)
		if err != nil {
			if !errors.Is(err, ErrInvalid) || d != 0 {
				t.Fatalf("DifficultyFromBits(%#08x) = %g, %v: want 0 and ErrInvalid", bits, d, err)
			}
			return
		}
		if math.IsNaN(d) || math.IsInf(d, 0) || d <= 0 {
			t.Fatalf("DifficultyFromBits(%#08x) = %g: want finite and positive", bits, d)
		}
		// The difficulty re-encodes to the same target.
		back, err := BitsFromDifficulty(d)
		if err != nil {
			t.Fatalf("BitsFromDifficulty(%g) from %#08x: %v", d, bits, err)
		}
		t1, _ := TargetFromBits(bits)
		t2, err := TargetFromBits(back)
		if err != nil || t1.Cmp(t2) != 0 {
			t.Fatalf("bits %#08x -> D %g -> bits %#08x: target %x, want %x (%v)", bits, d, back, t2, t1, err)
		}
		if h := HashrateFromDifficulty(d); !(h > 0) || math.IsInf(float64(h), 0) {
			t.Fatalf("HashrateFromDifficulty(%g) = %g", d, float64(h))
		}
	})
}

func FuzzSubsidy(f *testing.F) {
	f.Add(int64(0), int64(210_000), int64(50*SatsPerBTC))
	f.Add(int64(6_929_999), int64(210_000), int64(50*SatsPerBTC))
	f.Add(int64(math.MaxInt64), int64(1), int64(math.MaxInt64))
	f.Add(int64(-1), int64(7), int64(3))
	f.Fuzz(func(t *testing.T, height, interval, initial int64) {
		// Mainnet first: never negative, never above the initial subsidy,
		// never more than the height-1 subsidy.
		s := Mainnet.Subsidy(height)
		if s < 0 || s > Mainnet.InitialSubsidy {
			t.Fatalf("Mainnet.Subsidy(%d) = %d", height, s)
		}
		if height > math.MinInt64 && s > Mainnet.Subsidy(height-1) && height != 0 {
			t.Fatalf("Mainnet.Subsidy(%d) = %d > Subsidy(%d)", height, s, height-1)
		}
		is := Mainnet.Issued(height)
		if is < 0 || is > mainnetSupply {
			t.Fatalf("Mainnet.Issued(%d) = %d", height, is)
		}
		if n := Mainnet.NextHalving(height); n != -1 && (n <= height || Mainnet.Subsidy(n) == s) {
			t.Fatalf("Mainnet.NextHalving(%d) = %d", height, n)
		}
		// Any chain that passes Validate.
		c := Chain{HalvingInterval: interval, InitialSubsidy: Sats(initial), BlockInterval: time.Minute, RetargetInterval: 1}
		if c.Validate() != nil {
			return
		}
		s = c.Subsidy(height)
		if s < 0 || s > c.InitialSubsidy {
			t.Fatalf("%+v.Subsidy(%d) = %d", c, height, s)
		}
		total, _ := c.totalIssuance()
		if is := c.Issued(height); is < 0 || is > total {
			t.Fatalf("%+v.Issued(%d) = %d, total %d", c, height, is, total)
		}
		if n := c.NextHalving(height); n != -1 && (n <= height || c.Subsidy(n) == s) {
			t.Fatalf("%+v.NextHalving(%d) = %d", c, height, n)
		}
	})
}

func FuzzSatsFromBTC(f *testing.F) {
	for _, s := range []string{"0", "0.03125", "-0.5", "21000000", "0.000000001", "92233720368.54775807", "1e-8", "123.456e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := decimal.NewFromString(in)
		if err != nil {
			return
		}
		s, err := SatsFromBTC(d)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("SatsFromBTC(%s): %v does not match ErrInvalid", in, err)
			}
			return
		}
		if !s.BTC().Equal(d) {
			t.Fatalf("SatsFromBTC(%s) = %d sats = %s BTC: not the input", in, int64(s), s.BTC())
		}
		_ = s.String()
	})
}
