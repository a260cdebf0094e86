package hardware

import (
	"github.com/shopspring/decimal"
)

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
// Prices are typical purchase prices per unit in USD at PriceDate where a
// public figure was found, and zero otherwise. Real units and real prices
// drift: treat the catalog as a starting point and override what you have
// measured or negotiated.
func Catalog() []Model {
	return []Model{
		// ASIC nameplate specs (hashrate, wall power) are those of the table in
		// REFERENCE.md, from Bitmain, MicroBT and Canaan spec sheets as quoted by
		// retailers and Hashrate Index reviews.
		//
		// Prices: Hashrate Index ASIC Price Index, <38 J/TH band, USD 15.71/TH on
		// 2022-12-25 (watcher.guru, "Bitcoin ASIC mining rig prices fall to 2-year
		// lows"; also economygalaxy.blogspot.com, 2022-12).
		asic("Antminer S19", "Bitmain", 95, 3250, "1492.45", "2022-12"),
		asic("Antminer S19 Pro", "Bitmain", 110, 3250, "1728.10", "2022-12"),
		asic("Antminer S19j Pro", "Bitmain", 100, 3050, "1571.00", "2022-12"),
		// Price: Hashrate Index, <25 J/TH band (S19 XP, M50S), USD 20/TH in July
		// 2023 (CoinDesk, 2023-07-26, "Bitcoin miners buy up rigs as prices near
		// all-time lows").
		asic("Antminer S19 XP", "Bitmain", 140, 3010, "2800", "2023-07"),
		// No dated public unit price found for the S21, S21 Pro and S21 XP.
		asic("Antminer S21", "Bitmain", 200, 3500, "0", ""),
		asic("Antminer S21 Pro", "Bitmain", 234, 3531, "0", ""),
		asic("Antminer S21 XP", "Bitmain", 270, 3645, "0", ""),
		// Price: Bitmain internal price lists of December 2025 quoting about
		// USD 7-8/TH for S21 hydro and immersion models before coupons
		// (TheMinerMag, relayed by bitbuzz.org, "Bitmain just slashed mining rig
		// prices"); midpoint 7.5 x 319 TH/s.
		asic("Antminer S21+ Hydro", "Bitmain", 319, 4785, "2392.50", "2025-12"),
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
		// Prices: H100 SXM USD 25,000-30,000 and B200 USD 30,000-40,000 list
		// (egoistai.com, "NVIDIA Blackwell impact", 2026; the H100 range also on
		// awesomeagents.ai/hardware/nvidia-h100); midpoints used.
		gpu("H100 SXM", "NVIDIA", 700, 70, 575, 989, 80, "27500", "2026"),
		// Host: a PCIe server has the CPUs, memory, NICs and fans of an HGX
		// server but no NVSwitch baseboard; we estimate about 2.4 kW for an
		// 8-card server (two CPUs ~0.7 kW, memory, NICs and storage ~0.6 kW,
		// fans and PSU losses ~1.1 kW), 300 W per card. No price found.
		gpu("H100 PCIe", "NVIDIA", 350, 35, 300, 756, 80, "0", ""),
		// H200: same HGX platform and power envelope as the H100 SXM
		// (DGX H200: 10.2 kW max). No dated unit price found.
		gpu("H200", "NVIDIA", 700, 70, 575, 989, 141, "0", ""),
		gpu("B200", "NVIDIA", 1000, 100, 787.5, 2250, 180, "35000", "2026"),
		// Price: USD 8,000-15,000 street price for A100 80 GB, mostly
		// refurbished or used (mercatus-ai.com, "A100 vs H100 vs H200", 2026);
		// midpoint.
		gpu("A100 SXM", "NVIDIA", 400, 40, 412.5, 312, 80, "11500", "2026"),
		// Host: PCIe server estimate as for the H100 PCIe. No price found.
		gpu("L40S", "NVIDIA", 350, 35, 300, 362, 48, "0", ""),
		// Host: 8-way OAM platforms are built like HGX; we assume the DGX H100
		// share, 575 W. Price: street USD 10,000-15,000
		// (awesomeagents.ai/hardware/amd-mi300x, undated page read in 2026);
		// midpoint, dated by the year read.
		gpu("MI300X", "AMD", 750, 75, 575, 1307, 192, "12500", "2026"),
		// Host for GeForce rigs (4-8 cards on a desktop platform: CPU, board,
		// memory, fans, PSU losses): estimate 100 W per card.
		// Price: launch MSRP USD 1,599 (Engadget review, 2022-10-11).
		gpu("RTX 4090", "NVIDIA", 450, 21, 100, 165, 24, "1599", "2022-10"),
		// Price: launch MSRP USD 1,499 (pcgamesn.com, RTX 4090 preview, quoting
		// the RTX 3090 at launch, September 2020).
		gpu("RTX 3090", "NVIDIA", 350, 21, 100, 71, 24, "1499", "2020-09"),
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
