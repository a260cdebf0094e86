package economics

import (
	"fmt"
	"math"
	"time"
)

// Settings tune a Monte Carlo analysis. The zero value means defaults; a nil
// *Settings is the zero value.
type Settings struct {
	// Horizon is the period analysed; 0 means 365 days. It must be in
	// [Step, MaxHorizon]: the market model's trends are yearly rates
	// fitted to a few years of data, and a century is already far past
	// what they describe.
	Horizon time.Duration
	// Step is the simulation step; 0 means 7 days. It must be positive,
	// and Horizon must be at least Step and at most MaxSteps steps (the
	// last step may be shorter): the run time grows with paths x steps.
	Step time.Duration
	// Paths is the number of simulated paths; 0 means 10,000. It must be
	// in [1, MaxPaths]: Analyze keeps a few float64 per path (at most six,
	// 480 MB at MaxPaths), and a Planner keeps 8 x Paths x Candidates
	// bytes, at most MaxScenarioBytes.
	Paths int
	// Seed selects the random streams; any value is valid. The same seed
	// gives the same numbers, bit for bit, whatever GOMAXPROCS or Workers.
	Seed uint64
	// Level is the confidence level of VaR and CVaR, in (0, 1); 0 means
	// 0.95.
	Level float64
	// Antithetic pairs path 2k+1 with path 2k, with every Gaussian draw
	// negated. Paths must then be even.
	Antithetic bool
	// BandPaths is how many paths (the first ones) feed the percentile
	// bands of cumulative profit; 0 means 10,000, or all the paths if
	// fewer, or MaxBandValues / points if fewer still. Bands are kept at
	// every step when there are at most MaxBandPoints steps, else at every
	// k-th step (and the last), k the least that leaves at most
	// MaxBandPoints points: a coarser grid for long horizons in short
	// steps. Their memory is 24 bytes per band path and point (three
	// bands): at most 30.7 MB with the default 10,000 band paths, whatever
	// the horizon and step. BandPaths x points must be at most
	// MaxBandValues (600 MB). It must not be negative; a value above Paths
	// means Paths.
	BandPaths int
	// Workers is the number of goroutines; 0 means GOMAXPROCS. It must not
	// be negative; no more goroutines start than there are chunks of 256
	// paths. It changes the speed, never the result.
	Workers int
	// Progress, when not nil, is called with the number of paths done and
	// the total, from one goroutine at a time, about every 256 paths and at
	// the end. It must be quick.
	Progress func(done, total int)
}

// Defaults of Settings.
const (
	DefaultHorizon   = 365 * 24 * time.Hour
	DefaultStep      = 7 * 24 * time.Hour
	DefaultPaths     = 10_000
	DefaultLevel     = 0.95
	DefaultBandPaths = 10_000
)

// Limits of Settings.
const (
	// MaxHorizon is the longest Settings.Horizon: 100 years of 365 days.
	MaxHorizon = 100 * 365 * 24 * time.Hour
	// MaxSteps is the most steps a Settings.Horizon may hold: ten years
	// in hourly steps is 87,600.
	MaxSteps = 100_000
	// MaxPaths is the most Settings.Paths: beyond it, the standard error
	// of a mean is below 0.03 % of the standard deviation, and memory and
	// time, not precision, are what grow.
	MaxPaths = 10_000_000
	// MaxBandValues bounds Settings.BandPaths x band points: 25 million
	// values of three bands, 600 MB.
	MaxBandValues = 25_000_000
	// MaxBandPoints is the most points of Report's bands (see
	// Settings.BandPaths): 128, every step of a year in weekly steps, and
	// at least monthly over ten years in any step.
	MaxBandPoints = 128
	// MaxScenarioBytes bounds a Planner's scenarios, 8 x Paths x
	// Candidates bytes: 1 GiB.
	MaxScenarioBytes = 1 << 30
)

// resolved returns the settings with defaults filled in, or an error
// matching ErrInvalid.
func (opt *Settings) resolved() (Settings, error) {
	var s Settings
	if opt != nil {
		s = *opt
	}
	if s.Horizon == 0 {
		s.Horizon = DefaultHorizon
	}
	if s.Step == 0 {
		s.Step = DefaultStep
	}
	if s.Paths == 0 {
		s.Paths = DefaultPaths
	}
	if s.Level == 0 {
		s.Level = DefaultLevel
	}
	if s.BandPaths == 0 {
		s.BandPaths = DefaultBandPaths
	}
	switch {
	case s.Step < 0:
		return s, invalid("Settings.Step", s.Step, "must be positive")
	case s.Horizon < 0:
		return s, invalid("Settings.Horizon", s.Horizon, "must be positive")
	case s.Horizon > MaxHorizon:
		return s, invalid("Settings.Horizon", s.Horizon, fmt.Sprintf("must be at most %v (100 years)", MaxHorizon))
	case s.Horizon < s.Step:
		return s, invalid("Settings.Horizon", s.Horizon, fmt.Sprintf("must be at least Step = %v", s.Step))
	case s.steps() > MaxSteps:
		return s, invalid("Settings.Step", s.Step, fmt.Sprintf("gives %d steps over Horizon = %v: at most %d are allowed (Horizon / Step)", s.steps(), s.Horizon, MaxSteps))
	case s.Paths < 1 || s.Paths > MaxPaths:
		return s, invalid("Settings.Paths", s.Paths, fmt.Sprintf("must be in [1, %d]", MaxPaths))
	case s.Antithetic && s.Paths%2 != 0:
		return s, invalid("Settings.Paths", s.Paths, "must be even for antithetic pairs")
	case math.IsNaN(s.Level) || s.Level <= 0 || s.Level >= 1:
		return s, invalid("Settings.Level", s.Level, "must be in (0, 1)")
	case s.BandPaths < 0:
		return s, invalid("Settings.BandPaths", s.BandPaths, "must not be negative")
	case s.Workers < 0:
		return s, invalid("Settings.Workers", s.Workers, "must not be negative")
	}
	points := s.bandGrid().points
	if opt == nil || opt.BandPaths == 0 {
		s.BandPaths = min(s.BandPaths, MaxBandValues/points)
	}
	if b := min(s.BandPaths, s.Paths); b > MaxBandValues/points {
		return s, invalid("Settings.BandPaths", s.BandPaths, fmt.Sprintf("times %d band points is %d band values: at most %d are allowed (%d MB)", points, int64(b)*int64(points), MaxBandValues, MaxBandValues*24/1_000_000))
	}
	s.BandPaths = min(s.BandPaths, s.Paths)
	return s, nil
}

// bandGrid returns the grid of Report's bands over the horizon's steps.
func (s Settings) bandGrid() bandGrid { return newBandGrid(s.steps(), MaxBandPoints) }

// steps returns the number of steps of the horizon, the last one possibly
// shorter; Horizon and Step must be positive and Horizon at most
// MaxHorizon.
func (s Settings) steps() int {
	return int((s.Horizon + s.Step - 1) / s.Step)
}
