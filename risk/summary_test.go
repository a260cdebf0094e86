package risk

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

func stSummarize(x []float64) Summary {
	var s Summary
	for _, v := range x {
		s.Add(v)
	}
	return s
}

func TestSummaryGolden(t *testing.T) {
	// Same golden values as TestMomentsGolden (numpy 1.24.2, scipy 1.10.1
	// on stProfits); StdErr = P.std(ddof=1)/sqrt(13) = 1.1341522689491628
	// (numpy). Min and max by inspection.
	s := stSummarize(stProfits)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"N", float64(s.N()), 13},
		{"Mean", s.Mean(), 0.37692307692307697},
		{"Variance", s.Variance(), 16.721923076923076},
		{"StdDev", s.StdDev(), 4.089244805208301},
		{"StdErr", s.StdErr(), 4.089244805208301 / math.Sqrt(13)},
		{"Skewness", s.Skewness(), -0.4907356751052791},
		{"ExcessKurtosis", s.ExcessKurtosis(), -0.4111145762738433},
		{"Min", s.Min(), -8.1},
		{"Max", s.Max(), 6.3},
	}
	for _, tc := range tests {
		if !stClose(tc.got, tc.want, 1e-13) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestSummaryEmptyAndSingle(t *testing.T) {
	var z Summary
	if z.N() != 0 {
		t.Errorf("zero N = %d", z.N())
	}
	for name, v := range map[string]float64{
		"Mean": z.Mean(), "Variance": z.Variance(), "StdDev": z.StdDev(), "StdErr": z.StdErr(),
		"Min": z.Min(), "Max": z.Max(), "Skewness": z.Skewness(), "ExcessKurtosis": z.ExcessKurtosis(),
	} {
		if !math.IsNaN(v) {
			t.Errorf("empty %s = %v, want NaN", name, v)
		}
	}
	var one Summary
	one.Add(-2)
	if one.Mean() != -2 || one.Min() != -2 || one.Max() != -2 || !math.IsNaN(one.Variance()) || !math.IsNaN(one.Skewness()) {
		t.Errorf("single: %v", one)
	}
	// Merging empties is a no-op both ways.
	a := stSummarize(stProfits)
	b := a
	b.Merge(Summary{})
	if b != a {
		t.Error("merging an empty summary changed it")
	}
	var c Summary
	c.Merge(a)
	if c != a {
		t.Error("merging into an empty summary did not copy")
	}
}

func TestSummaryMergeMatchesOnePass(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for trial := range 200 {
		n := 2 + rng.IntN(3000)
		x := stRandom(rng, n)
		// Shift and scale some trials, as dollar profits would be.
		if trial%2 == 1 {
			for i := range x {
				x[i] = 1e4 + 250*x[i]
			}
		}
		whole := stSummarize(x)
		// Split into a random number of random-length chunks.
		var merged Summary
		for lo := 0; lo < n; {
			hi := min(n, lo+1+rng.IntN(n/3+1))
			merged.Merge(stSummarize(x[lo:hi]))
			lo = hi
		}
		if merged.N() != n || merged.Min() != whole.Min() || merged.Max() != whole.Max() {
			t.Fatalf("trial %d: count/min/max mismatch", trial)
		}
		for _, c := range []struct {
			name string
			a, b float64
		}{
			{"Mean", merged.Mean(), whole.Mean()},
			{"Variance", merged.Variance(), whole.Variance()},
			{"Skewness", merged.Skewness(), whole.Skewness()},
			{"ExcessKurtosis", merged.ExcessKurtosis(), whole.ExcessKurtosis()},
		} {
			if !stClose(c.a, c.b, 1e-12) {
				t.Fatalf("trial %d n=%d: merged %s %v, one pass %v", trial, n, c.name, c.a, c.b)
			}
		}
		// And both agree with the two-pass slice functions.
		if !stClose(whole.Variance(), Variance(x), 1e-12) || !stClose(whole.Skewness(), Skewness(x), 1e-10) ||
			!stClose(whole.ExcessKurtosis(), ExcessKurtosis(x), 1e-10) {
			t.Fatalf("trial %d: Summary disagrees with slice moments", trial)
		}
	}
}

func TestSummaryMergeReproducible(t *testing.T) {
	// Chunks summarized on goroutines that finish in any order, then merged
	// in chunk order, give the same bits as summarizing the chunks in turn.
	rng := rand.New(rand.NewPCG(13, 14))
	x := stRandom(rng, 100_000)
	const chunk = 1000
	sequential := func() Summary {
		var total Summary
		for lo := 0; lo < len(x); lo += chunk {
			total.Merge(stSummarize(x[lo : lo+chunk]))
		}
		return total
	}()
	for trial := range 5 {
		parts := make([]Summary, len(x)/chunk)
		var wg sync.WaitGroup
		work := make(chan int)
		for range 1 + trial {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					parts[i] = stSummarize(x[i*chunk : (i+1)*chunk])
				}
			}()
		}
		for _, i := range rng.Perm(len(parts)) {
			work <- i
		}
		close(work)
		wg.Wait()
		var total Summary
		for _, p := range parts {
			// Ship each part through its binary encoding, as a batch
			// engine would.
			b, err := p.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var q Summary
			if err := q.UnmarshalBinary(b); err != nil {
				t.Fatal(err)
			}
			total.Merge(q)
		}
		if total != sequential {
			t.Fatalf("trial %d: %+v != %+v", trial, total, sequential)
		}
	}
}

func TestSummaryBinary(t *testing.T) {
	s := stSummarize(stProfits)
	b, err := s.MarshalBinary()
	if err != nil || len(b) != 57 {
		t.Fatalf("MarshalBinary: %d bytes, %v", len(b), err)
	}
	var r Summary
	if err := r.UnmarshalBinary(b); err != nil || r != s {
		t.Fatalf("round trip: %v, %v", r, err)
	}
	var z Summary
	bz, _ := z.MarshalBinary()
	if err := r.UnmarshalBinary(bz); err != nil || r != z {
		t.Fatalf("empty round trip: %v, %v", r, err)
	}

	bad := map[string][]byte{
		"short":   b[:56],
		"version": append([]byte{2}, b[1:]...),
	}
	neg := append([]byte(nil), b...)
	neg[8] = 0x80 // count's top byte: negative int64
	bad["negative count"] = neg
	nan := append([]byte(nil), b...)
	for i := 9; i < 17; i++ {
		nan[i] = 0xff // mean: a NaN
	}
	bad["NaN mean"] = nan
	swapped := stSummarize(stProfits)
	swapped.min, swapped.max = swapped.max, swapped.min
	bad["min>max"], _ = swapped.MarshalBinary()
	emptyish := Summary{mean: 1}
	bad["empty with values"], _ = emptyish.MarshalBinary()
	for name, data := range bad {
		r := s
		err := r.UnmarshalBinary(data)
		if !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: err = %v, want ErrEncoding", name, err)
		}
		if r != s {
			t.Errorf("%s: summary changed on error", name)
		}
	}
}

func TestSummaryAddPanics(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		var s Summary
		if msg := stPanics(func() { s.Add(v) }); !strings.HasPrefix(msg, "risk: ") {
			t.Errorf("Add(%v): panic %q", v, msg)
		}
	}
}

func TestSummaryString(t *testing.T) {
	var s Summary
	s.Add(1)
	s.Add(3)
	// By hand: mean 2, sd sqrt(2).
	if got, want := s.String(), "n=2 mean=2 sd=1.41421 min=1 max=3"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
