package main

// The options, and each one as an economics.Project: the campus's halls,
// its mining lines (ended at the conversion in the converted halls), the
// AI lines that take over after the build, and the conversion works.

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
)

// kind is what the converted halls become.
type kind int

const (
	miningOnly kind = iota // nothing converted: the baseline
	gpuCloud               // GPUs bought and rented out by the hour
	colocation             // the hall leased to a tenant who brings its own
)

func (k kind) String() string {
	switch k {
	case gpuCloud:
		return "GPU cloud"
	case colocation:
		return "colocation"
	}
	return "mining only"
}

// option is one choice: how many of the halls to convert, to what.
type option struct {
	kind  kind
	halls int // converted, 0 to halls
}

// share is the share of the campus's power converted.
func (o option) share() float64 { return float64(o.halls) / halls }

func (o option) String() string {
	if o.halls == 0 {
		return "0 % (mining only)"
	}
	return fmt.Sprintf("%s %.0f %%", o.kind, 100*o.share())
}

// options returns the baseline and each share of each kind: 0 % once,
// since it is the same project whatever the halls would have become.
func options() []option {
	opts := []option{{miningOnly, 0}}
	for _, k := range []kind{gpuCloud, colocation} {
		for h := 1; h <= halls; h++ {
			opts = append(opts, option{k, h})
		}
	}
	return opts
}

// campus holds what every option shares: the machines, their prices, the
// lease rate and how many units fill a hall.
type campus struct {
	s21, gpu hardware.Model
	gpuPrice decimal.Decimal // installed, per GPU (gpuUnitPrice)
	s21Value decimal.Decimal // an S21's resale value today (s21ResalePerTH)
	rent     decimal.Decimal // first lease year, USD per kW of IT per month

	// Units that fill one hall's facility power at its PUE.
	minersPerHall, gpusPerHall, kWPerHall int
	// conversion is one hall's conversion works, USD.
	conversion decimal.Decimal
}

// newCampus looks up the machines and sizes the halls; gpuName is the
// GPU the cloud buys ("B200" or "H100 SXM": the two with a rental rate in
// market.Reference).
func newCampus(gpuName string) (campus, error) {
	s21, err := hardware.Lookup(miningModel)
	if err != nil {
		return campus{}, err
	}
	gpu, err := hardware.Lookup(gpuName)
	if err != nil {
		return campus{}, err
	}
	if gpu.Class != hardware.GPU {
		return campus{}, fmt.Errorf("%s is not a GPU", gpu.Name)
	}
	price, err := gpuUnitPrice(gpu)
	if err != nil {
		return campus{}, err
	}
	asic, err := s21.Mode("")
	if err != nil {
		return campus{}, err
	}
	board, err := gpu.Mode("")
	if err != nil {
		return campus{}, err
	}
	itMW := hallPower.Megawatts() / aiPUE // a converted hall's MW of IT
	return campus{
		s21: s21, gpu: gpu, gpuPrice: price,
		rent:          firstYearRent(hut8PerMWYear, escalator, leaseYears),
		minersPerHall: fill(hallPower, asic.Power, miningPUE),
		gpusPerHall:   fill(hallPower, board.Power+gpu.HostPower, aiPUE),
		kWPerHall:     fill(hallPower, hardware.Kilowatt, aiPUE),
		conversion:    decimal.NewFromFloat(conversionPerMW * itMW).Round(2),
		s21Value:      decimal.NewFromFloat(s21ResalePerTH * asic.Hashrate.TeraHashes()).Round(2),
	}, nil
}

// fill returns the whole units of IT power it at PUE pue that fit in a
// hall of facility power p.
func fill(p, it hardware.Power, pue float64) int {
	return int(math.Floor(float64(p) / (float64(it) * pue)))
}

// hallName names hall h (from 0) as it is mined, and as it is once
// converted: a converted hall is a hall of its own in the Site, with its
// own PUE and opex, that shares the building's 50 MW with the mining hall
// it replaces (the two never run at once; the site's 200 MW bounds them
// all at every moment).
func hallName(h int, converted bool) string {
	if converted {
		return fmt.Sprintf("Hall %d AI", h+1)
	}
	return fmt.Sprintf("Hall %d", h+1)
}

// project returns option o as a project: halls 1 to o.halls are
// converted, the others mined to the horizon.
//
// The S21s are owned (Capital.Owned: nothing spent, a zero tax basis):
// those in a converted hall are switched off at the conversion's start
// and sold then; the others are retired and sold at the end of their
// life, or valued at the horizon, at s21ResalePerTH moved by the path's
// hashprice.
func (c campus) project(o option) economics.Project {
	p := economics.Project{
		Site: economics.Site{
			Name:           fmt.Sprintf("200 MW mining campus, %s", o),
			Capacity:       sitePower,
			PUE:            miningPUE, // every line is in a hall; the halls' PUEs apply
			PoolFee:        poolFee,
			Payout:         economics.FPPS,
			Uptime:         uptime,
			StaleRate:      staleRate,
			OpexPerMWMonth: miningOpex,
			// Miners switch off in hours that lose money; AI lines never do.
			Curtailment: economics.Economic,
		},
		Finance: financeOf(o.kind),
	}
	for h := range halls {
		p.Site.Halls = append(p.Site.Halls, economics.Hall{
			Name: hallName(h, false), Capacity: hallPower, PUE: miningPUE, OpexPerMWMonth: miningOpex,
		})
		mine := economics.Line{
			Model: c.s21, Workload: hardware.BitcoinMining, Units: c.minersPerHall, Hall: hallName(h, false),
			Capital: &economics.Capital{Unit: c.s21Value, Life: s21LifeLeft, Salvage: s21Salvage, Owned: true},
		}
		if h >= o.halls {
			p.Lines = append(p.Lines, mine)
			continue
		}
		mine.End = conversionStart
		p.Lines = append(p.Lines, mine, c.aiLine(o.kind, h))
		opex := cloudOpex
		if o.kind == colocation {
			opex = colocationOpex
		}
		p.Site.Halls = append(p.Site.Halls, economics.Hall{
			Name: hallName(h, true), Capacity: hallPower, PUE: aiPUE, OpexPerMWMonth: opex,
		})
		p.Outlays = append(p.Outlays, economics.Outlay{
			Date: conversionStart, Amount: c.conversion, Life: conversionTaxLife,
			Label: fmt.Sprintf("%s conversion", hallName(h, false)),
		})
	}
	return p
}

// aiLine returns the line that runs in converted hall h: it starts at the
// conversion, earns after the build's delay, and for the GPU cloud spends
// the GPUs' price at the start (the library spends Capital at Start; a
// buyer would pay at delivery, so this is conservative by the build's
// months of interest on the GPUs).
func (c campus) aiLine(k kind, h int) economics.Line {
	delay := buildDelay
	l := economics.Line{Hall: hallName(h, true), Start: conversionStart, Delay: &delay}
	if k == colocation {
		l.Workload, l.Units = hardware.Colocation, c.kWPerHall
		l.Lease = &economics.Lease{
			Rate: c.rent, Escalator: escalator, Term: leaseYears * year,
			Default: tenantDefault, Relet: relet,
		}
		return l
	}
	l.Model, l.Workload, l.Units = c.gpu, hardware.AICloud, c.gpusPerHall
	l.Capital = &economics.Capital{
		Unit: c.gpuPrice, Life: gpuLife, Salvage: gpuSalvage,
		// 100 % bonus depreciation is back for property placed in service
		// from 2025 (REFERENCE.md, "Depreciation and tax").
		Depreciation: economics.Bonus,
	}
	return l
}

// capitalSpent returns what project p spends on capital, USD, read from
// its inputs: the outlays and every line's units at their unit price,
// but for units already owned.
func capitalSpent(p economics.Project) decimal.Decimal {
	var sum decimal.Decimal
	for _, o := range p.Outlays {
		sum = sum.Add(o.Amount)
	}
	for _, l := range p.Lines {
		if l.Capital != nil && !l.Capital.Owned {
			sum = sum.Add(l.Capital.Unit.Mul(decimal.NewFromInt(int64(l.Units))))
		}
	}
	return sum
}
