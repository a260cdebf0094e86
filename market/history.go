package market

import "time"

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
