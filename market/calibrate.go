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
	// identifies it, Corr[FactorPrice][FactorHashrate] (PriceCorr). Fees,
	// Power and GPU are the base's.
	Model Model
	// Price, Hashrate and Fees are the fits, on the window's rows. Fees is
	// the zero FeeFit (Share and Vol not fitted) when the window has no
	// fee days. The fee fit is reported, not applied: FeeModel.Vol is the
	// noise of one independent draw per simulation step, which the daily
	// fit gives only for daily steps (see FitFeeShare), and the fees'
	// share enters through the Snapshot, not the Model.
	Price    PriceFit
	Hashrate HashrateFit
	Fees     FeeFit
	// Corr is the correlation of the price and hashrate shocks as used:
	// fitted when the lag identifies it, else the base's (not fitted).
	Corr Estimate
	// From and To are the window: rows dated in [From, To) were used.
	From, To time.Time
}

// Calibrate fits the price, the network hashrate and, when there are fee
// days, the fees to the rows of h dated in [from, to) (Between), and
// returns base with the fitted parameters in place (see Calibration).
// base supplies what the history cannot: the power and GPU factors, whose
// public series may not be shipped, and the fee noise.
//
// It returns the errors of History.Validate, Model.Validate (base's, and
// the fitted model's), FitPrice, FitHashrate and FitFeeShare, each naming
// the row; ErrInvalid when from is not before to; and ErrInvalid naming
// History.Power or History.GPU when the window holds such a series:
// fitting a caller's power (log-Ornstein-Uhlenbeck) or GPU rate (GBM)
// series is not supported yet, and Calibrate says so rather than leaving
// them out silently.
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
	switch {
	case len(w.Power) > 0:
		return Calibration{}, invalid("History.Power", len(w.Power), "fitting a power price series is not supported yet: leave it out to keep base's Power")
	case len(w.GPU) > 0:
		return Calibration{}, invalid("History.GPU", len(w.GPU), "fitting a GPU rate series is not supported yet: leave it out to keep base's GPU")
	}
	c := Calibration{Model: base, From: from, To: to}
	var err error
	if c.Price, err = FitPrice(w.Prices); err != nil {
		return Calibration{}, err
	}
	if c.Hashrate, err = FitHashrate(w.Epochs, w.Prices, nil); err != nil {
		return Calibration{}, err
	}
	if len(w.Fees) > 0 {
		if c.Fees, err = FitFeeShare(w.Fees); err != nil {
			return Calibration{}, err
		}
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
