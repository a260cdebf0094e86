package market

import (
	"errors"
	"math"
	"testing"
	"time"
)

// simulateFees draws daily fees of m from the reference snapshot with the
// library's Simulator in daily steps, and keeps four windows of 100 days
// separated by gaps of 50 (the shipped data has four windows too). A
// step's fees per block are RewardBTC less the subsidy (no halving falls
// in the 550 days: the reference height 925,344 is 124,656 blocks before
// the halving at 1,050,000, about 866 days), its fees Blocks times that.
func simulateFees(t testing.TB, m Model, seed uint64) []DailyFees {
	t.Helper()
	s := Reference()
	subsidy := float64(s.Bitcoin.Params().Subsidy(s.Bitcoin.Height)) / SatsPerBTC
	sim := mustSim(t, m, s, 550*day, day)
	path := sim.Path(newRand(seed), 1, nil)
	var out []DailyFees
	for j, st := range path {
		if j%150 >= 100 {
			continue // a gap
		}
		out = append(out, DailyFees{
			Date:    simHistoryBase.Add(time.Duration(j) * day),
			Fees:    (st.RewardBTC - subsidy) * st.Blocks,
			Subsidy: subsidy * st.Blocks,
		})
	}
	return out
}

// expectedShare returns E[F/(F+S)] for F = F0 exp(v Z - v²/2), the share
// FeeModel implies, by the trapezoid rule over z in [-10, 10] with 20,001
// points (the integrand is smooth and the tails beyond 10 weigh < 1e-22).
func expectedShare(f0, sub, v float64) float64 {
	const n = 20000
	h := 20.0 / n
	var sum float64
	for i := 0; i <= n; i++ {
		z := -10 + float64(i)*h
		f := f0 * math.Exp(v*z-v*v/2)
		w := math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
		if i == 0 || i == n {
			w /= 2
		}
		sum += w * f / (f + sub)
	}
	return sum * h
}

// The fit recovers FeeModel.Vol and the share the model implies within 3
// standard errors in each of 10 seeds (about 400 days, 396 changes each).
func TestFitFeeShareRecovery(t *testing.T) {
	m := DefaultModel()
	m.Fees.Vol = 0.5
	s := Reference()
	subsidy := float64(s.Bitcoin.Params().Subsidy(s.Bitcoin.Height)) / SatsPerBTC
	wantShare := expectedShare(float64(s.Bitcoin.FeesPerBlock)/SatsPerBTC, subsidy, m.Fees.Vol)
	var zs, zv float64
	const seeds = 10
	for seed := uint64(1); seed <= seeds; seed++ {
		fees := simulateFees(t, m, seed)
		fit, err := FitFeeShare(fees)
		if err != nil {
			t.Fatal(err)
		}
		if fit.Days != 400 || !fit.From.Equal(simHistoryBase) || !fit.To.Equal(fees[len(fees)-1].Date) {
			t.Errorf("seed %d: Days %d, From %v, To %v", seed, fit.Days, fit.From, fit.To)
		}
		z1 := (fit.Share.Value - wantShare) / fit.Share.StdErr
		z2 := (fit.Vol.Value - m.Fees.Vol) / fit.Vol.StdErr
		zs += z1
		zv += z2
		if math.Abs(z1) > 3 || math.Abs(z2) > 3 {
			t.Errorf("seed %d: Share %.5f ± %.5f (want %.5f), Vol %.4f ± %.4f (want %v)", seed,
				fit.Share.Value, fit.Share.StdErr, wantShare, fit.Vol.Value, fit.Vol.StdErr, m.Fees.Vol)
		}
	}
	t.Logf("mean z: Share %.2f, Vol %.2f", zs/seeds, zv/seeds)
}

// The changes across a gap do not count: a history whose windows sit at
// different levels (a factor of 10 between them) but are flat within them
// has Vol 0.
func TestFitFeeShareGaps(t *testing.T) {
	var fees []DailyFees
	for w := range 3 {
		for d := range 20 {
			fees = append(fees, DailyFees{
				Date:    simHistoryBase.Add(time.Duration(100*w+d) * day),
				Fees:    math.Pow(10, float64(w)),
				Subsidy: 450,
			})
		}
	}
	fit, err := FitFeeShare(fees)
	if err != nil {
		t.Fatal(err)
	}
	if fit.Vol.Value != 0 || fit.Vol.StdErr != 0 {
		t.Errorf("Vol = %v ± %v, want 0 ± 0", fit.Vol.Value, fit.Vol.StdErr)
	}
	// The mean share of 20 days at each of 1/451, 10/460 and 100/550.
	want := (1.0/451 + 10.0/460 + 100.0/550) / 3
	if math.Abs(fit.Share.Value-want) > 1e-15 {
		t.Errorf("Share = %v, want %v", fit.Share.Value, want)
	}
	// The windows are resampled within themselves, and the share is flat
	// within each: every replicate has the same mean.
	if fit.Share.StdErr > 1e-15 {
		t.Errorf("Share.StdErr = %v, want 0", fit.Share.StdErr)
	}
}

// Bad input is an error matching ErrInvalid that names the row.
func TestFitFeeShareBadInput(t *testing.T) {
	good := simulateFees(t, DefaultModel(), 1)
	cases := []struct {
		name  string
		edit  func([]DailyFees) []DailyFees
		field string
	}{
		{"zero fees", func(f []DailyFees) []DailyFees { f[12].Fees = 0; return f }, "Fees[12].Fees"},
		{"NaN subsidy", func(f []DailyFees) []DailyFees { f[3].Subsidy = math.NaN(); return f }, "Fees[3].Subsidy"},
		{"infinite fees", func(f []DailyFees) []DailyFees { f[4].Fees = math.Inf(1); return f }, "Fees[4].Fees"},
		{"duplicate date", func(f []DailyFees) []DailyFees { f[9].Date = f[8].Date; return f }, "Fees[9].Date"},
		{"unsorted", func(f []DailyFees) []DailyFees { f[9], f[10] = f[10], f[9]; return f }, "Fees[10].Date"},
		{"year 2200", func(f []DailyFees) []DailyFees {
			f[len(f)-1].Date = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
			return f
		}, "Fees[399].Date"},
		{"too short", func(f []DailyFees) []DailyFees { return f[:14] }, "Fees"},
		{"no consecutive days", func(f []DailyFees) []DailyFees {
			var out []DailyFees
			for i := 0; i < len(f); i += 2 {
				out = append(out, f[i])
			}
			return out
		}, "Fees"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := FitFeeShare(c.edit(append([]DailyFees(nil), good...)))
			var ie *InvalidError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ie) || ie.Field != c.field {
				t.Errorf("err = %v, want ErrInvalid naming %s", err, c.field)
			}
		})
	}
}
