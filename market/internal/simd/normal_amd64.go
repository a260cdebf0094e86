//go:build !purego

package simd

import "math/bits"

// normalsAVX2 draws Normals for paths 0 to n-1, n a multiple of 4, four at
// a time: it advances each path's stream by one draw, stores the draw in
// w[i] and, when it passes the ziggurat's fast test, the normal in z[i].
// Bit i of slow is set for each path i whose draw failed the test: its z[i]
// is wrong, and NormalSlow(state, w[i]) finishes it.
//
//go:noescape
func normalsAVX2(z *[FactorLanes]float64, st *Streams, w *[FactorLanes]uint64, n int) (slow uint32)

// normalsVec runs normalsAVX2 on as many paths as it can, finishes the
// draws that failed the fast test in path order, and returns how many
// paths it did.
func normalsVec(z *[FactorLanes]float64, st *Streams, n int) int {
	n &^= 3
	if !useAVX2 || n == 0 {
		return 0
	}
	var w [FactorLanes]uint64
	for slow := normalsAVX2(z, st, &w, n); slow != 0; slow &= slow - 1 {
		i := bits.TrailingZeros32(slow)
		s := [4]uint64{st.S0[i], st.S1[i], st.S2[i], st.S3[i]}
		z[i] = NormalSlow(&s, w[i])
		st.Load(i, &s)
	}
	return n
}
