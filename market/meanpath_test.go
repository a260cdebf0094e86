package market

import (
	"math"
	"testing"
	"time"
)

// With no randomness a simulated path is the mean path: each step's blocks,
// BTC per TH/s and mean reward are the sums over the mean path's segments,
// across retargets (clamped or not) and a halving. The two differ only in
// the exponential of the log hashrate (the simulator's is within 2 ulp)
// and in the simulator's vector kernel, which computes a step with one
// retarget in another order: 1e-9 relative is far above both.
func TestMeanPathMatchesQuietSimulator(t *testing.T) {
	steady := quietModel()
	steady.Price.Drift = 0.2
	steady.Hashrate = HashrateModel{Growth: 1, Elasticity: 0.5, Lag: 2 * week}
	wild := quietModel() // the hashrate outruns the difficulty: clamped retargets
	wild.Price.Drift = 10
	wild.Hashrate = HashrateModel{Growth: 10, Elasticity: 10}
	halving := Reference()
	halving.Bitcoin.Height = 1_047_000 // 3,000 blocks before a halving, 1,320 before a retarget
	for _, c := range []struct {
		name          string
		m             Model
		s             Snapshot
		horizon, step time.Duration
		clamped       bool
	}{
		{"steady, halving", steady, halving, year, 5 * day, false},
		{"steady, short last step", steady, Reference(), 100*day + 7*time.Hour, 3 * day, false},
		{"wild", wild, Reference(), year, 30 * day, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sim := mustSim(t, c.m, c.s, c.horizon, c.step)
			mp, err := c.m.MeanPath(c.s, c.horizon, c.step)
			if err != nil {
				t.Fatal(err)
			}
			g := mp.Grid()
			if g.Steps != sim.Steps() || g != sim.grid {
				t.Fatalf("grid %+v, simulator's %+v", g, sim.grid)
			}
			fees := float64(c.s.Bitcoin.FeesPerBlock) / SatsPerBTC
			perTH := 1e12 / (c.s.Bitcoin.Difficulty * (1 << 32))
			path := sim.Path(newRand(1), 1, nil)
			near := func(what string, j int, got, want float64) {
				t.Helper()
				if math.Abs(got-want) > 1e-9*math.Abs(want) {
					t.Fatalf("step %d: %s %v, mean path %v", j, what, got, want)
				}
			}
			for j, st := range path {
				rate := math.Exp(mp.LogHashrate(j)) / Mainnet.BlockInterval.Seconds()
				var btc, blocks, reward float64
				for _, sg := range mp.Segments(j) {
					nb := rate * sg.InvD * sg.Seconds
					btc += perTH * sg.InvD * sg.Seconds * (sg.Subsidy + fees)
					blocks += nb
					reward += nb * (sg.Subsidy + fees)
				}
				near("BTCPerTH", j, st.BTCPerTH, btc)
				near("Blocks", j, st.Blocks, blocks)
				near("RewardBTC", j, st.RewardBTC, reward/blocks)
			}
			rets := mp.Retargets()
			clamped := 0
			for i, r := range rets {
				if r.Clamped {
					clamped++
				}
				if i > 0 && !(r.At > rets[i-1].At && r.Step >= rets[i-1].Step) || r.Before <= 0 || r.After <= 0 {
					t.Errorf("retarget %d: %+v after %+v", i, r, rets[max(i-1, 0)])
				}
				// The first period ran at the snapshot's hashrate for its first
				// Elapsed seconds; every retarget moves D by at most 4.
				if f := r.Before / r.After; f > 4*(1+1e-15) || f < 0.25*(1-1e-15) || r.Clamped != (math.Abs(math.Log(f)) > math.Log(4)*(1-1e-12)) {
					t.Errorf("retarget %d moves D by %v (clamped %v)", i, f, r.Clamped)
				}
			}
			if len(rets) == 0 || (clamped > 0) != c.clamped {
				t.Errorf("%d retargets, %d clamped", len(rets), clamped)
			}
			if want := float64(c.s.Bitcoin.Height%2016) * 600; mp.Elapsed() != want {
				t.Errorf("Elapsed = %v, want %v", mp.Elapsed(), want)
			}
		})
	}
}

// The mean log price and the mean path's log hashrate follow their closed
// forms: E[log S_t] = (μ - λκ - σ²/2 + λm) t (Merton 1976), and log H
// gains Growth dt plus Elasticity times the mean log price change of the
// step Lag before.
func TestMeanPathLogHashrate(t *testing.T) {
	m := DefaultModel()
	m.Hashrate.Lag = 3 * week
	mp, err := m.MeanPath(Reference(), 20*week, week)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Price
	kappa := math.Exp(p.JumpMean+p.JumpVol*p.JumpVol/2) - 1
	perYear := p.Drift - p.JumpRate*kappa - p.Vol*p.Vol/2 + p.JumpRate*p.JumpMean
	if got, want := p.MeanLog(0.5), perYear*0.5; math.Abs(got-want) > 1e-15 {
		t.Errorf("MeanLog(0.5) = %v, want %v", got, want)
	}
	if !math.IsNaN(p.MeanLog(-1)) {
		t.Errorf("MeanLog(-1) = %v, want NaN", p.MeanLog(-1))
	}
	dt := 7.0 / 365
	for j := range mp.Grid().Steps {
		want := m.Hashrate.Growth * dt * float64(j+1)
		if lagged := j - 3 + 1; lagged > 0 {
			want += m.Hashrate.Elasticity * perYear * dt * float64(lagged)
		}
		if got := mp.LogHashrate(j); math.Abs(got-want) > 1e-12 {
			t.Errorf("step %d: mean log hashrate %v, want %v", j, got, want)
		}
	}
}
