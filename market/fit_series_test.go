package market

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// simulatedSeries draws years of daily steps from the default model and
// returns the power multiplier (times 50 USD/MWh) and the GPU index, one
// value a day, with the start's values first.
func simulatedSeries(t *testing.T, years int, seed uint64) (power, gpu []DatedValue) {
	t.Helper()
	m := DefaultModel()
	sim := mustSim(t, m, Reference(), time.Duration(years*DaysPerYear)*day, day)
	d0 := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	power = []DatedValue{{Date: d0, Value: 50}}
	gpu = []DatedValue{{Date: d0, Value: 1}}
	for j, st := range sim.Path(newRand(seed), 1, nil) {
		d := d0.Add(time.Duration(j+1) * day)
		power = append(power, DatedValue{Date: d, Value: 50 * st.Power})
		gpu = append(gpu, DatedValue{Date: d, Value: st.GPUIndex})
	}
	return power, gpu
}

// TestFitPowerAndGPURecover fits ten years of the simulator's own power
// multiplier and GPU index and checks every estimate within 3 standard
// errors of DefaultModel's value, over several seeds, for the GPU also
// sampled weekly (the fit takes any ascending whole-day spacing); and that
// the power level recovered is the series' 50 USD/MWh within 3 standard
// errors of the log level (the long-run log level is 0; its estimate's
// standard error, about Vol/(k√T), is 0.8/(12 x √10) = 0.021).
func TestFitPowerAndGPURecover(t *testing.T) {
	m := DefaultModel()
	for seed := uint64(1); seed <= 4; seed++ {
		power, gpu := simulatedSeries(t, 10, seed)
		pf, err := FitPower(power)
		if err != nil {
			t.Fatal(err)
		}
		withinSE(t, "power Reversion", pf.Reversion, m.Power.Reversion)
		withinSE(t, "power Vol", pf.Vol, m.Power.Vol)
		if math.Abs(math.Log(pf.Level/50)) > 3*0.021 {
			t.Errorf("seed %d: power level %v, want 50", seed, pf.Level)
		}
		if pf.Step != day || pf.Points != len(power) {
			t.Errorf("seed %d: step %v, %d points", seed, pf.Step, pf.Points)
		}
		for _, every := range []int{1, 7} {
			var s []DatedValue
			for i := 0; i < len(gpu); i += every {
				s = append(s, gpu[i])
			}
			gf, err := FitGPU(s)
			if err != nil {
				t.Fatal(err)
			}
			withinSE(t, "GPU Drift", gf.Drift, m.GPU.Drift)
			withinSE(t, "GPU Vol", gf.Vol, m.GPU.Vol)
		}
	}
}

// withinSE fails the test unless e is within 3 standard errors of want.
func withinSE(t *testing.T, name string, e Estimate, want float64) {
	t.Helper()
	if !e.Fitted || !(e.StdErr > 0) || math.Abs(e.Value-want) > 3*e.StdErr {
		t.Errorf("%s = %v ± %v, want %v", name, e.Value, e.StdErr, want)
	}
}

func TestFitSeriesErrors(t *testing.T) {
	power, _ := simulatedSeries(t, 1, 9)
	edit := func(f func(s []DatedValue) []DatedValue) []DatedValue {
		return f(append([]DatedValue(nil), power...))
	}
	// An explosive series: log x' = 1.01 log x + 0.01 (i mod 3), b > 1.
	walk := make([]DatedValue, 100)
	y := 1.0
	for i := range walk {
		y = 1.01*y + 0.01*float64(i%3)
		walk[i] = DatedValue{Date: power[0].Date.Add(time.Duration(i) * day), Value: math.Exp(y)}
	}
	for name, c := range map[string]struct {
		s     []DatedValue
		field string
		want  error
	}{
		"short":        {power[:20], "series", ErrInvalid},
		"NaN":          {edit(func(s []DatedValue) []DatedValue { s[4].Value = math.NaN(); return s }), "power[4].Value", ErrInvalid},
		"zero":         {edit(func(s []DatedValue) []DatedValue { s[5].Value = 0; return s }), "power[5].Value", ErrInvalid},
		"unsorted":     {edit(func(s []DatedValue) []DatedValue { s[6].Date, s[7].Date = s[7].Date, s[6].Date; return s }), "power[6].Date", ErrInvalid},
		"not midnight": {edit(func(s []DatedValue) []DatedValue { s[8].Date = s[8].Date.Add(time.Hour); return s }), "power[8].Date", ErrInvalid},
		"gap":          {edit(func(s []DatedValue) []DatedValue { return append(s[:10], s[11:]...) }), "power[10].Date", ErrInvalid},
		"no reversion": {walk, "no mean reversion", ErrFit},
	} {
		_, err := FitPower(c.s)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.field) {
			t.Errorf("%s: %v, want %v naming %q", name, err, c.want, c.field)
		}
	}
	flat := edit(func(s []DatedValue) []DatedValue {
		for i := range s {
			s[i].Value = 7
		}
		return s
	})
	if _, err := FitGPU(flat); !errors.Is(err, ErrFit) {
		t.Errorf("FitGPU of a constant series: %v, want ErrFit", err)
	}
	if _, err := FitGPU(power[:10]); !errors.Is(err, ErrInvalid) {
		t.Errorf("FitGPU of 10 values: %v, want ErrInvalid", err)
	}
}
