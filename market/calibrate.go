package market

import (
	"fmt"
	"math"
	"time"
)

// corrIdentifiedLag is the shortest hashrate lag at which FitHashrate's
// PriceCorr is identified (two epochs of about two weeks; at shorter lags
// the correlation is absorbed into Elasticity).
const corrIdentifiedLag = 28 * 24 * time.Hour

// Calibration is a Model fitted to a History over a window: the fits, and
// the model they give. Each Estimate says whether it was fitted (with its
// standard error) or carried over from the base model.
type Calibration struct {
	// Model is the base model with the fitted parameters in place: Price
	// (FitPrice), Hashrate (FitHashrate) and, when the hashrate's lag
	// identifies it, Corr[FactorPrice][FactorHashrate] (PriceCorr), and,
	// when the window holds the caller's series, Power (FitPower) and the
	// GPU index's Drift and Vol (FitGPU). Fees, the other GPU fields and
	// the other correlations are the base's.
	Model Model
	// Price, Hashrate and Fees are the fits, on the window's rows. Fees is
	// the zero FeeFit (Share and Vol not fitted) when the window has fewer
	// fee days than FitFeeShare needs (14 changes between consecutive
	// days), as when it cuts a fee series short: the fee fit is reported,
	// not applied, so the rest of the calibration goes on without it. The fee fit is reported, not applied: FeeModel.Vol is the
	// noise of one independent draw per simulation step, which the daily
	// fit gives only for daily steps (see FitFeeShare), and the fees'
	// share enters through the Snapshot, not the Model.
	Price    PriceFit
	Hashrate HashrateFit
	Fees     FeeFit
	// Power and GPU are the fits of the caller's series, zero (Fitted
	// false) when the window holds none.
	Power PowerFit
	GPU   GPUFit
	// Corr is the correlation of the price and hashrate shocks as used:
	// fitted when the lag identifies it, else the base's (not fitted).
	Corr Estimate
	// From and To are the window: rows dated in [From, To) were used.
	From, To time.Time
}

// Calibrate fits the price, the network hashrate and, when the window has
// enough of them, the fees, the caller's power series and GPU rate series to the
// rows of h dated in [from, to) (Between), and returns base with the
// fitted parameters in place (see Calibration). base supplies what the
// history does not: the power and GPU factors when their series are
// absent (no public series of them may be shipped), the fee noise, the
// utilization and the GPU models' own drifts.
//
// It returns the errors of History.Validate, Model.Validate (base's, and
// the fitted model's), FitPrice, FitHashrate, FitFeeShare, FitPower and
// FitGPU, each naming the row, and ErrInvalid when from is not before to.
func Calibrate(h History, base Model, from, to time.Time) (Calibration, error) {
	if !from.Before(to) {
		return Calibration{}, invalid("to", to, fmt.Sprintf("must be after from = %v", from))
	}
	if err := base.Validate(); err != nil {
		return Calibration{}, err
	}
	if err := h.Validate(); err != nil {
		return Calibration{}, err
	}
	w := h.Between(from, to)
	c := Calibration{Model: base, From: from, To: to}
	var err error
	if c.Price, err = FitPrice(w.Prices); err != nil {
		return Calibration{}, err
	}
	if c.Hashrate, err = FitHashrate(w.Epochs, w.Prices, nil); err != nil {
		return Calibration{}, err
	}
	if feeChanges(w.Fees) >= minFeeChanges {
		if c.Fees, err = FitFeeShare(w.Fees); err != nil {
			return Calibration{}, err
		}
	}
	if len(w.Power) > 0 {
		if c.Power, err = FitPower(w.Power); err != nil {
			return Calibration{}, err
		}
		c.Model.Power = c.Power.Model()
	}
	if len(w.GPU) > 0 {
		if c.GPU, err = FitGPU(w.GPU); err != nil {
			return Calibration{}, err
		}
		c.Model.GPU.Drift, c.Model.GPU.Vol = c.GPU.Drift.Value, c.GPU.Vol.Value
	}
	c.Model.Price = c.Price.Model()
	c.Model.Hashrate = c.Hashrate.Model()
	c.Model.GPU.ModelDrift = cloneDrifts(base.GPU.ModelDrift)
	c.Corr = Estimate{Value: base.Corr[FactorPrice][FactorHashrate], StdErr: math.NaN()}
	if c.Hashrate.Lag >= corrIdentifiedLag && c.Hashrate.PriceCorr.Fitted {
		c.Corr = c.Hashrate.PriceCorr
		c.Model.Corr[FactorPrice][FactorHashrate] = c.Corr.Value
		c.Model.Corr[FactorHashrate][FactorPrice] = c.Corr.Value
	}
	if err := c.Model.Validate(); err != nil {
		return Calibration{}, fmt.Errorf("market: Calibrate: the fitted model: %w", err)
	}
	return c, nil
}

// cloneDrifts copies a GPU model-drift map, so that a Calibration's Model
// shares nothing with the base it came from.
func cloneDrifts(m map[string]float64) map[string]float64 {
	if m == nil {
		return nil
	}
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
