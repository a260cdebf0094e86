package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

func randomFactors(rng *rand.Rand, scale float64) (*FactorBlock, *[FactorLanes]float64) {
	var b FactorBlock
	var lagged [FactorLanes]float64
	for i := range FactorLanes {
		b.Sign[i] = float64(1 - 2*(i%3%2))
		b.Z0[i], b.Z1[i], b.Z2[i], b.Z3[i] = rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()
		if rng.IntN(10) == 0 {
			b.Jump[i] = rng.NormFloat64() * 0.1
		}
		b.Fee[i] = rng.NormFloat64()
		b.UB[i] = rng.Uint32()
		b.LogP[i], b.LogH[i] = rng.NormFloat64()*scale, rng.NormFloat64()*scale
		b.X[i], b.LogG[i] = rng.NormFloat64()*scale, rng.NormFloat64()*scale
		lagged[i] = rng.NormFloat64() * 0.1
	}
	b.UB[0], b.UB[1], b.UB[2] = 0, math.MaxUint32, 1<<19
	return &b, &lagged
}

// The vector code gives stepFactors' results bit for bit, whatever the
// number of paths, the lag, the utilization and the states' size (near
// and beyond the bound some groups go back to stepFactors).
func TestStepFactorsVectorMatchesLoop(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 code in this build (purego tag, not amd64, or a processor without AVX2): StepFactors would compare its loop with itself")
	}
	rng := rand.New(rand.NewPCG(7, 8))
	L := [4][4]float64{{1}, {0.2, 0.98}, {-0.1, 0.3, 0.95}, {0.3, 0.1, -0.2, 0.93}}
	var table [UtilTableLen]float64
	for i := range table {
		table[i] = min(1, float64(i)/4096+rng.Float64()*1e-3)
	}
	st := FactorStep{PDrift: -0.002, PVol: 0.06, HDrift: 0.006, HVol: 0.02, WDecay: 0.8, WVol: 0.1, GDrift: -0.005, GVol: 0.04}
	for _, util := range []*[UtilTableLen]float64{&table, nil} {
		p := NewFactorParams(&L, st, 0.6, 0.5, 230, util, 0.85)
		for _, scale := range []float64{0.3, 100, 200, 1e3} {
			for _, lag := range []Lag{LagNone, LagSelf, LagEarlier} {
				for n := 0; n <= FactorLanes; n++ {
					b, lagged := randomFactors(rng, scale)
					want := *b
					StepFactors(b, p, n, lag, lagged)
					stepFactors(&want, p, 0, n, lag, lagged)
					if *b != want {
						t.Fatalf("util %v, scale %v, lag %v, n %d: vector and loop differ", util != nil, scale, lag, n)
					}
				}
			}
		}
	}
}

func TestStepFactorsPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for too many paths")
		}
	}()
	var b FactorBlock
	StepFactors(&b, NewFactorParams(&[4][4]float64{{1}, {0, 1}, {0, 0, 1}, {0, 0, 0, 1}}, FactorStep{}, 0, 0, 230, nil, 0), FactorLanes+1, LagNone, nil)
}

func BenchmarkStepFactors(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	L := [4][4]float64{{1}, {0, 1}, {0, 0, 1}, {0.3, 0, 0, 0.95}}
	var table [UtilTableLen]float64
	p := NewFactorParams(&L, FactorStep{PVol: 0.06, WDecay: 0.8, WVol: 0.1}, 0.6, 0.5, 230, &table, 0)
	blk, lagged := randomFactors(rng, 0.3)
	for b.Loop() {
		blk.LogP, blk.LogH, blk.X, blk.LogG = [FactorLanes]float64{}, [FactorLanes]float64{}, [FactorLanes]float64{}, [FactorLanes]float64{}
		StepFactors(blk, p, FactorLanes, LagEarlier, lagged)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/FactorLanes, "ns/path")
}
