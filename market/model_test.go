package market

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestDefaultModelValid(t *testing.T) {
	m := DefaultModel()
	if err := m.Validate(); err != nil {
		t.Fatalf("DefaultModel().Validate() = %v", err)
	}
	// Fresh copy per call: changing one does not change the next.
	m.GPU.ModelDrift["H200"] = 5
	if d := DefaultModel().GPU.ModelDrift["H200"]; d == 5 {
		t.Errorf("DefaultModel shares its ModelDrift map")
	}
	// Total annual variance of the default price, diffusion plus jumps,
	// must stay in the 40-55 % band of REFERENCE.md.
	p := DefaultModel().Price
	total := math.Sqrt(p.Vol*p.Vol + p.JumpRate*(p.JumpMean*p.JumpMean+p.JumpVol*p.JumpVol))
	if total < 0.40 || total > 0.55 {
		t.Errorf("total BTC volatility %.3f outside [0.40, 0.55]", total)
	}
}

func TestModelValidateErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name  string
		edit  func(*Model)
		field string
	}{
		{"zero model", func(m *Model) { *m = Model{} }, "GPU.UtilizationConcentration"},
		{"NaN drift", func(m *Model) { m.Price.Drift = nan }, "Price.Drift"},
		{"Inf vol", func(m *Model) { m.Price.Vol = inf }, "Price.Vol"},
		{"negative vol", func(m *Model) { m.Price.Vol = -0.1 }, "Price.Vol"},
		{"huge vol", func(m *Model) { m.Price.Vol = 11 }, "Price.Vol"},
		{"negative jump rate", func(m *Model) { m.Price.JumpRate = -1 }, "Price.JumpRate"},
		{"huge jump mean", func(m *Model) { m.Price.JumpMean = -2 }, "Price.JumpMean"},
		{"negative jump vol", func(m *Model) { m.Price.JumpVol = -0.1 }, "Price.JumpVol"},
		{"NaN growth", func(m *Model) { m.Hashrate.Growth = nan }, "Hashrate.Growth"},
		{"negative hashrate vol", func(m *Model) { m.Hashrate.Vol = -1 }, "Hashrate.Vol"},
		{"Inf elasticity", func(m *Model) { m.Hashrate.Elasticity = -inf }, "Hashrate.Elasticity"},
		{"negative lag", func(m *Model) { m.Hashrate.Lag = -time.Hour }, "Hashrate.Lag"},
		{"negative fee vol", func(m *Model) { m.Fees.Vol = -0.5 }, "Fees.Vol"},
		{"negative reversion", func(m *Model) { m.Power.Reversion = -1 }, "Power.Reversion"},
		{"NaN power vol", func(m *Model) { m.Power.Vol = nan }, "Power.Vol"},
		{"Inf GPU drift", func(m *Model) { m.GPU.Drift = inf }, "GPU.Drift"},
		{"negative GPU vol", func(m *Model) { m.GPU.Vol = -0.3 }, "GPU.Vol"},
		{"model drift keys differ by case", func(m *Model) { m.GPU.ModelDrift["h200"] = 0.1 }, `GPU.ModelDrift["h200"]`},
		{"NaN model drift", func(m *Model) { m.GPU.ModelDrift["B200"] = nan }, `GPU.ModelDrift["B200"]`},
		{"zero concentration", func(m *Model) { m.GPU.UtilizationConcentration = 0 }, "GPU.UtilizationConcentration"},
		{"negative concentration", func(m *Model) { m.GPU.UtilizationConcentration = -3 }, "GPU.UtilizationConcentration"},
		{"NaN concentration", func(m *Model) { m.GPU.UtilizationConcentration = nan }, "GPU.UtilizationConcentration"},
		{"diagonal", func(m *Model) { m.Corr[2][2] = 0.9 }, "Corr[2][2]"},
		{"asymmetric", func(m *Model) { m.Corr[0][1] = 0.2 }, "Corr[0][1]"},
		{"rho above 1", func(m *Model) { m.Corr[0][1], m.Corr[1][0] = 1.5, 1.5 }, "Corr[0][1]"},
		{"NaN rho", func(m *Model) { m.Corr[1][3], m.Corr[3][1] = nan, nan }, "Corr[1][3]"},
		{"perfect correlation", func(m *Model) { m.Corr[1][2], m.Corr[2][1] = 1, 1 }, "Corr"},
		{"not positive definite", func(m *Model) {
			// Pairwise valid, jointly impossible: corr(a,b) = corr(a,c) =
			// 0.9 and corr(b,c) = -0.9. The block times (1, -1, -1) is
			// -0.8 (1, -1, -1): a negative eigenvalue.
			m.Corr = [NumFactors][NumFactors]float64{
				{1, 0.9, 0.9, 0},
				{0.9, 1, -0.9, 0},
				{0.9, -0.9, 1, 0},
				{0, 0, 0, 1},
			}
		}, "Corr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := DefaultModel()
			tt.edit(&m)
			err := m.Validate()
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate() = %v, want ErrInvalid", err)
			}
			var ie *InvalidError
			if !errors.As(err, &ie) || ie.Field != tt.field {
				t.Errorf("Validate() = %v, want field %s", err, tt.field)
			}
		})
	}
}

func TestModelValidateAccepts(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Model)
	}{
		{"all zero vols", func(m *Model) {
			m.Price, m.Hashrate, m.Fees, m.Power = PriceModel{}, HashrateModel{}, FeeModel{}, PowerModel{}
			m.GPU.Vol, m.GPU.Drift = 0, 0
		}},
		{"identity corr", func(m *Model) {
			m.Corr = [NumFactors][NumFactors]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}
		}},
		{"strong but PD corr", func(m *Model) {
			for i := range m.Corr {
				for j := range m.Corr[i] {
					if i != j {
						m.Corr[i][j] = -0.3
					}
				}
			}
		}},
		{"bounds", func(m *Model) {
			m.Price = PriceModel{Drift: -10, Vol: 10, JumpRate: 1000, JumpMean: 1, JumpVol: 1}
			m.Power.Reversion = 1e4
			m.GPU.UtilizationConcentration = 1e6
		}},
		{"nil model drift", func(m *Model) { m.GPU.ModelDrift = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := DefaultModel()
			tt.edit(&m)
			if err := m.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

// The Cholesky factor reproduces the correlation matrix and is lower
// triangular.
func TestCholesky(t *testing.T) {
	m := DefaultModel()
	m.Corr = [NumFactors][NumFactors]float64{
		{1, 0.2, -0.1, 0.3},
		{0.2, 1, 0.4, 0},
		{-0.1, 0.4, 1, -0.25},
		{0.3, 0, -0.25, 1},
	}
	l, err := m.cholesky()
	if err != nil {
		t.Fatal(err)
	}
	for i := range l {
		for j := range l {
			if j > i && l[i][j] != 0 {
				t.Errorf("L[%d][%d] = %v, want 0", i, j, l[i][j])
			}
			var s float64
			for k := range l {
				s += l[i][k] * l[j][k]
			}
			if math.Abs(s-m.Corr[i][j]) > 1e-14 {
				t.Errorf("(L Lᵀ)[%d][%d] = %v, want %v", i, j, s, m.Corr[i][j])
			}
		}
	}
}

func TestPowerModelMoments(t *testing.T) {
	p := PowerModel{Reversion: 12, Vol: 0.8}
	// Stationary variance σ²/(2k) = 0.64/24.
	if got, want := p.StationaryVariance(), 0.64/24; math.Abs(got-want) > 1e-16 {
		t.Errorf("StationaryVariance = %v, want %v", got, want)
	}
	// Variance(t) = σ²(1-e^{-2kt})/(2k); at t = 1/12 year, 1 - e^{-2} of the
	// stationary value.
	if got, want := p.Variance(1.0/12), 0.64/24*(1-math.Exp(-2)); math.Abs(got-want) > 1e-15 {
		t.Errorf("Variance(1/12) = %v, want %v", got, want)
	}
	if got, want := p.Mean(100), math.Exp(0.64/48); math.Abs(got-want) > 1e-15 {
		t.Errorf("Mean(100) = %v, want %v", got, want)
	}
	if p.Mean(0) != 1 || !math.IsNaN(p.Variance(-1)) {
		t.Errorf("Mean(0) = %v, Variance(-1) = %v", p.Mean(0), p.Variance(-1))
	}
	// k = 0: Brownian motion.
	bm := PowerModel{Vol: 0.5}
	if got := bm.Variance(2); math.Abs(got-0.5) > 1e-16 {
		t.Errorf("k=0 Variance(2) = %v, want 0.5", got)
	}
	if !math.IsInf(bm.StationaryVariance(), 1) || (PowerModel{}).StationaryVariance() != 0 {
		t.Errorf("k=0 StationaryVariance = %v", bm.StationaryVariance())
	}
	// Tiny k agrees with k = 0 to first order (no cancellation in ouFactor).
	if got := (PowerModel{Reversion: 1e-12, Vol: 0.5}).Variance(2); math.Abs(got-0.5) > 1e-11 {
		t.Errorf("k=1e-12 Variance(2) = %v, want 0.5", got)
	}
}

func FuzzModelValidate(f *testing.F) {
	d := DefaultModel()
	f.Add(d.Price.Drift, d.Price.Vol, d.Price.JumpRate, d.Price.JumpMean, d.Price.JumpVol,
		d.Hashrate.Growth, d.Hashrate.Vol, d.Hashrate.Elasticity, int64(d.Hashrate.Lag),
		d.Fees.Vol, d.Power.Reversion, d.Power.Vol, d.GPU.Drift, d.GPU.Vol,
		d.GPU.ModelDrift["H200"], d.GPU.UtilizationConcentration, d.Corr[0][3], 0.0)
	f.Add(10.0, 10.0, 1000.0, 1.0, 1.0, 10.0, 10.0, 10.0, int64(0),
		10.0, 0.0, 10.0, 10.0, 10.0, 10.0, 1e-3, 0.999, -0.999)
	f.Add(-10.0, 0.0, 0.0, -1.0, 0.0, -10.0, 0.0, -10.0, int64(time.Hour*24*365*5),
		0.0, 1e4, 0.0, -10.0, 0.0, -10.0, 1e6, -0.5, 0.5)
	f.Add(math.NaN(), math.Inf(1), -1.0, 2.0, -3.0, 1e300, -1e-300, 0.0, int64(-1),
		math.Copysign(0, -1), -1.0, 1e-310, 0.0, 0.0, math.NaN(), 0.0, 1.0, 2.0)
	snap := rateSnapshot() // quotes the H200
	f.Fuzz(func(t *testing.T, pDrift, pVol, jRate, jMean, jVol, hGrowth, hVol, hElast float64, lag int64,
		fVol, wRev, wVol, gDrift, gVol, h200, conc, rhoPG, rhoHW float64) {
		m := DefaultModel()
		m.Price = PriceModel{Drift: pDrift, Vol: pVol, JumpRate: jRate, JumpMean: jMean, JumpVol: jVol}
		m.Hashrate = HashrateModel{Growth: hGrowth, Vol: hVol, Elasticity: hElast, Lag: time.Duration(lag)}
		m.Fees.Vol = fVol
		m.Power = PowerModel{Reversion: wRev, Vol: wVol}
		m.GPU.Drift, m.GPU.Vol, m.GPU.UtilizationConcentration = gDrift, gVol, conc
		m.GPU.ModelDrift = map[string]float64{"H200": h200}
		m.Corr[FactorPrice][FactorGPU], m.Corr[FactorGPU][FactorPrice] = rhoPG, rhoPG
		m.Corr[FactorHashrate][FactorPower], m.Corr[FactorPower][FactorHashrate] = rhoHW, rhoHW
		if err := m.Validate(); err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate error %v does not match ErrInvalid", err)
			}
			return
		}
		sim, err := m.NewSimulator(snap, 52*7*24*time.Hour, 7*24*time.Hour)
		if err != nil {
			t.Fatalf("NewSimulator of a valid model: %v", err)
		}
		rng := newRand(uint64(lag))
		path := sim.Path(rng, 1, nil)
		for j, st := range path {
			checkStep(t, j, st)
		}
		base, drift, err := sim.GPURateFactor("H200")
		if err != nil || !(base > 0) || drift != h200 {
			t.Fatalf("GPURateFactor(H200) = %v, %v, %v", base, drift, err)
		}
	})
}

// checkStep fails unless every field of st is finite and in its range.
func checkStep(t *testing.T, j int, st Step) {
	t.Helper()
	vals := []float64{st.Days, st.BTCPerTH, st.Blocks, st.RewardBTC, st.Price, st.PriceRatio,
		st.Power, st.GPUIndex, st.Utilization, st.T}
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			t.Fatalf("step %d: field %d = %v, want finite and >= 0; %+v", j, i, v, st)
		}
	}
	if st.Utilization > 1 || st.Days <= 0 || st.T <= 0 || st.Price <= 0 || st.Power <= 0 || st.GPUIndex <= 0 {
		t.Fatalf("step %d out of range: %+v", j, st)
	}
}
