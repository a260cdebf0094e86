package economics

import (
	"math"
)

// Sizes of the Poisson series of ValueCurtailment.
const (
	// poissonTail is the weight below which terms of the series are cut;
	// the mass left out is below 1e-13.
	poissonTail = 1e-15
	// maxPoissonNodes is the most terms the series keeps; beyond it (a
	// jump intensity times time above about 50), neighbouring jump counts
	// are pooled into this many cells, each at its mean count.
	maxPoissonNodes = 128
)

// poissonNodes returns the jump counts and weights of the series for a
// Poisson mean lam: every count whose probability is at least poissonTail,
// or, beyond maxPoissonNodes of them, that many cells of adjacent counts,
// each at its probability-weighted mean count with the cell's probability.
func (c *curtailCalc) poissonNodes(lam float64) (nodes, wts []float64) {
	nodes, wts = c.nodes[:0], c.wts[:0]
	if !(lam > 0) {
		return append(nodes, 0), append(wts, 1)
	}
	mode := math.Floor(lam)
	lg, _ := math.Lgamma(mode + 1)
	wm := math.Exp(-lam + mode*math.Log(lam) - lg)
	// Walk down from the mode to the first negligible count, then up.
	k, w := mode, wm
	for k > 0 && w >= poissonTail {
		w *= k / lam
		k--
	}
	raw, rawW := c.raw[:0], c.rawW[:0]
	for ; k <= mode || w >= poissonTail; k++ {
		if w >= poissonTail {
			raw = append(raw, k)
			rawW = append(rawW, w)
		}
		w *= lam / (k + 1)
	}
	c.raw, c.rawW = raw, rawW
	if len(raw) <= maxPoissonNodes {
		return append(nodes, raw...), append(wts, rawW...)
	}
	per := (len(raw) + maxPoissonNodes - 1) / maxPoissonNodes
	for i := 0; i < len(raw); i += per {
		var sw, swn float64
		for j := i; j < min(i+per, len(raw)); j++ {
			sw += rawW[j]
			swn += rawW[j] * raw[j]
		}
		nodes = append(nodes, swn/sw)
		wts = append(wts, sw)
	}
	return nodes, wts
}
