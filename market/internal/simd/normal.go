package simd

import (
	"math"
	"math/bits"
)

// The generator of the market's random draws (package market's Stream) and
// its standard normals, here so that the lane kernel Normals and its
// scalar twin share one definition.
//
// The generator is xoshiro256++ (Blackman and Vigna, "Scrambled linear
// pseudorandom number generators", ACM TOMS 47(4), 2021; reference code
// https://prng.di.unimi.it/xoshiro256plusplus.c, 2019): 256 bits of state,
// period 2^256 - 1, the state never all zero.
//
// The normals come from a 256-layer ziggurat in float64 (Marsaglia and
// Tsang, "The Ziggurat Method for Generating Random Variables", J. Stat.
// Softw. 5(8), 2000), drawing the layer, the sign and the abscissa from
// disjoint bits of one 64-bit draw, as Doornik ("An Improved Ziggurat
// Method to Generate Normal Random Samples", 2005) recommends: with w the
// draw, the layer is i = w & 255, the sign bit 8 of w, and the abscissa's
// uniform j = w >> 12, 52 bits (bits 9 to 11 are not used; 52 bits, not
// 53, so that the vector code converts j to float64 with one subtraction).
// Layer i has right edge x_i (x_0 = v/f(r), x_1 = r, x_256 = 0, f(x) =
// exp(-x²/2), every layer of area v; see normal_table.go). Then:
//
//   - j < zigK[i], that is j/2^52 < x_{i+1}/x_i: return ±j x_i/2^52 (the
//     fast path, 98.5 % of draws).
//   - i = 0: the tail beyond r, by Marsaglia's method ("Generating a
//     variable from the tail of the normal distribution", Technometrics
//     6(1), 1964): draw x = -ln(u1)/r and y = -ln(u2) until 2y > x², and
//     return ±(r + x).
//   - otherwise the wedge: with x = j x_i/2^52 and a uniform u from the
//     next draw, accept ±x if f(x_i) + u (f(x_{i+1}) - f(x_i)) < f(x);
//     else start again from a new draw.
//
// The uniforms u are (w >> 11) / 2^53; those that go into a logarithm are
// ((w >> 11) + 1/2) / 2^53, never 0 or 1.

//go:generate go test -run ^TestNormalTable$ -update

// zigR is the ziggurat's base edge r for 256 layers (Marsaglia and Tsang
// 2000): the normal's tail beyond it has the layers' area v less r f(r).
const zigR = 3.6541528853610088

// Xoshiro is one step of xoshiro256++ (Blackman and Vigna) from the state
// (s0, s1, s2, s3): its 64-bit output w and the next state. It is the one
// place the generator's formula is written (the AVX2 kernel aside), on
// values rather than through a pointer so that the compiler inlines it
// into every loop that draws.
func Xoshiro(s0, s1, s2, s3 uint64) (w, n0, n1, n2, n3 uint64) {
	w = bits.RotateLeft64(s0+s3, 23) + s0
	s2 ^= s0
	s3 ^= s1
	return w, s0 ^ s3, s1 ^ s2, s2 ^ s1<<17, bits.RotateLeft64(s3, 45)
}

// Next advances the xoshiro256++ state s and returns its next 64 bits.
func Next(s *[4]uint64) uint64 {
	w, s0, s1, s2, s3 := Xoshiro(s[0], s[1], s[2], s[3])
	s[0], s[1], s[2], s[3] = s0, s1, s2, s3
	return w
}

// Normal returns a standard normal drawn from the state s by the ziggurat
// described above.
func Normal(s *[4]uint64) float64 {
	w, s0, s1, s2, s3 := Xoshiro(s[0], s[1], s[2], s[3])
	s[0], s[1], s[2], s[3] = s0, s1, s2, s3
	i := w & 255
	if j := w >> 12; j < zigK[i] {
		return signed(float64(j)*zigW[i], w)
	}
	return NormalSlow(s, w)
}

// NormalFast is Normal's fast path on its draw w: the normal and true
// when w passes the fast test, else false (finish with NormalSlow).
func NormalFast(w uint64) (float64, bool) {
	i := w & 255
	j := w >> 12
	return signed(float64(j)*zigW[i], w), j < zigK[i]
}

// signed returns x with the sign given by bit 8 of w: negative when it is
// set.
func signed(x float64, w uint64) float64 {
	return math.Float64frombits(math.Float64bits(x) ^ (w>>8&1)<<63)
}

// NormalSlow finishes Normal from its first draw w when w fails the fast
// test, drawing what else it needs from s. It returns Normal's value for w
// whatever w is.
func NormalSlow(s *[4]uint64, w uint64) float64 {
	for {
		i := w & 255
		j := w >> 12
		x := float64(j) * zigW[i]
		switch {
		case j < zigK[i]:
			return signed(x, w)
		case i == 0:
			return signed(zigR+normalTail(s), w)
		}
		u := float64(Next(s)>>11) * 0x1p-53
		if zigF[i]+u*(zigF[i+1]-zigF[i]) < math.Exp(-0.5*x*x) {
			return signed(x, w)
		}
		w = Next(s)
	}
}

// normalTail returns the excess over zigR of a normal conditioned to
// exceed it (Marsaglia 1964).
func normalTail(s *[4]uint64) float64 {
	for {
		x := -math.Log(OpenUniform(Next(s))) * (1 / zigR)
		y := -math.Log(OpenUniform(Next(s)))
		if y+y > x*x {
			return x
		}
	}
}

// OpenUniform maps a 64-bit draw to ((w >> 11) + 1/2) / 2^53, a uniform in
// (0, 1) that is never 0 or 1.
func OpenUniform(w uint64) float64 {
	return (float64(w>>11) + 0.5) * 0x1p-53
}

// Streams holds the xoshiro256++ states of up to FactorLanes paths, one
// array per word of the state, path i at index i of each.
type Streams struct {
	S0, S1, S2, S3 [FactorLanes]uint64
}

// Load sets the state of path i to s.
func (st *Streams) Load(i int, s *[4]uint64) {
	st.S0[i], st.S1[i], st.S2[i], st.S3[i] = s[0], s[1], s[2], s[3]
}

// Store copies the state of path i into s.
func (st *Streams) Store(i int, s *[4]uint64) {
	s[0], s[1], s[2], s[3] = st.S0[i], st.S1[i], st.S2[i], st.S3[i]
}

// Normals sets z[i], for paths 0 to n-1, to a standard normal drawn from
// path i's stream: what Normal would draw from it. On amd64 with AVX2 it
// draws four paths at a time and finishes the draws that fail the fast
// test with NormalSlow, path by path; the results do not depend on which
// code ran. It panics if n > FactorLanes.
func Normals(z *[FactorLanes]float64, st *Streams, n int) {
	if n > FactorLanes {
		panic("simd: Normals: too many paths")
	}
	done := normalsVec(z, st, n)
	normalsLoop(z, st, done, n)
}

// normalsLoop is Normals for paths from to n-1, one at a time.
func normalsLoop(z *[FactorLanes]float64, st *Streams, from, n int) {
	for i := from; i < n; i++ {
		// Normal, on the lane's state.
		w, s0, s1, s2, s3 := Xoshiro(st.S0[i], st.S1[i], st.S2[i], st.S3[i])
		k := w & 255
		if j := w >> 12; j < zigK[k] {
			st.S0[i], st.S1[i], st.S2[i], st.S3[i] = s0, s1, s2, s3
			z[i] = signed(float64(j)*zigW[k], w)
			continue
		}
		s := [4]uint64{s0, s1, s2, s3}
		z[i] = NormalSlow(&s, w)
		st.S0[i], st.S1[i], st.S2[i], st.S3[i] = s[0], s[1], s[2], s[3]
	}
}

// Uint64s sets w[i], for paths 0 to n-1, to the next 64 bits of path i's
// stream. It panics if n > FactorLanes.
func Uint64s(w *[FactorLanes]uint64, st *Streams, n int) {
	if n > FactorLanes {
		panic("simd: Uint64s: too many paths")
	}
	for i := range n {
		w[i], st.S0[i], st.S1[i], st.S2[i], st.S3[i] = Xoshiro(st.S0[i], st.S1[i], st.S2[i], st.S3[i])
	}
}
