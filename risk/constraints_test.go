package risk

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestConstraintsValidate(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name  string
		c     *Constraints
		n     int
		field string // "" means valid
	}{
		{"nil", nil, 3, ""},
		{"empty", &Constraints{}, 3, ""},
		{"bounds", &Constraints{Lower: []float64{-inf, 0}, Upper: []float64{1, inf}}, 2, ""},
		{"no assets", nil, 0, "n"},
		{"short Lower", &Constraints{Lower: []float64{0}}, 2, "Lower"},
		{"long Upper", &Constraints{Upper: []float64{1, 2, 3}}, 2, "Upper"},
		{"NaN lower", &Constraints{Lower: []float64{0, nan}}, 2, "Lower"},
		{"+Inf lower", &Constraints{Lower: []float64{inf, 0}}, 2, "Lower"},
		{"-Inf upper", &Constraints{Upper: []float64{-inf, 0}}, 2, "Upper"},
		{"crossed", &Constraints{Lower: []float64{0, 2}, Upper: []float64{1, 1}}, 2, "Lower"},
		{"upper below default lower", &Constraints{Upper: []float64{-1, 1}}, 2, "Lower"},
		{"A columns", &Constraints{A: mat.NewDense(1, 3, nil), B: []float64{0}}, 2, "A"},
		{"B length", &Constraints{A: mat.NewDense(2, 2, nil), B: []float64{0}}, 2, "B"},
		{"B without A", &Constraints{B: []float64{0}}, 2, "B"},
		{"A NaN", &Constraints{A: mat.NewDense(1, 2, []float64{1, nan}), B: []float64{0}}, 2, "A"},
		{"B Inf", &Constraints{A: mat.NewDense(1, 2, []float64{1, 1}), B: []float64{inf}}, 2, "B"},
		{"Aeq columns", &Constraints{Aeq: mat.NewDense(1, 1, nil), Beq: []float64{0}}, 2, "Aeq"},
		{"Beq NaN", &Constraints{Aeq: mat.NewDense(1, 2, []float64{1, 1}), Beq: []float64{nan}}, 2, "Beq"},
		{"empty Dense", &Constraints{A: &mat.Dense{}}, 2, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Validate(tc.n)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			var ce *ConstraintError
			if !errors.Is(err, ErrConstraints) || !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *ConstraintError", err)
			}
			if ce.Field != tc.field {
				t.Errorf("field %q, want %q (%v)", ce.Field, tc.field, err)
			}
			if ce.Error() == "" {
				t.Error("empty message")
			}
		})
	}
}

// FuzzConstraintsValidate: arbitrary bounds and rows never panic Validate,
// and constraints it accepts never panic the optimizers.
func FuzzConstraintsValidate(f *testing.F) {
	f.Add(uint8(2), uint8(1), uint8(1), 0.0, 1.0, 1.0, 1.0, false)
	f.Add(uint8(3), uint8(0), uint8(2), math.Inf(-1), math.Inf(1), math.NaN(), -2.0, true)
	f.Add(uint8(0), uint8(3), uint8(0), 5.0, -5.0, 0.0, 0.0, false)
	f.Fuzz(func(t *testing.T, nn, lenLo, rows uint8, lo, up, a, b float64, nilUpper bool) {
		n := int(nn % 5)
		c := &Constraints{}
		if lenLo%4 != 0 {
			c.Lower = make([]float64, int(lenLo%4)-1+n%2)
			for i := range c.Lower {
				c.Lower[i] = lo * float64(i+1)
			}
		}
		if !nilUpper {
			c.Upper = make([]float64, n)
			for i := range c.Upper {
				c.Upper[i] = up + float64(i)
			}
		}
		r := int(rows % 3)
		if r > 0 && n > 0 {
			data := make([]float64, r*n)
			for i := range data {
				data[i] = a * float64(i%3-1)
			}
			c.A = mat.NewDense(r, n, data)
			c.B = make([]float64, r+int(rows/3%2))
			for i := range c.B {
				c.B[i] = b
			}
			c.Aeq = mat.NewDense(1, n, data[:n])
			c.Beq = []float64{b}
		}
		err := c.Validate(n)
		if err != nil {
			if !errors.Is(err, ErrConstraints) {
				t.Fatalf("error %v does not match ErrConstraints", err)
			}
			return
		}
		cov := mat.NewSymDense(n, nil)
		mean := make([]float64, n)
		for i := 0; i < n; i++ {
			cov.SetSym(i, i, float64(i+1))
			mean[i] = float64(i) - 1
		}
		for _, call := range []func() ([]float64, error){
			func() ([]float64, error) { return MinVariance(cov, c) },
			func() ([]float64, error) { return MaxMean(mean, c) },
		} {
			w, err := call()
			if err == nil {
				for _, x := range w {
					if math.IsNaN(x) || math.IsInf(x, 0) {
						t.Fatalf("non-finite weights %v", w)
					}
				}
			}
		}
	})
}
