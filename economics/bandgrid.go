package economics

import "time"

// bandGrid is the steps at which percentile bands are kept: every
// every-th step and the last, at most a given number of points, so that
// band memory is bounded by paths x points whatever the horizon and step.
type bandGrid struct {
	every  int // a point every every steps
	points int // how many points
	steps  int // steps of the horizon
}

// newBandGrid returns the grid of at most max points over steps steps:
// every step when they are few enough, else every k-th, k the least that
// fits.
func newBandGrid(steps, max int) bandGrid {
	every := (steps + max - 1) / max
	return bandGrid{every: every, points: (steps + every - 1) / every, steps: steps}
}

// point returns the grid point at the end of step j, or -1 if there is
// none.
func (g bandGrid) point(j int) int {
	if (j+1)%g.every == 0 || j == g.steps-1 {
		return j / g.every
	}
	return -1
}

// at returns the time of point b: the end of its step, at most horizon.
func (g bandGrid) at(b int, step, horizon time.Duration) time.Duration {
	j := min((b+1)*g.every, g.steps)
	return min(time.Duration(j)*step, horizon)
}
