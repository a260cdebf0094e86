package market_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

func TestDeterministic(t *testing.T) {
	const day = 24 * time.Hour
	m := market.DefaultModel()
	m.Price.Drift = 0.2
	d := m.Deterministic()
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	// A copy: m keeps its noise and its own map.
	if m.Price.Vol == 0 || m.GPU.UtilizationConcentration != 40 {
		t.Errorf("Deterministic changed its receiver: %+v", m)
	}
	d.GPU.ModelDrift["H200"] = 1
	if m.GPU.ModelDrift["H200"] == 1 {
		t.Error("Deterministic shares ModelDrift with its receiver")
	}
	d = m.Deterministic()

	s := market.Reference()
	sim, err := d.NewSimulator(s, 2*365*day, 7*day)
	if err != nil {
		t.Fatal(err)
	}
	first := sim.Path(market.NewStream(1, 2), 1, nil)
	for i, seed := range []uint64{1, 2, 99} {
		for _, sign := range []float64{1, -1} {
			p := sim.Path(market.NewStream(seed, uint64(i)), sign, nil)
			for j := range p {
				if p[j] != first[j] {
					t.Fatalf("seed %d, sign %v, step %d: %+v, want %+v", seed, sign, j, p[j], first[j])
				}
			}
		}
	}
	for j, st := range first {
		// Exact formulas, to rounding: the price at the drift, the power
		// multiplier 1, the GPU index at its drift, the snapshot's
		// utilization.
		if want := math.Exp(m.Price.Drift * st.T); math.Abs(st.PriceRatio-want) > 1e-12*want {
			t.Errorf("step %d: price ratio %v, want %v", j, st.PriceRatio, want)
		}
		if st.Power != 1 {
			t.Errorf("step %d: power multiplier %v, want 1", j, st.Power)
		}
		if want := math.Exp(m.GPU.Drift * st.T); math.Abs(st.GPUIndex-want) > 1e-12*want {
			t.Errorf("step %d: GPU index %v, want %v", j, st.GPUIndex, want)
		}
		if st.Utilization != s.Utilization {
			t.Errorf("step %d: utilization %v, want %v", j, st.Utilization, s.Utilization)
		}
	}
}

func TestValidateInfiniteConcentration(t *testing.T) {
	m := market.DefaultModel()
	m.GPU.UtilizationConcentration = math.Inf(1)
	if err := m.Validate(); err != nil {
		t.Errorf("+Inf concentration: %v", err)
	}
	m.GPU.UtilizationConcentration = math.Inf(-1)
	if err := m.Validate(); err == nil {
		t.Error("-Inf concentration accepted")
	}
	m.GPU.UtilizationConcentration = 2e6
	if err := m.Validate(); err == nil {
		t.Error("concentration 2e6 accepted")
	}
}

// The default model with its noise off: every seed draws the one path at
// the drifts, here a price that grows 10 % a year.
func ExampleModel_Deterministic() {
	const day = 24 * time.Hour
	m := market.DefaultModel()
	m.Price.Drift = math.Log(1.1)
	sim, err := m.Deterministic().NewSimulator(market.Reference(), 365*day, 73*day)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := sim.Path(market.NewStream(1, 2), 1, nil)
	b := sim.Path(market.NewStream(3, 4), 1, nil)
	for i := range a {
		fmt.Printf("day %3.0f: price x%.4f, GPU index %.4f, utilization %.2f, same path: %v\n",
			a[i].T*market.DaysPerYear, a[i].PriceRatio, a[i].GPUIndex, a[i].Utilization, a[i] == b[i])
	}
	// Output:
	// day  73: price x1.0192, GPU index 0.9515, utilization 0.85, same path: true
	// day 146: price x1.0389, GPU index 0.9054, utilization 0.85, same path: true
	// day 219: price x1.0589, GPU index 0.8615, utilization 0.85, same path: true
	// day 292: price x1.0792, GPU index 0.8197, utilization 0.85, same path: true
	// day 365: price x1.1000, GPU index 0.7800, utilization 0.85, same path: true
}
