package economics_test

import (
	"maps"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/market"
)

// testSnapshot is market.Reference() with the GPU quotes the tests were
// written against: rental rates for eight GPUs and GPU-mining revenue for
// two. The reference now quotes only the GPUs it has a rental index for,
// on one basis and date (H100 SXM and B200, Silicon Data, late Nov 2025),
// and no GPU-mining revenue; the tests' mixed fleets rent H200s and mine
// on RTX 4090s. These are fixed test inputs, not market data: the golden
// numbers of the tests were computed with them.
func testSnapshot() market.Snapshot {
	s := market.Reference()
	d := decimal.RequireFromString
	s.GPURates = maps.Clone(s.GPURates)
	maps.Copy(s.GPURates, map[string]decimal.Decimal{
		"H100 SXM": d("1.70"), "H200": d("3.50"), "B200": d("2.80"), "A100 SXM": d("1.13"),
		"L40S": d("0.86"), "MI300X": d("1.99"), "RTX 4090": d("0.45"), "RTX 3090": d("0.20"),
	})
	s.GPUMining = map[string]decimal.Decimal{"RTX 4090": d("0.50"), "RTX 3090": d("0.33")}
	return s
}
