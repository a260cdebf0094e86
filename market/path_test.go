package market

import (
	"math"
	"sync"
	"testing"
	"time"
)

func TestPathReproducible(t *testing.T) {
	sim := mustSim(t, DefaultModel(), Reference(), year, week)
	a := sim.Path(newRand(42), 1, nil)
	b := sim.Path(newRand(42), 1, make([]Step, 0, 100))
	c := sim.Path(newRand(43), 1, nil)
	for j := range a {
		if a[j] != b[j] {
			t.Fatalf("step %d differs with the same seed: %+v vs %+v", j, a[j], b[j])
		}
		checkStep(t, j, a[j])
	}
	if a[0] == c[0] {
		t.Errorf("different seeds gave the same first step")
	}
}

// sign = -1 negates every normal and keeps the uniforms: with only the
// price diffusion on, log returns are exact negatives around the drift, and
// with everything on, the utilization draws coincide.
func TestPathAntithetic(t *testing.T) {
	m := quietModel()
	m.Price = PriceModel{Drift: 0.1, Vol: 0.5}
	sim := mustSim(t, m, Reference(), year, week)
	plus := sim.Path(newRand(7), 1, nil)
	minus := sim.Path(newRand(7), -1, nil)
	const drift = 0.1 - 0.125 // μ - σ²/2 per year
	for j := range plus {
		p, q := math.Log(plus[j].PriceRatio), math.Log(minus[j].PriceRatio)
		if math.Abs((p-drift*plus[j].T)+(q-drift*plus[j].T)) > 1e-12 {
			t.Fatalf("step %d: log returns %v and %v are not antithetic", j, p, q)
		}
	}

	def := DefaultModel()
	def.Hashrate.Elasticity = 0 // keep the difficulty equal in both paths
	sim = mustSim(t, def, Reference(), year, week)
	// Copy the stream and replay it.
	src := NewStream(11, 12)
	replay := *src
	plus = sim.Path(src, 1, nil)
	minus = sim.Path(&replay, -1, nil)
	for j := range plus {
		if plus[j].Utilization != minus[j].Utilization {
			t.Fatalf("step %d: utilization %v vs %v: uniforms not replayed", j, plus[j].Utilization, minus[j].Utilization)
		}
		lp := math.Log(plus[j].GPUIndex) + math.Log(minus[j].GPUIndex)
		want := 2 * (def.GPU.Drift - def.GPU.Vol*def.GPU.Vol/2) * plus[j].T
		if math.Abs(lp-want) > 1e-12 {
			t.Fatalf("step %d: GPU log indices do not mirror: sum %v, want %v", j, lp, want)
		}
		if x := math.Log(plus[j].Power) + math.Log(minus[j].Power); math.Abs(x) > 1e-12 {
			t.Fatalf("step %d: power logs do not mirror: sum %v", j, x)
		}
	}
}

func TestPathConcurrent(t *testing.T) {
	sim := mustSim(t, DefaultModel(), Reference(), year, week)
	want := sim.Path(newRand(5), 1, nil)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := make([]Step, sim.Steps())
			for i := 0; i < 50; i++ {
				got := sim.Path(newRand(5), 1, dst)
				if got[len(got)-1] != want[len(want)-1] {
					t.Errorf("concurrent path differs")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestPathZeroAllocs(t *testing.T) {
	sim := mustSim(t, DefaultModel(), Reference(), year, week)
	rng := newRand(1)
	dst := make([]Step, sim.Steps())
	if a := testing.AllocsPerRun(100, func() { dst = sim.Path(rng, 1, dst) }); a != 0 {
		t.Errorf("Path allocates %v times per path, want 0", a)
	}
}

func TestPathPanics(t *testing.T) {
	sim := mustSim(t, DefaultModel(), Reference(), year, week)
	for name, f := range map[string]func(){
		"nil rng":  func() { sim.Path(nil, 1, nil) },
		"sign 0":   func() { sim.Path(newRand(1), 0, nil) },
		"sign NaN": func() { sim.Path(newRand(1), math.NaN(), nil) },
	} {
		if !panics(f) {
			t.Errorf("%s: no panic", name)
		}
	}
}

func benchmarkPath(b *testing.B, horizon, step time.Duration) {
	sim := mustSim(b, DefaultModel(), Reference(), horizon, step)
	rng := newRand(1)
	dst := make([]Step, sim.Steps())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dst = sim.Path(rng, 1, dst)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(sim.Steps()), "ns/step")
}

// BenchmarkPath draws one path per iteration: ns/op is ns per path.
func BenchmarkPath(b *testing.B) {
	b.Run("52weekly", func(b *testing.B) { benchmarkPath(b, 52*week, week) })
	b.Run("365daily", func(b *testing.B) { benchmarkPath(b, year, day) })
	b.Run("8760hourly", func(b *testing.B) { benchmarkPath(b, year, time.Hour) })
}

// Step.Difficulty is the difficulty in force at the end of the step: it
// starts at the snapshot's, changes only at retargets, each within the
// protocol's clamp of 4, and in a step with no retarget it is the D of
// BTCPerTH = 1e12 RewardBTC seconds / (D 2^32) (subsidy and fees fixed in
// a step without a halving; the Reference snapshot's height is far from
// one).
func TestPathDifficulty(t *testing.T) {
	s := Reference()
	sim := mustSim(t, DefaultModel(), s, 120*day, day)
	p := sim.Path(newRand(7), 1, nil)
	prev, retargets := s.Bitcoin.Difficulty, 0
	for j, st := range p {
		if st.Difficulty != prev {
			retargets++
			if r := st.Difficulty / prev; !(r >= 0.25 && r <= 4) {
				t.Fatalf("step %d: retarget by %v, outside the clamp", j, r)
			}
			prev = st.Difficulty
			continue
		}
		implied := 1e12 * st.RewardBTC * st.Days * 86400 / (st.BTCPerTH * (1 << 32))
		if math.Abs(implied/st.Difficulty-1) > 1e-12 {
			t.Fatalf("step %d: difficulty %v, BTCPerTH implies %v", j, st.Difficulty, implied)
		}
	}
	// 120 days at about 14 days an epoch hold 8 or 9 retargets (the
	// hashrate's growth shortens the epochs a little).
	if retargets < 7 || retargets > 10 {
		t.Errorf("%d retargets in 120 days, want 7-10", retargets)
	}
}
