package risk

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
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
		scratch := append([]float64(nil), x...)
		if v3, c3 := VaRCVaRInPlace(level, scratch); math.Float64bits(v3) != math.Float64bits(v2) || math.Float64bits(c3) != math.Float64bits(c2) {
			t.Fatalf("VaRCVaRInPlace %v %v, VaRCVaR %v %v", v3, c3, v2, c2)
		}
		lo, hi := x[0], x[0]
		for _, w := range x {
			lo, hi = min(lo, w), max(hi, w)
		}
		scale := max(math.Abs(lo), math.Abs(hi))
		if math.IsNaN(v) || math.IsNaN(c) {
			t.Fatalf("NaN: VaR %v CVaR %v", v, c)
		}
		// A finite sample gives a finite VaR and CVaR, even when the
		// tail's sum overflows (issue 9).
		if math.IsInf(v, 0) || math.IsInf(c, 0) {
			t.Fatalf("infinite VaR %v or CVaR %v", v, c)
		}
		if c < v-1e-9*scale {
			t.Fatalf("CVaR %v < VaR %v (level %v, n %d)", c, v, level, len(x))
		}
		if v < -hi || v > -lo || c < -hi-1e-9*scale || c > -lo+1e-9*scale {
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
		// Inf, which the decoder rightly rejects; any summary with finite
		// fields that Add and Merge made must decode to itself.
		finite := true
		for _, v := range []float64{whole.mean, whole.m2, whole.m3, whole.m4} {
			finite = finite && !math.IsNaN(v) && !math.IsInf(v, 0)
		}
		if (err != nil && finite) || (err == nil && r != whole) {
			t.Fatalf("round trip %v, %v != %v", r, err, whole)
		}
		var m Summary
		if err := m.UnmarshalBinary(func() []byte { b, _ := a.MarshalBinary(); return b }()); err != nil {
			for _, v := range []float64{a.mean, a.m2, a.m3, a.m4} {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					continue
				}
				return
			}
			t.Fatalf("merged summary %v does not decode: %v", a, err)
		}
	})
}

// FuzzSummaryUnmarshalBinary feeds UnmarshalBinary arbitrary bytes: it
// must never panic; on an error, the error matches ErrEncoding and the
// summary is unchanged; on success, the summary re-marshals to the very
// bytes it came from, decodes from them to the same summary, describes a
// possible one (count not negative, min <= max, finite mean and variance)
// and can be read and merged without a panic.
func FuzzSummaryUnmarshalBinary(f *testing.F) {
	var valid [][]byte
	for _, x := range [][]float64{nil, {42}, stProfits, {1e300, -1e300, 5e-324}, {math.Copysign(0, -1), 0}} {
		b, _ := stSummarize(x).MarshalBinary()
		valid = append(valid, b)
		f.Add(b)
	}
	for _, b := range valid[1:3] {
		for _, k := range []int{0, 1, 9, 56} {
			f.Add(b[:k]) // truncated
		}
		f.Add(append(b[:len(b):len(b)], 0)) // one byte too many
		v := bytes.Clone(b)
		v[0] = 2 // unknown version
		f.Add(v)
	}
	rng := rand.New(rand.NewPCG(30, 31))
	for _, n := range []int{3, 57, 57, 57, 64} {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		b[0] = summaryVersion
		f.Add(b)
	}
	before := stSummarize([]float64{1, 2, 4})
	f.Fuzz(func(t *testing.T, data []byte) {
		s := before
		if err := s.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error %v does not match ErrEncoding", err)
			}
			if s != before {
				t.Fatalf("summary changed on error: %v", s)
			}
			return
		}
		enc, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(enc, data) {
			t.Fatalf("re-marshalled to %x, %v; decoded from %x", enc, err, data)
		}
		var again Summary
		if err := again.UnmarshalBinary(enc); err != nil || again != s {
			t.Fatalf("second decoding: %v, %v; first %v", again, err, s)
		}
		if s.N() < 0 {
			t.Fatalf("count %d", s.N())
		}
		if s.N() > 0 && (math.IsNaN(s.Mean()) || !(s.Min() <= s.Max())) {
			t.Fatalf("n=%d: mean %v, min %v, max %v", s.N(), s.Mean(), s.Min(), s.Max())
		}
		if v := s.Variance(); s.N() > 1 && !(v >= 0 && !math.IsInf(v, 0)) {
			t.Fatalf("n=%d: variance %v", s.N(), v)
		}
		_ = s.String()
		_, _ = s.Skewness(), s.ExcessKurtosis()
		_ = s.StdErr()
		merged := before
		merged.Merge(s)
		if merged.N() != before.N()+s.N() {
			t.Fatalf("merged count %d, want %d", merged.N(), before.N()+s.N())
		}
	})
}
