package hardware

import (
	"github.com/shopspring/decimal"
)

// referencePriceDate is the date of the reference market snapshot
// (market.Reference), 27 November 2025: no catalog PriceDate is later, so
// that a price never looks ahead of the market data it is used with.
const referencePriceDate = "2025-11-27"

// Catalog returns the built-in machine models: Bitcoin ASICs first, then
// GPUs, each with sourced nameplate specs. Every call builds a fresh slice of
// fresh models (Modes included), so a caller may change what it gets back
// without touching anyone else's copy. Every model passes Validate.
//
// ASICs carry three modes: "eco", StockMode and "turbo". The stock mode is
// the maker's nameplate; eco and turbo are derived from it with the
// clock-scaling curve described in the package documentation (eco: 80 % of
// the hashrate at 64 % of the power; turbo: 110 % at 121 %), since the makers
// do not publish such modes for every model. GPUs carry one mode, StockMode,
// at the board's TDP, plus IdlePower, HostPower, BF16TFLOPS and MemoryGB.
//
// Prices are purchase prices per unit in USD at PriceDate, each from a dated
// public source named in a comment beside the model, none dated after
// 27 November 2025 (the date of the reference market snapshot,
// market.Reference). A model without such a source has no public price:
// Price is zero and PriceDate empty. Prices quoted in USD per TH/s (Hashrate Index, miners'
// purchase contracts) are converted to USD per unit by the model's stock
// TH/s. A price older than the snapshot by more than two years (ASICs, whose
// USD/TH tracks hashprice, which halved at the April 2024 halving) or three
// years (GPUs, whose list prices move slowly) is stale and was dropped.
// Real units and real prices drift: treat the catalog as a starting point and
// override what you have measured or negotiated.
func Catalog() []Model {
	return []Model{
		// ASIC nameplate specs (hashrate, wall power) are those of the table in
		// REFERENCE.md, from Bitmain, MicroBT and Canaan spec sheets as quoted by
		// retailers and Hashrate Index reviews.
		//
		// S19 family: no public price. The last dated figures found are stale:
		// Hashrate Index's <38 J/TH band at USD 15.71/TH on 2022-12-25 and its
		// <25 J/TH band (S19 XP) at USD 20/TH in July 2023 (CoinDesk,
		// 2023-07-26), both more than two years before the snapshot; S19-class
		// machines traded at a fraction of that by late 2025.
		asic("Antminer S19", "Bitmain", 95, 3250, "0", ""),
		asic("Antminer S19 Pro", "Bitmain", 110, 3250, "0", ""),
		asic("Antminer S19j Pro", "Bitmain", 100, 3050, "0", ""),
		asic("Antminer S19 XP", "Bitmain", 140, 3010, "0", ""),
		// Price: USD 17.50/TH x 200 TH/s = USD 3,500, the price at which
		// Bitfarms exercised its option for 3,888 S21s from Bitmain in March
		// 2024 (Bitfarms release, reported by blockoala.com, "Bitfarms ...
		// T21 ... $17.50/TH for the S21 miners"). A pre-halving contract price:
		// the oldest ASIC price in the catalog; treat it as an upper bound.
		asic("Antminer S21", "Bitmain", 200, 3500, "3500", "2024-03"),
		// Price: USD 18.9/TH x 234 TH/s = USD 4,422.60, IREN's purchase in
		// November 2024 (REFERENCE.md, "Capital, contracts and finance" ->
		// Resale).
		asic("Antminer S21 Pro", "Bitmain", 234, 3531, "4422.60", "2024-11"),
		// Price: Hashrate Index ASIC Price Index, S21 XP class (< 15 J/TH),
		// USD 25.70/TH on 2025-11-03 (Hashrate Index Roundup, November 3, 2025;
		// REFERENCE.md, Resale) x 270 TH/s = USD 6,939.
		asic("Antminer S21 XP", "Bitmain", 270, 3645, "6939", "2025-11-03"),
		// No public price dated on or before the snapshot: the only figure
		// found, Bitmain's internal lists of about USD 7-8/TH for S21 hydro
		// models (TheMinerMag), is from December 2025, after it.
		asic("Antminer S21+ Hydro", "Bitmain", 319, 4785, "0", ""),
		// No dated public unit price found for these two.
		asic("Avalon A1466", "Canaan", 150, 3230, "0", ""),
		asic("Whatsminer M66S+", "MicroBT", 314, 5338, "0", ""),

		// GPU TDP, dense BF16 TFLOPS and memory are those of the table in
		// REFERENCE.md (NVIDIA and AMD datasheets; Epoch AI ML hardware data).
		//
		// Idle power: no maker publishes it. For datacenter parts we take 10 %
		// of TDP, in line with nvidia-smi readings of about 60-75 W for an idle
		// 700 W Hopper board (an H200 measured at 73.65 W on average while
		// dormant, conservemode.com case study, nvidia-smi at 1 s); for GeForce
		// cards 21 W, the idle draw reported for the RTX 3090 Ti
		// (ecoenergygeek.com, "RTX 4090 power consumption").
		//
		// Host power per GPU, for 8-GPU servers: (server maximum - 8 x TDP) / 8.
		//   DGX H100 and DGX H200: 10.2 kW max (NVIDIA DGX H100/H200 user guide;
		//     REFERENCE.md) -> (10200 - 5600) / 8 = 575 W.
		//   DGX B200: 14.3 kW max (NVIDIA DGX B200 user guide, power
		//     specifications) -> (14300 - 8000) / 8 = 787.5 W.
		//   DGX A100: 6.5 kW max (NVIDIA DGX A100 datasheet, reported by
		//     pcnews.ru) -> (6500 - 3200) / 8 = 412.5 W.
		// These are shares at the server's maximum draw, so they err high; the
		// typical DGX H100 draw is lower (REFERENCE.md: about 6.2 kW).
		// For other platforms see the comments on each model.
		//
		// Price: USD 25,000-30,000 per H100, Raymond James's estimate of the
		// selling price, reported by Barron's Tae Kim in August 2023 (TechSpot,
		// "Nvidia garners reported 1,000% profit on each H100", 2023-08);
		// midpoint. Later list-price quotes repeat the range.
		gpu("H100 SXM", "NVIDIA", 700, 70, 575, 989, 80, "27500", "2023-08"),
		// Host: a PCIe server has the CPUs, memory, NICs and fans of an HGX
		// server but no NVSwitch baseboard; we estimate about 2.4 kW for an
		// 8-card server (two CPUs ~0.7 kW, memory, NICs and storage ~0.6 kW,
		// fans and PSU losses ~1.1 kW), 300 W per card. No price found.
		gpu("H100 PCIe", "NVIDIA", 350, 35, 300, 756, 80, "0", ""),
		// H200: same HGX platform and power envelope as the H100 SXM
		// (DGX H200: 10.2 kW max). No public unit price dated on or before the
		// snapshot was found (the USD 25,000-35,000 quoted on undated pages
		// cannot be dated), so none is given.
		gpu("H200", "NVIDIA", 700, 70, 575, 989, 141, "0", ""),
		// Price: Blackwell "expected to cost between $30,000 and $40,000 per
		// unit" (CNBC, Jensen Huang interview on Closing Bell Overtime,
		// 2024-10-02, as reported 2024-10-03); midpoint.
		gpu("B200", "NVIDIA", 1000, 100, 787.5, 2250, 180, "35000", "2024-10"),
		// No public price dated on or before the snapshot (the USD 8,000-15,000
		// street range found is from 2026).
		gpu("A100 SXM", "NVIDIA", 400, 40, 412.5, 312, 80, "0", ""),
		// Host: PCIe server estimate as for the H100 PCIe. No price found.
		gpu("L40S", "NVIDIA", 350, 35, 300, 362, 48, "0", ""),
		// Host: 8-way OAM platforms are built like HGX; we assume the DGX H100
		// share, 575 W. No public price dated on or before the snapshot (the
		// USD 10,000-15,000 street range found is on an undated page read in
		// 2026).
		gpu("MI300X", "AMD", 750, 75, 575, 1307, 192, "0", ""),
		// Host for GeForce rigs (4-8 cards on a desktop platform: CPU, board,
		// memory, fans, PSU losses): estimate 100 W per card.
		// No current public price: the launch MSRPs (USD 1,599, Engadget,
		// 2022-10-11; RTX 3090 USD 1,499, September 2020) are more than three
		// years before the snapshot, and both cards have since left production.
		gpu("RTX 4090", "NVIDIA", 450, 21, 100, 165, 24, "0", ""),
		gpu("RTX 3090", "NVIDIA", 350, 21, 100, 71, 24, "0", ""),
	}
}

// Names of the derived ASIC modes.
const (
	EcoMode   = "eco"   // 80 % clock: 80 % hashrate, 64 % power
	TurboMode = "turbo" // 110 % clock: 110 % hashrate, 121 % power
)

// ClockScaledMode returns a mode of an ASIC run at num/den of its stock clock,
// by the catalog's curve: hashrate scales with the clock ratio r and power
// with r², so efficiency (J/TH) scales with r. The ratio is a fraction so that
// round nameplate figures stay round: ClockScaledMode(stock, "eco", 4, 5).
//
// It panics if num or den is not positive.
func ClockScaledMode(stock Mode, name string, num, den int) Mode {
	if num <= 0 || den <= 0 {
		panic("hardware: ClockScaledMode ratio must be positive")
	}
	n, d := float64(num), float64(den)
	return Mode{
		Name:     name,
		Hashrate: stock.Hashrate * Hashrate(n) / Hashrate(d),
		Power:    stock.Power * Power(n*n) / Power(d*d),
	}
}

// asic builds a catalog ASIC from its nameplate TH/s and wall watts, with
// eco, stock and turbo modes. price is USD per unit, "0" when unknown.
func asic(name, maker string, th, watts float64, price, date string) Model {
	stock := Mode{Name: StockMode, Hashrate: Hashrate(th) * TeraHash, Power: Power(watts)}
	return Model{
		Name:  name,
		Maker: maker,
		Class: ASIC,
		Modes: []Mode{
			ClockScaledMode(stock, EcoMode, 4, 5),
			stock,
			ClockScaledMode(stock, TurboMode, 11, 10),
		},
		Price:     decimal.RequireFromString(price),
		PriceDate: date,
	}
}

// gpu builds a catalog GPU: TDP, idle and per-GPU host power in watts, dense
// BF16 TFLOPS, memory in GB, and price in USD per unit ("0" when unknown).
func gpu(name, maker string, tdp, idle, host, tflops, memGB float64, price, date string) Model {
	return Model{
		Name:       name,
		Maker:      maker,
		Class:      GPU,
		Modes:      []Mode{{Name: StockMode, Power: Power(tdp)}},
		MemoryGB:   memGB,
		BF16TFLOPS: tflops,
		IdlePower:  Power(idle),
		HostPower:  Power(host),
		Price:      decimal.RequireFromString(price),
		PriceDate:  date,
	}
}
