package market

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// The series a backtest scores at each horizon; they index
// BacktestOrigin's arrays and a horizon's BacktestCoverage.
const (
	// SeriesPrice is BTC/USD: the close of the day that ended at the
	// horizon (see History.Bitcoin), the simulated path's price at the end
	// of its step there.
	SeriesPrice = iota
	// SeriesDifficulty is the difficulty in force at the horizon.
	SeriesDifficulty
	// SeriesHashprice is the subsidy hashprice in USD per PH/s per day,
	// Price x 86400 x 1e15 x subsidy / (Difficulty x 2^32), the formula of
	// Bitcoin.SatsPerTHDay with the subsidy alone: the shipped history has
	// fees for four windows only, so fees are left out of the realized and
	// the simulated hashprice alike (the backtest's snapshots carry no
	// fees). It scores price and difficulty together.
	SeriesHashprice
	// NumSeries is the number of series, 3.
	NumSeries
)

// PITBins is the number of equal bins of [0, 1] in a backtest's PIT
// histograms.
const PITBins = 10

// Limits of BacktestConfig.
const (
	// MaxBacktestPaths is the most paths a backtest draws per origin.
	MaxBacktestPaths = 1_000_000
	// MaxBacktestMonths bounds Every, Window and each horizon: 100 years.
	MaxBacktestMonths = 1200
	// maxBacktestWorkers bounds Workers.
	maxBacktestWorkers = 1024
)

// BacktestConfig sets up a walk-forward backtest. Months are calendar
// months as time.Time.AddDate counts them. The zero value of each field
// but From and Seed selects its default.
type BacktestConfig struct {
	// From is the first origin, at midnight UTC. Origins follow every
	// Every months while they are before To and the history reaches their
	// shortest horizon.
	From time.Time
	// To bounds the origins from above (origins are before it); the zero
	// time leaves them bounded by the history alone.
	To time.Time
	// Every is the number of months between origins; 0 means 3 (a
	// quarter). In [1, MaxBacktestMonths].
	Every int
	// Window is the length, in months, of the trailing window each origin
	// fits on: rows dated in [origin - Window, origin). 0 means 48 (four
	// years, one halving cycle). In [1, MaxBacktestMonths].
	Window int
	// Horizons are the months after each origin at which the realized
	// series are scored, strictly ascending; nil means 3, 6 and 12. Each in
	// [1, MaxBacktestMonths].
	Horizons []int
	// Paths is the number of paths simulated per origin; 0 means 10,000.
	// In [2, MaxBacktestPaths]. Each worker holds 24 bytes per path and
	// horizon: 720 KB at the defaults, 72 MB at the most paths.
	Paths int
	// Seed selects the random streams: origin i's path p draws from
	// NewStream(Seed, i<<32 | p).
	Seed uint64
	// Workers is the number of origins fitted and simulated at once; 0
	// means GOMAXPROCS. The report does not depend on it. In [0, 1024].
	Workers int
	// Fixed simulates the base model itself at every origin instead of
	// fitting one: the check of a model against history it generated, or
	// of a model held fixed (DefaultModel, say) against real history.
	Fixed bool
}

// BacktestOrigin is one origin of a backtest: the model simulated from it
// and where the realized series fell in the simulated distributions.
type BacktestOrigin struct {
	// Date is the origin.
	Date time.Time
	// Model is the model simulated: the fit (Fit.Model), or the base when
	// Config.Fixed is set. It is the zero Model when the fit failed.
	Model Model
	// Fit is Calibrate's result on [Date - Window, Date); the zero
	// Calibration when Config.Fixed is set or the fit failed.
	Fit Calibration
	// Err is the fit's error, matching ErrFit (data that pass their checks
	// but do not identify the model), when it failed; nil otherwise. An
	// origin whose fit failed is scored nowhere.
	Err error
	// Start holds the series at Date, indexed by SeriesPrice,
	// SeriesDifficulty and SeriesHashprice.
	Start [NumSeries]float64
	// Realized and PIT hold, for each horizon of Config.Horizons, the
	// realized series and their probability integral transforms: the share
	// of simulated values below the realized one, counting ties as half.
	// Both are NaN where the history ends before the horizon.
	Realized, PIT [][NumSeries]float64
}

// BacktestCoverage scores one series at one horizon over the origins.
type BacktestCoverage struct {
	// N is the number of origins scored.
	N int
	// In50 and In90 count the origins whose realized value lay in the
	// central 50 % and 90 % bands of the simulated distribution, that is
	// whose PIT lay in [0.25, 0.75] and in [0.05, 0.95].
	In50, In90 int
	// Hist counts the PITs in PITBins equal bins of [0, 1] (a PIT of 1
	// falls in the last): flat when the model is calibrated.
	Hist [PITBins]int
}

// Cover50 returns In50/N, the 50 % band's coverage; NaN when N is 0.
func (c BacktestCoverage) Cover50() float64 { return share(c.In50, c.N) }

// Cover90 returns In90/N, the 90 % band's coverage; NaN when N is 0.
func (c BacktestCoverage) Cover90() float64 { return share(c.In90, c.N) }

func share(k, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

// BacktestReport is the result of Backtest.
type BacktestReport struct {
	// Config is the configuration run, with its defaults filled in.
	Config BacktestConfig
	// Origins are the origins in date order.
	Origins []BacktestOrigin
	// Coverage scores each series at each horizon:
	// Coverage[k][SeriesPrice] is the price at Config.Horizons[k].
	Coverage [][NumSeries]BacktestCoverage
	// Failed counts the origins whose fit failed (see BacktestOrigin.Err).
	Failed int
}

// Backtest runs a walk-forward backtest of the model on h. At each origin
// (see BacktestConfig) it fits base to the trailing window with Calibrate
// (or takes base as it is, when Config.Fixed), simulates Config.Paths
// paths in daily steps from the market h knew at the origin
// (History.Bitcoin, with no fees: h's Fees are not used), and records
// where the realized BTC price, difficulty and subsidy hashprice at each
// horizon fall in the simulated distribution (the probability integral
// transform). A calibrated model's PITs are
// uniform: its 50 % and 90 % bands hold the realized value about 50 % and
// 90 % of the time.
//
// Coverage shares are binomial only as far as the origins are independent:
// horizons longer than the spacing of origins overlap (a 12-month horizon
// every 3 months shares most of its path with its neighbours), which makes
// the effective number of origins smaller, about N x Every / horizon, and
// the sampling error of a share about sqrt(p (1 - p) / that).
//
// The snapshot at an origin holds what epoch-level history shows: the
// price and the difficulty in force, not the network hashrate, which has
// moved since the epoch began, nor the price changes a lagged response
// would still answer (the simulator starts with no price history). A
// model's difficulty bands are therefore too narrow at horizons of a few
// epochs: on ten-year histories generated by a model with 30 % hashrate
// volatility and no lag, the difficulty's 90 % band held 80 % of
// one-month outcomes and 91 % of three-month ones, while the price's held
// 90 % at both (TestBacktestSelfCalibrated).
//
// Origins run in parallel on Config.Workers goroutines; the report is the
// same, bit for bit, whatever the workers or GOMAXPROCS, since origin i's
// paths draw from streams of (Seed, i) alone.
//
// It returns the errors of History.Validate and Model.Validate (base's);
// an error matching ErrInvalid naming the field of a configuration out of
// range (a From that is zero or not midnight UTC, a To not after From),
// or BacktestConfig.From when no origin has a realized value at its
// shortest horizon; and the first error of History.Bitcoin, Calibrate or
// NewSimulator at an origin, wrapped with its date (too little data in
// the first windows, say), except fits that fail with ErrFit, which are
// recorded in the origin and counted in Failed.
//
// Backtest runs with a background context; see BacktestContext.
func Backtest(h History, base Model, cfg BacktestConfig) (BacktestReport, error) {
	return BacktestContext(context.Background(), h, base, cfg)
}

// BacktestContext is Backtest that stops, returning an error that matches
// ctx.Err(), when ctx is done: between origins and between batches of 32
// paths (a fit in progress, a few tenths of a second, runs to its end).
func BacktestContext(ctx context.Context, h History, base Model, cfg BacktestConfig) (BacktestReport, error) {
	cfg, err := cfg.resolve()
	if err != nil {
		return BacktestReport{}, err
	}
	if err := base.Validate(); err != nil {
		return BacktestReport{}, err
	}
	if err := h.Validate(); err != nil {
		return BacktestReport{}, err
	}
	// The backtest neither applies nor scores fees (see SeriesHashprice):
	// no origin need fit them.
	h.Fees = nil
	dates := cfg.origins(h)
	if len(dates) == 0 {
		return BacktestReport{}, invalid("BacktestConfig.From", cfg.From, fmt.Sprintf("no origin before To has a close %d months later", cfg.Horizons[0]))
	}
	r := BacktestReport{Config: cfg, Origins: make([]BacktestOrigin, len(dates))}
	errs := make([]error, len(dates))
	// Workers take origins in order and stop taking them after an error:
	// every origin before the first that failed has run, so the error
	// returned, the earliest origin's, does not depend on the workers.
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(cfg.Workers, len(dates)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(dates) {
					return
				}
				if r.Origins[i], errs[i] = cfg.runOrigin(ctx, h, base, i, dates[i]); errs[i] != nil {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return BacktestReport{}, err
		}
	}
	r.Coverage = make([][NumSeries]BacktestCoverage, len(cfg.Horizons))
	for _, o := range r.Origins {
		if o.Err != nil {
			r.Failed++
			continue
		}
		for k := range o.PIT {
			for s, pit := range o.PIT[k] {
				if !math.IsNaN(pit) {
					r.Coverage[k][s].add(pit)
				}
			}
		}
	}
	return r, nil
}

// add scores one PIT.
func (c *BacktestCoverage) add(pit float64) {
	c.N++
	if pit >= 0.25 && pit <= 0.75 {
		c.In50++
	}
	if pit >= 0.05 && pit <= 0.95 {
		c.In90++
	}
	c.Hist[min(int(pit*PITBins), PITBins-1)]++
}

// resolve fills in the defaults of c and checks it.
func (c BacktestConfig) resolve() (BacktestConfig, error) {
	if c.Every == 0 {
		c.Every = 3
	}
	if c.Window == 0 {
		c.Window = 48
	}
	if c.Horizons == nil {
		c.Horizons = []int{3, 6, 12}
	} else {
		c.Horizons = append([]int(nil), c.Horizons...)
	}
	if c.Paths == 0 {
		c.Paths = 10_000
	}
	if c.Workers == 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case c.From.IsZero() || !isMidnightUTC(c.From):
		return c, invalid("BacktestConfig.From", c.From, "must be set, at midnight UTC")
	case !c.To.IsZero() && !c.To.After(c.From):
		return c, invalid("BacktestConfig.To", c.To, fmt.Sprintf("must be zero or after From = %v", c.From))
	case c.Every < 1 || c.Every > MaxBacktestMonths:
		return c, invalid("BacktestConfig.Every", c.Every, fmt.Sprintf("must be in [1, %d] months", MaxBacktestMonths))
	case c.Window < 1 || c.Window > MaxBacktestMonths:
		return c, invalid("BacktestConfig.Window", c.Window, fmt.Sprintf("must be in [1, %d] months", MaxBacktestMonths))
	case len(c.Horizons) == 0:
		return c, invalid("BacktestConfig.Horizons", c.Horizons, "must hold a horizon, or be nil for 3, 6 and 12 months")
	case c.Paths < 2 || c.Paths > MaxBacktestPaths:
		return c, invalid("BacktestConfig.Paths", c.Paths, fmt.Sprintf("must be in [2, %d]", MaxBacktestPaths))
	case c.Workers < 0 || c.Workers > maxBacktestWorkers:
		return c, invalid("BacktestConfig.Workers", c.Workers, fmt.Sprintf("must be in [0, %d]", maxBacktestWorkers))
	}
	c.From = c.From.UTC()
	for k, m := range c.Horizons {
		field := fmt.Sprintf("BacktestConfig.Horizons[%d]", k)
		if m < 1 || m > MaxBacktestMonths {
			return c, invalid(field, m, fmt.Sprintf("must be in [1, %d] months", MaxBacktestMonths))
		}
		if k > 0 && m <= c.Horizons[k-1] {
			return c, invalid(field, m, fmt.Sprintf("must be after Horizons[%d] = %d", k-1, c.Horizons[k-1]))
		}
	}
	return c, nil
}

// origins returns the origins of c on h: From, From + Every months, ...,
// before To, while the history has the close of the day before the
// shortest horizon.
func (c BacktestConfig) origins(h History) []time.Time {
	end := h.realizedEnd()
	var out []time.Time
	for i := 0; ; i++ {
		t := c.From.AddDate(0, i*c.Every, 0)
		if !c.To.IsZero() && !t.Before(c.To) || t.AddDate(0, c.Horizons[0], 0).After(end) || t.Year() > 9999 {
			return out
		}
		out = append(out, t)
	}
}

// realizedEnd returns the last instant History.Bitcoin can report: the end
// of the last close's day (the zero time for no closes).
func (h History) realizedEnd() time.Time {
	if len(h.Prices) == 0 {
		return time.Time{}
	}
	return h.Prices[len(h.Prices)-1].Date.Add(24 * time.Hour)
}

// runOrigin fits (unless Fixed), simulates and scores origin i at t.
func (c BacktestConfig) runOrigin(ctx context.Context, h History, base Model, i int, t time.Time) (o BacktestOrigin, err error) {
	defer func() {
		// No goroutine of Backtest may panic on the caller's data: a panic
		// here is a bug, reported as an error.
		if p := recover(); p != nil {
			o, err = BacktestOrigin{}, fmt.Errorf("market: Backtest: origin %s: internal error: %v", t.Format(dateLayout), p)
		}
	}()
	o = BacktestOrigin{Date: t, Model: base}
	wrap := func(err error) error {
		return fmt.Errorf("market: Backtest: origin %s: %w", t.Format(dateLayout), err)
	}
	if err := ctx.Err(); err != nil {
		return o, wrap(err)
	}
	start, err := h.bitcoinAt(t, Chain{})
	if err != nil {
		return o, wrap(err)
	}
	start.FeesPerBlock = 0
	o.Start = seriesOf(start)

	// The realized series, and the last step of each horizon the history
	// reaches.
	nh := len(c.Horizons)
	o.Realized = make([][NumSeries]float64, nh)
	o.PIT = make([][NumSeries]float64, nh)
	steps := make([]int, nh) // day of the horizon's step, 0 when not reached
	days := 0
	for k, m := range c.Horizons {
		o.Realized[k] = nanSeries()
		o.PIT[k] = nanSeries()
		d := t.AddDate(0, m, 0)
		if d.After(h.realizedEnd()) {
			continue
		}
		b, err := h.bitcoinAt(d, Chain{})
		if err != nil {
			return o, wrap(err)
		}
		o.Realized[k] = seriesOf(b)
		steps[k] = int(d.Sub(t) / (24 * time.Hour))
		days = steps[k]
	}

	if !c.Fixed {
		fit, err := Calibrate(h, base, t.AddDate(0, -c.Window, 0), t)
		if errors.Is(err, ErrFit) {
			o.Model, o.Err = Model{}, wrap(err)
			return o, nil
		}
		if err != nil {
			return o, wrap(err)
		}
		o.Fit, o.Model = fit, fit.Model
	}
	sim, err := o.Model.NewSimulator(Snapshot{Date: t, Bitcoin: start}, time.Duration(days)*24*time.Hour, 24*time.Hour)
	if err != nil {
		return o, wrap(err)
	}
	sims, err := simulateSeries(ctx, sim, c.Paths, c.Seed, uint64(i)<<32, steps)
	if err != nil {
		return o, wrap(err)
	}
	for k := range c.Horizons {
		if steps[k] == 0 {
			continue
		}
		for s := range NumSeries {
			o.PIT[k][s] = pit(sims[k][s], o.Realized[k][s])
		}
	}
	return o, nil
}

// seriesOf returns the scored series at b: price, difficulty and subsidy
// hashprice in USD per PH/s per day.
func seriesOf(b Bitcoin) [NumSeries]float64 {
	price, _ := b.Price.Float64()
	subsidy := float64(b.Params().Subsidy(b.Height)) / SatsPerBTC
	return [NumSeries]float64{price, b.Difficulty, hashpricePH(price, subsidy, b.Difficulty)}
}

// hashpricePH returns the hashprice in USD per PH/s per day at a price, a
// reward per block in BTC and a difficulty.
func hashpricePH(price, reward, difficulty float64) float64 {
	return 1000 * price * perTHDay(reward, difficulty)
}

func nanSeries() [NumSeries]float64 {
	return [NumSeries]float64{math.NaN(), math.NaN(), math.NaN()}
}

// simulateSeries draws paths paths of sim, path p from NewStream(seed, hi |
// p), and returns, for each horizon k with steps[k] > 0, the series at the
// end of day steps[k], one value per path: out[k][s][p]. It stops with
// ctx's error when ctx is done.
func simulateSeries(ctx context.Context, sim *Simulator, paths int, seed, hi uint64, steps []int) ([][NumSeries][]float64, error) {
	out := make([][NumSeries][]float64, len(steps))
	at := make([]int, sim.Steps()) // horizon + 1 of each step, 0 for none
	for k, d := range steps {
		if d == 0 {
			continue
		}
		at[d-1] = k + 1
		for s := range NumSeries {
			out[k][s] = make([]float64, paths)
		}
	}
	batch := sim.NewBatch(laneWidth)
	streams := make([]Stream, laneWidth)
	rngs := make([]*Stream, laneWidth)
	signs := make([]float64, laneWidth)
	for p0 := 0; p0 < paths; p0 += laneWidth {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n := min(laneWidth, paths-p0)
		for q := range n {
			streams[q].Seed(seed, hi|uint64(p0+q))
			rngs[q], signs[q] = &streams[q], 1
		}
		batch.Run(rngs[:n], signs[:n], func(j int, st *BatchStep) {
			k := at[j] - 1
			if k < 0 {
				return
			}
			for q := range n {
				d := st.Difficulty(q)
				out[k][SeriesPrice][p0+q] = st.Price[q]
				out[k][SeriesDifficulty][p0+q] = d
				out[k][SeriesHashprice][p0+q] = hashpricePH(st.Price[q], st.RewardBTC[q], d)
			}
		})
	}
	return out, nil
}

// pit returns the share of sims below x, counting ties as half; it sorts
// sims.
func pit(sims []float64, x float64) float64 {
	sort.Float64s(sims)
	lo := sort.SearchFloat64s(sims, x)
	hi := lo
	for hi < len(sims) && sims[hi] == x {
		hi++
	}
	return (float64(lo) + float64(hi-lo)/2) / float64(len(sims))
}
