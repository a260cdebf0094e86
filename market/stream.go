package market

import (
	"math"

	"github.com/wattfolio/wattfolio/market/internal/simd"
)

// Stream is the simulator's random generator: xoshiro256++ (Blackman and
// Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
// 47(4), 2021; https://prng.di.unimi.it/), 256 bits of state with period
// 2^256 - 1, and a 256-layer float64 ziggurat for its normals. It is a
// concrete type, not an interface, so that the simulator's inner loops
// inline its draws; Path and Batch.Run take one per path.
//
// Its methods have math/rand/v2's names and meanings, and Uint64 makes a
// *Stream a rand.Source (rand.New(s) gives the rest of rand.Rand's
// methods, and gonum's distributions take it as their Src).
//
// The zero Stream is not usable (xoshiro's all-zero state is fixed): seed
// it with Seed or NewStream. A Stream is not safe for concurrent use; copy
// it (a plain assignment) to replay its draws.
type Stream struct {
	s [4]uint64
}

// NewStream returns a Stream seeded with Seed(a, b).
func NewStream(a, b uint64) *Stream {
	r := new(Stream)
	r.Seed(a, b)
	return r
}

// Seed sets the state from the 128-bit seed (a, b), expanding it with
// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014): the first two words are the first two outputs
// of SplitMix64 started at a, the last two the first two of SplitMix64
// started at b XOR the first word. Distinct seeds give distinct states,
// and the state is never all zero: SplitMix64's output function is a
// bijection, so its first two outputs from one start are never both zero.
func (r *Stream) Seed(a, b uint64) {
	a += splitMixGamma
	r.s[0] = splitMix(a)
	r.s[1] = splitMix(a + splitMixGamma)
	b ^= r.s[0]
	b += splitMixGamma
	r.s[2] = splitMix(b)
	r.s[3] = splitMix(b + splitMixGamma)
}

// splitMixGamma is SplitMix64's increment, 2^64 over the golden ratio,
// made odd.
const splitMixGamma = 0x9e3779b97f4a7c15

// splitMix is SplitMix64's output function (its mix64 variant 13 of
// Stafford's, as in Steele et al.'s Java code).
func splitMix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// Uint64 returns the next 64 bits of the stream (xoshiro256++'s output).
func (r *Stream) Uint64() uint64 { return simd.Next(&r.s) }

// Float64 returns a uniform in [0, 1): the top 53 bits of Uint64 over
// 2^53.
func (r *Stream) Float64() float64 { return float64(r.Uint64()>>11) * 0x1p-53 }

// NormFloat64 returns a standard normal, drawn by a 256-layer ziggurat in
// float64 (Marsaglia and Tsang, "The Ziggurat Method for Generating Random
// Variables", J. Stat. Softw. 5(8), 2000). Its first draw w gives, from
// disjoint bits as Doornik ("An Improved Ziggurat Method to Generate Normal
// Random Samples", 2005) recommends, the layer i = w & 255, the sign (bit
// 8) and the abscissa's uniform j = w >> 12 (52 bits). Layer i is a
// rectangle of width x_i (x_0 = v/f(r), x_1 = r = 3.6541528853610088,
// x_256 = 0, f(x) = exp(-x²/2), every layer of area v). When j/2^52 <
// x_{i+1}/x_i, 98.5 % of draws, the normal is ±j x_i/2^52. Otherwise layer
// 0 draws from the tail beyond r by Marsaglia's method ("Generating a
// variable from the tail of the normal distribution", Technometrics 6(1),
// 1964: x = -ln(u1)/r and y = -ln(u2) until 2y > x², then r + x), and the
// other layers test the wedge with one more uniform, starting again from a
// new draw when it fails. The tables and the vector code that draws many
// paths' normals at once are in market/internal/simd (normal.go).
func (r *Stream) NormFloat64() float64 {
	return simd.Normal(&r.s)
}

// NormFloat64s sets dst[k] to rngs[k].NormFloat64() for every k: the same
// draws, made in one loop so that the draws of different streams overlap
// in the processor.
//
// It panics if dst is shorter than rngs or a stream is nil.
func NormFloat64s(dst []float64, rngs []*Stream) {
	dst = dst[:len(rngs)]
	for k, r := range rngs {
		s := &r.s
		w, s0, s1, s2, s3 := simd.Xoshiro(s[0], s[1], s[2], s[3])
		s[0], s[1], s[2], s[3] = s0, s1, s2, s3
		z, ok := simd.NormalFast(w)
		if !ok {
			z = simd.NormalSlow(s, w)
		}
		dst[k] = z
	}
}

// ExpFloat64 returns an exponential of rate 1 by inversion: -ln(u) for u
// = ((Uint64 >> 11) + 1/2) / 2^53, which is never 0 or 1 (so the result is
// finite, at most about 37.4).
func (r *Stream) ExpFloat64() float64 {
	return -math.Log(simd.OpenUniform(r.Uint64()))
}
