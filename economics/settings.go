package economics

import (
	"math"
	"time"
)

// Settings tune a Monte Carlo analysis. The zero value means defaults; a nil
// *Settings is the zero value.
type Settings struct {
	// Horizon is the period analysed; 0 means 365 days.
	Horizon time.Duration
	// Step is the simulation step; 0 means 7 days. Horizon must be at
	// least Step.
	Step time.Duration
	// Paths is the number of simulated paths; 0 means 10,000.
	Paths int
	// Seed selects the random streams. The same seed gives the same
	// numbers, bit for bit, whatever GOMAXPROCS or Workers.
	Seed uint64
	// Level is the confidence level of VaR and CVaR, in (0, 1); 0 means 0.95.
	Level float64
	// Antithetic pairs path 2k+1 with path 2k, with every Gaussian draw
	// negated. Paths must then be even.
	Antithetic bool
	// BandPaths is how many paths (the first ones) feed the percentile
	// bands of cumulative profit at each step; 0 means 10,000 (or all the
	// paths, if fewer). Bands are the only per-step output, and this bound
	// keeps their memory fixed however many paths run.
	BandPaths int
	// Workers is the number of goroutines; 0 means GOMAXPROCS. It changes
	// the speed, never the result.
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
	case s.Horizon < s.Step:
		return s, invalid("Settings.Horizon", s.Horizon, "must be at least Step")
	case s.Paths < 1:
		return s, invalid("Settings.Paths", s.Paths, "must be at least 1")
	case s.Antithetic && s.Paths%2 != 0:
		return s, invalid("Settings.Paths", s.Paths, "must be even for antithetic pairs")
	case math.IsNaN(s.Level) || s.Level <= 0 || s.Level >= 1:
		return s, invalid("Settings.Level", s.Level, "must be in (0, 1)")
	case s.BandPaths < 0:
		return s, invalid("Settings.BandPaths", s.BandPaths, "must not be negative")
	case s.Workers < 0:
		return s, invalid("Settings.Workers", s.Workers, "must not be negative")
	}
	s.BandPaths = min(s.BandPaths, s.Paths)
	return s, nil
}
