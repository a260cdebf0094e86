package economics

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// A Report is computed from a runState, the summary of a run's paths that
// does not depend on how they were split: the moments of each chunk of
// ChunkSize paths (merged in chunk order), the smallest profits of each
// distribution (VaR and CVaR, risk.TailSorted), the count of losses and
// the band paths' cumulative profits. Analyze builds it for every run; a
// shard (Settings.TotalPaths > 0) keeps it in its Report, and Report.Merge
// concatenates two and computes the Report again, so that shards merged in
// path order give the single run's bits. Its memory is a few float64 per
// chunk, at most TailLen(level, TotalPaths) profits per distribution and
// the shard's band values: bounded by its paths, never by paths x steps.

// runState is the summary of paths [first, first+paths) of a run.
type runState struct {
	seed       uint64
	total      int // Settings.TotalPaths; 0 for a run that stands alone
	first      int
	paths      int
	antithetic bool
	level      float64
	horizon    time.Duration
	step       time.Duration
	bandPaths  int // the run's band paths (Settings.BandPaths resolved)

	// work lists the workloads present, ascending. Each path is a vector
	// of dims = len(work) + 2 (+1 with AI cloud) values: total profit,
	// profit by workload in work's order, BTC mined, and, when AI cloud is
	// present, mining profit (bitcoin and GPU mining) for the correlation.
	work []hardware.Workload

	// chunks holds, per chunk, the count k, the mean vector and the
	// co-moment matrix of its paths' vectors (moments), stride
	// chunkStride(dims); pairs the same of antithetic pair means.
	chunks, pairs []float64
	// losses counts, per distribution (total, then work's), the paths
	// with a loss; tails holds their smallest profits, ascending.
	losses []int64
	tails  [][]float64

	// bandHeld is how many of the run's band paths are here (its first
	// ones), bands their cumulative profits, [point*bandHeld + path], on
	// a grid of at most bandMax points; only the first bandSets of bands
	// are used (3 for a Report: total, mining, AI cloud; 1 for an
	// Appraisal's J-curve).
	bandHeld int
	bands    [3][]float64
	bandMax  int
	bandSets int
}

// dims returns the length of a path's vector.
func (st *runState) dims() int {
	d := len(st.work) + 2
	if slices.Contains(st.work, hardware.AICloud) {
		d++
	}
	return d
}

// chunkStride is the length of one chunk's moments: k, mean, co-moments.
func chunkStride(d int) int { return 1 + d + d*d }

// vector writes path p's vector to v from the per-path arrays of a run:
// total, by workload (byW, indexed by workload), mined (nil: none).
func (st *runState) vector(v []float64, p int, total, mined []float64, byW *[hardware.Colocation + 1][]float64) {
	v[0] = total[p]
	for i, w := range st.work {
		v[1+i] = byW[w][p]
	}
	n := len(st.work)
	v[n+1] = 0
	if mined != nil {
		v[n+1] = mined[p]
	}
	if len(v) > n+2 {
		m := 0.0
		if x := byW[hardware.BitcoinMining]; x != nil {
			m = x[p]
		}
		if x := byW[hardware.GPUMining]; x != nil {
			m += x[p]
		}
		v[n+2] = m
	}
}

// addChunk sums the vectors of paths lo to hi-1 (local indices) into
// chunk c's moments, and their antithetic pair means into its pairs, by
// Welford's updates in path order.
func (st *runState) addChunk(c, lo, hi int, total, mined []float64, byW *[hardware.Colocation + 1][]float64) {
	d := st.dims()
	acc := newMoments(d)
	v, u := make([]float64, d), make([]float64, d)
	for p := lo; p < hi; p++ {
		st.vector(v, p, total, mined, byW)
		acc.add(v)
	}
	acc.store(st.chunks[c*chunkStride(d):][:chunkStride(d)])
	if st.pairs == nil {
		return
	}
	acc.reset()
	for p := lo; p+1 < hi; p += 2 {
		st.vector(v, p, total, mined, byW)
		st.vector(u, p+1, total, mined, byW)
		for i := range v {
			v[i] = (v[i] + u[i]) / 2
		}
		acc.add(v)
	}
	acc.store(st.pairs[c*chunkStride(d):][:chunkStride(d)])
}

// store writes m's count, mean and co-moments to dst, which must have
// chunkStride(len(m.mean)) values.
func (m *moments) store(dst []float64) {
	d := len(m.mean)
	dst[0] = m.k
	copy(dst[1:1+d], m.mean)
	copy(dst[1+d:], m.c)
}

// fold merges the chunks' moments in chunk order.
func foldChunks(flat []float64, d int) *moments {
	acc := newMoments(d)
	stride := chunkStride(d)
	for c := 0; c+stride <= len(flat); c += stride {
		o := moments{k: flat[c], mean: flat[c+1 : c+1+d], c: flat[c+1+d : c+stride]}
		acc.merge(&o)
	}
	return acc
}

// fold returns the moments of st's paths and, with antithetic pairs, of
// its pair means: the chunks merged in chunk order.
func (st *runState) fold() (m, pm *moments) {
	d := st.dims()
	m = foldChunks(st.chunks, d)
	if st.pairs != nil {
		pm = foldChunks(st.pairs, d)
	}
	return m, pm
}

// stats returns the Stats of distribution i (0 for the total, 1+j for
// workload work[j]) from the folded moments m and pm.
func (st *runState) stats(m, pm *moments, i int) Stats {
	d, n := st.dims(), st.paths
	s := Stats{Mean: m.mean[i], ProbLoss: float64(st.losses[i]) / float64(n)}
	s.VaR, s.CVaR = risk.TailSorted(st.level, n, st.tails[i])
	if n < 2 {
		return s
	}
	s.Variance = m.c[i*d+i] / float64(n-1)
	s.StdDev = math.Sqrt(s.Variance)
	s.StdErr = s.StdDev / math.Sqrt(float64(n))
	if pm != nil && n >= 4 {
		pairs := pm.k
		s.StdErr = math.Sqrt(pm.c[i*d+i]/(pairs-1)) / math.Sqrt(pairs)
	}
	return s
}

// bandsOf returns the bands of band set k (st.bands[k]) on the grid of at
// most maxPoints points, their percentiles computed by tasks appended to
// tasks: the bands are complete once the tasks have run.
func (st *runState) bandsOf(k, maxPoints int, tasks *[]func(*risk.Selector)) []Band {
	g := newBandGrid(bandSteps(st.horizon, st.step), maxPoints)
	out := make([]Band, g.points)
	h := st.bandHeld
	for t := range g.points {
		*tasks = append(*tasks, func(sel *risk.Selector) {
			out[t] = bandAt(sel, st.bands[k][t*h:(t+1)*h], st.step, st.horizon, g, t)
		})
	}
	return out
}

// bandsComplete reports whether st holds every band path of its run, so
// that its bands are the run's: a shard that holds some of them has no
// bands until merged with the rest.
func (st *runState) bandsComplete() bool {
	run := st.paths
	if st.total > 0 {
		run = st.total
	}
	return st.bandHeld > 0 && st.bandHeld == min(st.bandPaths, run)
}

// fill computes r's statistics, mined bitcoin, correlation and, when st
// holds every band path and bands is true, bands from st, running the
// band percentiles on workers goroutines. With bands false, r's bands are
// left as they are (a merge that adds no band path). It returns the mean
// bitcoin mined, BTC, before its rounding to sats, for the caller's
// overflow check.
func (st *runState) fill(r *Report, workers int, bands bool) (meanMinedBTC float64) {
	d := st.dims()
	m, pm := st.fold()
	n := st.paths
	r.FirstPath, r.Paths, r.Horizon, r.Step, r.Level = st.first, n, st.horizon, st.step, st.level
	r.Stats = st.stats(m, pm, 0)
	r.ByWorkload = make(map[hardware.Workload]Stats, len(st.work))
	for i, w := range st.work {
		r.ByWorkload[w] = st.stats(m, pm, 1+i)
	}
	mi := len(st.work) + 1
	r.MeanMined = market.Sats(math.Round(m.mean[mi] * market.SatsPerBTC))
	r.MinedStdDev = 0
	if n > 1 {
		r.MinedStdDev = math.Sqrt(m.c[mi*d+mi]/float64(n-1)) * market.SatsPerBTC
	}
	r.MiningAICorrelation = 0
	if ai := slices.Index(st.work, hardware.AICloud); ai >= 0 {
		x, y := mi+1, 1+ai
		if sxx, syy := m.c[x*d+x], m.c[y*d+y]; sxx != 0 && syy != 0 {
			r.MiningAICorrelation = m.c[x*d+y] / math.Sqrt(sxx*syy)
		}
	}
	meanMinedBTC = m.mean[mi]
	if !bands {
		return meanMinedBTC
	}
	r.Bands, r.MiningBands, r.AIBands = nil, nil, nil
	if !st.bandsComplete() {
		return meanMinedBTC
	}
	var tasks []func(*risk.Selector)
	r.Bands = st.bandsOf(0, MaxBandPoints, &tasks)
	r.MiningBands = st.bandsOf(1, MaxBandPoints, &tasks)
	r.AIBands = st.bandsOf(2, MaxBandPoints, &tasks)
	runTasks(workers, tasks)
	return meanMinedBTC
}

// bandSteps returns the steps of a horizon: Settings.steps.
func bandSteps(horizon, step time.Duration) int {
	return Settings{Horizon: horizon, Step: step}.steps()
}

// complete reports whether st covers its whole run, so that a Report
// need not keep it.
func (st *runState) complete() bool {
	return st.total == 0 || (st.first == 0 && st.paths == st.total)
}

// Merge appends shard o to r: o must be the next shard of the same run
// (Settings.TotalPaths > 0, the same seed, sizes, level, horizon, step,
// band paths and workloads), starting where r ends (o.FirstPath =
// r.FirstPath + r.Paths). r then reports paths [r.FirstPath, o.FirstPath
// + o.Paths): shards merged in path order give the Report of the single
// run bit for bit (every statistic, the correlation, bitcoin mined and
// the bands, once every band path is in), and a merge that completes the
// run drops the state shards keep, so the result equals the single run's
// Report. Merge copies what it keeps of o's state and does not change the
// state r shares with copies of it, so merging into a copy of a shard
// leaves the shard as it was.
//
// It returns ErrInvalid, leaving r unchanged, when either report is not
// a shard or has been completed, or when o is not the shard after r.
// The inputs (site, allocation, model, snapshot) are not recorded: merging
// shards of different inputs with the same settings is the caller's
// error, and gives a Report of neither.
func (r *Report) Merge(o Report) error {
	a, b := r.shard, o.shard
	if err := a.mergeable(b, "Report", r.Paths, o.Paths); err != nil {
		return err
	}
	m := a.merge(b)
	m.fill(r, 0, b.bandHeld > 0)
	r.shard = m
	if m.complete() {
		r.shard = nil
	}
	return nil
}

// mergeSorted returns the least n values of the ascending lists x and y,
// in ascending order, in a new slice.
func mergeSorted(x, y []float64, n int) []float64 {
	out := make([]float64, 0, min(n, len(x)+len(y)))
	for len(out) < cap(out) {
		if len(y) == 0 || (len(x) > 0 && x[0] <= y[0]) {
			out, x = append(out, x[0]), x[1:]
		} else {
			out, y = append(out, y[0]), y[1:]
		}
	}
	return out
}

// mergeable returns an ErrInvalid unless b is the shard of the same run
// after a; what names the type, pa and pb are the two reports' paths.
func (a *runState) mergeable(b *runState, what string, pa, pb int) error {
	switch {
	case a == nil:
		return invalid(what, pa, "is not a shard of a run (Settings.TotalPaths was 0) or is already complete: it has nothing to merge")
	case b == nil:
		return invalid("Merge's "+what, pb, "is not a shard of a run (Settings.TotalPaths was 0) or is already complete")
	case b.first != a.first+a.paths:
		return invalid("Merge's "+what+" FirstPath", b.first, fmt.Sprintf("must be %d, where the %s merged into ends: shards merge in path order", a.first+a.paths, what))
	case a.seed != b.seed || a.total != b.total || a.antithetic != b.antithetic || a.bandPaths != b.bandPaths:
		return invalid("Merge's "+what, pb, "is a shard of another run (its seed, TotalPaths, Antithetic or BandPaths differ)")
	case a.level != b.level || a.horizon != b.horizon || a.step != b.step:
		return invalid("Merge's "+what, pb, "is a shard of another run (its Level, Horizon or Step differ)")
	case !slices.Equal(a.work, b.work) || a.bandSets != b.bandSets || a.bandMax != b.bandMax:
		return invalid("Merge's "+what, pb, "is a shard of another allocation (its workloads differ)")
	}
	return nil
}

// merge returns a new state for a's paths followed by b's.
func (a *runState) merge(b *runState) *runState {
	m := *a
	m.paths = a.paths + b.paths
	m.chunks = slices.Concat(a.chunks, b.chunks)
	if a.pairs != nil {
		m.pairs = slices.Concat(a.pairs, b.pairs)
	}
	m.losses = make([]int64, len(a.losses))
	m.tails = make([][]float64, len(a.tails))
	need := risk.TailLen(a.level, a.total)
	for i := range a.losses {
		m.losses[i] = a.losses[i] + b.losses[i]
		m.tails[i] = mergeSorted(a.tails[i], b.tails[i], need)
	}
	m.bandHeld = a.bandHeld + b.bandHeld
	if b.bandHeld > 0 {
		points := len(b.bands[0]) / b.bandHeld
		for k := range m.bands {
			if len(b.bands[k]) == 0 {
				continue // a set the report does not have (Appraise's J-curve is one)
			}
			v := make([]float64, 0, points*m.bandHeld)
			for t := range points {
				v = append(v, a.bands[k][t*a.bandHeld:(t+1)*a.bandHeld]...)
				v = append(v, b.bands[k][t*b.bandHeld:(t+1)*b.bandHeld]...)
			}
			m.bands[k] = v
		}
	}
	return &m
}
