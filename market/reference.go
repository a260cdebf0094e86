package market

import (
	"time"

	"github.com/shopspring/decimal"
)

// Reference returns an embedded market snapshot dated 27 November 2025, the
// day of the retarget at block 925,344. Every figure carries its source and
// the date of the figure in a comment; where no figure of that week was
// public, the nearest dated one is used and its date is given. Each call
// returns a fresh copy.
//
// GPU rental rates are quoted for H100 SXM, H200, B200, A100 SXM, L40S,
// MI300X, RTX 4090 and RTX 3090; no reliable dated figure was found for
// H100 PCIe, so it has none (a line renting it out gets ErrNoQuote).
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
			// USD per GPU-hour.
			"H100 SXM": d("1.70"), // 1-year contracts, Oct 2025 (SemiAnalysis, "The Great GPU Shortage")
			"H200":     d("3.50"), // on-demand low end, specialty clouds, May 2026 (mercatus-ai.com cloud GPU pricing)
			"B200":     d("2.80"), // lowest offered rate, Sep 2025 (RBC data in FT Alphaville, Oct 2025)
			"A100 SXM": d("1.13"), // A100 SXM 80GB spot fixing, 18 Apr 2026 (GPU Markets)
			"L40S":     d("0.86"), // RunPod on-demand, Aug 2025 (Modal, "NVIDIA L40S price", 12 Aug 2025)
			"MI300X":   d("1.99"), // median on-demand listing, 18 May 2026 (cliffcenter.com AMD inference economics)
			"RTX 4090": d("0.45"), // Vast.ai on-demand, May 2026 (fairlane.systems Vast.ai review)
			"RTX 3090": d("0.20"), // Vast.ai marketplace low end, 2026 (Vast.ai hardware listings)
		},
		// Billable utilization of rented clusters: 75-90 % found in due
		// diligence, 85-95 % at well-funded neoclouds
		// (disintermediate.global, "utilisation"); CoreWeave's GB200 model
		// assumes 87 % (Kerrisdale, 2026). Base case 85 %.
		Utilization: 0.85,
		GPUMining: map[string]decimal.Decimal{
			// Gross USD per GPU-day. GPU mining has earned little since the
			// Ethereum merge; these are the only dated public figures found.
			"RTX 4090": d("0.50"), // KawPow at 78 MH/s, 2025 (docsue.org GPU mining guide)
			"RTX 3090": d("0.33"), // Ethereum Classic just after the merge, 15 Sep 2022 (Tom's Hardware)
		},
		// Colocation: TeraWulf's 200+ MW, 10-year, 3.7 B USD lease, about
		// 1.85 M USD per MW of IT load per year (REFERENCE.md), is
		// 1,850,000 / 1000 kW / 12 = 154.17 USD per kW-month.
		ColocationRate: d("154.17"),
	}
}
