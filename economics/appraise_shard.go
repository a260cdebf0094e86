package economics

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/risk"
)

// Appraise's shards: an Appraisal is computed from an appraisalState, as
// a Report from a runState (shard.go), which it holds for the NPV (the
// run's total, with no workloads) and the J-curve (band set 0): the
// per-path IRRs and paybacks, whose percentiles need every value (3
// float64 a path: bounded by paths), the count of debt shortfalls and the
// year table's sums in integer cents, which add exactly in any order.

// appraisalState is the summary of an Appraise run's paths.
type appraisalState struct {
	run                *runState
	irr, eirr, payback []float64 // per path, NaN when undefined; any order
	shorts             int64
	sums               []int64 // per year and field, cents summed over paths
}

// fill computes the appraisal's results from st; with bands false, it
// keeps out's J-curve as it is (a merge that adds no band path).
func (st *appraisalState) fill(out *Appraisal, workers int, bands bool) error {
	r := st.run
	n := r.paths
	sums := make([]yearSums, len(st.sums)/nYearFields)
	for y := range sums {
		for f := range nYearFields {
			sums[y][f] = float64(st.sums[y*nYearFields+f]) / 100
		}
	}
	years, err := yearsTable(sums, n)
	if err != nil {
		return err
	}
	m, pm := r.fold()
	old := out.Bands
	*out = Appraisal{FirstPath: r.first, Paths: n, Horizon: r.horizon, Step: r.step, Years: years,
		NPV: r.stats(m, pm, 0), DebtShortfall: float64(st.shorts) / float64(n)}
	// percentilesOf reorders its values: it gets copies, so that the
	// state stays as it is for copies of the appraisal that share it.
	tasks := []func(*risk.Selector){
		func(sel *risk.Selector) { out.IRR = percentilesOf(sel, slices.Clone(st.irr)) },
		func(sel *risk.Selector) { out.EquityIRR = percentilesOf(sel, slices.Clone(st.eirr)) },
		func(sel *risk.Selector) { out.Payback = percentilesOf(sel, slices.Clone(st.payback)) },
	}
	switch {
	case !bands:
		out.Bands = old
	case r.bandsComplete():
		out.Bands = r.bandsOf(0, MaxAppraisalBands, &tasks)
	}
	runTasks(workers, tasks)
	return nil
}

// Merge appends shard o to a, as Report.Merge does for reports: o must be
// the next shard of the same Appraise run (Settings.TotalPaths > 0, the
// same seed, sizes, level, horizon, step and band paths, and years),
// starting where a ends. Shards merged in path order give the single
// run's Appraisal bit for bit (NPV, IRR, equity IRR and payback
// percentiles, debt shortfall, the year table and the J-curve once every
// band path is in); the merge that completes the run drops the state.
// The project is not recorded: merging shards of different projects is
// the caller's error.
//
// It returns ErrInvalid, leaving a unchanged, when either appraisal is
// not a shard or o is not the shard after a.
func (a *Appraisal) Merge(o Appraisal) error {
	sa, sb := a.shard, o.shard
	var ra, rb *runState
	if sa != nil {
		ra = sa.run
	}
	if sb != nil {
		rb = sb.run
	}
	if err := ra.mergeable(rb, "Appraisal", a.Paths, o.Paths); err != nil {
		return err
	}
	if len(sa.sums) != len(sb.sums) {
		return invalid("Merge's Appraisal", o.Paths, "is a shard of another project (its years differ)")
	}
	m := &appraisalState{run: ra.merge(rb), irr: slices.Concat(sa.irr, sb.irr), eirr: slices.Concat(sa.eirr, sb.eirr),
		payback: slices.Concat(sa.payback, sb.payback), shorts: sa.shorts + sb.shorts, sums: make([]int64, len(sa.sums))}
	for i := range m.sums {
		s, ok := add64(sa.sums[i], sb.sums[i])
		if !ok {
			return invalid(fmt.Sprintf("Years[%d]", i/nYearFields), "", "sums over paths beyond int64 cents (about 4.6e16 USD)")
		}
		m.sums[i] = s
	}
	out := Appraisal{Bands: a.Bands}
	if err := m.fill(&out, 0, rb.bandHeld > 0); err != nil {
		return err
	}
	if !m.run.complete() {
		out.shard = m
	}
	*a = out
	return nil
}

// newAppraisalRun returns the runState of an Appraise run of set: the NPV
// as its one distribution, the J-curve as its one band set.
func newAppraisalRun(set Settings) *runState {
	n := set.Paths
	st := &runState{seed: set.Seed, total: set.TotalPaths, first: set.FirstPath, paths: n, antithetic: set.Antithetic,
		level: set.Level, horizon: set.Horizon, step: set.Step, bandPaths: set.BandPaths, bandHeld: set.bandPathsHere(),
		bandSets: 1, bandMax: MaxAppraisalBands}
	chunks := (n + chunkSize - 1) / chunkSize
	st.chunks = make([]float64, chunks*chunkStride(st.dims()))
	if set.Antithetic {
		st.pairs = make([]float64, chunks*chunkStride(st.dims()))
	}
	return st
}

// addNPVChunk sums chunk c's NPVs into st's moments.
func (st *runState) addNPVChunk(c int, npv []float64) {
	var none [hardware.Colocation + 1][]float64
	st.addChunk(c, c*chunkSize, min((c+1)*chunkSize, len(npv)), npv, nil, &none)
}

// npvTail sets st's tail and losses from the run's NPVs.
func (st *runState) npvTail(sel *risk.Selector, npv []float64) {
	need := risk.TailLen(st.level, max(st.total, st.paths))
	st.tails = [][]float64{sel.Smallest(nil, need, npv)}
	st.losses = []int64{0}
	for _, v := range npv {
		if v < 0 {
			st.losses[0]++
		}
	}
}

type appraisalStateJSON struct {
	runStateJSON
	Level     float64   `json:"level"`
	IRR       floatBits `json:"irr"`
	EquityIRR floatBits `json:"equity_irr"`
	Payback   floatBits `json:"payback"`
	Shorts    int64     `json:"shorts"`
	Sums      []int64   `json:"sums"`
}

func (st *appraisalState) wire() (json.RawMessage, error) {
	if st == nil {
		return nil, nil
	}
	return json.Marshal(appraisalStateJSON{runStateJSON: *st.run.wire(), Level: st.run.level,
		IRR: st.irr, EquityIRR: st.eirr, Payback: st.payback, Shorts: st.shorts, Sums: st.sums})
}

// decodeAppraisalState reads the state of the appraisal a from raw,
// checking it against a's paths, settings and years.
func decodeAppraisalState(raw json.RawMessage, a *Appraisal) (*appraisalState, error) {
	const path = "Appraisal.shard"
	var w appraisalStateJSON
	if err := strictDecode(raw, &w, path); err != nil {
		return nil, err
	}
	run, err := w.runStateJSON.state(a.FirstPath, a.Paths, w.Level, a.Horizon, a.Step, 1, MaxAppraisalBands)
	if err != nil {
		return nil, err
	}
	if len(run.work) != 0 {
		return nil, invalid(path+".workloads", len(run.work), "must be empty in an appraisal")
	}
	st := &appraisalState{run: run, irr: w.IRR, eirr: w.EquityIRR, payback: w.Payback, shorts: w.Shorts, sums: w.Sums}
	for _, f := range []struct {
		name string
		v    []float64
	}{{"irr", st.irr}, {"equity_irr", st.eirr}, {"payback", st.payback}} {
		if len(f.v) != a.Paths {
			return nil, invalid(path+"."+f.name, len(f.v), fmt.Sprintf("must hold %d values, one per path", a.Paths))
		}
		for _, v := range f.v {
			if math.IsInf(v, 0) {
				return nil, invalid(path+"."+f.name, v, "must be finite or NaN (undefined)")
			}
		}
	}
	if st.shorts < 0 || st.shorts > int64(a.Paths) {
		return nil, invalid(path+".shorts", st.shorts, fmt.Sprintf("must be in [0, %d]", a.Paths))
	}
	if len(st.sums) != len(a.Years)*nYearFields || len(st.sums) == 0 {
		return nil, invalid(path+".sums", len(st.sums), fmt.Sprintf("must hold %d sums (%d fields for each of the %d years)", len(a.Years)*nYearFields, nYearFields, len(a.Years)))
	}
	return st, nil
}
