package risk

import (
	"encoding/binary"
	"errors"
	"math"
	"strings"
	"testing"
)

// encodeSummary builds the binary encoding of arbitrary fields, possible
// or not.
func encodeSummary(n int64, mean, m2, m3, m4, lo, hi float64) []byte {
	b := []byte{summaryVersion}
	b = binary.LittleEndian.AppendUint64(b, uint64(n))
	for _, v := range []float64{mean, m2, m3, m4, lo, hi} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

// UnmarshalBinary refuses summaries that no data can have, with an error
// matching ErrEncoding that names the field at fault, and leaves the
// summary unchanged.
func TestSummaryUnmarshalImpossible(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name string
		data []byte
		want string // in the message
	}{
		{"negative count", encodeSummary(-3, 1, 0, 0, 0, 1, 1), "negative count -3"},
		{"NaN mean", encodeSummary(3, nan, 1, 0, 1, 0, 2), "mean = NaN"},
		{"NaN M3", encodeSummary(3, 1, 1, nan, 1, 0, 2), "M3 = NaN"},
		{"Inf M4", encodeSummary(3, 1, 1, 0, inf, 0, 2), "M4 = +Inf"},
		{"mean above max", encodeSummary(3, 5, 1, 0, 1, 0, 2), "mean 5 outside [min 0, max 2]"},
		{"mean below min", encodeSummary(3, -1, 1, 0, 1, 0, 2), "mean -1 outside"},
		{"negative M2 (variance)", encodeSummary(3, 1, -1, 0, 1, 0, 2), "negative M2"},
		{"negative M4", encodeSummary(3, 1, 1, 0, -1, 0, 2), "negative M4"},
		{"min above max", encodeSummary(3, 1, 1, 0, 1, 2, 0), "min 2 > max 0"},
		{"one value with spread", encodeSummary(1, 1, 0, 0, 0, 0, 2), "equal values"},
		{"one value with M2", encodeSummary(1, 1, 0.5, 0, 0, 1, 1), "equal values"},
		{"equal values with M4", encodeSummary(4, 1, 0, 0, 1e-300, 1, 1), "equal values"},
		{"M2 above n range^2", encodeSummary(2, 1, 9, 0, 9, 0, 2), "|M2| = 9 above"},
		{"M3 above n range^3", encodeSummary(2, 1, 2, -17, 2, 0, 2), "|M3| = 17 above"},
		{"M4 above n range^4", encodeSummary(2, 1, 2, 0, 33, 0, 2), "|M4| = 33 above"},
	} {
		before := stSummarize([]float64{1, 2, 4})
		s := before
		err := s.UnmarshalBinary(tc.data)
		if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want ErrEncoding naming %q", tc.name, err, tc.want)
		}
		if s != before {
			t.Errorf("%s: summary changed on error", tc.name)
		}
	}
	// Possible summaries still decode: the empty one, one value, and
	// values whose spread underflows M2 (two values 1e-310 apart).
	for _, x := range [][]float64{nil, {-7}, {0, 1e-310}, {math.MaxFloat64, math.MaxFloat64}, stProfits} {
		s := stSummarize(x)
		b, _ := s.MarshalBinary()
		var r Summary
		if err := r.UnmarshalBinary(b); err != nil || r != s {
			t.Errorf("%v: decoded %v, %v", x, r, err)
		}
	}
}

// Skewness and ExcessKurtosis are NaN in their documented special cases
// (all equal, a spread too small for M3 and M4, overflowed moments) and
// finite otherwise, for Summary and the sample functions alike.
func TestMomentRatiosSpecialCases(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    []float64
		nan  bool
	}{
		{"all equal", []float64{3, 3, 3}, true},
		{"two 1e-310 apart (M2 underflows to 0)", []float64{0, 1e-310}, true},
		{"spread 1e-160 (M2 subnormal, M4 zero)", []float64{0, 1e-160, 2e-160, 5e-160}, true},
		{"spread 1e-100 (M2 1e-200: below 2^-500)", []float64{0, 1e-100, 2e-100, 5e-100}, true},
		{"spread 1e-70 (M2 above 2^-500)", []float64{0, 1e-70, 2e-70, 5e-70}, false},
		{"deviations 1e100 (M4 overflows)", []float64{-1e100, 0, 3e100}, true},
		{"deviations 1e70", []float64{-1e70, 0, 3e70}, false},
		{"profits", stProfits, false},
	} {
		s := stSummarize(tc.x)
		for name, g := range map[string]float64{
			"Summary.Skewness": s.Skewness(), "Summary.ExcessKurtosis": s.ExcessKurtosis(),
			"Skewness": Skewness(tc.x), "ExcessKurtosis": ExcessKurtosis(tc.x),
		} {
			if math.IsNaN(g) != tc.nan || math.IsInf(g, 0) {
				t.Errorf("%s: %s = %v, want NaN %v", tc.name, name, g, tc.nan)
			}
		}
	}
	// Scale invariance where defined: the skewness of x·1e-70 is that of
	// x (to 1e-12 relative).
	x := []float64{0, 1, 2, 5}
	tiny := []float64{0, 1e-70, 2e-70, 5e-70}
	if a, b := Skewness(x), Skewness(tiny); !stClose(a, b, 1e-12) {
		t.Errorf("skewness %v, scaled by 1e-70: %v", a, b)
	}
}
