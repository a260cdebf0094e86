//go:build !amd64 || purego

package num

// expVec computes ExpTo for a prefix of x with vector instructions where
// there are some; here there are none.
func expVec(dst, x []float64) int { return 0 }
