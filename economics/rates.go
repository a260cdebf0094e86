package economics

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// lineRates are one unit's physical figures and market rates for a line,
// resolved once from the line and the snapshot. Its methods in cashflow.go
// turn them into the line's cash flows, for Evaluate, the unit economics,
// the Monte Carlo engine and the curtailment closed form alike.
type lineRates struct {
	workload hardware.Workload
	units    float64 // machines, or kW for colocation
	maxIT    float64 // kW per unit at nameplate: what capacity and opex count
	th       float64 // TH/s per unit (ASIC mining)

	// GPU load model: IT kW = idle + u*(board-idle) + host.
	idle, board, host float64

	gpuRate   float64 // USD per GPU-hour (AI cloud)
	gpuMining float64 // gross USD per GPU-day (GPU mining)

	// The line's hall (placeHall): its index in Site.Halls (0 when the
	// site has none), PUE and opex in USD per MW-month.
	hall   int
	pue    float64
	opexMW float64
}

// itAt returns the IT power in kW of one unit at billable utilization u
// (used by AI cloud lines; mining runs at full load, u = 1).
func (r *lineRates) itAt(u float64) float64 {
	switch r.workload {
	case hardware.AICloud:
		fixed, perUtil := r.aiIT()
		return fixed + u*perUtil
	case hardware.Idle:
		return 0
	}
	return r.maxIT
}

// resolve checks line i and looks up what it needs. s may be nil when only
// the physical figures are wanted.
//
// Besides the model's own checks it refuses, naming Lines[i] and the field:
// negative Units; a Colocation line with a model or a mode (the tenant
// brings the hardware); an AI cloud or GPU mining line whose snapshot rate
// is missing (market.ErrNoQuote) or not positive (ErrInvalid). A zero
// colocation rate is allowed: it books no rent (a site that lets space for
// free, or passes power through at cost only).
func resolve(i int, l Line, s *market.Snapshot) (lineRates, error) {
	if l.Units < 0 {
		return lineRates{}, lineErr(i, invalid("Units", l.Units, "must not be negative"))
	}
	r := lineRates{workload: l.Workload, units: float64(l.Units)}
	if l.Workload == hardware.Colocation {
		// The tenant brings the hardware: a model or mode here would be
		// silently ignored, so it is refused.
		if l.Model.Name != "" || len(l.Model.Modes) != 0 || l.Model.Class != 0 {
			return lineRates{}, lineErr(i, invalid("Model", l.Model.Name, "a colocation line leases kW to a tenant's own hardware and takes no model; leave it out"))
		}
		if l.Mode != "" {
			return lineRates{}, lineErr(i, invalid("Mode", l.Mode, "a colocation line takes no mode; leave it out"))
		}
		r.maxIT = 1 // one unit is one kW of the tenant's IT load
		return r, nil
	}
	if l.Workload > hardware.Colocation {
		return lineRates{}, lineErr(i, fmt.Errorf("%w: workload %d", hardware.ErrUnsupported, uint8(l.Workload)))
	}
	if err := l.Model.Validate(); err != nil {
		return lineRates{}, lineErr(i, err)
	}
	if !l.Model.Supports(l.Workload) {
		return lineRates{}, lineErr(i, fmt.Errorf("%w: %s cannot run %s", hardware.ErrUnsupported, l.Model.Name, l.Workload))
	}
	mode, err := l.Model.Mode(l.Mode)
	if err != nil {
		return lineRates{}, lineErr(i, err)
	}
	r.maxIT = mode.Power.Kilowatts()
	switch l.Workload {
	case hardware.Idle:
		r.maxIT = 0
	case hardware.BitcoinMining:
		r.th = mode.Hashrate.TeraHashes()
	case hardware.AICloud, hardware.GPUMining:
		r.board = mode.Power.Kilowatts()
		r.idle = min(l.Model.IdlePower.Kilowatts(), r.board)
		r.host = l.Model.HostPower.Kilowatts()
		r.maxIT = r.board + r.host
		if s == nil {
			break
		}
		// Every entry point validates the snapshot before it resolves a
		// line (checkInputs), and Snapshot.Validate holds each quote to a
		// positive, bounded range: a zero or null quote never gets here,
		// and the float64 of one is finite.
		var q decimal.Decimal
		if l.Workload == hardware.AICloud {
			q, err = s.GPURate(l.Model.Name)
			r.gpuRate = num.Float(q)
		} else {
			q, err = s.GPUMiningRevenue(l.Model.Name)
			r.gpuMining = num.Float(q)
		}
		if err != nil {
			return lineRates{}, lineErr(i, err)
		}
	}
	return r, nil
}

// resolveAll resolves every line, places it in its hall (placeHall) and,
// when capacity is set, checks the allocation's facility power at
// nameplate against the capacity of every hall and of the site at every
// moment (checkCapacity).
func resolveAll(site Site, lines []Line, s *market.Snapshot, dst []lineRates, capacity bool) ([]lineRates, error) {
	for i, l := range lines {
		r, err := resolve(i, l, s)
		if err != nil {
			return nil, err
		}
		if err := r.placeHall(&site, i, l.Hall); err != nil {
			return nil, err
		}
		dst = append(dst, r)
	}
	if capacity {
		if err := checkCapacity(&site, lines, dst); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// placeHall sets r's hall, PUE and opex rate from the hall named name
// (Line.Hall of line i): "" is the first hall, or the site itself when it
// has none. An unknown name is an error naming Lines[i].Hall.
func (r *lineRates) placeHall(site *Site, i int, name string) error {
	if len(site.Halls) == 0 {
		if name != "" {
			return lineErr(i, invalid("Hall", name, "the site has no halls; leave it empty"))
		}
		r.hall, r.pue, r.opexMW = 0, site.PUE, num.Float(site.OpexPerMWMonth)
		return nil
	}
	h := 0
	if name != "" {
		h = slices.IndexFunc(site.Halls, func(x Hall) bool { return x.Name == name })
		if h < 0 {
			return lineErr(i, invalid("Hall", name, "no hall of that name in Site.Halls"))
		}
	}
	r.hall, r.pue, r.opexMW = h, site.Halls[h].PUE, num.Float(site.Halls[h].OpexPerMWMonth)
	return nil
}

// prices are the snapshot's and site's prices as float64, read once.
type prices struct {
	btc         float64     // USD per BTC
	satsPerTHh  float64     // expected sats per TH/s per hour, gross
	hourly      [24]float64 // USD per kWh by hour of day
	colo        float64     // USD per kW-month
	utilization float64
}

// daySum returns the sum of the day's 24 hourly prices, USD per kWh: 24
// times the day's mean price.
func (p *prices) daySum() float64 {
	sum := 0.0
	for _, v := range p.hourly {
		sum += v
	}
	return sum
}

// readPrices reads the snapshot's and the site's prices as float64, once.
func readPrices(site Site, s *market.Snapshot) prices {
	p := prices{
		btc:         num.Float(s.Bitcoin.Price),
		satsPerTHh:  s.Bitcoin.SatsPerTHDay() / 24,
		colo:        num.Float(s.ColocationRate),
		utilization: s.Utilization,
	}
	if site.PowerContract.Valid {
		c := num.Float(site.PowerContract.Decimal)
		for h := range p.hourly {
			p.hourly[h] = c
		}
		return p
	}
	flat := num.Float(s.PowerPrice)
	for h := range p.hourly {
		if len(s.TimeOfUse) == 24 {
			p.hourly[h] = num.Float(s.TimeOfUse[h])
		} else {
			p.hourly[h] = flat
		}
	}
	return p
}
