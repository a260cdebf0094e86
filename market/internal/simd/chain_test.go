package simd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// mainnetStep returns the constants of a step of sec seconds on Bitcoin's
// main network (as package market computes them: 10-minute blocks, 2016
// per period, 2015 of them measured, a clamp at a factor 4) at difficulty
// 149.3e12, fees of 0.02 BTC a block and a price of 91,226 USD.
func mainnetStep(sec float64) ChainStep {
	const expected = 2016 * 600
	return ChainStep{Seconds: sec, PerTH: 1e12 / (149.3e12 * (1 << 32)), InvBlockSec: 1.0 / 600,
		Retarget: 2016, Measured: 2015.0 / 2016, MinActual: expected / 4, MaxActual: 4 * expected,
		InvExpected: 1.0 / expected, Fees0: 0.02, Price0: 91226}
}

// randomChain returns paths in every situation: no event, a retarget (at
// any point of the step, clamped or not), a halving, two retargets, a
// period a hair past its end.
func randomChain(rng *rand.Rand) (*ChainBlock, *[5 * FactorLanes]float64) {
	var c ChainBlock
	var ex [5 * FactorLanes]float64
	for i := range FactorLanes {
		c.InvD[i] = math.Exp(rng.NormFloat64() * 0.3)
		c.InEpoch[i] = rng.Float64() * 2016
		c.Elapsed[i] = c.InEpoch[i] * 600 * math.Exp(rng.NormFloat64()*0.5)
		c.Height[i] = 1_049_000 + rng.Float64()*900
		c.NextHalv[i] = math.Inf(1)
		c.Subsidy[i] = 3.125
		c.BTC[i], c.Blocks[i], c.Reward[i], c.Price[i] = -1, -2, -3, -4
		switch rng.IntN(8) {
		case 0:
			c.NextHalv[i] = 1_050_000
		case 1:
			ex[ArgHashrate*FactorLanes+i] = 5 // two retargets
		case 2:
			c.InEpoch[i] = 2016 + 1e-9 // past the end
		}
		if ex[ArgHashrate*FactorLanes+i] == 0 {
			ex[ArgHashrate*FactorLanes+i] = math.Exp(rng.NormFloat64() * 0.3)
		}
		ex[ArgFees*FactorLanes+i] = math.Exp(rng.NormFloat64() * 0.5)
		ex[ArgPrice*FactorLanes+i] = math.Exp(rng.NormFloat64() * 0.2)
	}
	return &c, &ex
}

// The vector code gives stepChain's results bit for bit and leaves the
// same paths.
func TestStepChainVectorMatchesLoop(t *testing.T) {
	if !useAVX2 {
		t.Skip("no AVX2 code in this build (purego tag, not amd64, or a processor without AVX2): StepChain would compare its loop with itself")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for _, sec := range []float64{7 * 86400, 86400, 30 * 86400} {
		p := NewChainParams(mainnetStep(sec))
		kinds := map[string]int{}
		for range 200 {
			for n := 0; n <= FactorLanes; n++ {
				c, ex := randomChain(rng)
				want := *c
				left := StepChain(c, ex, p, n)
				wantLeft := stepChain(&want, ex, p, 0, n)
				if *c != want || left != wantLeft {
					t.Fatalf("sec %v, n %d: vector and loop differ (left %x, %x)", sec, n, left, wantLeft)
				}
				for i := range n {
					switch {
					case left&(1<<i) != 0:
						kinds["left"]++
					case c.InvD[i] != want.InvD[i] || c.Elapsed[i] < sec:
						kinds["retarget"]++
					default:
						kinds["plain"]++
					}
				}
			}
		}
		if kinds["left"] == 0 || kinds["retarget"] == 0 || kinds["plain"] == 0 {
			t.Errorf("sec %v: paths of each kind %v", sec, kinds)
		}
	}
}

func BenchmarkStepChain(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	p := NewChainParams(mainnetStep(7 * 86400))
	c, ex := randomChain(rng)
	for i := range FactorLanes {
		c.NextHalv[i] = math.Inf(1)
		ex[ArgHashrate*FactorLanes+i] = 1
	}
	orig := *c
	for b.Loop() {
		*c = orig
		StepChain(c, ex, p, FactorLanes)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/FactorLanes, "ns/path")
}
