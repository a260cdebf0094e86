package main

// The case's inputs. Each figure names its source (REFERENCE.md is the
// project's file of sourced public figures, "Capital, contracts and
// finance" unless another section is named) or says "assumption".

import (
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

const (
	month = market.HoursPerMonth * time.Hour // 730 h, the library's month
	year  = market.DaysPerYear * 24 * time.Hour

	// horizon: the brief's ten years, the library's default project
	// horizon, in weekly steps.
	horizon = economics.DefaultProjectHorizon
	step    = 7 * 24 * time.Hour
)

// The campus: four halls of 50 MW of facility power, 200 MW in all.
const (
	halls       = 4
	hallPower   = 50 * hardware.Megawatt
	sitePower   = halls * hallPower
	miningModel = "Antminer S21" // 200 TH/s at 3,500 W (REFERENCE.md, "Hardware")

	// miningPUE: S21s are air-cooled; air-cooled mining runs at a PUE of
	// 1.2-1.5 (REFERENCE.md, "PUE", a vendor figure): the low end, for a
	// large modern campus.
	miningPUE = 1.2
	// aiPUE: new large AI builds run at 1.3 or below (REFERENCE.md,
	// "PUE"); Hut 8's gross-to-IT ratio is about 1.35. 1.3 for both the
	// GPU cloud and the colocation halls.
	aiPUE = 1.3
)

// The S21s the campus owns: what they fetch when sold.
const (
	// s21ResalePerTH is an assumption, USD per TH/s: between the S19
	// class's 3-4 USD/TH (early 2026) and the S21 XP class's 25.70 USD/TH
	// (3 November 2025), near the S21 Pro's 18.9 USD/TH a year before
	// (IREN, November 2024) less a year's wear (REFERENCE.md, "Resale").
	// Resale then moves with the hashprice on each path.
	s21ResalePerTH = 12
	// s21LifeLeft is an assumption: S21s bought in 2024-25 with a 5-6
	// year life have about five years left; they are retired (and sold)
	// then, or when their hall is converted.
	s21LifeLeft = 5 * year
	// s21Salvage is an assumption: at the end of its life an S21 fetches
	// 10 % of today's value, about the S19 class's price now relative to
	// the S21's.
	s21Salvage = 0.1
)

// Fixed operating costs, USD per MW of facility power in use per month.
var (
	// Energy is about 80 % of a miner's opex (Cambridge Digital Mining
	// Industry Report, April 2025; REFERENCE.md, "Hardware"): at 45
	// USD/MWh that leaves about 8,200 USD per MW-month for everything else
	// (as in examples/quickstart).
	miningOpex = decimal.NewFromInt(8_200)
	// colocationOpex is an assumption: the landlord of a powered shell
	// whose tenant pays its own power runs the building (24/7 staff,
	// maintenance of the electrical and cooling plant, security,
	// insurance) for about 10 % of the rent, which is about 98,500 USD per
	// MW of facility power per month (firstYearRent below over aiPUE).
	colocationOpex = decimal.NewFromInt(10_000)
	// cloudOpex is an assumption: a GPU cloud runs the building as above
	// and also the cloud (network transit, the fabric's spares, software,
	// support and sales staff): three times the landlord's cost.
	cloudOpex = decimal.NewFromInt(30_000)
)

// The conversion of a hall from mining to AI.
var (
	// conversionPerMW: IREN Horizon 1 cost about 300-350 M USD for 75 MW
	// of IT, 4-4.7 M USD per MW for the shell and fit-out excluding GPUs
	// (REFERENCE.md, "Capex per MW"); the midpoint, per MW of IT. It is a
	// brownfield conversion like this one (power and land already there);
	// the industry's greenfield figure is 10-12 M USD per MW.
	conversionPerMW = 4.35e6
	// conversionTaxLife is an assumption: the building works are
	// depreciated straight-line over 15 years (no bonus depreciation taken
	// on them).
	conversionTaxLife = 15 * year
	// conversionStart is an assumption: the decision is taken in December
	// 2025 and works start on 1 January 2026, five weeks after the
	// reference snapshot (27 November 2025). The converted halls' miners
	// are switched off that day.
	conversionStart = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)
	// buildDelay: 9-24 months from deal to first hall in the builds of
	// 2024-2025 (REFERENCE.md, "Build time"); a conversion is about 50 %
	// faster than a new build (Core Scientific), so triangular 9-12-18
	// months, as the brief sets.
	buildDelay = economics.Delay{Min: 9 * month, Likely: 12 * month, Max: 18 * month}
)

// GPUs, bought for the GPU cloud halls.
const (
	// gpuLife: GPU economic life is debated at 5-6 years; hyperscalers
	// moved servers to 6 (REFERENCE.md, "Depreciation and tax"). The GPUs
	// are retired six years after they start to earn and the hall then
	// stands empty to the horizon: a refresh with a next generation is
	// not modelled (the library moves a model's rate by its own index and
	// knows no next generation).
	gpuLife = 6 * year
	// gpuSalvage is an assumption: a retired GPU resells for a quarter of
	// its price, moved (by the library) with the GPU rental index since
	// the snapshot; at the default model's -22 % a year that is about 4 %
	// of the price after seven years.
	gpuSalvage = 0.25
	// serverShare is an assumption: a GPU's share of the rest of its
	// 8-GPU server (CPUs, memory, NICs, the InfiniBand fabric) and its
	// installation, as a share of the GPU's own price.
	serverShare = 0.25
)

// gpuUnitPrice returns the installed price of one GPU: the catalog's GPU
// price (H100 SXM 27,500 USD, Raymond James via Barron's, Aug 2023; B200
// 35,000 USD, midpoint of Jensen Huang's 30,000-40,000, CNBC, Oct 2024)
// plus serverShare for the rest of the server. Two cross-checks, for the
// B200 at 1,787.5 W of IT (1,000 W board plus 787.5 W host share, catalog):
//
//   - Cipher's "chips and services" of about 18 USD/W (REFERENCE.md) is
//     32,175 USD per B200, below the GPU alone: taken as a floor.
//   - Fully loaded, GPUs and building, Cipher quotes about 30 USD/W: here
//     43,750 / 1,787.5 = 24.5 USD/W of GPUs plus 4.35 of conversion, 28.8.
//
// For the H100 (34,375 USD), SemiAnalysis's breakeven of 1.65 USD/h
// (REFERENCE.md, second-hand) is about what these inputs give: the price
// as a 6-year annuity at 10 %, 7,893 USD a year, plus the hall's
// conversion (1.275 kW x 4,350 USD/kW as a 15-year annuity at 10 %, 729),
// power (1.275 kW x 1.3 x 45 USD/MWh x 8,760 h, 653) and opex (1.6575 kW
// x 30 USD/kW-month x 12, 597): 9,872 USD over 7,446 billable hours (85 %)
// is 1.33 USD/h.
func gpuUnitPrice(m hardware.Model) (decimal.Decimal, error) {
	if !m.Price.IsPositive() {
		return decimal.Decimal{}, fmt.Errorf("the catalog has no price for %s", m.Name)
	}
	return m.Price.Mul(decimal.NewFromFloat(1 + serverShare)).Round(2), nil
}

// The colocation lease: Hut 8's River Bend terms.
const (
	// hut8PerMWYear: 7 B USD over 15 years for 245 MW of IT, 1.905 M USD
	// per MW of IT a year, with a 3 % yearly escalator (REFERENCE.md,
	// "Leases").
	hut8PerMWYear = 1.905e6
	leaseYears    = 15
	escalator     = 0.03
	// tenantDefault is an assumption: a 2 % yearly hazard that the tenant
	// (a neocloud or an AI lab, without a hyperscaler's backstop) stops
	// paying; 26 % over the 15-year term.
	tenantDefault = 0.02
	// relet is an assumption: a year to find a new tenant for a built AI
	// hall after a default (at the market rate of that day).
	relet = 12 * month
)

// firstYearRent returns the first lease year's rent, USD per kW of IT per
// month, of a lease whose average over its years equals perMWYear, USD per
// MW of IT per year, with a yearly escalator e: the average of
// r, r(1+e), ..., r(1+e)^(n-1) is r((1+e)^n - 1)/(e n). The announced
// figure is value / term / MW, a term average (REFERENCE.md, "Leases").
// For Hut 8's terms the factor is (1.03^15 - 1)/0.45 = 1.23993, so the
// first year is 1,536,380 USD per MW-year: 128.03 USD per kW-month,
// against the 158.75 average.
func firstYearRent(perMWYear, e float64, n int) decimal.Decimal {
	factor := 1.0
	if e != 0 {
		factor = math.Expm1(float64(n)*math.Log1p(e)) / (e * float64(n))
	}
	return decimal.NewFromFloat(perMWYear / factor / 1000 / 12).Round(2)
}

// financeOf returns how an option of kind k is financed.
func financeOf(k kind) economics.Finance {
	f := economics.Finance{
		// Discount is an assumption: 12 % a year, above the debt's 9 %
		// for the equity's share and the risk of a first AI build.
		Discount: 0.12,
		// US federal corporate rate (REFERENCE.md, "Depreciation and
		// tax").
		TaxRate: 0.21,
		// 80 % loan-to-cost (Galaxy Helios, 1.4 B USD; REFERENCE.md,
		// "Financing").
		Debt: 0.80,
		// Interest is an assumption: REFERENCE.md has no public terms of
		// these loans. 9 % a year, a floating base near 4 % plus a 5 %
		// spread.
		Interest: 0.09,
		// Tenor is an assumption: a loan against a leased hall runs ten
		// years, inside the 15-year lease that secures it.
		Tenor: 10 * year,
	}
	if k == gpuCloud {
		// A loan against GPUs runs five years, inside their six-year life
		// (an assumption, as above).
		f.Tenor = 5 * year
	}
	return f
}

// The pool terms and availability are examples/quickstart's.
const (
	poolFee   = 0.02 // FPPS, typical 1.5-2.5 % (REFERENCE.md, pool payout schemes)
	uptime    = 0.97 // assumption: planned and unplanned downtime
	staleRate = 0.002
)
