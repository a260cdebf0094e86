package market_test

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// fuzzBytes hands out the fuzzer's bytes, then zeros once they run out.
type fuzzBytes []byte

func (b *fuzzBytes) byte() byte {
	if len(*b) == 0 {
		return 0
	}
	c := (*b)[0]
	*b = (*b)[1:]
	return c
}

// float gives a value near the limits Validate checks: NaN, ±Inf, 0,
// negatives, values below and above 1, or any float64 from 8 raw bytes.
func (b *fuzzBytes) float() float64 {
	switch c := b.byte(); c {
	case 0:
		return math.NaN()
	case 1:
		return math.Inf(1)
	case 2:
		return math.Inf(-1)
	case 3:
		return 0
	case 4:
		return -1
	case 5:
		return 0.5
	case 255:
		var raw [8]byte
		for i := range raw {
			raw[i] = b.byte()
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(raw[:]))
	default:
		return float64(c)
	}
}

// date gives a day near 2020-01-01, off midnight when the offset byte is
// odd (and then, by the low bits, a second, an hour or a nanosecond off),
// or the zero time.Time.
func (b *fuzzBytes) date() time.Time {
	d := int8(b.byte())
	off := b.byte()
	if d == math.MinInt8 {
		return time.Time{}
	}
	t := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(d))
	if off&1 == 1 {
		t = t.Add([]time.Duration{time.Second, time.Hour, time.Nanosecond, -time.Minute}[off>>1&3])
	}
	return t
}

// FuzzHistoryValidate builds a History of up to 4 rows a series from the
// fuzzer's bytes: Validate never panics, and a History it accepts has
// every invariant it promises, checked here independently. Between, on
// any bounds, never panics and on an accepted History returns only rows
// in [from, to), adjacent windows adding up. Bitcoin, at any instant,
// never panics and returns ErrInvalid or a Bitcoin that Validate accepts.
func FuzzHistoryValidate(f *testing.F) {
	f.Add([]byte{})
	// Valid: two prices (days 0 and 1, closes 100 and 101), two epochs
	// (heights 0 and 2016, difficulties 7 and 9), one fee day, windows
	// from day 0 to 1 to 2.
	f.Add([]byte{2, 0, 0, 100, 1, 0, 101, 2, 0, 7, 0, 1, 9, 1, 1, 3, 0, 6, 20, 0, 0, 0, 0, 1, 0, 2, 0})
	f.Add([]byte{3, 5, 0, 9, 4, 0, 9, 4, 0, 9, 1, 0, 0, 1, 7, 1, 2, 3, 9})
	f.Add([]byte{2, 0, 1, 0, 128, 0, 3, 2, 255, 0, 0, 0, 0, 0, 0, 0xf0, 0x7f})
	f.Fuzz(func(t *testing.T, data []byte) {
		b := fuzzBytes(data)
		var h market.History
		for range b.byte() & 3 {
			h.Prices = append(h.Prices, market.DailyPrice{Date: b.date(), Close: b.float()})
		}
		for range b.byte() & 3 {
			e := market.Epoch{Height: int64(int8(b.byte())) * 2016, Difficulty: b.float()}
			if s := int8(b.byte()); s != math.MinInt8 {
				e.Time = time.Unix(1577836800+int64(s)*86400, 0) // 2020-01-01, near the daily series
			}
			h.Epochs = append(h.Epochs, e)
		}
		for range b.byte() & 3 {
			h.Fees = append(h.Fees, market.DailyFees{Date: b.date(), Fees: b.float(), Subsidy: b.float()})
		}
		for range b.byte() & 3 {
			h.Power = append(h.Power, market.DatedValue{Date: b.date(), Value: b.float()})
		}
		for range b.byte() & 3 {
			h.GPU = append(h.GPU, market.DatedValue{Date: b.date(), Value: b.float()})
		}
		from, mid, to := b.date(), b.date(), b.date()
		// Between must not panic, even on an unsorted history; Bitcoin
		// validates first and must not panic either.
		h.Between(from, to)
		if bt, err := h.Bitcoin(mid, market.Chain{}); err != nil {
			if !errors.Is(err, market.ErrInvalid) {
				t.Fatalf("Bitcoin(%v): error %v does not match ErrInvalid", mid, err)
			}
		} else if err := bt.Validate(); err != nil || bt.Height < 0 {
			t.Fatalf("Bitcoin(%v) = %+v, which fails Validate: %v", mid, bt, err)
		}
		if err := h.Validate(); err != nil {
			return
		}
		checkHistoryInvariants(t, h)
		if from.After(mid) {
			from, mid = mid, from
		}
		if mid.After(to) {
			mid, to = to, mid
		}
		if from.After(mid) {
			from, mid = mid, from
		}
		whole, a, c := h.Between(from, to), h.Between(from, mid), h.Between(mid, to)
		for _, r := range whole.Prices {
			if r.Date.Before(from) || !r.Date.Before(to) {
				t.Fatalf("Between(%v, %v) holds a price dated %v", from, to, r.Date)
			}
		}
		for _, r := range whole.Epochs {
			if r.Time.Before(from) || !r.Time.Before(to) {
				t.Fatalf("Between(%v, %v) holds an epoch at %v", from, to, r.Time)
			}
		}
		if len(a.Prices)+len(c.Prices) != len(whole.Prices) || len(a.Epochs)+len(c.Epochs) != len(whole.Epochs) ||
			len(a.Fees)+len(c.Fees) != len(whole.Fees) || len(a.GPU)+len(c.GPU) != len(whole.GPU) {
			t.Fatalf("Between(%v, %v) and Between(%v, %v) do not add up to Between(%v, %v)", from, mid, mid, to, from, to)
		}
		var n int
		for _, r := range h.Prices {
			if !r.Date.Before(from) && r.Date.Before(to) {
				n++
			}
		}
		if n != len(whole.Prices) {
			t.Fatalf("Between(%v, %v) gives %d prices, %d are in the window", from, to, len(whole.Prices), n)
		}
	})
}

// checkHistoryInvariants fails t unless h keeps what Validate promises.
func checkHistoryInvariants(t *testing.T, h market.History) {
	t.Helper()
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	daily := func(series string, i int, d, prev time.Time) {
		u := d.UTC()
		if d.IsZero() || u.Hour()|u.Minute()|u.Second()|u.Nanosecond() != 0 {
			t.Fatalf("accepted %s[%d].Date = %v, not a set midnight UTC", series, i, d)
		}
		if i > 0 && !prev.Before(d) {
			t.Fatalf("accepted %s[%d].Date = %v, not after %v", series, i, d, prev)
		}
	}
	if len(h.Prices) == 1 || len(h.Epochs) == 1 {
		t.Fatalf("accepted %d prices and %d epochs", len(h.Prices), len(h.Epochs))
	}
	for i, r := range h.Prices {
		var prev time.Time
		if i > 0 {
			prev = h.Prices[i-1].Date
		}
		daily("Prices", i, r.Date, prev)
		if !finite(r.Close) || r.Close <= 0 {
			t.Fatalf("accepted Prices[%d].Close = %v", i, r.Close)
		}
	}
	for i, r := range h.Epochs {
		if r.Height < 0 || r.Time.IsZero() || !finite(r.Difficulty) || r.Difficulty < 1 {
			t.Fatalf("accepted Epochs[%d] = %+v", i, r)
		}
		if i > 0 && (r.Height <= h.Epochs[i-1].Height || r.Time.Before(h.Epochs[i-1].Time)) {
			t.Fatalf("accepted Epochs[%d] = %+v after %+v", i, r, h.Epochs[i-1])
		}
	}
	for i, r := range h.Fees {
		var prev time.Time
		if i > 0 {
			prev = h.Fees[i-1].Date
		}
		daily("Fees", i, r.Date, prev)
		if !finite(r.Fees) || r.Fees < 0 || !finite(r.Subsidy) || r.Subsidy <= 0 {
			t.Fatalf("accepted Fees[%d] = %+v", i, r)
		}
	}
	for series, s := range map[string][]market.DatedValue{"Power": h.Power, "GPU": h.GPU} {
		for i, r := range s {
			var prev time.Time
			if i > 0 {
				prev = s[i-1].Date
			}
			daily(series, i, r.Date, prev)
			if !finite(r.Value) || r.Value <= 0 {
				t.Fatalf("accepted %s[%d].Value = %v", series, i, r.Value)
			}
		}
	}
}
