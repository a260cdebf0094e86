package market

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkBatch draws 64 paths per iteration with Batch.Run: ns/step is
// per path-step, as BenchmarkPath's.
func BenchmarkBatch(b *testing.B) {
	for _, size := range []int{1, 16, 64} {
		b.Run(fmt.Sprintf("52weekly/%d", size), func(b *testing.B) {
			sim := mustSim(b, DefaultModel(), Reference(), 52*week, week)
			bt := sim.NewBatch(size)
			rngs := make([]*Stream, size)
			signs := make([]float64, size)
			for k := range rngs {
				rngs[k], signs[k] = newRand(uint64(k)), 1
			}
			var sink float64
			visit := func(j int, st *BatchStep) { sink += st.Price[0] }
			b.ReportAllocs()
			for b.Loop() {
				bt.Run(rngs, signs, visit)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(sim.Steps()*size), "ns/step")
		})
	}
}

// Batch.Run draws the paths Path draws, bit for bit, whatever the batch
// size, the number of paths in the batch, the signs and the hashrate lag
// (none yet, this step's, one step, several, beyond the horizon).
func TestBatchMatchesPath(t *testing.T) {
	for _, lag := range []time.Duration{0, week, 30 * day, 2 * year} {
		m := DefaultModel()
		m.Hashrate.Lag = lag
		m.Price.JumpRate = 20 // jumps in many steps
		sim := mustSim(t, m, Reference(), year, week)
		for _, size := range []int{1, 5, 16} {
			b := sim.NewBatch(size)
			if b.Size() != size {
				t.Fatalf("Size() = %d, want %d", b.Size(), size)
			}
			for _, n := range []int{1, size} {
				rngs := make([]*Stream, n)
				signs := make([]float64, n)
				want := make([][]Step, n)
				for k := range n {
					signs[k] = float64(1 - 2*(k%2))
					want[k] = sim.Path(newRand(uint64(100+k)), signs[k], nil)
					rngs[k] = newRand(uint64(100 + k))
				}
				steps := 0
				b.Run(rngs, signs, func(j int, st *BatchStep) {
					steps++
					for k := range n {
						w := want[k][j]
						got := Step{Days: st.Days, BTCPerTH: st.BTCPerTH[k], Blocks: st.Blocks[k], RewardBTC: st.RewardBTC[k],
							Price: st.Price[k], PriceRatio: st.PriceRatio[k], Power: st.Power[k], GPUIndex: st.GPUIndex[k],
							Utilization: st.Utilization[k], T: st.T, Difficulty: st.Difficulty(k), dlogP: w.dlogP}
						if got != w {
							t.Fatalf("lag %v, size %d, n %d: path %d step %d:\n got %+v\nwant %+v", lag, size, n, k, j, got, w)
						}
					}
				})
				if steps != sim.Steps() {
					t.Errorf("visit called %d times, want %d", steps, sim.Steps())
				}
			}
		}
	}
}

func TestBatchPanics(t *testing.T) {
	sim := mustSim(t, DefaultModel(), Reference(), year, week)
	b := sim.NewBatch(2)
	r := []*Stream{newRand(1), newRand(2), newRand(3)}
	visit := func(int, *BatchStep) {}
	for name, f := range map[string]func(){
		"size 0":         func() { sim.NewBatch(0) },
		"no paths":       func() { b.Run(nil, nil, visit) },
		"too many paths": func() { b.Run(r, []float64{1, 1, 1}, visit) },
		"signs mismatch": func() { b.Run(r[:2], []float64{1}, visit) },
		"nil rng":        func() { b.Run([]*Stream{r[0], nil}, []float64{1, 1}, visit) },
		"sign 0":         func() { b.Run(r[:2], []float64{1, 0}, visit) },
	} {
		if !panics(f) {
			t.Errorf("%s: no panic", name)
		}
	}
	if a := testing.AllocsPerRun(10, func() { b.Run(r[:2], []float64{1, -1}, visit) }); a != 0 {
		t.Errorf("Run allocates %v times", a)
	}
}
