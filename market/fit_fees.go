package market

import (
	"fmt"
	"math"
	"time"

	"github.com/wattfolio/wattfolio/internal/num"
)

// FeeFit is what FitFeeShare finds in daily fees.
type FeeFit struct {
	// Share is the mean over the days of the fees' share of the miners'
	// revenue, Fees / (Fees + Subsidy), with a block-bootstrap standard
	// error. It is a plain mean of the days given: over windows of
	// different eras it mixes their levels, and its standard error
	// covers the noise within the windows, not the choice of windows.
	Share Estimate
	// Vol is FeeModel.Vol for daily steps: the log standard deviation of
	// a day's fees per block around their level, estimated as the
	// standard deviation of the change of log fees per block between
	// consecutive days divided by √2 (under the model's independent daily
	// draws, Var(log F_t - log F_{t-1}) = 2 Vol²). Its standard error is
	// the block bootstrap's. FeeModel draws one value per simulation step,
	// whatever its length: Vol fits simulations in daily steps.
	Vol Estimate
	// Days is the number of days given; From and To the first and last
	// Date.
	Days     int
	From, To time.Time
}

// Settings of FitFeeShare.
const (
	// feeBlockDays is the block length of the bootstrap: a week.
	feeBlockDays = 7
	// feeBootstrap is the number of bootstrap replicates.
	feeBootstrap = 2000
	// minFeeChanges is the fewest consecutive-day changes a fit accepts.
	minFeeChanges = 14
)

// FitFeeShare fits the fee share of the reward and FeeModel.Vol to daily
// fees. The days need not be contiguous: windows of consecutive days
// separated by gaps are fine, and only changes between consecutive days
// (Dates exactly 24 hours apart) enter Vol.
//
// The fees per block of a day are Fees / (Subsidy / subsidy per block);
// within a halving era the subsidy per block is fixed, so the change of
// log fees per block between consecutive days is the change of
// log(Fees/Subsidy), free of the day's block count. A pair of days across
// a halving would carry a spurious log 2 and should not be given.
//
// Standard errors come from a block bootstrap: each window of consecutive
// days is cut into blocks of 7 days (the last block of a window may be
// shorter), each replicate draws, within each window, as many blocks as it
// has, with replacement, and recomputes both estimates (the share as the
// mean of the windows' means weighted by their days in the data); a
// change belongs to the block of its later day. 2000 replicates from a fixed seed: the
// result is deterministic.
//
// It returns an error matching ErrInvalid that names the row, as in
// "Fees[12].Fees", if a day's Fees or Subsidy is not finite and positive,
// its Date is not after the previous one or lies before 1970 or from 2200
// on, or there are fewer than 14 changes between consecutive days.
func FitFeeShare(fees []DailyFees) (FeeFit, error) {
	n := len(fees)
	share := make([]float64, n)
	change := make([]float64, n) // NaN: no consecutive previous day
	changes := 0
	var blocks [][2]int // [start, end) rows
	var windows []int   // first block of each window, then len(blocks)
	for i, f := range fees {
		row := func(field string) string { return fmt.Sprintf("Fees[%d].%s", i, field) }
		if !num.Finite(f.Fees) || f.Fees <= 0 {
			return FeeFit{}, invalid(row("Fees"), f.Fees, "must be finite and positive")
		}
		if !num.Finite(f.Subsidy) || f.Subsidy <= 0 {
			return FeeFit{}, invalid(row("Subsidy"), f.Subsidy, "must be finite and positive")
		}
		if err := checkFitTime(row, "Date", f.Date); err != nil {
			return FeeFit{}, err
		}
		share[i] = f.Fees / (f.Fees + f.Subsidy)
		change[i] = math.NaN()
		consecutive := false
		if i > 0 {
			prev := fees[i-1]
			if !f.Date.After(prev.Date) {
				return FeeFit{}, invalid(row("Date"), f.Date, fmt.Sprintf("must be after the previous row's %v", prev.Date))
			}
			if f.Date.Sub(prev.Date) == 24*time.Hour {
				consecutive = true
				change[i] = math.Log(f.Fees/f.Subsidy) - math.Log(prev.Fees/prev.Subsidy)
				changes++
			}
		}
		switch {
		case !consecutive:
			windows = append(windows, len(blocks))
			blocks = append(blocks, [2]int{i, i + 1})
		case blocks[len(blocks)-1][1]-blocks[len(blocks)-1][0] == feeBlockDays:
			blocks = append(blocks, [2]int{i, i + 1})
		default:
			blocks[len(blocks)-1][1]++
		}
	}
	if changes < minFeeChanges {
		return FeeFit{}, invalid("Fees", n, fmt.Sprintf("need at least %d changes between consecutive days; have %d", minFeeChanges, changes))
	}
	windows = append(windows, len(blocks))
	days := make([]int, len(windows)-1)
	for w := range days {
		days[w] = blocks[windows[w+1]-1][1] - blocks[windows[w]][0]
	}

	fit := FeeFit{Days: n, From: fees[0].Date, To: fees[n-1].Date}
	shareHat, volHat := feeStats(share, change, blocks, windows, days, n)

	rng := NewStream(0x6665657321, 12) // fixed: the bootstrap is deterministic
	pick := make([][2]int, len(blocks))
	var sumS, sumS2, sumV, sumV2 float64
	for range feeBootstrap {
		k := 0
		for w := 0; w+1 < len(windows); w++ {
			lo, hi := windows[w], windows[w+1]
			for range hi - lo {
				pick[k] = blocks[lo+int(rng.Uint64()%uint64(hi-lo))]
				k++
			}
		}
		s, v := feeStats(share, change, pick, windows, days, n)
		sumS += s
		sumS2 += s * s
		sumV += v
		sumV2 += v * v
	}
	const b = feeBootstrap
	sdS := math.Sqrt(max(0, (sumS2-sumS*sumS/b)/(b-1)))
	sdV := math.Sqrt(max(0, (sumV2-sumV*sumV/b)/(b-1)))
	fit.Share = Estimate{Value: shareHat, StdErr: sdS, Fitted: true}
	fit.Vol = Estimate{Value: volHat, StdErr: sdV, Fitted: true}
	if !num.Finite(volHat) || !num.Finite(sdV) || !num.Finite(sdS) {
		return FeeFit{}, invalid("Fees", n, "the fit is numerically degenerate")
	}
	return fit, nil
}

// feeStats returns the mean share and the standard deviation of the
// defined changes over √2 (0 with fewer than two) of the rows of blocks.
// blocks[windows[w]:windows[w+1]] are window w's, whose mean share enters
// with the weight of its days in the data, days[w]/total: a stratified
// mean, so that blocks of unequal lengths do not reweight the windows.
func feeStats(share, change []float64, blocks [][2]int, windows, days []int, total int) (meanShare, vol float64) {
	var m int
	var mean, m2 float64
	for w := 0; w+1 < len(windows); w++ {
		var sum float64
		var nw int
		for _, bl := range blocks[windows[w]:windows[w+1]] {
			for i := bl[0]; i < bl[1]; i++ {
				nw++
				sum += share[i]
				if c := change[i]; !math.IsNaN(c) {
					m++ // Welford's update
					d := c - mean
					mean += d / float64(m)
					m2 += d * (c - mean)
				}
			}
		}
		meanShare += sum / float64(nw) * float64(days[w]) / float64(total)
	}
	if m > 1 {
		vol = math.Sqrt(m2 / float64(m-1) / 2)
	}
	return meanShare, vol
}

// feeChanges counts the rows of fees that follow the previous row by one
// day: the changes FitFeeShare needs at least minFeeChanges of.
func feeChanges(fees []DailyFees) int {
	n := 0
	for i := 1; i < len(fees); i++ {
		if fees[i].Date.Sub(fees[i-1].Date) == 24*time.Hour {
			n++
		}
	}
	return n
}
