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
	// BandPaths is how many paths (the first ones of the run, see
	// TotalPaths) feed the percentile
	// bands of cumulative profit; 0 means 10,000, or all the paths if
	// fewer, or MaxBandValues / points if fewer still. Bands are kept at
	// every step when there are at most MaxBandPoints steps, else at every
	// k-th step (and the last), k the least that leaves at most
	// MaxBandPoints points: a coarser grid for long horizons in short
	// steps. Their memory is 24 bytes per band path and point (three
	// bands): at most 30.7 MB with the default 10,000 band paths, whatever
	// the horizon and step. BandPaths x points must be at most
	// MaxBandValues (600 MB). It must not be negative; a value above the run's paths (Paths, or
	// TotalPaths for a shard) means those.
	BandPaths int
	// Workers is the number of goroutines; 0 means GOMAXPROCS. It must not
	// be negative; no more goroutines start than there are chunks of 256
	// paths. It changes the speed, never the result.
	Workers int
	// FirstPath is the index of the run's first path in the seed's
	// sequence: the run draws paths [FirstPath, FirstPath+Paths), the very
	// paths a run from 0 draws at those indices, so that a large run can
	// be split into runs of its parts. It must be in [0, MaxTotalPaths -
	// Paths], and even with Antithetic pairs.
	FirstPath int
	// TotalPaths, when positive, makes the run a shard of a run of
	// TotalPaths paths from path 0, which Report.Merge rebuilds bit for bit
	// from its shards merged in path order: the Report keeps what Merge
	// needs (per chunk of ChunkSize paths, the moments of the profits;
	// the smallest profits that VaR and CVaR of TotalPaths paths need,
	// at most Paths; the band values of the whole run's first BandPaths
	// paths that fall in the shard). FirstPath must then be a multiple of
	// ChunkSize, FirstPath + Paths at most TotalPaths, and Paths a
	// multiple of ChunkSize unless the shard ends the run. It must be in
	// [0, MaxTotalPaths]; 0 means the run stands alone.
	TotalPaths int
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
	// MaxTotalPaths bounds Settings.FirstPath + Settings.Paths and
	// Settings.TotalPaths: 2^40 paths, a run sharded over many machines
	// (a shard itself has at most MaxPaths).
	MaxTotalPaths = 1 << 40
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
	if err := s.checkShard(); err != nil {
		return s, err
	}
	points := s.bandGrid().points
	if opt == nil || opt.BandPaths == 0 {
		s.BandPaths = min(s.BandPaths, MaxBandValues/points)
	}
	if b := min(s.BandPaths, s.runPaths()); b > MaxBandValues/points {
		return s, invalid("Settings.BandPaths", s.BandPaths, fmt.Sprintf("times %d band points is %d band values: at most %d are allowed (%d MB)", points, int64(b)*int64(points), MaxBandValues, MaxBandValues*24/1_000_000))
	}
	s.BandPaths = min(s.BandPaths, s.runPaths())
	return s, nil
}

// checkShard checks FirstPath and TotalPaths; Paths must be valid.
func (s Settings) checkShard() error {
	switch {
	case s.FirstPath < 0 || s.FirstPath > MaxTotalPaths-s.Paths:
		return invalid("Settings.FirstPath", s.FirstPath, fmt.Sprintf("must be in [0, %d] (MaxTotalPaths - Paths)", MaxTotalPaths-s.Paths))
	case s.Antithetic && s.FirstPath%2 != 0:
		return invalid("Settings.FirstPath", s.FirstPath, "must be even for antithetic pairs")
	case s.TotalPaths < 0 || s.TotalPaths > MaxTotalPaths:
		return invalid("Settings.TotalPaths", s.TotalPaths, fmt.Sprintf("must be in [0, %d]", int64(MaxTotalPaths)))
	case s.TotalPaths == 0:
		return nil
	case s.FirstPath%ChunkSize != 0:
		return invalid("Settings.FirstPath", s.FirstPath, fmt.Sprintf("must be a multiple of ChunkSize = %d in a shard (TotalPaths > 0)", ChunkSize))
	case s.FirstPath+s.Paths > s.TotalPaths:
		return invalid("Settings.Paths", s.Paths, fmt.Sprintf("runs past TotalPaths = %d from FirstPath = %d", s.TotalPaths, s.FirstPath))
	case s.FirstPath+s.Paths < s.TotalPaths && s.Paths%ChunkSize != 0:
		return invalid("Settings.Paths", s.Paths, fmt.Sprintf("must be a multiple of ChunkSize = %d in a shard that does not end the run (TotalPaths = %d)", ChunkSize, s.TotalPaths))
	case s.Antithetic && s.TotalPaths%2 != 0:
		return invalid("Settings.TotalPaths", s.TotalPaths, "must be even for antithetic pairs")
	}
	return nil
}

// noShards returns an ErrInvalid when s makes the run a shard
// (TotalPaths > 0) for fn, which keeps no state to merge.
func (s Settings) noShards(fn string) error {
	if s.TotalPaths > 0 {
		return invalid("Settings.TotalPaths", s.TotalPaths, fn+" has no shards to merge (only Analyze's Report does): leave it 0 and split the paths with FirstPath")
	}
	return nil
}

// runPaths returns the number of paths of the run the settings are part
// of: TotalPaths for a shard, else Paths.
func (s Settings) runPaths() int {
	if s.TotalPaths > 0 {
		return s.TotalPaths
	}
	return s.Paths
}

// bandPathsHere returns how many of the run's band paths this run draws:
// all of them when it stands alone, else those of [0, BandPaths) in
// [FirstPath, FirstPath+Paths), which are its first ones.
func (s Settings) bandPathsHere() int {
	if s.TotalPaths == 0 {
		return s.BandPaths
	}
	return max(0, min(s.BandPaths-s.FirstPath, s.Paths))
}

// bandGrid returns the grid of Report's bands over the horizon's steps.
func (s Settings) bandGrid() bandGrid { return newBandGrid(s.steps(), MaxBandPoints) }

// steps returns the number of steps of the horizon, the last one possibly
// shorter; Horizon and Step must be positive and Horizon at most
// MaxHorizon.
func (s Settings) steps() int {
	return int((s.Horizon + s.Step - 1) / s.Step)
}
