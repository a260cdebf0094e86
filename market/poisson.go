package market

import "math"

// poissonPiece is the largest Poisson mean drawn by one inversion; larger
// means are split into pieces, each with its own uniform.
const poissonPiece = 16

// jump draws the jumps of a step of c from the Poisson uniform's 32 bits
// b (and rng, for pieces after the first) and returns their sum, drawing
// the jump normal, times sign, when there is at least one.
func (sim *Simulator) jump(c *stepConst, rng *Stream, sign float64, b uint32) float64 {
	var k float64
	if c.Jumps <= poissonPiece {
		k = poissonInv(uniform32(b), c.Jumps, c.expLambda)
	} else {
		k = poisson(uniform32(b), rng, c.Jumps)
	}
	// The jump sum's normal is drawn only when a jump happens: the uniform
	// decides that the same way for both signs, so antithetic partners
	// still consume the same draws.
	if k == 0 {
		return 0
	}
	p := &sim.model.Price
	zj := sign * rng.NormFloat64()
	return k*p.JumpMean + math.Sqrt(k)*p.JumpVol*zj
}

// poisson draws a Poisson(lambda) count by inversion of its CDF, one uniform
// per piece of mean at most poissonPiece: u for the first, then Float64
// draws from rng.
func poisson(u float64, rng *Stream, lambda float64) float64 {
	var n float64
	for lambda > 0 {
		l := min(lambda, poissonPiece)
		lambda -= l
		n += poissonInv(u, l, math.Exp(-l))
		if lambda > 0 {
			u = rng.Float64()
		}
	}
	return n
}

// uniform32 maps a 32-bit draw to the midpoint of its cell of (0, 1):
// (b + 1/2) / 2^32, a uniform on 2^32 points that never gives 0 or 1.
func uniform32(b uint32) float64 {
	return (float64(b) + 0.5) * 0x1p-32
}

// poissonInv returns the smallest k with P(N <= k) >= u for N ~
// Poisson(lambda), given e^{-lambda}: inversion of the CDF, summing the
// probabilities upward. It stops when they underflow.
func poissonInv(u, lambda, expNeg float64) float64 {
	p := expNeg
	cdf := p
	k := 0.0
	for u > cdf && p > 0 {
		k++
		p *= lambda / k
		cdf += p
	}
	return k
}
