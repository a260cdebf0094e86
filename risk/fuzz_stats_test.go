package risk

import (
	"encoding/binary"
	"math"
	"testing"
)

// stFuzzFloats decodes data as little-endian float64s, keeping the finite
// ones (the statistics reject NaN and infinities by contract).
func stFuzzFloats(data []byte) []float64 {
	var x []float64
	for len(data) >= 8 {
		v := math.Float64frombits(binary.LittleEndian.Uint64(data))
		data = data[8:]
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			x = append(x, v)
		}
	}
	return x
}

func stFuzzSeed(f *testing.F, level float64, x ...float64) {
	b := make([]byte, 0, 8*len(x))
	for _, v := range x {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	f.Add(level, b)
}

// FuzzVaRCVaR checks that VaR, CVaR and VaRCVaR accept any valid level and
// non-empty finite sample without panicking or returning NaN, that CVaR is
// not below VaR beyond rounding, that both lie within the sample's range,
// and that the input is not reordered.
func FuzzVaRCVaR(f *testing.F) {
	stFuzzSeed(f, 0.95, stProfits...)
	stFuzzSeed(f, 0.5, 1)
	stFuzzSeed(f, 0.99, 0, 0, 0, -1, 0)
	stFuzzSeed(f, 0.1, 1e308, -1e308, 5e-324)
	stFuzzSeed(f, 1e-17, 1, 2, 3)
	f.Fuzz(func(t *testing.T, level float64, data []byte) {
		x := stFuzzFloats(data)
		if len(x) == 0 || !(level > 0 && level < 1) {
			return
		}
		orig := append([]float64(nil), x...)
		v, c := VaR(level, x), CVaR(level, x)
		v2, c2 := VaRCVaR(level, x)
		lo, hi := x[0], x[0]
		for _, w := range x {
			lo, hi = min(lo, w), max(hi, w)
		}
		scale := max(math.Abs(lo), math.Abs(hi))
		if math.IsNaN(v) || math.IsNaN(c) {
			t.Fatalf("NaN: VaR %v CVaR %v", v, c)
		}
		if math.IsInf(v, 0) {
			t.Fatalf("infinite VaR %v", v)
		}
		// CVaR can overflow only when the tail sum of huge values does.
		if !math.IsInf(c, 0) && c < v-1e-9*scale {
			t.Fatalf("CVaR %v < VaR %v (level %v, n %d)", c, v, level, len(x))
		}
		if v < -hi || v > -lo || (!math.IsInf(c, 0) && (c < -hi-1e-9*scale || c > -lo+1e-9*scale)) {
			t.Fatalf("outside [%v, %v]: VaR %v CVaR %v", -hi, -lo, v, c)
		}
		if v2 != v || (c2 != c && !(math.IsNaN(c2) && math.IsNaN(c))) {
			t.Fatalf("VaRCVaR %v %v, separately %v %v", v2, c2, v, c)
		}
		for i := range x {
			if math.Float64bits(x[i]) != math.Float64bits(orig[i]) {
				t.Fatal("input reordered")
			}
		}
	})
}

// FuzzSummary checks that Summary accepts any finite values, that splitting
// them in two and merging agrees with one pass on count, min and max, and
// that the binary encoding round-trips exactly.
func FuzzSummary(f *testing.F) {
	stFuzzSeed(f, 0.5, stProfits...)
	stFuzzSeed(f, 0.1, 1e300, -1e300, 1)
	f.Fuzz(func(t *testing.T, split float64, data []byte) {
		x := stFuzzFloats(data)
		if len(x) == 0 || !(split >= 0 && split <= 1) {
			return
		}
		k := int(split * float64(len(x)))
		var whole, a, b Summary
		for i, v := range x {
			whole.Add(v)
			if i < k {
				a.Add(v)
			} else {
				b.Add(v)
			}
		}
		a.Merge(b)
		if a.N() != whole.N() || a.Min() != whole.Min() || a.Max() != whole.Max() {
			t.Fatalf("merged %v, one pass %v", a, whole)
		}
		enc, _ := whole.MarshalBinary()
		var r Summary
		err := r.UnmarshalBinary(enc)
		// Values near the float64 limit can overflow the moment sums to
		// Inf, which the decoder rightly rejects.
		if err == nil && r != whole {
			t.Fatalf("round trip %v != %v", r, whole)
		}
	})
}
