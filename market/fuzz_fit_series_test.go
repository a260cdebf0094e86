package market

import (
	"encoding/binary"
	"math"
	"testing"
	"time"
)

// FuzzFitSeries builds a power or GPU series from the fuzz bytes (values
// from 16-bit codes, day steps from the low bits) and checks that FitPower
// and FitGPU never panic and that a fit they return is finite, with a
// positive volatility and standard errors that are numbers.
func FuzzFitSeries(f *testing.F) {
	seed := make([]byte, 0, 2*64)
	for i := range 64 {
		seed = binary.LittleEndian.AppendUint16(seed, uint16(30000+int(3000*math.Sin(float64(i)/5))))
	}
	f.Add(seed, uint8(1))
	f.Add(seed, uint8(7))
	f.Fuzz(func(t *testing.T, b []byte, step uint8) {
		d0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		var s []DatedValue
		d := d0
		for i := 0; i+1 < len(b) && len(s) < 400; i += 2 {
			code := binary.LittleEndian.Uint16(b[i:])
			s = append(s, DatedValue{Date: d, Value: math.Exp(float64(int(code)-32768) / 4096)})
			d = d.Add(time.Duration(1+int(step)%30) * day)
			if code%97 == 0 {
				d = d.Add(day) // an irregular spacing now and then
			}
		}
		if pf, err := FitPower(s); err == nil {
			for _, e := range []Estimate{pf.Reversion, pf.Vol} {
				if !isFiniteEst(e) || !(pf.Vol.Value > 0) {
					t.Fatalf("FitPower: %+v", pf)
				}
			}
		}
		if gf, err := FitGPU(s); err == nil {
			if !isFiniteEst(gf.Drift) || !isFiniteEst(gf.Vol) || !(gf.Vol.Value > 0) {
				t.Fatalf("FitGPU: %+v", gf)
			}
		}
	})
}

// isFiniteEst reports whether e's value and standard error are finite.
func isFiniteEst(e Estimate) bool {
	return !math.IsNaN(e.Value) && !math.IsInf(e.Value, 0) && !math.IsNaN(e.StdErr) && !math.IsInf(e.StdErr, 0)
}
