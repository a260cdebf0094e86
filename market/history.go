package market

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// Market history passed in as values, for fitting a Model to data: the
// library reads no files; a caller (examples/calibrate, a service) reads
// its series and hands them over. Each series is sorted ascending, one
// row per date (per epoch for difficulty); History.Validate checks them.

// DailyPrice is a day's closing price of bitcoin, USD per BTC, on the UTC
// day Date (midnight UTC).
type DailyPrice struct {
	Date  time.Time
	Close float64
}

// Epoch is one difficulty epoch of 2016 blocks: the height and time of its
// first block, and the difficulty every block of it carries (the ratio of
// the largest target to the epoch's target).
type Epoch struct {
	Height     int64
	Time       time.Time
	Difficulty float64
}

// DailyFees is the total of a UTC day's transaction fees and block
// subsidies paid to miners, BTC, on the day Date (midnight UTC).
type DailyFees struct {
	Date          time.Time
	Fees, Subsidy float64
}

// DatedValue is one observation of a caller's own series: a power price,
// USD per MWh, or a GPU rental rate index, on the UTC day Date.
type DatedValue struct {
	Date  time.Time
	Value float64
}

// History is market history: bitcoin's daily closes, its difficulty
// epochs, and optionally daily fees and a caller's power price and GPU
// rate series.
type History struct {
	Prices []DailyPrice
	Epochs []Epoch
	Fees   []DailyFees  // optional
	Power  []DatedValue // optional, USD per MWh
	GPU    []DatedValue // optional, a rate index or USD per GPU-hour
}

// Estimate is one parameter of a fit: its value and standard error, or a
// value carried over from a model given, unfitted (Fitted false, StdErr
// NaN).
type Estimate struct {
	Value, StdErr float64
	Fitted        bool
}

// dateLayout is how Validate's errors print the dates of daily series.
const dateLayout = "2006-01-02"

// Validate reports whether h is history a fit can read. Each series is
// checked on its own:
//
//   - Prices, Fees, Power and GPU: dates at midnight UTC (the instant; the
//     Location may be any), strictly ascending, so no two rows share a date;
//     Prices[i].Close, Power[i].Value and GPU[i].Value finite and positive;
//     Fees[i].Fees finite and >= 0, Fees[i].Subsidy finite and positive.
//   - Epochs: heights >= 0 and strictly ascending; times set (not the zero
//     time.Time) and non-decreasing; difficulties finite and >= 1 (the
//     difficulty of the largest target mainnet allows).
//   - Prices and Epochs, when not empty, hold at least 2 rows: one close
//     gives no return and one epoch no duration. An empty series is
//     accepted; a fit that needs it says so.
//
// Rows need not be contiguous: gaps between dates or heights are allowed
// (the shipped fee series has four windows). The series need not cover the
// same dates.
//
// It returns nil or the first fault found, as an *InvalidError matching
// ErrInvalid whose Field names the series, row and field, as in
// "History.Prices[12].Date", and whose Reason gives the limit broken.
func (h History) Validate() error {
	if err := validatePrices(h.Prices); err != nil {
		return err
	}
	if err := validateEpochs(h.Epochs); err != nil {
		return err
	}
	if err := validateFees(h.Fees); err != nil {
		return err
	}
	if err := validateValues("History.Power", h.Power); err != nil {
		return err
	}
	return validateValues("History.GPU", h.GPU)
}

func validatePrices(p []DailyPrice) error {
	if len(p) == 1 {
		return invalid("len(History.Prices)", 1, "must be 0 or at least 2: one close gives no return")
	}
	for i, r := range p {
		var prev time.Time
		if i > 0 {
			prev = p[i-1].Date
		}
		if err := checkDay("History.Prices", i, r.Date, prev); err != nil {
			return err
		}
		if !positive(r.Close) {
			return invalid(fmt.Sprintf("History.Prices[%d].Close", i), r.Close, "must be finite and positive")
		}
	}
	return nil
}

func validateFees(f []DailyFees) error {
	for i, r := range f {
		var prev time.Time
		if i > 0 {
			prev = f[i-1].Date
		}
		if err := checkDay("History.Fees", i, r.Date, prev); err != nil {
			return err
		}
		if math.IsNaN(r.Fees) || math.IsInf(r.Fees, 0) || r.Fees < 0 {
			return invalid(fmt.Sprintf("History.Fees[%d].Fees", i), r.Fees, "must be finite and >= 0")
		}
		if !positive(r.Subsidy) {
			return invalid(fmt.Sprintf("History.Fees[%d].Subsidy", i), r.Subsidy, "must be finite and positive")
		}
	}
	return nil
}

func validateValues(series string, v []DatedValue) error {
	for i, r := range v {
		var prev time.Time
		if i > 0 {
			prev = v[i-1].Date
		}
		if err := checkDay(series, i, r.Date, prev); err != nil {
			return err
		}
		if !positive(r.Value) {
			return invalid(fmt.Sprintf("%s[%d].Value", series, i), r.Value, "must be finite and positive")
		}
	}
	return nil
}

// checkDay checks the date d of row i of a daily series: set, at midnight
// UTC, and after prev, row i-1's date (unused for row 0).
func checkDay(series string, i int, d, prev time.Time) error {
	field := fmt.Sprintf("%s[%d].Date", series, i)
	if d.IsZero() {
		return invalid(field, "0001-01-01 (zero time.Time)", "must be set")
	}
	if !isMidnightUTC(d) {
		return invalid(field, d.UTC().Format(time.RFC3339Nano), "must be at midnight UTC")
	}
	if i == 0 {
		return nil
	}
	switch {
	case d.Equal(prev):
		return invalid(field, d.UTC().Format(dateLayout),
			fmt.Sprintf("duplicates %s[%d].Date: dates must ascend, one row a day", series, i-1))
	case d.Before(prev):
		return invalid(field, d.UTC().Format(dateLayout),
			fmt.Sprintf("before %s[%d].Date = %s: dates must ascend", series, i-1, prev.UTC().Format(dateLayout)))
	}
	return nil
}

func validateEpochs(e []Epoch) error {
	if len(e) == 1 {
		return invalid("len(History.Epochs)", 1, "must be 0 or at least 2: one epoch gives no duration")
	}
	for i, r := range e {
		if err := checkEpoch(fmt.Sprintf("History.Epochs[%d]", i), r); err != nil {
			return err
		}
		if i == 0 {
			continue
		}
		prev := e[i-1]
		if r.Height <= prev.Height {
			return invalid(fmt.Sprintf("History.Epochs[%d].Height", i), r.Height,
				fmt.Sprintf("not above History.Epochs[%d].Height = %d: heights must ascend", i-1, prev.Height))
		}
		if r.Time.Before(prev.Time) {
			return invalid(fmt.Sprintf("History.Epochs[%d].Time", i), r.Time.UTC().Format(time.RFC3339),
				fmt.Sprintf("before History.Epochs[%d].Time = %s: times must not decrease",
					i-1, prev.Time.UTC().Format(time.RFC3339)))
		}
	}
	return nil
}

// checkEpoch checks one epoch's own fields; row is its name in errors.
func checkEpoch(row string, e Epoch) error {
	switch {
	case e.Height < 0:
		return invalid(row+".Height", e.Height, "must be >= 0")
	case e.Time.IsZero():
		return invalid(row+".Time", "0001-01-01 (zero time.Time)", "must be set")
	case math.IsNaN(e.Difficulty) || math.IsInf(e.Difficulty, 0) || e.Difficulty < 1:
		return invalid(row+".Difficulty", e.Difficulty, "must be finite and >= 1")
	}
	return nil
}

func positive(x float64) bool { return x > 0 && !math.IsInf(x, 1) }

// isMidnightUTC reports whether t is 00:00:00 UTC of its UTC day.
func isMidnightUTC(t time.Time) bool {
	u := t.UTC()
	return u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0
}

// EpochFromBits returns the epoch starting at height and time t whose
// blocks carry the compact target bits, with the difficulty that
// DifficultyFromBits gives (the difficulty-1 target over the target,
// rounded once to float64; 0x1d00ffff is difficulty 1).
//
// It returns an error matching ErrInvalid if height is negative, t is the
// zero time.Time, or bits is rejected by TargetFromBits or encodes a
// target above the difficulty-1 target (difficulty below 1, which
// Validate rejects; test networks' 0x207fffff is one).
func EpochFromBits(height int64, t time.Time, bits uint32) (Epoch, error) {
	d, err := DifficultyFromBits(bits)
	if ie := (*InvalidError)(nil); errors.As(err, &ie) {
		return Epoch{}, invalid("Epoch.Bits", ie.Value, ie.Reason)
	} else if err != nil {
		return Epoch{}, err
	}
	if d < 1 {
		return Epoch{}, invalid("Epoch.Bits", bitsString(bits), "target above the difficulty-1 target 0x1d00ffff")
	}
	e := Epoch{Height: height, Time: t, Difficulty: d}
	if err := checkEpoch("Epoch", e); err != nil {
		return Epoch{}, err
	}
	return e, nil
}

// Between returns the part of h dated in [from, to): the prices, fees,
// power and GPU rows whose Date, and the epochs whose Time, is at or
// after from and before to. Adjacent windows thus split h without overlap:
// h.Between(a, b) and h.Between(b, c) together hold h.Between(a, c).
// A series with no row in the window is nil; to before or equal to from
// gives an empty History.
//
// The result shares h's backing arrays (it holds subslices, no copies),
// and Between takes O(log n) time: it finds the bounds by binary search,
// so h must be sorted as Validate requires. On an unsorted h the rows
// returned are unspecified, but Between does not panic.
func (h History) Between(from, to time.Time) History {
	return History{
		Prices: window(h.Prices, from, to, func(r DailyPrice) time.Time { return r.Date }),
		Epochs: window(h.Epochs, from, to, func(r Epoch) time.Time { return r.Time }),
		Fees:   window(h.Fees, from, to, func(r DailyFees) time.Time { return r.Date }),
		Power:  window(h.Power, from, to, func(r DatedValue) time.Time { return r.Date }),
		GPU:    window(h.GPU, from, to, func(r DatedValue) time.Time { return r.Date }),
	}
}

// window returns the subslice of s, sorted by date, dated in [from, to),
// or nil if it is empty.
func window[T any](s []T, from, to time.Time, date func(T) time.Time) []T {
	lo := sort.Search(len(s), func(i int) bool { return !date(s[i]).Before(from) })
	hi := sort.Search(len(s), func(i int) bool { return !date(s[i]).Before(to) })
	if hi <= lo {
		return nil
	}
	return s[lo:hi:hi]
}
