package economics

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/risk"
)

// The JSON of a shard's state (Report's "shard" key), so that shards can
// move between processes and machines exactly: counts and names as JSON,
// the float64 arrays as base64 of their little-endian IEEE 754 bits
// (exact, and a third of the size of decimal text). Decoding checks every
// length, count and value against the report it belongs to, so that a
// damaged or forged state is an error, never a panic in Merge or a
// plausible wrong report.

// floatBits is a []float64 written as base64 of its little-endian bits.
type floatBits []float64

func (f floatBits) MarshalJSON() ([]byte, error) {
	b := make([]byte, 8*len(f))
	for i, v := range f {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	return json.Marshal(base64.StdEncoding.EncodeToString(b))
}

func (f *floatBits) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return invalid("Report.shard array", len(data), "must be a string of base64 float64 bits")
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b)%8 != 0 {
		return invalid("Report.shard array", len(s), "must be base64 of a whole number of little-endian float64 (8 bytes each)")
	}
	v := make([]float64, len(b)/8)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	*f = v
	return nil
}

type runStateJSON struct {
	Seed       uint64              `json:"seed"`
	TotalPaths int                 `json:"total_paths"`
	Antithetic bool                `json:"antithetic"`
	BandPaths  int                 `json:"band_paths"`
	Workloads  []hardware.Workload `json:"workloads"`
	Chunks     floatBits           `json:"chunks"`
	Pairs      floatBits           `json:"pairs,omitempty"`
	Losses     []int64             `json:"losses"`
	Tails      []floatBits         `json:"tails"`
	BandHeld   int                 `json:"band_held"`
	Bands      [3]floatBits        `json:"bands"`
}

func (st *runState) wire() *runStateJSON {
	if st == nil {
		return nil
	}
	w := &runStateJSON{Seed: st.seed, TotalPaths: st.total, Antithetic: st.antithetic, BandPaths: st.bandPaths,
		Workloads: st.work, Chunks: st.chunks, Pairs: st.pairs, Losses: st.losses, BandHeld: st.bandHeld}
	for _, t := range st.tails {
		w.Tails = append(w.Tails, t)
	}
	for k, b := range st.bands {
		w.Bands[k] = b
	}
	return w
}

// state returns the runState w describes for paths [first, first+paths)
// of a run with the level, horizon and step given, and bands as a Report
// (sets 3, at most MaxBandPoints) or an Appraisal (1, MaxAppraisalBands)
// keeps them, or an error matching ErrInvalid naming the first field that
// does not fit them.
func (w *runStateJSON) state(first, paths int, level float64, horizon, step time.Duration, sets, maxPoints int) (*runState, error) {
	st := &runState{seed: w.Seed, total: w.TotalPaths, first: first, paths: paths, antithetic: w.Antithetic,
		level: level, horizon: horizon, step: step, bandPaths: w.BandPaths, work: w.Workloads,
		chunks: w.Chunks, pairs: w.Pairs, losses: w.Losses, bandHeld: w.BandHeld, bandSets: sets, bandMax: maxPoints}
	for _, t := range w.Tails {
		st.tails = append(st.tails, t)
	}
	for k, b := range w.Bands {
		st.bands[k] = b
	}
	if err := st.check(); err != nil {
		return nil, err
	}
	return st, nil
}

// check returns an error matching ErrInvalid when st is not the state of
// a shard that Analyze could have produced.
func (st *runState) check() error {
	set := Settings{Horizon: st.horizon, Step: st.step, Paths: st.paths, Level: st.level, Antithetic: st.antithetic,
		FirstPath: st.first, TotalPaths: st.total, BandPaths: max(st.bandPaths, 1)}
	switch {
	case st.total < 1:
		return invalid("Report.shard.total_paths", st.total, "must be positive in a shard")
	case st.bandPaths < 0 || st.bandPaths > st.total:
		return invalid("Report.shard.band_paths", st.bandPaths, fmt.Sprintf("must be in [0, %d] (total_paths)", st.total))
	}
	if _, err := set.resolved(); err != nil {
		return fmt.Errorf("economics: Report with a shard: %w", err)
	}
	if st.complete() {
		return invalid("Report.shard", st.paths, "is the state of a complete run, which a Report does not keep")
	}
	for i, w := range st.work {
		if w < hardware.BitcoinMining || w > hardware.Colocation || (i > 0 && w <= st.work[i-1]) {
			return invalid(fmt.Sprintf("Report.shard.workloads[%d]", i), w, "must be a workload other than idle, in ascending order, each once")
		}
	}
	d := st.dims()
	chunks := (st.paths + chunkSize - 1) / chunkSize
	if err := checkChunks("Report.shard.chunks", st.chunks, chunks, d, st.paths, 1); err != nil {
		return err
	}
	switch {
	case st.antithetic:
		if err := checkChunks("Report.shard.pairs", st.pairs, chunks, d, st.paths, 2); err != nil {
			return err
		}
	case st.pairs != nil:
		return invalid("Report.shard.pairs", len(st.pairs), "must be absent without antithetic pairs")
	}
	if len(st.losses) != len(st.work)+1 || len(st.tails) != len(st.work)+1 {
		return invalid("Report.shard.losses", len(st.losses), fmt.Sprintf("and tails must have %d entries (total, then each workload)", len(st.work)+1))
	}
	need := min(st.paths, risk.TailLen(st.level, st.total))
	for i, l := range st.losses {
		if l < 0 || l > int64(st.paths) {
			return invalid(fmt.Sprintf("Report.shard.losses[%d]", i), l, fmt.Sprintf("must be in [0, %d]", st.paths))
		}
		t := st.tails[i]
		if len(t) != need || !allFinite(t) || !slices.IsSorted(t) {
			return invalid(fmt.Sprintf("Report.shard.tails[%d]", i), len(t), fmt.Sprintf("must hold %d finite profits in ascending order", need))
		}
	}
	if want := max(0, min(st.bandPaths-st.first, st.paths)); st.bandHeld != want {
		return invalid("Report.shard.band_held", st.bandHeld, fmt.Sprintf("must be %d, the run's band paths in this shard", want))
	}
	points := newBandGrid(set.steps(), st.bandMax).points
	for k, b := range st.bands {
		want := points * st.bandHeld
		if k >= st.bandSets {
			want = 0
		}
		if len(b) != want || !allFinite(b) {
			return invalid(fmt.Sprintf("Report.shard.bands[%d]", k), len(b), fmt.Sprintf("must hold %d finite values (%d points x band_held, or none past the band sets kept)", want, points))
		}
	}
	return nil
}

// checkChunks checks the moments of chunks chunks of vectors of d values
// over paths paths, each chunk's count being its paths over per (1, or 2
// for pair means).
func checkChunks(field string, flat []float64, chunks, d, paths, per int) error {
	stride := chunkStride(d)
	if len(flat) != chunks*stride {
		return invalid(field, len(flat), fmt.Sprintf("must hold %d values (%d chunks of %d)", chunks*stride, chunks, stride))
	}
	if !allFinite(flat) {
		return invalid(field, "NaN or infinity", "must be finite")
	}
	for c := range chunks {
		m := flat[c*stride:]
		if n := min(chunkSize, paths-c*chunkSize) / per; m[0] != float64(n) {
			return invalid(fmt.Sprintf("%s (chunk %d count)", field, c), m[0], fmt.Sprintf("must be %d", n))
		}
		for i := range d {
			if m[1+d+i*d+i] < 0 {
				return invalid(fmt.Sprintf("%s (chunk %d co-moment %d)", field, c, i), m[1+d+i*d+i], "must not be negative")
			}
		}
	}
	return nil
}

// allFinite reports whether every value of x is finite.
func allFinite(x []float64) bool {
	for _, v := range x {
		if !finite(v) {
			return false
		}
	}
	return true
}
