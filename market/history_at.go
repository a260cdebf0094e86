package market

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// Bitcoin returns the bitcoin market as history knew it at the instant at,
// for a Snapshot to simulate from (a backtest's origin, a fan chart's
// start), on chain (the zero Chain is Mainnet):
//
//   - Price: the close of the day that ended last by at, which must be in
//     History.Prices. A day's close is taken at the day's end, midnight
//     UTC, so at any instant of 2024-01-01 (UTC) it is the close dated
//     2023-12-31. The float64 close becomes a Decimal
//     with the fewest digits that convert back to it.
//   - Difficulty: that of the last epoch that started by at.
//   - Height: the epoch's first height plus one block per block interval
//     of the chain since the epoch began, at most one block short of the
//     next epoch's first height (or of the retarget period after the
//     last epoch). The rate is the target's, the one the difficulty was
//     set for: the epoch's actual rate is known only when it ends, and
//     reading it from the next epoch's time would look ahead (it gives
//     the next difficulty away).
//   - FeesPerBlock: from the Fees row of that same day, when
//     there is one, as Fees / Subsidy times the subsidy at Height, rounded
//     to a satoshi; else 0 (the shipped fee history has four windows only).
//
// It validates h first (History.Validate) and returns its error, or an
// error matching ErrInvalid when History.Prices has no close for the day
// that ended last by at (before the first close, after the last, or in a
// gap), when at is before the first epoch, or when the values give a Bitcoin
// that Bitcoin.Validate refuses.
func (h History) Bitcoin(at time.Time, chain Chain) (Bitcoin, error) {
	if err := h.Validate(); err != nil {
		return Bitcoin{}, err
	}
	return h.bitcoinAt(at, chain)
}

// bitcoinAt is Bitcoin on a validated h.
func (h History) bitcoinAt(at time.Time, chain Chain) (Bitcoin, error) {
	b := Bitcoin{Chain: chain}
	p := h.Prices
	// The closes that ended by at are dated before at - 1 day + 1 ns.
	last := at.Add(-24 * time.Hour)
	i := sort.Search(len(p), func(i int) bool { return p[i].Date.After(last) }) - 1
	switch {
	case i < 0:
		return Bitcoin{}, invalid("at", at, "no day of History.Prices ended by then")
	case at.Sub(p[i].Date) >= 48*time.Hour:
		return Bitcoin{}, invalid("at", at, fmt.Sprintf("History.Prices has no close for the day before it (the last before is dated %s)", p[i].Date.Format(dateLayout)))
	}
	b.Price = decimal.NewFromFloat(p[i].Close)

	e := h.Epochs
	k := sort.Search(len(e), func(k int) bool { return e[k].Time.After(at) }) - 1
	if k < 0 {
		return Bitcoin{}, invalid("at", at, "before the first of History.Epochs")
	}
	b.Difficulty = e[k].Difficulty
	params := b.Params()
	period := params.RetargetInterval
	if k+1 < len(e) {
		period = e[k+1].Height - e[k].Height
	}
	in := math.Floor(at.Sub(e[k].Time).Seconds() / params.BlockInterval.Seconds())
	b.Height = e[k].Height + int64(min(in, float64(period-1)))

	fees := h.Fees
	day := p[i].Date
	if j := sort.Search(len(fees), func(j int) bool { return !fees[j].Date.Before(day) }); j < len(fees) && fees[j].Date.Equal(day) {
		perBlock := fees[j].Fees / fees[j].Subsidy * float64(params.Subsidy(b.Height))
		if perBlock >= 0 && perBlock <= float64(MaxMoney) {
			b.FeesPerBlock = Sats(math.Round(perBlock))
		}
	}
	if err := b.Validate(); err != nil {
		return Bitcoin{}, fmt.Errorf("market: History.Bitcoin at %v: %w", at, err)
	}
	return b, nil
}
