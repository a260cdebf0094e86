package economics

import (
	"math"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/num"
	"github.com/wattfolio/wattfolio/market"
)

// A line's time in the simulation: when it runs on each path (Start, End
// and a Delay drawn per path), what its lease pays (rent that escalates,
// stops at the tenant's default or the term's end, and resumes at the
// market rate after the dark time) and when its capital is salvaged.
// Times are in years of market.DaysPerYear days since the snapshot, the
// unit of market.Step.T.

// yearsOf returns d in years of market.DaysPerYear days.
func yearsOf(d time.Duration) float64 { return d.Hours() / 24 / market.DaysPerYear }

// dateYears returns the years from the snapshot's date to t; the zero time
// is the snapshot's date.
func dateYears(t, date time.Time) float64 {
	if t.IsZero() {
		return 0
	}
	return yearsOf(t.Sub(date))
}

// lineTime is a line's schedule as the engine uses it.
type lineTime struct {
	timed bool    // Start, End, Delay or Lease set: runs only part of the time
	start float64 // Start
	end   float64 // End; +Inf when never

	delay bool // a Delay: triangular on [dlo, dhi] with mode dmode
	dlo   float64
	dmode float64
	dhi   float64

	lease *leaseTerms

	// Capital, per unit: its price in USD (spent at start unless owned),
	// the life in years, the salvage share, and how resale moves
	// (salvageBy).
	capital, life, salvage float64
	owned                  bool
	salvageBy              salvageIndex
}

// leaseTerms are a Lease in the engine's units: USD per kW-day, years.
type leaseTerms struct {
	rate   float64 // first lease year's rent
	esc    float64
	term   float64
	hazard float64 // per year
	relet  float64
	market float64 // the snapshot's colocation rate, USD per kW-day
}

// salvageIndex says what moves a line's resale price on a path.
type salvageIndex uint8

const (
	salvageFixed    salvageIndex = iota // colocation fit-out: does not move
	salvageHashrate                     // ASICs: the hashprice since the snapshot
	salvageGPU                          // GPUs: the line's GPU rental rate since the snapshot
)

// newLineTime reads line l's schedule against the snapshot's date; the
// line was validated by checkLineTerms.
func newLineTime(l Line, date time.Time, colo float64) lineTime {
	t := lineTime{start: dateYears(l.Start, date), end: math.Inf(1)}
	if !l.End.IsZero() {
		t.end = dateYears(l.End, date)
	}
	if d := l.Delay; d != nil && d.Max > 0 {
		t.delay = true
		t.dlo, t.dmode, t.dhi = yearsOf(d.Min), yearsOf(d.Likely), yearsOf(d.Max)
	}
	if ls := l.Lease; ls != nil {
		t.lease = &leaseTerms{
			rate: num.Float(ls.Rate) * 12 / market.DaysPerYear, esc: ls.Escalator,
			term: yearsOf(ls.Term), hazard: ls.Default, relet: yearsOf(ls.Relet),
			market: colo * 12 / market.DaysPerYear,
		}
	}
	if c := l.Capital; c != nil {
		t.capital, t.life, t.salvage, t.owned = num.Float(c.Unit), yearsOf(c.Life), c.Salvage, c.Owned
		switch l.Workload {
		case hardware.BitcoinMining:
			t.salvageBy = salvageHashrate
		case hardware.AICloud, hardware.GPUMining:
			t.salvageBy = salvageGPU
		}
	}
	// A line with capital retires at the end of its life.
	t.timed = t.start > 0 || !math.IsInf(t.end, 1) || t.delay || t.lease != nil || t.life > 0
	return t
}

// needsDraws reports whether the line draws from a path's project stream.
func (t *lineTime) needsDraws() bool {
	return t.delay || (t.lease != nil && t.lease.hazard > 0)
}

// pathTime is a line's state on one path: when it runs, and its lease.
type pathTime struct {
	run  float64 // Start plus the path's delay
	stop float64 // End, or the end of the capital's life from run if sooner

	// The lease in force or next: the tenant pays from from until to
	// (the term's end or the default, whichever is first); rate is the
	// first lease year's rent, USD per kW-day.
	from, to, rate float64

	// The lease year last charged (k, from its start) and its rate.
	k, kRate float64
	// relet says the space is dark until from, when it is let again at
	// the market rate of that day (rate and to are not known yet).
	relet bool

	// When the line's capital leaves and the share of Unit it fetches
	// (disposal), set by draw.
	disp, share float64
}

// draw sets p for a new path, drawing the delay and the first tenant's
// default from rng, in that order.
func (t *lineTime) draw(p *pathTime, rng *market.Stream) {
	p.run = t.start
	if t.delay {
		p.run += triangular(rng.Float64(), t.dlo, t.dmode, t.dhi)
	}
	p.stop = t.stopAt(p.run)
	if t.lease != nil {
		t.let(p, p.run, t.lease.rate, rng)
	}
}

// let starts a lease at time from at first-year rate rate, drawing the
// tenant's default time from rng; a nil rng draws no default.
func (t *lineTime) let(p *pathTime, from, rate float64, rng *market.Stream) {
	ls := t.lease
	p.from, p.rate, p.relet = from, rate, false
	p.k, p.kRate = 0, rate
	p.to = from + ls.term
	if ls.hazard > 0 && rng != nil {
		p.to = min(p.to, from+rng.ExpFloat64()/ls.hazard)
	}
}

// contracted returns what a kW under the lease pays, USD, over the line's
// mean schedule (from meanRun to its stop) within the first period years,
// as the contract is written: no tenant defaults (a nil stream draws
// none), re-letting at the snapshot's rate (a GPU index of 1); and the
// share of that time a tenant is in. It is Evaluate's lease.
func (t *lineTime) contracted(period float64) (usd, occupied float64) {
	p := pathTime{run: t.meanRun()}
	p.stop = t.stopAt(p.run)
	t.let(&p, p.run, t.lease.rate, nil)
	if end := min(p.stop, period); end > p.run {
		return t.rent(&p, p.run, end, 1, nil)
	}
	return 0, 0
}

// stopAt returns when a line that starts to run at run stops: at End, or
// at the end of its capital's life if that comes first (the machines are
// retired then, see Capital.Life).
func (t *lineTime) stopAt(run float64) float64 {
	if t.life > 0 {
		return min(t.end, run+t.life)
	}
	return t.end
}

// running returns the share of the step [t0, t1) the line runs on the
// path: the part of it inside [p.run, p.stop).
func (t *lineTime) running(p *pathTime, t0, t1 float64) float64 {
	return overlap(t0, t1, p.run, p.stop) / (t1 - t0)
}

// overlap returns the length of [a0, a1) ∩ [b0, b1), 0 when they are apart.
func overlap(a0, a1, b0, b1 float64) float64 {
	return max(0, min(a1, b1)-max(a0, b0))
}

// rent returns what a kW under the lease pays over the step [t0, t1), USD,
// and the share of the step a tenant occupies the space (and draws
// power), advancing p through defaults, terms' ends and re-lettings in the
// step (a nil rng draws no defaults). A new lease's first-year rent is
// the market rate of the step it starts in: the snapshot's colocation
// rate times the GPU index at the step's end, gpu. The rent of a lease
// year applies from the year's start; a lease year that starts inside the
// step is charged from there.
func (t *lineTime) rent(p *pathTime, t0, t1, gpu float64, rng *market.Stream) (usd, occupied float64) {
	ls := t.lease
	lo := max(t0, p.run)
	hi := min(t1, p.stop)
	if !(lo < hi) {
		return 0, 0 // not running in the step
	}
	// Each pass books a tenancy or starts the next; leases of at least a
	// day (Lease.Term's minimum) bound the passes, and the cap guards
	// against rounding.
	for pass := 0; lo < hi && pass < maxLeasePasses; pass++ {
		if p.from >= hi {
			break
		}
		if p.relet {
			// The dark time ends in this step: a new tenant at the
			// market rate of the step.
			t.let(p, p.from, ls.market*gpu, rng)
			continue
		}
		if p.to <= lo {
			// The lease has ended: dark for Relet, then let again.
			p.from, p.to, p.relet = p.to+ls.relet, p.to+ls.relet, true
			continue
		}
		a, b := max(lo, p.from), min(hi, p.to)
		occupied += b - a
		usd += t.leaseRent(p, a, b)
		lo = b
	}
	return usd, occupied / (t1 - t0)
}

// maxLeasePasses bounds the tenancies rent books in one step.
const maxLeasePasses = 1 << 16

// quickRent is rent for the common step, inside one tenancy and one lease
// year: the rent of a kW over [t0, t1), USD, or ok false when the step is
// not that simple.
func (t *lineTime) quickRent(p *pathTime, t0, t1 float64) (usd float64, ok bool) {
	if !(t0 >= p.run && t1 <= p.stop && p.from <= t0 && t1 <= p.to && t0 >= p.from+p.k && t1 <= p.from+p.k+1) {
		return 0, false
	}
	return p.kRate * (t1 - t0) * market.DaysPerYear, true
}

// leaseRent returns the rent of a kW over [a, b), inside one tenancy of p,
// USD: the lease year's rate times the days of each lease year in it.
func (t *lineTime) leaseRent(p *pathTime, a, b float64) float64 {
	esc := t.lease.esc
	sum := 0.0
	for a < b {
		k := math.Floor(a - p.from)
		end := min(b, p.from+k+1)
		if !(end > a) {
			// a is a lease year's start to rounding: charge from it.
			k++
			end = min(b, p.from+k+1)
			if !(end > a) {
				end = b
			}
		}
		if k != p.k {
			p.k, p.kRate = k, p.rate*math.Pow(1+esc, k)
		}
		sum += p.kRate * (end - a) * market.DaysPerYear
		a = end
	}
	return sum
}

// disposal returns when the line's capital leaves on the path: at the end
// of its life from service, at End, or at the horizon, whichever is
// first; and the share of Unit it then fetches before the market moves it:
// the salvage share at the end of its life, more for the life left
// (straight-line between 1 at service and Salvage at the life's end).
func (t *lineTime) disposal(p *pathTime, horizon float64) (at, share float64) {
	if t.life == 0 {
		return horizon, 1
	}
	at = min(p.stop, horizon)
	left := min(1, max(0, (p.run+t.life-at)/t.life))
	return at, t.salvage + (1-t.salvage)*left
}

// meanRun returns when the line starts to run on average: Start plus the
// mean of its delay, (Min+Likely+Max)/3.
func (t *lineTime) meanRun() float64 {
	if !t.delay {
		return t.start
	}
	return t.start + (t.dlo+t.dmode+t.dhi)/3
}

// clip returns the parts of a period of hours hours, split into epochs,
// that the line runs on average (from meanRun to End or the end of its
// life), and their hours.
func (t *lineTime) clip(eps []epoch, hours float64) ([]epoch, float64) {
	const hoursPerYear = market.DaysPerYear * 24
	a, b := t.meanRun()*hoursPerYear, t.stopAt(t.meanRun())*hoursPerYear
	out := make([]epoch, 0, len(eps))
	at, total := 0.0, 0.0
	for _, e := range eps {
		if h := overlap(at, at+e.hours, a, b); h > 0 {
			out = append(out, epoch{h, e.satsPerTHh})
			total += h
		}
		at += e.hours
	}
	if len(out) == 0 {
		out = append(out, epoch{0, eps[0].satsPerTHh})
	}
	return out, total
}
