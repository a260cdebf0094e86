package risk

import (
	"cmp"
	"math"
	"slices"
)

// Pricing of boxSimplex: the simplex multipliers, the reduced costs of the
// working set, the choice of the entering column, and sifting.

// price computes y = B⁻ᵀ c_B and the reduced costs d_j = cost_j - yᵀa_j of
// the working set's columns (0 for basic ones), and returns the entering column Dantzig's scaled rule picks, as
// choose(false) would, in the same pass.
func (s *boxSimplex) price() (int, int) {
	m := s.m
	clear(s.y)
	for i := 0; i < m; i++ {
		cb := s.cost[s.head[i]]
		if cb == 0 {
			continue
		}
		row := s.binv[i*m : (i+1)*m]
		for k, v := range row {
			s.y[k] += cb * v
		}
	}
	s.ymax = 0
	for _, v := range s.y {
		s.ymax = math.Max(s.ymax, math.Abs(v))
	}
	best, bq, bdir := 0.0, -1, 0
	for _, j := range s.active {
		if s.pos[j] >= 0 {
			s.d[j] = 0
			continue
		}
		dj := s.cost[j] - s.dot(j)
		s.d[j] = dj
		if v, dir := s.attract(j, dj); v > best {
			best, bq, bdir = v, j, dir
		}
	}
	return bq, bdir
}

// dot returns yᵀa_j for a structural column j.
func (s *boxSimplex) dot(j int) float64 {
	m, y := s.m, s.y
	col := s.a[j*m : (j+1)*m : (j+1)*m]
	t0, t1 := 0.0, 0.0
	k := 0
	for ; k+4 <= len(col) && k+4 <= len(y); k += 4 {
		t0 += y[k]*col[k] + y[k+2]*col[k+2]
		t1 += y[k+1]*col[k+1] + y[k+3]*col[k+3]
	}
	for ; k < len(col) && k < len(y); k++ {
		t0 += y[k] * col[k]
	}
	return t0 + t1
}

// attract returns the pricing score of the nonbasic column j whose reduced
// cost is dj, and the direction it would move in, or 0, 0 if dj is within
// the dual tolerance (or of the sign that would push j past its bound).
func (s *boxSimplex) attract(j int, dj float64) (float64, int) {
	if s.lo[j] == s.up[j] {
		return 0, 0
	}
	dir := 0
	switch {
	case dj < 0 && s.x[j] < s.up[j]:
		dir = 1
	case dj > 0 && s.x[j] > s.lo[j]:
		dir = -1
	default:
		return 0, 0
	}
	ad, c := math.Abs(dj), math.Abs(s.cost[j])
	if ad <= boxTolDual*c {
		return 0, 0
	}
	// ‖y‖∞‖a_j‖₁ bounds Σ|y_i a_ij| from above; only a reduced cost
	// within that bound needs the sum itself (y may mix magnitudes:
	// weights of 1e6 beside weights of 1).
	if crude := s.ymax * s.norm1[j]; ad <= boxTolDual*(c+crude) && ad <= boxTolDual*(c+s.absDot(j))+boxTolNoise*crude {
		return 0, 0
	}
	return ad * s.scale[j], dir
}

// absDot returns Σ_i |y_i a_ij| for a structural column j.
func (s *boxSimplex) absDot(j int) float64 {
	m := s.m
	t := 0.0
	for i, v := range s.a[j*m : (j+1)*m] {
		t += math.Abs(s.y[i] * v)
	}
	return t
}

// choose returns the entering column and its direction (+1 to increase,
// -1 to decrease) from the reduced costs of the last price, or -1 if none
// is attractive. With bland set it is the smallest eligible index.
func (s *boxSimplex) choose(bland bool) (int, int) {
	best, bq, bdir := 0.0, -1, 0
	try := func(j int) {
		if s.pos[j] >= 0 {
			return
		}
		v, dir := s.attract(j, s.d[j])
		if v == 0 {
			return
		}
		if bland {
			if bq < 0 || j < bq {
				bq, bdir = j, dir
			}
			return
		}
		if v > best {
			best, bq, bdir = v, j, dir
		}
	}
	for _, j := range s.active {
		try(j)
	}
	return bq, bdir
}

// siftAdd prices the sifted columns outside the working set against the
// current y and adds the most attractive of them, at most boxSiftBatch,
// to it. It returns the number added; 0 means the working set's optimum
// is the whole program's.
func (s *boxSimplex) siftAdd() int {
	c := s.cand[:0]
	for j := 0; j < s.sift; j++ {
		if s.inSet[j] {
			continue
		}
		dj := s.cost[j] - s.dot(j)
		s.d[j] = dj
		if v, _ := s.attract(j, dj); v > 0 {
			s.score[j] = v
			c = append(c, j)
		}
	}
	if len(c) > boxSiftBatch {
		slices.SortFunc(c, func(a, b int) int { return cmp.Compare(s.score[b], s.score[a]) })
		c = c[:boxSiftBatch]
	}
	for _, j := range c {
		s.inSet[j] = true
		s.active = append(s.active, j)
	}
	return len(c)
}
