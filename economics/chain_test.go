package economics_test

import (
	"math"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// A snapshot on a chain other than Mainnet gives a statement (Evaluate), a
// simulation (Analyze) and the curtailment closed form (ValueCurtailment)
// the same reward basis: all three take the protocol from the snapshot's
// Bitcoin.Params, none from Mainnet.
//
// The chain halves every 420,000 blocks, so the Reference height 925,344
// is in epoch 2 and pays 12.5 BTC a block, four times Mainnet's 3.125. Over
// a week of the quiet model (no randomness; the snapshot sits at a retarget,
// so none falls inside the week) the three differ only by FPPS share noise,
// below 1e-4 of the reward for a thousand machines.
func TestNonMainnetChainSameRewardBasis(t *testing.T) {
	const week = 7 * day
	site := economics.Site{Capacity: 100 * hardware.Megawatt, PUE: 1.1, PoolFee: 0.02, Uptime: 0.97}
	a := economics.Allocation{Lines: []economics.Line{{Model: model(t, "Antminer S21"), Workload: hardware.BitcoinMining, Units: 1000}}}
	mainnet := testSnapshot()
	s := testSnapshot()
	s.Bitcoin.Chain = market.Mainnet
	s.Bitcoin.Chain.HalvingInterval = 420_000
	if got := s.Bitcoin.RewardPerBlock() - s.Bitcoin.FeesPerBlock; got != 1_250_000_000 {
		t.Fatalf("subsidy at %d on the test chain = %d sats, want 1,250,000,000", s.Bitcoin.Height, got)
	}
	set := &economics.Settings{Horizon: week, Step: day, Paths: 4}

	st, err := economics.Evaluate(site, a, s, week)
	if err != nil {
		t.Fatal(err)
	}
	r, err := economics.Analyze(site, a, quietModel(), s, set)
	if err != nil {
		t.Fatal(err)
	}
	v, err := economics.ValueCurtailment(site, a, quietModel(), s, set)
	if err != nil {
		t.Fatal(err)
	}
	mined := float64(st.Total.Mined)
	if got := float64(r.MeanMined); math.Abs(got-mined) > 1e-4*mined {
		t.Errorf("Analyze mined %.0f sats, Evaluate %.0f", got, mined)
	}
	revenue, _ := st.Total.Revenue.Float64()
	if math.Abs(v.MiningRevenue-revenue) > 1e-4*revenue {
		t.Errorf("ValueCurtailment's mining revenue %.2f USD, Evaluate %.2f", v.MiningRevenue, revenue)
	}

	// And the chain is the one that counts: Mainnet's statement mines
	// (3.125 + fees) / (12.5 + fees) as much.
	ms, err := economics.Evaluate(site, a, mainnet, week)
	if err != nil {
		t.Fatal(err)
	}
	fees := float64(s.Bitcoin.FeesPerBlock)
	want := mined * (312_500_000 + fees) / (1_250_000_000 + fees)
	if got := float64(ms.Total.Mined); math.Abs(got-want) > 1e-6*want {
		t.Errorf("Mainnet statement mined %.0f sats, want %.0f", got, want)
	}
}
