package market_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// validHistory is a small history that Validate accepts. Closes, epochs
// and the 2023-03-03 fee day are rows of shared/data (btc_usd_daily.csv
// 2021-11-09..11; difficulty_epochs.csv heights 796320, 798336, 800352;
// fees_daily_windows.csv); the 2023-03-01 fee day is edited to zero fees,
// the lower limit; power and GPU values are made up (no such data ships).
func validHistory() market.History {
	return market.History{
		Prices: []market.DailyPrice{
			{Date: day("2021-11-09"), Close: 66972.06},
			{Date: day("2021-11-10"), Close: 64872.70},
			{Date: day("2021-11-11"), Close: 64772.94},
		},
		Epochs: []market.Epoch{
			{Height: 796320, Time: time.Unix(1687992515, 0), Difficulty: 50646206431058.094},
			{Height: 798336, Time: time.Unix(1689128979, 0), Difficulty: 53911173001054.585},
			{Height: 800352, Time: time.Unix(1690375347, 0), Difficulty: 52328312063443.838},
		},
		Fees: []market.DailyFees{
			{Date: day("2023-03-01"), Fees: 0, Subsidy: 1062.5},
			{Date: day("2023-03-03"), Fees: 27.89011407, Subsidy: 1050},
		},
		Power: []market.DatedValue{{Date: day("2024-01-01"), Value: 38}, {Date: day("2024-01-02"), Value: 41}},
		GPU:   []market.DatedValue{{Date: day("2024-01-01"), Value: 1}},
	}
}

func TestHistoryValidateAccepts(t *testing.T) {
	h := validHistory()
	if err := h.Validate(); err != nil {
		t.Fatalf("valid history: %v", err)
	}
	if err := (market.History{}).Validate(); err != nil {
		t.Errorf("empty history: %v", err)
	}
	// A midnight UTC instant in another Location is the same day.
	h.Prices[0].Date = h.Prices[0].Date.In(time.FixedZone("EST", -5*3600))
	// Epoch times may repeat (non-decreasing) and need not be midnight.
	h.Epochs[1].Time = h.Epochs[0].Time
	if err := h.Validate(); err != nil {
		t.Errorf("midnight in EST, equal epoch times: %v", err)
	}
}

// Every fault gives an *InvalidError matching ErrInvalid whose Field names
// the series, row and field, and whose message states the limit.
func TestHistoryValidateRejects(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name   string
		edit   func(*market.History)
		field  string // InvalidError.Field
		reason string // a substring of the message
	}{
		{"prices unsorted", func(h *market.History) { h.Prices[2].Date = day("2021-11-08") },
			"History.Prices[2].Date", "before History.Prices[1].Date = 2021-11-10: dates must ascend"},
		{"prices duplicate", func(h *market.History) { h.Prices[1].Date = h.Prices[0].Date },
			"History.Prices[1].Date", "duplicates History.Prices[0].Date"},
		{"prices not midnight", func(h *market.History) { h.Prices[1].Date = h.Prices[1].Date.Add(time.Second) },
			"History.Prices[1].Date", "midnight UTC"},
		{"prices midnight elsewhere", func(h *market.History) {
			h.Prices[0].Date = time.Date(2021, 11, 9, 0, 0, 0, 0, time.FixedZone("CET", 3600))
		}, "History.Prices[0].Date", "midnight UTC"},
		{"prices zero date", func(h *market.History) { h.Prices[0].Date = time.Time{} },
			"History.Prices[0].Date", "must be set"},
		{"prices NaN", func(h *market.History) { h.Prices[1].Close = nan }, "History.Prices[1].Close", "finite and positive"},
		{"prices +Inf", func(h *market.History) { h.Prices[2].Close = inf }, "History.Prices[2].Close", "finite and positive"},
		{"prices zero", func(h *market.History) { h.Prices[0].Close = 0 }, "History.Prices[0].Close", "finite and positive"},
		{"prices negative", func(h *market.History) { h.Prices[0].Close = -1 }, "History.Prices[0].Close", "finite and positive"},
		{"prices too short", func(h *market.History) { h.Prices = h.Prices[:1] }, "len(History.Prices)", "at least 2"},

		{"epochs unsorted height", func(h *market.History) { h.Epochs[2].Height = 796320 },
			"History.Epochs[2].Height", "not above History.Epochs[1].Height = 798336"},
		{"epochs duplicate height", func(h *market.History) { h.Epochs[1].Height = h.Epochs[0].Height },
			"History.Epochs[1].Height", "heights must ascend"},
		{"epochs time decreases", func(h *market.History) { h.Epochs[2].Time = h.Epochs[1].Time.Add(-time.Second) },
			"History.Epochs[2].Time", "times must not decrease"},
		{"epochs zero time", func(h *market.History) { h.Epochs[0].Time = time.Time{} }, "History.Epochs[0].Time", "must be set"},
		{"epochs negative height", func(h *market.History) { h.Epochs[0].Height = -2016 }, "History.Epochs[0].Height", ">= 0"},
		{"epochs NaN", func(h *market.History) { h.Epochs[1].Difficulty = nan }, "History.Epochs[1].Difficulty", "finite and >= 1"},
		{"epochs +Inf", func(h *market.History) { h.Epochs[1].Difficulty = inf }, "History.Epochs[1].Difficulty", "finite and >= 1"},
		{"epochs zero", func(h *market.History) { h.Epochs[2].Difficulty = 0 }, "History.Epochs[2].Difficulty", "finite and >= 1"},
		{"epochs below 1", func(h *market.History) { h.Epochs[2].Difficulty = 0.5 }, "History.Epochs[2].Difficulty", "finite and >= 1"},
		{"epochs negative", func(h *market.History) { h.Epochs[0].Difficulty = -1 }, "History.Epochs[0].Difficulty", "finite and >= 1"},
		{"epochs too short", func(h *market.History) { h.Epochs = h.Epochs[2:] }, "len(History.Epochs)", "at least 2"},

		{"fees unsorted", func(h *market.History) { h.Fees[1].Date = day("2023-02-28") },
			"History.Fees[1].Date", "dates must ascend"},
		{"fees duplicate", func(h *market.History) { h.Fees[1].Date = h.Fees[0].Date }, "History.Fees[1].Date", "duplicates"},
		{"fees not midnight", func(h *market.History) { h.Fees[0].Date = h.Fees[0].Date.Add(time.Hour) },
			"History.Fees[0].Date", "midnight UTC"},
		{"fees NaN", func(h *market.History) { h.Fees[0].Fees = nan }, "History.Fees[0].Fees", "finite and >= 0"},
		{"fees +Inf", func(h *market.History) { h.Fees[1].Fees = inf }, "History.Fees[1].Fees", "finite and >= 0"},
		{"fees negative", func(h *market.History) { h.Fees[1].Fees = -1e-9 }, "History.Fees[1].Fees", "finite and >= 0"},
		{"subsidy zero", func(h *market.History) { h.Fees[1].Subsidy = 0 }, "History.Fees[1].Subsidy", "finite and positive"},
		{"subsidy NaN", func(h *market.History) { h.Fees[0].Subsidy = nan }, "History.Fees[0].Subsidy", "finite and positive"},
		{"subsidy +Inf", func(h *market.History) { h.Fees[0].Subsidy = inf }, "History.Fees[0].Subsidy", "finite and positive"},

		{"power unsorted", func(h *market.History) { h.Power[1].Date = day("2023-12-31") }, "History.Power[1].Date", "dates must ascend"},
		{"power duplicate", func(h *market.History) { h.Power[1].Date = h.Power[0].Date }, "History.Power[1].Date", "duplicates"},
		{"power not midnight", func(h *market.History) { h.Power[1].Date = h.Power[1].Date.Add(time.Nanosecond) },
			"History.Power[1].Date", "midnight UTC"},
		{"power NaN", func(h *market.History) { h.Power[1].Value = nan }, "History.Power[1].Value", "finite and positive"},
		{"power negative", func(h *market.History) { h.Power[0].Value = -5 }, "History.Power[0].Value", "finite and positive"},
		{"gpu zero", func(h *market.History) { h.GPU[0].Value = 0 }, "History.GPU[0].Value", "finite and positive"},
		{"gpu +Inf", func(h *market.History) { h.GPU[0].Value = inf }, "History.GPU[0].Value", "finite and positive"},
		{"gpu zero date", func(h *market.History) { h.GPU[0].Date = time.Time{} }, "History.GPU[0].Date", "must be set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := validHistory()
			tt.edit(&h)
			err := h.Validate()
			if !errors.Is(err, market.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			var ie *market.InvalidError
			if !errors.As(err, &ie) || ie.Field != tt.field {
				t.Fatalf("err = %v, want Field %q", err, tt.field)
			}
			if !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("err = %q, want it to contain %q", err, tt.reason)
			}
		})
	}
}

// The message reads as the issue asks: row, value, the row it breaks
// order with, and the rule.
func TestHistoryValidateMessage(t *testing.T) {
	h := market.History{Prices: []market.DailyPrice{
		{Date: day("2015-03-03"), Close: 280}, {Date: day("2015-03-02"), Close: 275},
	}}
	const want = "market: invalid History.Prices[1].Date = 2015-03-02: before History.Prices[0].Date = 2015-03-03: dates must ascend"
	if err := h.Validate(); err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
}

func TestEpochFromBits(t *testing.T) {
	tm := time.Unix(1262152739, 0).UTC()
	tests := []struct {
		bits uint32
		want float64
		src  string
	}{
		{0x1d00ffff, 1, "genesis bits are difficulty 1 by definition"},
		// shared/data/README.md section 2 spot checks (from bitcoinj and
		// Electrum checkpoints, cross-checked with a Bitcoin Core node).
		{0x1d00d86a, 1.1828995343128407, "height 32256, shared/data/README.md"},
		{0x17034219, 86388558925171.012, "epoch 838656, shared/data/README.md"},
	}
	for _, tt := range tests {
		e, err := market.EpochFromBits(32256, tm, tt.bits)
		if err != nil {
			t.Fatalf("EpochFromBits(%#x): %v", tt.bits, err)
		}
		if e.Difficulty != tt.want || e.Height != 32256 || !e.Time.Equal(tm) {
			t.Errorf("EpochFromBits(%#x) = %+v, want difficulty %v (%s)", tt.bits, e, tt.want, tt.src)
		}
		d, _ := market.DifficultyFromBits(tt.bits)
		if d != e.Difficulty {
			t.Errorf("EpochFromBits(%#x).Difficulty = %v, DifficultyFromBits = %v", tt.bits, e.Difficulty, d)
		}
	}
	bad := []struct {
		name   string
		height int64
		t      time.Time
		bits   uint32
		field  string
	}{
		{"zero target", 0, tm, 0x1d000000, "Epoch.Bits"},
		{"sign bit", 0, tm, 0x1d80ffff, "Epoch.Bits"},
		{"overflow", 0, tm, 0x23000001, "Epoch.Bits"},
		{"regtest, difficulty below 1", 0, tm, 0x207fffff, "Epoch.Bits"},
		{"negative height", -1, tm, 0x1d00ffff, "Epoch.Height"},
		{"zero time", 0, time.Time{}, 0x1d00ffff, "Epoch.Time"},
	}
	for _, tt := range bad {
		_, err := market.EpochFromBits(tt.height, tt.t, tt.bits)
		var ie *market.InvalidError
		if !errors.Is(err, market.ErrInvalid) || !errors.As(err, &ie) || ie.Field != tt.field {
			t.Errorf("%s: err = %v, want ErrInvalid on %s", tt.name, err, tt.field)
		}
	}
}

func TestHistoryBetween(t *testing.T) {
	h := validHistory()
	tests := []struct {
		name         string
		from, to     time.Time
		prices, fees int
		first        string // first price's date, if any
		epochs       int
	}{
		{"all", day("2000-01-01"), day("2100-01-01"), 3, 2, "2021-11-09", 3},
		{"from is inclusive", day("2021-11-10"), day("2100-01-01"), 2, 2, "2021-11-10", 3},
		{"to is exclusive", day("2021-11-09"), day("2021-11-11"), 2, 0, "2021-11-09", 0},
		{"one day", day("2021-11-10"), day("2021-11-11"), 1, 0, "2021-11-10", 0},
		{"empty window", day("2021-11-10"), day("2021-11-10"), 0, 0, "", 0},
		{"reversed", day("2100-01-01"), day("2000-01-01"), 0, 0, "", 0},
		{"before all", day("1999-01-01"), day("2000-01-01"), 0, 0, "", 0},
		{"fees gap", day("2023-03-02"), day("2023-03-03"), 0, 0, "", 0},
		{"epochs by time", time.Unix(1689128979, 0), time.Unix(1690375347, 0), 0, 0, "", 1},
		{"epoch at to excluded", time.Unix(1687992515, 0), time.Unix(1690375347, 0), 0, 0, "", 2},
		{"epoch a second late", time.Unix(1687992516, 0), time.Unix(1690375348, 0), 0, 0, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := h.Between(tt.from, tt.to)
			if len(w.Prices) != tt.prices || len(w.Epochs) != tt.epochs {
				t.Fatalf("got %d prices, %d epochs, want %d, %d", len(w.Prices), len(w.Epochs), tt.prices, tt.epochs)
			}
			if len(w.Fees) != tt.fees {
				t.Errorf("got %d fees, want %d", len(w.Fees), tt.fees)
			}
			if tt.first != "" && !w.Prices[0].Date.Equal(day(tt.first)) {
				t.Errorf("first price %v, want %s", w.Prices[0].Date, tt.first)
			}
			if tt.prices == 0 && w.Prices != nil || tt.epochs == 0 && w.Epochs != nil {
				t.Errorf("empty window gives %v, %v, want nil", w.Prices, w.Epochs)
			}
		})
	}
	// Adjacent windows partition the history.
	a, b := h.Between(day("2000-01-01"), day("2021-11-10")), h.Between(day("2021-11-10"), day("2100-01-01"))
	if len(a.Prices)+len(b.Prices) != len(h.Prices) || !a.Prices[len(a.Prices)-1].Date.Before(b.Prices[0].Date) {
		t.Errorf("adjacent windows %v and %v do not split %v", a.Prices, b.Prices, h.Prices)
	}
	// The window's capacity ends with it: appending does not overwrite h.
	w := h.Between(day("2021-11-09"), day("2021-11-10"))
	_ = append(w.Prices, market.DailyPrice{Date: day("2030-01-01"), Close: 1})
	if !h.Prices[1].Date.Equal(day("2021-11-10")) {
		t.Errorf("append to a window changed h: %v", h.Prices[1])
	}
}
