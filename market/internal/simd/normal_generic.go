//go:build !amd64 || purego

package simd

// normalsVec draws Normals' prefix with vector instructions and returns its
// length; here there are none.
func normalsVec(z *[FactorLanes]float64, st *Streams, n int) int { return 0 }
