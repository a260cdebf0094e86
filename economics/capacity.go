package economics

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
)

// capacityTol is the relative tolerance of the capacity check: a facility
// power within 1e-12 of a capacity fits, so that an allocation sized to
// fill a hall exactly is not refused for a rounding of its product.
const capacityTol = 1e-12

// capacityEvent is a line starting (adding its facility power) or ending
// (taking it away) at a moment, for checkCapacity's sweep: sec is the
// moment in Unix seconds (the zero time, a line without a Start, is the
// beginning); tie holds its nanoseconds, then 0 for an end or 1 for a
// start, then the line's index, so that events sort by (sec, tie) in time,
// ends before starts at the same moment, and in line order.
type capacityEvent struct {
	sec int64
	tie uint64
}

func newCapacityEvent(at time.Time, end bool, line int) capacityEvent {
	tie := uint64(at.Nanosecond())<<33 | uint64(line)
	if !end {
		tie |= 1 << 32
	}
	return capacityEvent{sec: at.Unix(), tie: tie}
}

func (e capacityEvent) end() bool { return e.tie&(1<<32) == 0 }
func (e capacityEvent) line() int { return int(e.tie & (1<<32 - 1)) }

// sameMoment reports whether e and f are at the same moment.
func (e capacityEvent) sameMoment(f capacityEvent) bool {
	return e.sec == f.sec && e.tie>>33 == f.tie>>33
}

func compareEvents(a, b capacityEvent) int {
	if a.sec != b.sec {
		return cmp.Compare(a.sec, b.sec)
	}
	return cmp.Compare(a.tie, b.tie)
}

// checkCapacity checks that at every moment the facility power at
// nameplate of the lines running then (rates[i].facilityKW, their hall's
// PUE applied) fits in each hall's Capacity, when the site has halls, and
// in the site's Capacity, to a relative 1e-12. rates[i] belongs to
// lines[i].
//
// Line i occupies its hall over [Start, End): a zero Start is from the
// beginning, a zero End is never. Its Delay only shortens its running, so
// it is ignored here. Lines that do not overlap in time share a hall's
// power: a mining line ending on a day and an AI line starting that day fit
// in the same hall. A line whose End is not after its Start never runs
// (Project.Validate refuses it) and counts for nothing.
//
// The error matches ErrOverCapacity and names the hall (or the site), the
// first moment it is over ("from the start" or the date), the facility
// power and the capacity.
func checkCapacity(site *Site, lines []Line, rates []lineRates) error {
	var hallBuf [8]float64
	load := hallBuf[:0]
	if len(site.Halls) > 0 {
		load = slices.Grow(load, len(site.Halls))[:len(site.Halls)]
	}
	dated := false
	for i := range lines {
		if !lines[i].Start.IsZero() || !lines[i].End.IsZero() {
			dated = true
			break
		}
	}
	if !dated {
		// Every line runs throughout: one moment, the beginning. The sums
		// run in line order, as they always have.
		total := 0.0
		for i := range rates {
			kw := rates[i].facilityKW(site, rates[i].units)
			total += kw
			if len(load) > 0 {
				load[rates[i].hall] += kw
			}
		}
		return overCapacity(site, load, total, time.Time{})
	}

	var evBuf [32]capacityEvent
	events := evBuf[:0]
	for i := range rates {
		l := &lines[i]
		if !(rates[i].facilityKW(site, rates[i].units) > 0) || (!l.End.IsZero() && !l.End.After(l.Start)) {
			continue
		}
		events = append(events, newCapacityEvent(l.Start, false, i))
		if !l.End.IsZero() {
			events = append(events, newCapacityEvent(l.End, true, i))
		}
	}
	slices.SortFunc(events, compareEvents)
	total, running := 0.0, 0
	for k, e := range events {
		i := e.line()
		r := &rates[i]
		kw := r.facilityKW(site, r.units)
		if e.end() {
			running--
			if running == 0 {
				// Nothing runs: clear what subtraction left of rounding.
				total = 0
				clear(load)
				continue
			}
			total -= kw
			if len(load) > 0 {
				load[r.hall] -= kw
			}
			continue
		}
		running++
		total += kw
		if len(load) > 0 {
			load[r.hall] += kw
		}
		// Check once every start of this moment is in: the load only
		// grows at starts.
		if k+1 < len(events) && events[k+1].sameMoment(e) {
			continue
		}
		if err := overCapacity(site, load, total, lines[i].Start); err != nil {
			return err
		}
	}
	return nil
}

// overCapacity checks the facility kW in each hall (load, empty when the
// site has none) and in total at moment at (the zero time: the beginning)
// against the capacities; halls come first.
func overCapacity(site *Site, load []float64, total float64, at time.Time) error {
	when := func() string {
		if at.IsZero() {
			return "from the start"
		}
		return "on " + at.Format(time.RFC3339)
	}
	for h, kw := range load {
		if c := site.Halls[h].Capacity; kw > c.Kilowatts()*(1+capacityTol) {
			return fmt.Errorf("%w: hall %q %s: facility power %v (IT at nameplate x the hall's PUE %g) > its capacity %v",
				ErrOverCapacity, site.Halls[h].Name, when(), hardware.Power(kw)*hardware.Kilowatt, site.Halls[h].PUE, c)
		}
	}
	if limit := site.Capacity.Kilowatts(); total > limit*(1+capacityTol) {
		pue := fmt.Sprintf("PUE %g", site.PUE)
		if len(site.Halls) > 0 {
			pue = "each hall's PUE"
		}
		return fmt.Errorf("%w: site %s: facility power %v (IT at nameplate x %s) > capacity %v",
			ErrOverCapacity, when(), hardware.Power(total)*hardware.Kilowatt, pue, site.Capacity)
	}
	return nil
}
