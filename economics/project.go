package economics

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
)

// The pivot as a capital decision: a Project is a site, its dated lines
// with their capital and contracts, capital not tied to a line, and how it
// is financed. Appraise runs it over years of simulated markets.

// Hall is one building or room of a site with its own power, cooling and
// fixed costs: an AI hall at PUE 1.3 beside immersion mining at 1.05 is one
// site of two halls. Lines name their hall (Line.Hall); capacity is checked
// per hall and for the site at every moment.
type Hall struct {
	// Name identifies the hall; unique within the site (compared
	// case-sensitively), not empty.
	Name string `json:"name"`
	// Capacity is the hall's facility power, in (0, MaxCapacity]. The
	// halls' capacities may add up to more than the site's: the site's
	// Capacity (its grid connection) is checked too.
	Capacity hardware.Power `json:"capacity"`
	// PUE is the hall's facility power over IT power, in [1, MaxPUE].
	PUE float64 `json:"pue"`
	// OpexPerMWMonth is the hall's fixed operating cost, USD per MW of
	// facility power in use per month, in [0, MaxOpexPerMWMonth].
	OpexPerMWMonth decimal.Decimal `json:"opex_per_mw_month"`
}

// Delay is a random extra time before a line runs (a build-out, a
// delivery): triangular on [Min, Max] with mode Likely. Each path draws
// its own from a stream of its own, so a delay never changes the market a
// path sees. Evaluate, which is deterministic, uses the mean
// (Min+Likely+Max)/3.
type Delay struct {
	Min    time.Duration `json:"min"`
	Likely time.Duration `json:"likely"`
	Max    time.Duration `json:"max"`
}

// Depreciation is a tax depreciation schedule.
type Depreciation uint8

// Depreciation schedules. The zero value is StraightLine.
const (
	// StraightLine deducts the whole cost evenly over Capital.Life,
	// from the day of spending, by project year (no tax salvage: a gain
	// or loss on resale is taxed at disposal).
	StraightLine Depreciation = iota
	// MACRS5 deducts the cost over six tax years by the IRS's 5-year
	// property table with the half-year convention: 20, 32, 19.2, 11.52,
	// 11.52 and 5.76 % (IRS Publication 946, table A-1; REFERENCE.md,
	// "Depreciation and tax"), the first in the project year of spending.
	MACRS5
	// Bonus deducts the whole cost in the project year of spending (100 %
	// bonus depreciation, back for property placed in service from 2025).
	Bonus
)

var depreciationNames = []string{"straight-line", "macrs5", "bonus"}

// String returns "straight-line", "macrs5" or "bonus".
func (d Depreciation) String() string { return enumString(d, "Depreciation", depreciationNames...) }

// MarshalText implements encoding.TextMarshaler.
func (d Depreciation) MarshalText() ([]byte, error) {
	return enumMarshal(d, "Depreciation", "unknown depreciation schedule", depreciationNames...)
}

// UnmarshalText implements encoding.TextUnmarshaler; names are compared
// without regard to case.
func (d *Depreciation) UnmarshalText(b []byte) error {
	return enumUnmarshal(d, b, "Depreciation", "unknown depreciation schedule", depreciationNames...)
}

// Capital is what putting a line in service costs, and what it is worth
// when it leaves.
type Capital struct {
	// Unit is the price in USD of one unit (a machine; for a Colocation
	// line, a kW of IT load: the fit-out), spent at the line's Start, in
	// [0, MaxCapitalUnit].
	Unit decimal.Decimal `json:"unit"`
	// Life is the useful life, positive: the line is retired and salvaged
	// at the start of service plus Life when its End is later (or zero).
	Life time.Duration `json:"life"`
	// Salvage is the resale value at retirement as a share of Unit, in
	// [0, 1]. On each path it moves with the hashprice (ASIC mining lines)
	// or the line's GPU rental index (GPU lines) since the snapshot, as
	// resale prices do; a colocation fit-out's does not move.
	Salvage float64 `json:"salvage"`
	// Depreciation is the tax schedule.
	Depreciation Depreciation `json:"depreciation"`
	// Owned says the units are already paid for (a fleet the site owns):
	// nothing is spent at Start and nothing is borrowed or depreciated,
	// but the units still retire at the end of Life and fetch their resale
	// at disposal. Unit is then their value at the snapshot, on which the
	// resale is figured (for ASICs, USD per TH/s from a resale index times
	// the hashrate), and their tax basis is taken as zero: the whole
	// resale is a taxable gain.
	Owned bool `json:"owned,omitempty"`
}

// Lease is a colocation tenant's contract. Rent starts when the line does
// (Start plus its Delay), rises by Escalator each lease year, and stops at
// the term's end or at the tenant's default, whichever comes first; after
// Relet of dark time the space is let again, for a new Term on the same
// terms, at the market rate of that day: the snapshot's colocation rate
// moved by the GPU rental index (market.Simulator's GPU index).
type Lease struct {
	// Rate is the first lease year's rent, USD per kW of IT per month, in
	// (0, MaxLeaseRate].
	Rate decimal.Decimal `json:"rate"`
	// Escalator is the yearly rise of the rent, in [0, 1).
	Escalator float64 `json:"escalator"`
	// Term is the lease's length, at least a day.
	Term time.Duration `json:"term"`
	// Default is the tenant's yearly default hazard, in [0, 10]: the
	// tenant defaults at an exponential time of rate Default per year,
	// drawn per path from its own stream.
	Default float64 `json:"default"`
	// Relet is the dark time after a default or the term's end before the
	// space is let again, not negative. A Relet longer than the horizon
	// means the space is never re-let.
	Relet time.Duration `json:"relet"`
}

// Outlay is capital not tied to one line: a substation, a hall's
// conversion.
type Outlay struct {
	// Date is the day of spending; the zero time is the snapshot's date.
	// It must not be before the snapshot.
	Date time.Time `json:"date"`
	// Amount is USD, in [0, MaxOutlay].
	Amount decimal.Decimal `json:"amount"`
	// Label names it in reports.
	Label string `json:"label,omitempty"`
	// Life is the straight-line tax life, not negative; 0 expenses it in
	// the project year of spending.
	Life time.Duration `json:"life,omitempty"`
}

// Finance is how a project is valued and paid for. The zero value values
// at a zero discount rate, pre-tax, without debt.
type Finance struct {
	// Discount is the yearly rate at which the unlevered free cash flow is
	// discounted for NPV (the project's WACC), in [0, 1].
	Discount float64 `json:"discount"`
	// TaxRate is the tax on a project year's positive taxable income, in
	// [0, 1); a year's loss is carried forward against later income. The
	// US federal corporate rate is 0.21 (REFERENCE.md).
	TaxRate float64 `json:"tax_rate"`
	// Debt is the share of every capital spending that is borrowed, in
	// [0, 1). REFERENCE.md: 80 % loan-to-cost (Galaxy Helios), up to 85 %
	// (Hut 8).
	Debt float64 `json:"debt"`
	// Interest is the debt's yearly rate, in [0, 1].
	Interest float64 `json:"interest"`
	// Tenor is the debt's term: each borrowing is repaid in level yearly
	// payments on its anniversaries over Tenor, rounded to whole years
	// (at least one). It must be positive when Debt is.
	Tenor time.Duration `json:"tenor"`
}

// Project is a site, its lines with their dates, capital and contracts,
// capital not tied to a line, and its financing: what Appraise values.
type Project struct {
	Site    Site     `json:"site"`
	Lines   []Line   `json:"lines"`
	Outlays []Outlay `json:"outlays,omitempty"`
	Finance Finance  `json:"finance"`
}

// Percentiles summarise a per-path figure that some paths may lack (an
// IRR where cash flows never change sign, a payback never reached). The
// percentiles are over the paths that have it; Undefined is the share of
// paths that do not. With every path undefined the percentiles are NaN.
type Percentiles struct {
	P5, P25, P50, P75, P95 float64
	Undefined              float64
}

// Year is the expected cash flow of one project year across paths, USD
// rounded to the cent. The rows add up exactly:
//
//	FreeCashFlow   = Mining + AICloud + Colocation - Power - Opex - Capex + Salvage - Tax
//	EquityCashFlow = FreeCashFlow + Borrowed - Interest - Principal + TaxShield
type Year struct {
	// Year counts project years from 1; year y covers [y-1, y) years of
	// market.DaysPerYear days after the snapshot.
	Year int

	Mining     decimal.Decimal // bitcoin and GPU mining revenue, net of pool fees
	AICloud    decimal.Decimal // GPU rental revenue
	Colocation decimal.Decimal // rent
	Power      decimal.Decimal
	Opex       decimal.Decimal
	Capex      decimal.Decimal // lines' capital and outlays
	Salvage    decimal.Decimal // resale at retirement, and the residual value at the horizon
	Tax        decimal.Decimal // on the unlevered taxable income
	// FreeCashFlow is the unlevered after-tax free cash flow.
	FreeCashFlow decimal.Decimal

	Borrowed  decimal.Decimal // Finance.Debt of the year's capex
	Interest  decimal.Decimal
	Principal decimal.Decimal // scheduled repayments, and the balance left at the horizon
	TaxShield decimal.Decimal // the tax the interest saves
	// EquityCashFlow is what the equity holders put in (negative) or take
	// out.
	EquityCashFlow decimal.Decimal
}

// Appraisal is the distribution of a project's value over simulated
// markets.
type Appraisal struct {
	// FirstPath and Paths are the paths appraised: [FirstPath,
	// FirstPath+Paths) of the seed's sequence (Settings.FirstPath).
	FirstPath int
	Paths     int
	Horizon   time.Duration
	Step      time.Duration

	// NPV is the net present value at Finance.Discount of the unlevered
	// after-tax free cash flow, USD; ProbLoss is P(NPV < 0).
	NPV Stats
	// IRR is the unlevered internal rate of return per path; EquityIRR
	// that of the equity cash flow (after debt service). Undefined is the
	// share of paths without one (ErrNoIRR).
	IRR, EquityIRR Percentiles
	// Payback is the years until the cumulative unlevered free cash flow
	// turns positive for good; Undefined is the share of paths where it
	// never does within the horizon.
	Payback Percentiles
	// DebtShortfall is the share of paths where some project year's cash
	// from operations (after tax) falls short of that year's debt service.
	DebtShortfall float64
	// Years is the expected cash flow by project year.
	Years []Year
	// Bands are percentiles of the cumulative unlevered free cash flow
	// (the J-curve), on a grid of at most MaxAppraisalBands points.
	Bands []Band

	// shard is what Merge needs, kept by a shard of a run
	// (Settings.TotalPaths > 0) until it is merged complete.
	shard *appraisalState
}

// Limits of a Project's money. Each catches a value in the wrong unit and
// keeps every sum far inside float64 and int64 cents.
const (
	// MaxCapitalUnit is the largest Capital.Unit, USD per unit: 100
	// million, some three hundred times an 8-GPU B200 server and ten
	// thousand times a colocation fit-out of 10 M USD per MW (REFERENCE.md,
	// "Capex per MW").
	MaxCapitalUnit = 100_000_000
	// MaxLeaseRate is the largest Lease.Rate, USD per kW-month: 10,000,
	// fifty times CBRE's average asking rate of 195.94 (H2 2025;
	// REFERENCE.md, "Leases").
	MaxLeaseRate = 10_000
	// MaxOutlay is the largest Outlay.Amount, USD: one trillion.
	MaxOutlay = 1_000_000_000_000
	// MaxAppraisalBands is the most points of Appraisal.Bands: the band
	// grid takes every k-th step so that a long horizon in short steps
	// keeps the J-curve's memory bounded (weekly steps over ten years
	// are 522 steps, banded every second step).
	MaxAppraisalBands = 261
	// DefaultProjectHorizon is Appraise's horizon when Settings.Horizon
	// is zero: ten years of 365 days.
	DefaultProjectHorizon = 10 * 365 * 24 * time.Hour
)
