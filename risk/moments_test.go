package risk

import (
	"math"
	"strings"
	"testing"
)

func TestMomentsGolden(t *testing.T) {
	// P = stProfits. Golden values from numpy 1.24.2 and scipy 1.10.1:
	//   P.mean(), P.var(ddof=1), P.std(ddof=1),
	//   scipy.stats.skew(P) (bias=True), scipy.stats.kurtosis(P)
	//   (fisher=True, bias=True),
	//   numpy.mean(numpy.clip(P-0.5, -inf, 0)**2) for the semivariance.
	tests := []struct {
		name      string
		got, want float64
	}{
		{"Mean", Mean(stProfits), 0.37692307692307697},
		{"Variance", Variance(stProfits), 16.721923076923076},
		{"StdDev", StdDev(stProfits), 4.089244805208301},
		{"Skewness", Skewness(stProfits), -0.4907356751052791},
		{"ExcessKurtosis", ExcessKurtosis(stProfits), -0.4111145762738433},
		{"Semivariance", Semivariance(stProfits, 0.5), 9.282307692307691},
		// By hand: nothing below -100.
		{"Semivariance none below", Semivariance(stProfits, -100), 0},
	}
	for _, tc := range tests {
		if !stClose(tc.got, tc.want, 1e-13) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestMomentsSpecialCases(t *testing.T) {
	if got := Mean([]float64{3}); got != 3 {
		t.Errorf("Mean single = %v", got)
	}
	if got := Variance([]float64{2, 2, 2}); got != 0 {
		t.Errorf("Variance constant = %v", got)
	}
	for name, got := range map[string]float64{
		"Skewness single":       Skewness([]float64{1}),
		"Skewness constant":     Skewness([]float64{4, 4, 4}),
		"ExcessKurtosis single": ExcessKurtosis([]float64{1}),
		"ExcessKurtosis const":  ExcessKurtosis([]float64{4, 4}),
	} {
		if !math.IsNaN(got) {
			t.Errorf("%s = %v, want NaN", name, got)
		}
	}
	// Large offset: the two-pass variance keeps its digits. By hand: the
	// values 1e9+{4, 7, 13, 16} have deviations -6, -3, 3, 6 about the mean,
	// sum of squares 90, variance 90/3 = 30.
	if got := Variance([]float64{1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16}); got != 30 {
		t.Errorf("Variance offset = %v, want 30", got)
	}
}

func TestRatiosGolden(t *testing.T) {
	// numpy 1.24.2, P = stProfits:
	//   Sharpe:  (P.mean()-0.1)/P.std(ddof=1)
	//   Sortino: numpy.mean(P-0.5)/numpy.sqrt(numpy.mean(numpy.clip(P-0.5, -inf, 0)**2))
	//            (empyrical's sortino_ratio formula, downside over all periods)
	//   Omega:   numpy.sum(numpy.clip(P-0.5, 0, None))/numpy.sum(numpy.clip(0.5-P, 0, None))
	tests := []struct {
		name      string
		got, want float64
	}{
		{"Sharpe", Sharpe(stProfits, 0.1), 0.06771985785012713},
		{"Sortino", Sortino(stProfits, 0.5), -0.04039695682250596},
		{"Omega", Omega(stProfits, 0.5), 0.924882629107981},
	}
	for _, tc := range tests {
		if !stClose(tc.got, tc.want, 1e-13) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestRatiosSpecialCases(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"Sharpe flat gain", Sharpe([]float64{2, 2}, 1), math.Inf(1)},
		{"Sharpe flat loss", Sharpe([]float64{0, 0}, 1), math.Inf(-1)},
		{"Sortino no downside", Sortino([]float64{1, 2}, 0), math.Inf(1)},
		{"Omega no downside", Omega([]float64{1, 2}, 0), math.Inf(1)},
		{"Omega no upside", Omega([]float64{-1, -2}, 0), 0},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if got := Sharpe([]float64{1, 1}, 1); !math.IsNaN(got) {
		t.Errorf("Sharpe 0/0 = %v, want NaN", got)
	}
	if got := Omega([]float64{3, 3}, 3); !math.IsNaN(got) {
		t.Errorf("Omega 0/0 = %v, want NaN", got)
	}
	// Omega > 1 exactly when the mean exceeds the threshold.
	if Omega(stProfits, Mean(stProfits)-0.01) <= 1 || Omega(stProfits, Mean(stProfits)+0.01) >= 1 {
		t.Error("Omega does not cross 1 at the mean")
	}
}

func TestMaxDrawdown(t *testing.T) {
	// All by hand.
	tests := []struct {
		name         string
		path         []float64
		dd           float64
		peak, trough int
	}{
		{"single", []float64{5}, 0, 0, 0},
		{"rising", []float64{1, 2, 3}, 0, 0, 0},
		{"falling", []float64{3, 2, -4}, 7, 0, 2},
		// Peaks 10 (i=1) -> 4 (i=3): fall 6; then 12 (i=5) -> 5 (i=7): fall 7.
		{"two falls", []float64{0, 10, 6, 4, 9, 12, 8, 5, 11}, 7, 5, 7},
		// Equal falls: the first is reported.
		{"tie", []float64{5, 2, 5, 2}, 3, 0, 1},
		{"negative path", []float64{-1, -3, -2, -6, -5}, 5, 0, 3},
	}
	for _, tc := range tests {
		dd, p, tr := MaxDrawdownIndex(tc.path)
		if dd != tc.dd || p != tc.peak || tr != tc.trough {
			t.Errorf("%s: got %v, %d, %d, want %v, %d, %d", tc.name, dd, p, tr, tc.dd, tc.peak, tc.trough)
		}
		if got := MaxDrawdown(tc.path); got != tc.dd {
			t.Errorf("%s: MaxDrawdown = %v", tc.name, got)
		}
	}
}

func TestParametricGolden(t *testing.T) {
	// scipy 1.10.1:
	//   scipy.stats.norm.ppf(0.95) = 1.6448536269514722
	//   norm.pdf(norm.ppf(0.95))/0.05 = 2.0627128075074275
	//   -(2 + 3*norm.ppf(0.01)) = 4.979043622122522
	//   -2 + 3*norm.pdf(norm.ppf(0.01))/0.01 = 5.995642661037422
	//   Cornish-Fisher, level 0.95, mean 1, sd 2, skew -0.8, exkurt 2.5:
	//     z = norm.ppf(0.05)
	//     zcf = z + (z**2-1)*S/6 + (z**3-3*z)*K/24 - (2*z**3-5*z)*S**2/36
	//     -(1 + 2*zcf) = 2.6195732318005835
	tests := []struct {
		name      string
		got, want float64
	}{
		{"GaussianVaR N(0,1)", GaussianVaR(0.95, 0, 1), 1.6448536269514722},
		{"GaussianES N(0,1)", GaussianES(0.95, 0, 1), 2.0627128075074275},
		{"GaussianVaR N(2,9) 0.99", GaussianVaR(0.99, 2, 3), 4.979043622122522},
		{"GaussianES N(2,9) 0.99", GaussianES(0.99, 2, 3), 5.995642661037422},
		{"CornishFisherVaR", CornishFisherVaR(0.95, 1, 2, -0.8, 2.5), 2.6195732318005835},
		{"CornishFisher normal", CornishFisherVaR(0.95, 0, 1, 0, 0), 1.6448536269514722},
		{"sd 0", GaussianVaR(0.95, 5, 0), -5},
		{"ES sd 0", GaussianES(0.95, 5, 0), -5},
	}
	for _, tc := range tests {
		if !stClose(tc.got, tc.want, 1e-9) {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if GaussianES(0.9, 1, 2) < GaussianVaR(0.9, 1, 2) {
		t.Error("GaussianES < GaussianVaR")
	}
}

func TestStatsPanics(t *testing.T) {
	tests := []struct {
		name string
		f    func()
	}{
		{"Mean empty", func() { Mean(nil) }},
		{"Mean NaN", func() { Mean([]float64{math.NaN()}) }},
		{"Variance n=1", func() { Variance([]float64{1}) }},
		{"StdDev n=1", func() { StdDev([]float64{1}) }},
		{"Skewness empty", func() { Skewness(nil) }},
		{"ExcessKurtosis Inf", func() { ExcessKurtosis([]float64{math.Inf(1)}) }},
		{"Semivariance NaN threshold", func() { Semivariance([]float64{1}, math.NaN()) }},
		{"Sharpe n=1", func() { Sharpe([]float64{1}, 0) }},
		{"Sharpe Inf rf", func() { Sharpe([]float64{1, 2}, math.Inf(1)) }},
		{"Sortino empty", func() { Sortino(nil, 0) }},
		{"Omega NaN", func() { Omega([]float64{math.NaN()}, 0) }},
		{"MaxDrawdown empty", func() { MaxDrawdown(nil) }},
		{"GaussianVaR level", func() { GaussianVaR(1, 0, 1) }},
		{"GaussianVaR sd<0", func() { GaussianVaR(0.95, 0, -1) }},
		{"GaussianES NaN mean", func() { GaussianES(0.95, math.NaN(), 1) }},
		{"CornishFisher NaN skew", func() { CornishFisherVaR(0.95, 0, 1, math.NaN(), 0) }},
	}
	for _, tc := range tests {
		msg := stPanics(tc.f)
		if !strings.HasPrefix(msg, "risk: ") {
			t.Errorf("%s: panic %q, want one starting with \"risk: \"", tc.name, msg)
		}
	}
}
