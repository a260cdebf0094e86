package market

import (
	"time"

	"github.com/shopspring/decimal"
)

// Reference returns an embedded market snapshot dated 27 November 2025, the
// day of the retarget at block 925,344. Every figure carries its source and
// the date of the figure in a comment; where no figure of that week was
// public, the nearest earlier dated one is used and its date is given. No
// figure is dated after the snapshot. Each call returns a fresh copy.
//
// GPU rental rates are on one basis: the Silicon Data GPU rental indices
// (Bloomberg SDH100RT and SDB200RT), daily spot prices normalized across
// clouds, brokers and marketplaces, at their late-November 2025 level. Only
// the H100 SXM and the B200 have such a quote (the A100 index, SDA100RT,
// exists but no dated public level was found; there is no H200 index): every
// other GPU has no rate, and a line renting one out gets ErrNoQuote until the
// caller supplies a rate on its own basis. Mixing bases (a floor price, a
// 1-year contract, a later on-demand quote) inverts the like-for-like order
// B200 > H200 > H100 > A100 that every consistent series shows.
//
// GPU-mining revenues have no default: the only dated public figures were
// from 2022 or undated, and GPU mining has earned little since Ethereum's
// September 2022 merge. GPUMining is empty, so a GPU-mining line needs the
// caller's quote (ErrNoQuote otherwise).
func Reference() Snapshot {
	d := decimal.RequireFromString
	return Snapshot{
		Date: time.Date(2025, time.November, 27, 0, 0, 0, 0, time.UTC),
		Bitcoin: Bitcoin{
			// BTC/USD close of 27 Nov 2025, about 91,226 (Binance Square
			// market post of 28 Nov 2025; cointrading.ninja gives 91,550).
			Price: d("91226"),
			// Difficulty fell 1.95 % to 149.30 T at block 925,344 = 459 x 2016,
			// on 27 Nov 2025 01:16 UTC (CoinWarz via Binance Square; Luxor
			// Hashrate Index lookback, Nov 2025).
			Difficulty: 149.30e12,
			Height:     925_344,
			// Fees: 20 BTC per week, 0.62 % of rewards, in the Hashrate Index
			// roundup of 3 Nov 2025: 20 / 1008 blocks = 0.0198 BTC per block.
			FeesPerBlock: 2_000_000,
		},
		// Median power cost of the industry, 45 USD/MWh (Cambridge Digital
		// Mining Industry Report, April 2025).
		PowerPrice: d("0.045"),
		GPURates: map[string]decimal.Decimal{
			// USD per GPU-hour, Silicon Data rental indices, late November
			// 2025 (REFERENCE.md, "GPU rental rates: one basis, one date").
			"H100 SXM": d("2.60"), // SDH100RT, about 2.6 USD/h
			"B200":     d("5.30"), // SDB200RT, about 5.3 USD/h
		},
		// Billable utilization of rented clusters: 75-90 % found in due
		// diligence, 85-95 % at well-funded neoclouds
		// (disintermediate.global, "utilisation"). Base case 85 %. (A 2026
		// figure, CoreWeave's GB200 model at 87 % per Kerrisdale, agrees but
		// is dated after the snapshot and is not relied on.)
		Utilization: 0.85,
		// Colocation: TeraWulf's 200+ MW, 10-year, 3.7 B USD lease, about
		// 1.85 M USD per MW of IT load per year (REFERENCE.md), is
		// 1,850,000 / 1000 kW / 12 = 154.17 USD per kW-month.
		ColocationRate: d("154.17"),
	}
}
