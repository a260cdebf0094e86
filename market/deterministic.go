package market

import "math"

// Deterministic returns a copy of m with every volatility, jump and noise
// off, so that a Simulator draws the same single path, at the drifts, on
// every draw and for every seed: the spreadsheet projection of the model.
// Factor by factor:
//
//   - Price: Vol, JumpRate, JumpMean and JumpVol are 0, so S_t =
//     S_0 e^{Drift t}, the mean price of m (the jump compensator kept
//     E[S_t] at that).
//   - Hashrate: Vol is 0; Growth, Elasticity and Lag are kept, so the
//     hashrate follows the deterministic price with its lag. Its log is
//     Growth t plus Elasticity times the lagged change of log price,
//     Drift dt a step here where m's mean is (Drift - Vol²/2 - λκ + λm) dt
//     (PriceModel.MeanLog): the path is not m's mean hashrate when m's
//     price is volatile or jumps.
//   - Fees: Vol is 0, so every step's fees are the snapshot's mean, m's
//     expected fees.
//   - Power: Vol is 0, so the multiplier is exp(0) = 1: the snapshot's
//     prices, which are the median of m's multiplier, not its mean
//     exp(Variance/2) (PowerModel is not mean-corrected). Reversion is kept
//     and has no effect.
//   - GPU: Vol is 0, so the index is e^{Drift t}, m's mean; ModelDrift is
//     kept (in a map of its own). UtilizationConcentration is +Inf, which
//     Validate accepts and NewSimulator reads as no noise: the utilization
//     is the snapshot's, the mean of m's Beta draws, every step.
//
// Corr is kept; with every volatility 0 it has no effect. The shocks are
// still drawn (a Simulator's draws per step do not depend on the model),
// but each is multiplied by 0. Deterministic does not validate: the result
// is valid when m is.
func (m Model) Deterministic() Model {
	d := m
	d.Price.Vol, d.Price.JumpRate, d.Price.JumpMean, d.Price.JumpVol = 0, 0, 0, 0
	d.Hashrate.Vol = 0
	d.Fees.Vol = 0
	d.Power.Vol = 0
	d.GPU.Vol = 0
	d.GPU.UtilizationConcentration = math.Inf(1)
	if m.GPU.ModelDrift != nil {
		d.GPU.ModelDrift = make(map[string]float64, len(m.GPU.ModelDrift))
		for k, v := range m.GPU.ModelDrift {
			d.GPU.ModelDrift[k] = v
		}
	}
	return d
}
