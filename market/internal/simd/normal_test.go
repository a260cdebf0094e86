package simd

import (
	"math/rand/v2"
	"testing"
)

// randomStreams returns states for FactorLanes paths, each seeded from rng.
func randomStreams(rng *rand.Rand) *Streams {
	var st Streams
	for i := range FactorLanes {
		s := [4]uint64{rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64() | 1}
		st.Load(i, &s)
	}
	return &st
}

// Normals and Uint64s draw, for each path, what Normal and Next draw from
// its state, and leave each state where they leave it: whatever the
// number of paths, over enough draws (2,000 per path) that the wedges and
// the tail come up.
func TestNormalsMatchNormal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= FactorLanes; n++ {
		st := randomStreams(rng)
		want := *st
		var z [FactorLanes]float64
		var w [FactorLanes]uint64
		for range 1000 {
			Normals(&z, st, n)
			Uint64s(&w, st, n)
			for i := range n {
				var s [4]uint64
				want.Store(i, &s)
				if got, exp := z[i], Normal(&s); got != exp {
					t.Fatalf("n %d, path %d: Normals %v, Normal %v", n, i, got, exp)
				}
				if got, exp := w[i], Next(&s); got != exp {
					t.Fatalf("n %d, path %d: Uint64s %#x, Next %#x", n, i, got, exp)
				}
				want.Load(i, &s)
			}
			if *st != want {
				t.Fatalf("n %d: states differ", n)
			}
		}
	}
}

// NormalSlow, given Normal's first draw w and the state after it, returns
// Normal's value whatever w is (fast or not).
func TestNormalSlowFinishesNormal(t *testing.T) {
	s := [4]uint64{1, 2, 3, 4}
	slow := 0
	for range 100_000 {
		a := s
		want := Normal(&s)
		w := Next(&a)
		if w>>12 >= zigK[w&255] {
			slow++
		}
		if got := NormalSlow(&a, w); got != want || a != s {
			t.Fatalf("NormalSlow %v, Normal %v", got, want)
		}
	}
	// 1.49 % of draws miss the fast test (1 - Σ zigK[i]/2^52 / 256): about
	// 1,490 here, with a standard deviation of 38.
	if slow < 1300 || slow > 1700 {
		t.Errorf("%d of 100,000 draws took the slow path, want about 1,490", slow)
	}
}

func TestNormalsPanics(t *testing.T) {
	var z [FactorLanes]float64
	var w [FactorLanes]uint64
	var st Streams
	for name, f := range map[string]func(){
		"Normals": func() { Normals(&z, &st, FactorLanes+1) },
		"Uint64s": func() { Uint64s(&w, &st, FactorLanes+1) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// BenchmarkNormals draws the normals of 32 paths: ns/normal is per draw.
func BenchmarkNormals(b *testing.B) {
	st := randomStreams(rand.New(rand.NewPCG(1, 2)))
	var z [FactorLanes]float64
	for b.Loop() {
		Normals(&z, st, FactorLanes)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/FactorLanes, "ns/normal")
}
