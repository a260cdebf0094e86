package market

import (
	"math"
	"testing"
	"time"
)

// impliedDifficulty recovers the difficulty in force during a step without
// a retarget from BTCPerTH = 1e12 s R / (D 2^32).
func impliedDifficulty(st Step) float64 {
	return 1e12 * st.Days * 86400 * st.RewardBTC / (st.BTCPerTH * (1 << 32))
}

// Retargets happen exactly when the blocks of the period reach 2016, and
// the difficulty is constant between them. With the hashrate fixed at the
// snapshot's and the period starting at the snapshot (height 925,344 =
// 459 x 2016), the first period takes 2016 x 600 s, the protocol measures
// 2015 intervals of it, and D rises by 2016/2015 (Bitcoin Core pow.cpp;
// REFERENCE.md). After that, blocks come every 600 x 2016/2015 s, the
// measured 2015 intervals take exactly 1,209,600 s, and D stays put.
func TestRetargetSchedule(t *testing.T) {
	m := quietModel()
	s := Reference()
	sim := mustSim(t, m, s, 60*day, 5*time.Hour) // 5 h steps: boundaries fall inside steps
	path := sim.Path(newRand(1), 1, nil)
	d0 := s.Bitcoin.Difficulty
	want := []float64{d0, d0 * 2016 / 2015, d0 * 2016 / 2015, d0 * 2016 / 2015, d0 * 2016 / 2015}
	var cum float64
	retargets := 0
	for j, st := range path {
		before := math.Floor(cum/2016 + 1e-9)
		cum += st.Blocks
		after := math.Floor(cum/2016 + 1e-9)
		if after > before {
			retargets++
			continue // mixed step
		}
		if got := impliedDifficulty(st); math.Abs(got-want[retargets]) > 1e-9*got {
			t.Fatalf("step %d (after %d retargets): D = %v, want %v", j, retargets, got, want[retargets])
		}
	}
	// 60 days: 2016 blocks in 14 days, then 2016 in 14 x 2016/2015 days:
	// 4 retargets.
	if retargets != 4 {
		t.Errorf("%d retargets in 60 days, want 4", retargets)
	}
	if got, want := path[0].Blocks, 5*6.0; math.Abs(got-want) > 1e-9 {
		t.Errorf("blocks in the first 5 hours = %v, want %v", got, want)
	}

	// A hashrate growing 100 %/yr (log) raises D at every retarget, and D is
	// still constant between retargets.
	m.Hashrate.Growth = 1
	sim = mustSim(t, m, s, 120*day, 7*time.Hour)
	path = sim.Path(newRand(1), 1, nil)
	cum, retargets = 0, 0
	prev := math.NaN()
	for j, st := range path {
		before := math.Floor(cum / 2016)
		cum += st.Blocks
		if math.Floor(cum/2016) > before {
			retargets++
			prev = math.NaN()
			continue
		}
		d := impliedDifficulty(st)
		if !math.IsNaN(prev) && math.Abs(d-prev) > 1e-9*d {
			t.Fatalf("step %d: D moved from %v to %v between retargets", j, prev, d)
		}
		if math.IsNaN(prev) && retargets > 0 && !(d > d0) {
			t.Fatalf("step %d: D %v did not rise above %v", j, d, d0)
		}
		prev = d
	}
	if retargets < 8 {
		t.Errorf("%d retargets in 120 days at a growing hashrate, want >= 8", retargets)
	}
}

// A halving inside the horizon halves the subsidy at block 1,050,000
// (REFERENCE.md: 1,050,000 pays 156,250,000 sats). With the hashrate fixed,
// the difficulty is D_0 until the first retarget and D_0 2016/2015 after it
// (see TestRetargetSchedule), so each step's BTCPerTH has the closed form
// Days 86400 1e12 R / (D 2^32) of Bitcoin.SatsPerTHDay.
func TestHalvingInsideHorizon(t *testing.T) {
	m := quietModel()
	s := Reference()
	s.Bitcoin.Height = 1_047_000
	sim := mustSim(t, m, s, year, week)
	path := sim.Path(newRand(1), 1, nil)
	const fees = 0.02 // Reference FeesPerBlock, 2,000,000 sats
	const pre, post = 3.125 + fees, 1.5625 + fees
	firstRetarget := float64(2016 - 1_047_000%2016) // 1320 blocks to the end of the period
	halvingAt := 3000.0
	d0 := s.Bitcoin.Difficulty
	var start float64
	var preRate, postRate float64 // BTC per TH/s per day
	for j, st := range path {
		end := start + st.Blocks
		var want float64
		switch {
		case end <= halvingAt:
			want = pre
		case start >= halvingAt:
			want = post
		default:
			want = ((halvingAt-start)*pre + (end-halvingAt)*post) / st.Blocks
		}
		if math.Abs(st.RewardBTC-want) > 1e-9 {
			t.Fatalf("step %d (blocks %.1f to %.1f): reward %v, want %v", j, start, end, st.RewardBTC, want)
		}
		if start >= firstRetarget || end <= firstRetarget {
			d := d0
			if start >= firstRetarget {
				d = d0 * 2016 / 2015
			}
			wantBTC := st.Days * 86400e12 * st.RewardBTC / (d * (1 << 32))
			if math.Abs(st.BTCPerTH-wantBTC) > 1e-12*wantBTC {
				t.Fatalf("step %d: BTCPerTH %v, want %v", j, st.BTCPerTH, wantBTC)
			}
			switch {
			case end <= halvingAt:
				preRate = st.BTCPerTH / st.Days
			case start >= halvingAt && postRate == 0:
				postRate = st.BTCPerTH / st.Days
			}
		}
		start = end
	}
	if postRate == 0 || postRate > 0.51*preRate {
		t.Errorf("BTCPerTH per day %v after the halving, %v before: not halved", postRate, preRate)
	}
}

// The hashrate responds to the price change of the step that ended Lag ago.
func TestHashrateLag(t *testing.T) {
	m := quietModel()
	m.Price.Vol = 0.3
	m.Hashrate.Elasticity = 0.7
	m.Hashrate.Lag = 2 * day
	sim := mustSim(t, m, Reference(), 10*day, day) // no retarget in 10 days at this hashrate
	path := sim.Path(newRand(9), 1, nil)
	logH := func(j int) float64 { return math.Log(path[j].Blocks / 144) } // 144 blocks a day at H_0
	for j := range path {
		prevH := 0.0
		if j > 0 {
			prevH = logH(j - 1)
		}
		want := 0.0
		if j >= 2 {
			prevP := 0.0
			if j >= 3 {
				prevP = math.Log(path[j-3].PriceRatio)
			}
			want = 0.7 * (math.Log(path[j-2].PriceRatio) - prevP)
		}
		if got := logH(j) - prevH; math.Abs(got-want) > 1e-9 {
			t.Errorf("step %d: Δlog H = %v, want %v", j, got, want)
		}
	}
}
