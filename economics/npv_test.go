package economics_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/wattfolio/wattfolio/economics"
)

func TestNPV(t *testing.T) {
	tests := []struct {
		name         string
		rate         float64
		years, flows []float64
		want         float64 // hand-computed, see name
	}{
		{"empty", 0.1, nil, nil, 0},
		// -100 + 60/1.1 + 60/1.21 = (-121 + 66 + 60)/1.21 = 5/1.21.
		{"three years", 0.1, []float64{0, 1, 2}, []float64{-100, 60, 60}, 5 / 1.21},
		{"unsorted", 0.1, []float64{2, 0, 1}, []float64{60, -100, 60}, 5 / 1.21},
		// 110 / 1.21^0.5 = 110 / 1.1.
		{"half year", 0.21, []float64{0.5}, []float64{110}, 100},
		// A flow a year before the valuation date is compounded forward.
		{"negative year", 0.1, []float64{-1}, []float64{100}, 110},
		{"zero rate", 0, []float64{0, 3.7, 12}, []float64{-5, 2, 4}, 1},
		// 1/(1+1e-12) = 1 - 1e-12 + 1e-24 - ...: the float64 nearest is
		// 1 - 1e-12 to well below an ulp.
		{"tiny rate", 1e-12, []float64{1}, []float64{1}, 1 - 1e-12},
		// Rate -50 %: a flow in a year is worth twice as much today.
		{"negative rate", -0.5, []float64{1, 2}, []float64{1, 1}, 6},
		// Compensated sum: the small flow survives between the large ones.
		{"cancellation", 0, []float64{0, 0, 0}, []float64{1e16, 1, -1e16}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := economics.NPV(tt.rate, tt.years, tt.flows)
			if math.Abs(got-tt.want) > 1e-15*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("NPV = %.17g, want %.17g", got, tt.want)
			}
		})
	}
}

func TestNPVSpecialCases(t *testing.T) {
	y, f := []float64{0, 1}, []float64{-1, 2}
	for _, c := range []struct {
		name         string
		rate         float64
		years, flows []float64
	}{
		{"rate -1", -1, y, f},
		{"rate below -1", -2, y, f},
		{"rate NaN", math.NaN(), y, f},
		{"rate +Inf", math.Inf(1), y, f},
		{"year NaN", 0.1, []float64{0, math.NaN()}, f},
		{"year Inf", 0.1, []float64{0, math.Inf(1)}, f},
		{"flow NaN", 0.1, y, []float64{math.NaN(), 1}},
		{"flow -Inf", 0.1, y, []float64{math.Inf(-1), 1}},
	} {
		if got := economics.NPV(c.rate, c.years, c.flows); !math.IsNaN(got) {
			t.Errorf("%s: NPV = %v, want NaN", c.name, got)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("NPV with mismatched lengths did not panic")
		}
	}()
	economics.NPV(0.1, []float64{0, 1}, []float64{1})
}

// annual returns the years 0, 1, ..., n-1.
func annual(n int) []float64 {
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(i)
	}
	return y
}

func TestIRR(t *testing.T) {
	tests := []struct {
		name         string
		years, flows []float64
		want, tol    float64
	}{
		// 110/(1+r) = 100.
		{"one year", []float64{0, 1}, []float64{-100, 110}, 0.1, 1e-12},
		{"unsorted", []float64{1, 0}, []float64{110, -100}, 0.1, 1e-12},
		// (1+r)^2 = 121/100 over the two years between 0.5 and 2.5.
		{"fractional years", []float64{0.5, 2.5}, []float64{-100, 121}, 0.1, 1e-12},
		// Flows on one date are netted: -100 at 0, 110 at 1 again.
		{"same date", []float64{0, 0, 1, 1}, []float64{-60, -40, 100, 10}, 0.1, 1e-12},
		{"zero rate", []float64{0, 1}, []float64{-100, 100}, 0, 1e-14},
		// (1+r)^-1 = 10: a 90 % loss.
		{"loss", []float64{0, 1}, []float64{-100, 10}, -0.9, 1e-12},
		// The examples of numpy-financial's irr docstring, rounded to 5
		// decimals there; the digits here are from a 50-digit decimal
		// bisection in Python.
		{"npf 1", annual(6), []float64{-150000, 15000, 25000, 35000, 45000, 60000}, 0.052432888859414103, 1e-12},
		{"npf 2", annual(4), []float64{-100, 0, 0, 74}, -0.095495830348972520, 1e-12},
		{"npf 3", annual(5), []float64{-100, 39, 59, 55, 20}, 0.28094842115996110, 1e-12},
		{"npf 5", annual(4), []float64{-100, 100, 0, 7}, 0.062058485629929460, 1e-12},
		// Two roots, -0.6789 and -0.0833 (same bisection); the nearer 10 %
		// is numpy-financial's answer too.
		{"npf 4, two roots", annual(4), []float64{-100, 100, 0, -7}, -0.083299666184932686, 1e-12},
		// Three roots, -0.870, 0.0886 and 0.710; numpy-financial gives
		// 0.0886 too.
		{"npf 6, three roots", annual(5), []float64{-5, 10.5, 1, -8, 1}, 0.088598338527755346, 1e-12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := economics.IRR(tt.years, tt.flows)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > tt.tol*math.Max(1, math.Abs(tt.want)) {
				t.Errorf("IRR = %.17g, want %.17g", got, tt.want)
			}
			checkRoot(t, got, tt.years, tt.flows, 1e-9)
		})
	}
}

// checkRoot fails t unless NPV at r is 0 to tol relative to the sum of
// the discounted magnitudes of the flows.
func checkRoot(t *testing.T, r float64, years, flows []float64, tol float64) {
	t.Helper()
	abs := make([]float64, len(flows))
	for i, f := range flows {
		abs[i] = math.Abs(f)
	}
	npv, scale := economics.NPV(r, years, flows), economics.NPV(r, years, abs)
	if !(math.Abs(npv) <= tol*scale) {
		t.Errorf("NPV(%v) = %v, scale %v", r, npv, scale)
	}
}

// The quadratic -100 v² + (a+b) 100 v - 100 ab in v = 1+r has the roots
// 1+r = a and b; as flows -100, 100(a+b), -100ab at years 0, 1, 2 its NPV
// is that quadratic over (1+r)².
func TestIRRTwoRoots(t *testing.T) {
	tests := []struct {
		name   string
		r1, r2 float64
		want   float64
		why    string
	}{
		{"10 % and 20 %", 0.10, 0.20, 0.10, "the guess is a root"},
		{"5 % and 30 %", 0.05, 0.30, 0.05, "log(1.1/1.05) = 0.047 < log(1.3/1.1) = 0.167"},
		{"2 % and 17 %", 0.02, 0.17, 0.17, "log(1.17/1.1) = 0.062 < log(1.1/1.02) = 0.076: not the smaller root"},
		{"-20 % and 60 %", -0.20, 0.60, -0.20, "log(1.1/0.8) = 0.318 < log(1.6/1.1) = 0.375"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := 1+tt.r1, 1+tt.r2
			flows := []float64{-100, 100 * (a + b), -100 * a * b}
			got, err := economics.IRR(annual(3), flows)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("IRR = %.15g, want %v (%s)", got, tt.want, tt.why)
			}
		})
	}
}

// A 30-year annuity: paying P = C (1 - (1+r)^-30)/r today for C at the end
// of each of 30 years returns r, by the closed form of the annuity's
// present value.
func TestIRRAnnuity(t *testing.T) {
	for _, r := range []float64{0.0001, 0.03, 0.07, 0.25, -0.02} {
		const c = 1e6
		p := c * -math.Expm1(-30*math.Log1p(r)) / r
		years, flows := annual(31), make([]float64, 31)
		flows[0] = -p
		for i := 1; i <= 30; i++ {
			flows[i] = c
		}
		got, err := economics.IRR(years, flows)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-r) > 1e-12*math.Max(math.Abs(r), 1e-2) {
			t.Errorf("r = %v: IRR = %.17g", r, got)
		}
		checkRoot(t, got, years, flows, 1e-12)
	}
}

func TestIRRErrors(t *testing.T) {
	tests := []struct {
		name         string
		years, flows []float64
		want         error
	}{
		{"empty", nil, nil, economics.ErrInvalid},
		{"NaN flow", []float64{0, 1}, []float64{-1, math.NaN()}, economics.ErrInvalid},
		{"Inf flow", []float64{0, 1}, []float64{math.Inf(-1), 1}, economics.ErrInvalid},
		{"NaN year", []float64{math.NaN(), 1}, []float64{-1, 2}, economics.ErrInvalid},
		{"year too far", []float64{0, 2e6}, []float64{-1, 2}, economics.ErrInvalid},
		{"all zero", []float64{0, 1}, []float64{0, 0}, economics.ErrNoIRR},
		{"net zero", []float64{1, 1}, []float64{-5, 5}, economics.ErrNoIRR},
		{"no sign change", []float64{0, 1, 2}, []float64{100, 10, 10}, economics.ErrNoIRR},
		{"all negative", []float64{0, 1}, []float64{-100, -10}, economics.ErrNoIRR},
		// Flows that cancel only after netting by date.
		{"one sign after netting", []float64{0, 0, 1}, []float64{-5, 10, 1}, economics.ErrNoIRR},
		// NPV = -100 + 200 v - 101 v² = -(10 v - 10)² - v² < 0 for all v:
		// the signs change but there is no root.
		{"no real root", annual(3), []float64{-100, 200, -101}, economics.ErrNoIRR},
		// The root, 1+r = 1e-7, lies below the search range.
		{"root out of range", []float64{0, 1}, []float64{-1e7, 1}, economics.ErrNoIRR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := economics.IRR(tt.years, tt.flows)
			if !errors.Is(err, tt.want) {
				t.Errorf("IRR = %v, %v; want %v", r, err, tt.want)
			}
		})
	}
	defer func() {
		if recover() == nil {
			t.Error("IRR with mismatched lengths did not panic")
		}
	}()
	economics.IRR([]float64{0}, []float64{1, 2})
}

// FuzzIRR checks that IRR never panics or hangs, returns only its
// documented errors, and that a root it returns zeroes NPV. The input is
// read six bytes a flow, a year in 1/8ths of a year (int16) and an amount
// (int32); a first byte with its low bit set switches to raw float64 bits,
// sixteen bytes a flow, so that NaN, Inf and extreme values come in too.
func FuzzIRR(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0x9c, 0xff, 0xff, 0xff, 8, 0, 110, 0, 0, 0})
	f.Add([]byte{0, 0, 0, 0x9c, 0xff, 0xff, 0xff, 8, 0, 230, 0, 0, 0, 16, 0, 0x7c, 0xff, 0xff, 0xff})
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0xbf, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		var years, flows []float64
		if data[0]&1 == 0 {
			for b := data[1:]; len(b) >= 6 && len(years) < 500; b = b[6:] {
				years = append(years, float64(int16(binary.LittleEndian.Uint16(b)))/8)
				flows = append(flows, float64(int32(binary.LittleEndian.Uint32(b[2:]))))
			}
		} else {
			for b := data[1:]; len(b) >= 16 && len(years) < 500; b = b[16:] {
				years = append(years, math.Float64frombits(binary.LittleEndian.Uint64(b)))
				flows = append(flows, math.Float64frombits(binary.LittleEndian.Uint64(b[8:])))
			}
		}
		r, err := economics.IRR(years, flows)
		if err != nil {
			if !errors.Is(err, economics.ErrNoIRR) && !errors.Is(err, economics.ErrInvalid) {
				t.Fatalf("IRR: unexpected error %v", err)
			}
			return
		}
		if !(r > -1) || math.IsInf(r, 1) {
			t.Fatalf("IRR = %v", r)
		}
		// The residual relative to the discounted magnitudes, computed with
		// the flows scaled by the largest (subnormal flows lose their
		// precision) and the discount factors by the largest (NPV itself
		// may overflow for a root near -1 and distant years). Brent stops within about 2e-15
		// in log(1+r), so the residual is bounded by the slope there: years
		// times that, plus rounding.
		lr := math.Log1p(r)
		top, span, big := math.Inf(-1), 0.0, 0.0
		for i, y := range years {
			big = math.Max(big, math.Abs(flows[i]))
			if flows[i] != 0 {
				top = math.Max(top, -lr*y)
			}
			span = math.Max(span, math.Abs(y-years[0]))
		}
		var sum, abs float64
		for i, y := range years {
			if flows[i] == 0 {
				continue // 0 times an overflowing factor is not a term
			}
			v := flows[i] / big * math.Exp(-lr*y-top)
			sum += v
			abs += math.Abs(v)
		}
		if !(math.Abs(sum) <= 1e-9*(1+span)*abs) {
			t.Fatalf("IRR = %v: residual %v of %v (span %v years)", r, sum, abs, span)
		}
	})
}

// An investment of 1000 returning 300 a year for four years, the last
// year half a year late. (The figures agree with a bisection in Python.)
func ExampleIRR() {
	years := []float64{0, 1, 2, 3, 4.5}
	flows := []float64{-1000, 300, 300, 300, 300}
	r, err := economics.IRR(years, flows)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("IRR %.2f %%\n", 100*r)
	fmt.Printf("NPV at 8 %%: %.2f\n", economics.NPV(0.08, years, flows))
	fmt.Printf("NPV at the IRR: %.2f\n", economics.NPV(r, years, flows))

	_, err = economics.IRR([]float64{0, 1}, []float64{100, 10})
	fmt.Println(err)
	// Output:
	// IRR 7.36 %
	// NPV at 8 %: -14.69
	// NPV at the IRR: 0.00
	// economics: no internal rate of return: the flows never change sign
}

func benchmarkIRR(b *testing.B, n int) {
	years, flows := make([]float64, n), make([]float64, n)
	for i := range years {
		years[i] = float64(i) / 12 // monthly
		flows[i] = 10 + float64(i%7)
	}
	flows[0] = -float64(n) * 8
	b.ReportAllocs()
	for b.Loop() {
		if _, err := economics.IRR(years, flows); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIRR10(b *testing.B)  { benchmarkIRR(b, 10) }
func BenchmarkIRR120(b *testing.B) { benchmarkIRR(b, 120) }
