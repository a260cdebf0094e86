package economics_test

import (
	"math"
	"reflect"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

func unitsOf(lines []economics.Line) []float64 {
	u := make([]float64, len(lines))
	for i, l := range lines {
		u[i] = float64(l.Units)
	}
	return u
}

func TestPortfolioMatchesAnalyzeOnSamePaths(t *testing.T) {
	site, lines := mixedSite(), mixedLines(t)
	set := &economics.Settings{Paths: 3000, Seed: 11}
	pf, err := economics.NewPortfolio(site, lines, market.DefaultModel(), testSnapshot(), set)
	if err != nil {
		t.Fatal(err)
	}
	r, err := economics.Analyze(site, economics.Allocation{Lines: lines}, market.DefaultModel(), testSnapshot(), set)
	if err != nil {
		t.Fatal(err)
	}
	// Same seed, same paths, same fleet: the two must agree to rounding.
	mean, variance := evalOK(t, pf, unitsOf(lines))
	if math.Abs(mean-r.Mean) > 1e-9*math.Abs(r.Mean) || math.Abs(variance-r.Variance) > 1e-7*r.Variance {
		t.Errorf("portfolio %v ± %v, analyze %v ± %v", mean, math.Sqrt(variance), r.Mean, r.StdDev)
	}
}

func TestPortfolioAgainstMonteCarlo(t *testing.T) {
	site, lines := mixedSite(), mixedLines(t)
	pf, err := economics.NewPortfolio(site, lines, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 6000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, units := range [][]int{
		{9000, 0, 0, 0, 0},
		{0, 0, 4000, 0, 0},
		{3000, 3000, 1000, 1000, 2000},
		{0, 6000, 0, 2000, 10000},
		{12000, 0, 3000, 0, 0},
	} {
		var alloc economics.Allocation
		u := make([]float64, len(units))
		for i, n := range units {
			l := lines[i]
			l.Units = n
			alloc.Lines = append(alloc.Lines, l)
			u[i] = float64(n)
		}
		r, err := economics.Analyze(site, alloc, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 6000, Seed: 99})
		if err != nil {
			t.Fatal(err)
		}
		mean, variance := evalOK(t, pf, u)
		// Independent runs: means within 4 standard errors of their difference;
		// variances within 4 standard errors of a sample variance,
		// var * sqrt(2 / (n - 1)), for each run (normal approximation).
		seMean := math.Sqrt(variance/6000 + r.StdErr*r.StdErr)
		if math.Abs(mean-r.Mean) > 4*seMean {
			t.Errorf("%v: mean %v vs Monte Carlo %v (se %v)", units, mean, r.Mean, seMean)
		}
		seVar := math.Sqrt(2.0/5999) * math.Hypot(variance, r.Variance)
		if math.Abs(variance-r.Variance) > 4*seVar {
			t.Errorf("%v: variance %v vs Monte Carlo %v (se %v)", units, variance, r.Variance, seVar)
		}
	}
}

func TestPortfolioProperties(t *testing.T) {
	site, lines := mixedSite(), mixedLines(t)
	set := economics.Settings{Paths: 2000, Seed: 5, Workers: 1}
	pf, err := economics.NewPortfolio(site, lines, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	set.Workers = 3
	pf3, err := economics.NewPortfolio(site, lines, market.DefaultModel(), testSnapshot(), &set)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(pf.MeanTo(nil), pf3.MeanTo(nil)) || !reflect.DeepEqual(pf.Covariance().RawSymmetric().Data, pf3.Covariance().RawSymmetric().Data) {
		t.Error("workers changed the portfolio")
	}
	u := unitsOf(lines)
	_, variance := evalOK(t, pf, u)
	// Portfolio std <= sum of the lines' stds (subadditivity).
	cov := pf.Covariance()
	sumSD := 0.0
	for i := range u {
		sumSD += u[i] * math.Sqrt(cov.At(i, i))
	}
	if math.Sqrt(variance) > sumSD*(1+1e-12) {
		t.Errorf("std %v > sum of stds %v", math.Sqrt(variance), sumSD)
	}
	rc, err := pf.RiskContributions(u)
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, c := range rc {
		total += c
	}
	if math.Abs(total-math.Sqrt(variance)) > 1e-6*math.Sqrt(variance) {
		t.Errorf("risk contributions sum to %v, std is %v", total, math.Sqrt(variance))
	}
	if cov.At(4, 4) > 1e-12*math.Abs(pf.MeanTo(nil)[4]) {
		t.Errorf("colocation has variance %v", cov.At(4, 4))
	}
	if n := testing.AllocsPerRun(100, func() { pf.Evaluate(u) }); n != 0 {
		t.Errorf("Evaluate allocates %v times", n)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic on a short units slice")
		}
	}()
	pf.Evaluate(u[:2])
}

func BenchmarkPortfolioEvaluate50(b *testing.B) {
	site := mixedSite()
	var lines []economics.Line
	for len(lines) < 50 {
		for _, m := range hardware.Catalog() {
			if len(lines) == 50 {
				break
			}
			w := hardware.BitcoinMining
			if m.Class == hardware.GPU {
				if _, err := testSnapshot().GPURate(m.Name); err != nil {
					continue
				}
				w = hardware.AICloud
			}
			lines = append(lines, economics.Line{Model: m, Workload: w, Units: 100})
		}
	}
	pf, err := economics.NewPortfolio(site, lines, market.DefaultModel(), testSnapshot(), &economics.Settings{Paths: 500})
	if err != nil {
		b.Fatal(err)
	}
	u := unitsOf(lines)
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		m, v := evalOK(b, pf, u)
		sink += m + v
	}
	_ = sink
}
