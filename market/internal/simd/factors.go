package simd

// FactorLanes is the number of paths a FactorBlock holds.
const FactorLanes = 32

// FactorBlock holds the four correlated log-states of the market model's
// simulation (package market: log price, log hashrate, log power
// multiplier, log GPU index) for up to FactorLanes paths, the draws of a
// step and what StepFactors derives from them, one array per quantity,
// path i at index i.
type FactorBlock struct {
	Sign                [FactorLanes]float64 // +1, or -1 for an antithetic path
	Z0, Z1, Z2, Z3      [FactorLanes]float64 // the step's factor normals
	Jump                [FactorLanes]float64 // the step's jump part of the change of log price
	Fee                 [FactorLanes]float64 // the step's fee normal
	UB                  [FactorLanes]uint32  // the step's 32-bit utilization draw
	LogP, LogH, X, LogG [FactorLanes]float64 // the states, updated by StepFactors
	DlogP               [FactorLanes]float64 // the step's change of log price
	// Arg holds the exponents of the step: ArgPrice, ArgHashrate, ArgFees,
	// ArgPower and ArgGPU, each FactorLanes long.
	Arg  [5 * FactorLanes]float64
	Util [FactorLanes]float64 // the step's utilization
}

// The exponents in FactorBlock.Arg, at k*FactorLanes.
const (
	ArgPrice    = iota // log price ratio
	ArgHashrate        // log hashrate ratio
	ArgFees            // log fees ratio
	ArgPower           // log power multiplier
	ArgGPU             // log GPU index
)

// Lag says which change of log price the hashrate responds to in a step.
type Lag int

// Lags of StepFactors.
const (
	LagNone    Lag = iota // none yet
	LagSelf               // the step's own
	LagEarlier            // an earlier step's, passed in
)

// FactorParams are the constants of one step length for StepFactors; the
// zero value is not usable, build them with NewFactorParams.
type FactorParams struct {
	// Each constant four times over, for 256-bit operands.
	l00, l10, l11, l20, l21, l22, l30, l31, l32, l33 [4]float64
	pDrift, pVol, hDrift, hVol                       [4]float64
	wDecay, wVol, gDrift, gVol                       [4]float64
	elast, feeVol, feeAdj, bound                     [4]float64
	util                                             *[UtilTableLen]float64
	utilConst                                        float64
	maxLog                                           float64
}

// UtilTableLen is the length of StepFactors' utilization table: 4096 cells
// and a copy of each end one.
const UtilTableLen = 4096 + 2

// FactorStep are the per-step constants of the factor update: drift and
// volatility of the log price, of the log hashrate and of the log GPU
// index, decay and volatility of the log power multiplier.
type FactorStep struct {
	PDrift, PVol, HDrift, HVol, WDecay, WVol, GDrift, GVol float64
}

// NewFactorParams returns the parameters of StepFactors: L the lower
// Cholesky factor of the factors' correlation, the step's constants, the
// hashrate's elasticity to the price, the fee volatility, the bound of the
// log states (each is clamped to ±maxLog), and the utilization: a table
// (see StepFactors), or, when util is nil, the constant utilConst.
func NewFactorParams(L *[4][4]float64, st FactorStep, elast, feeVol, maxLog float64, util *[UtilTableLen]float64, utilConst float64) *FactorParams {
	four := func(v float64) [4]float64 { return [4]float64{v, v, v, v} }
	return &FactorParams{
		l00: four(L[0][0]), l10: four(L[1][0]), l11: four(L[1][1]),
		l20: four(L[2][0]), l21: four(L[2][1]), l22: four(L[2][2]),
		l30: four(L[3][0]), l31: four(L[3][1]), l32: four(L[3][2]), l33: four(L[3][3]),
		pDrift: four(st.PDrift), pVol: four(st.PVol), hDrift: four(st.HDrift), hVol: four(st.HVol),
		wDecay: four(st.WDecay), wVol: four(st.WVol), gDrift: four(st.GDrift), gVol: four(st.GVol),
		elast: four(elast), feeVol: four(feeVol), feeAdj: four(-feeVol * feeVol / 2),
		bound: four(maxLog * maxLog), util: util, utilConst: utilConst, maxLog: maxLog,
	}
}

// StepFactors advances paths 0 to n-1 of b by one step. For path i, with
// s its sign and z its four normals, the shocks are ε = L (s z); then
//
//	dlogP = PDrift + PVol ε0 + Jump         LogP' = clamp(LogP + dlogP)
//	dlogH = HDrift + HVol ε1 [+ elast ΔlogP] LogH' = clamp(LogH + dlogH)
//	X'    = clamp(X WDecay + WVol ε2)
//	LogG' = clamp(LogG + GDrift + GVol ε3)
//
// with DlogP = LogP' - LogP and ΔlogP per lag: none, DlogP (LagSelf), or
// lagged[i] (LagEarlier). Arg gets the four new states and the fee
// exponent FeeVol (s Fee) - FeeVol²/2; Util gets the utilization: for the
// 32-bit draw b, with m = b - 2^19, table[(m >> 20) + 1] interpolated
// towards the next entry by ((m mod 2^20) + 1/2) / 2^20.
//
// On amd64 with AVX2 it does four paths at a time, with the same operations
// in the same order: the results do not depend on how the paths are
// grouped. It panics if n > FactorLanes.
func StepFactors(b *FactorBlock, p *FactorParams, n int, lag Lag, lagged *[FactorLanes]float64) {
	if n > FactorLanes {
		panic("simd: StepFactors: too many paths")
	}
	if lagged == nil {
		lagged = &b.DlogP // not read
	}
	// The vector code leaves alone the groups of four paths in which a
	// state leaves the bound (or nearly): redo has a bit set for each.
	done, redo := factorsVec(b, p, n, lag, lagged)
	for g := 0; redo != 0; g, redo = g+1, redo>>1 {
		if redo&1 != 0 {
			stepFactors(b, p, 4*g, 4*g+4, lag, lagged)
		}
	}
	stepFactors(b, p, done, n, lag, lagged)
}

// stepFactors is StepFactors for paths from to n-1, one at a time.
func stepFactors(b *FactorBlock, p *FactorParams, from, n int, lag Lag, lagged *[FactorLanes]float64) {
	l00, l10, l11 := p.l00[0], p.l10[0], p.l11[0]
	l20, l21, l22 := p.l20[0], p.l21[0], p.l22[0]
	l30, l31, l32, l33 := p.l30[0], p.l31[0], p.l32[0], p.l33[0]
	maxLog := p.maxLog
	clamp := func(x float64) float64 {
		// Plain comparisons, not min and max, which also order NaNs and
		// signed zeros at a cost not needed here: x is never NaN.
		if x > maxLog {
			return maxLog
		}
		if x < -maxLog {
			return -maxLog
		}
		return x
	}
	for i := from; i < n; i++ {
		sg := b.Sign[i]
		a, bb, cc, d := sg*b.Z0[i], sg*b.Z1[i], sg*b.Z2[i], sg*b.Z3[i]
		e0 := l00 * a
		e1 := l10*a + l11*bb
		e2 := l20*a + l21*bb + l22*cc
		e3 := l30*a + l31*bb + l32*cc + l33*d

		lp := b.LogP[i]
		dlogP0 := p.pDrift[0] + p.pVol[0]*e0 + b.Jump[i]
		newLogP := clamp(lp + dlogP0)
		dlogP := newLogP - lp
		dlogH := p.hDrift[0] + p.hVol[0]*e1
		switch lag {
		case LagSelf:
			dlogH += p.elast[0] * dlogP
		case LagEarlier:
			dlogH += p.elast[0] * lagged[i]
		}
		lh := clamp(b.LogH[i] + dlogH)
		xw := clamp(b.X[i]*p.wDecay[0] + p.wVol[0]*e2)
		lg := clamp(b.LogG[i] + p.gDrift[0] + p.gVol[0]*e3)
		b.LogP[i], b.DlogP[i], b.LogH[i], b.X[i], b.LogG[i] = newLogP, dlogP, lh, xw, lg
		b.Arg[ArgPrice*FactorLanes+i] = newLogP
		b.Arg[ArgHashrate*FactorLanes+i] = lh
		b.Arg[ArgFees*FactorLanes+i] = p.feeVol[0]*(sg*b.Fee[i]) + p.feeAdj[0]
		b.Arg[ArgPower*FactorLanes+i] = xw
		b.Arg[ArgGPU*FactorLanes+i] = lg
		b.Util[i] = p.utilization(b.UB[i])
	}
}

// utilization maps the 32-bit draw b through the table, or returns the
// constant.
func (p *FactorParams) utilization(b uint32) float64 {
	if p.util == nil {
		return p.utilConst
	}
	m := int64(b) - 1<<19
	i := m>>20 + 1 // in [0, 4096]
	f := (float64(m&(1<<20-1)) + 0.5) * 0x1p-20
	return p.util[i] + f*(p.util[i+1]-p.util[i])
}
