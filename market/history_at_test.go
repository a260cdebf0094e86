package market_test

import (
	"errors"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// atHistory holds rows of the shipped data (examples/calibrate/testdata,
// from shared/data): closes of 2023-03-01..04 (btc_usd_daily.csv), the
// epochs at heights 778176 and 780192 (difficulty_epochs.csv) and the fee
// day 2023-03-03 (fees_daily_windows.csv).
func atHistory() market.History {
	return market.History{
		Prices: []market.DailyPrice{
			{Date: day("2023-03-01"), Close: 23641}, {Date: day("2023-03-02"), Close: 23471},
			{Date: day("2023-03-03"), Close: 22345}, {Date: day("2023-03-04"), Close: 22342},
		},
		Epochs: []market.Epoch{
			{Height: 778176, Time: time.Unix(1677288852, 0), Difficulty: 43053844193928.456},
			{Height: 780192, Time: time.Unix(1678484890, 0), Difficulty: 43551722213590.368},
		},
		Fees: []market.DailyFees{{Date: day("2023-03-03"), Fees: 27.89011407, Subsidy: 1050}},
	}
}

func TestHistoryBitcoin(t *testing.T) {
	h := atHistory()
	at := day("2023-03-04").Add(6 * time.Hour) // unix 1677909600
	b, err := h.Bitcoin(at, market.Chain{})
	if err != nil {
		t.Fatal(err)
	}
	// The close of 2023-03-03; the epoch of 2023-02-25; 778176 +
	// floor((1677909600 - 1677288852) / 600) = 778176 + 1034 = 779210; fees
	// 27.89011407 / 1050 x 6.25 BTC = 16,601,258.375 sats.
	if got := b.Price.String(); got != "22345" {
		t.Errorf("Price = %s, want 22345", got)
	}
	if b.Difficulty != 43053844193928.456 || b.Height != 779210 || b.FeesPerBlock != 16601258 {
		t.Errorf("got difficulty %v, height %d, fees %d; want 43053844193928.456, 779210, 16601258", b.Difficulty, b.Height, b.FeesPerBlock)
	}
	// At midnight the day just ended counts; 2023-03-03 had no fee row
	// before it, so fees are 0.
	b, err = h.Bitcoin(day("2023-03-03"), market.Chain{})
	if err != nil || b.Price.String() != "23471" || b.FeesPerBlock != 0 {
		t.Errorf("at 2023-03-03: %+v, %v; want the close 23471 and no fees", b, err)
	}
	// After the last epoch too, the height grows at 600 s a block, at most
	// 2015 blocks into the period: end the epochs at 778176, after the one
	// at 776160 (difficulty_epochs.csv).
	h2 := atHistory()
	h2.Epochs = []market.Epoch{{Height: 776160, Time: time.Unix(1676188371, 0), Difficulty: 39156400059293.184}, h2.Epochs[0]}
	b, err = h2.Bitcoin(day("2023-03-05"), market.Chain{})
	// 2023-03-05 00:00 is unix 1677974400: (1677974400 - 1677288852) / 600
	// = 1142.58 blocks.
	if err != nil || b.Height != 778176+1142 {
		t.Errorf("after the last epoch: height %d, %v; want %d", b.Height, err, 778176+1142)
	}
	// The height stops one block short of the next epoch's first. Move
	// the second epoch to 1,300,000 s after the first (2166 target
	// intervals; prices extended to 2023-03-13): at 2023-03-10 00:00
	// (1678406400) floor(1117548 / 600) = 1862 intervals have passed; at
	// 2023-03-12 00:00 (1678579200, before the moved epoch's 1678588852)
	// 2150 have, capped at 2015; at 2023-03-13 00:00 (1678665600) the moved
	// epoch has run 76748 s: 127 blocks into it.
	h3 := atHistory()
	h3.Epochs[1].Time = time.Unix(1677288852+1300000, 0)
	for d := day("2023-03-05"); d.Before(day("2023-03-14")); d = d.Add(24 * time.Hour) {
		h3.Prices = append(h3.Prices, market.DailyPrice{Date: d, Close: 22000})
	}
	for _, c := range []struct {
		at   time.Time
		want int64
	}{
		{day("2023-03-10"), 778176 + 1862},
		{day("2023-03-12"), 778176 + 2015},
		{day("2023-03-13"), 780192 + 127},
	} {
		if b, err := h3.Bitcoin(c.at, market.Chain{}); err != nil || b.Height != c.want {
			t.Errorf("at %v: height %d, %v; want %d", c.at, b.Height, err, c.want)
		}
	}
}

func TestHistoryBitcoinErrors(t *testing.T) {
	h := atHistory()
	cases := []struct {
		name string
		h    market.History
		at   time.Time
	}{
		{"before the first close ended", h, day("2023-03-01").Add(12 * time.Hour)},
		{"after the last close", h, day("2023-03-06")},
		{"before the first epoch", market.History{Prices: h.Prices, Epochs: h.Epochs[1:]}, day("2023-03-04")},
		{"invalid history", market.History{Prices: []market.DailyPrice{h.Prices[1], h.Prices[0]}, Epochs: h.Epochs}, day("2023-03-04")},
	}
	for _, c := range cases {
		if _, err := c.h.Bitcoin(c.at, market.Chain{}); !errors.Is(err, market.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", c.name, err)
		}
	}
	// A gap: no close for 2023-03-02.
	g := atHistory()
	g.Prices = append(g.Prices[:1:1], g.Prices[2:]...)
	if _, err := g.Bitcoin(day("2023-03-03"), market.Chain{}); !errors.Is(err, market.ErrInvalid) {
		t.Errorf("gap: err = %v, want ErrInvalid", err)
	}
}
