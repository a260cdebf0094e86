package economics

import "github.com/wattfolio/wattfolio/market"

// The engine's kernels that book one step of a line into its batch of
// paths: fused for Analyze's undated lines, split into revenue and power
// (then book) where dates, discounting or Appraise's ledger need them.

// shareLuck sets luck[k], the pool luck of an FPPS miner over a step, to
// 1 + signs[k] z rel, z a normal drawn from rngs[k].
func shareLuck(luck []float64, rngs []*market.Stream, signs []float64, rel float64) {
	signs = signs[:len(rngs)]
	luck = luck[:len(rngs)]
	market.NormFloat64s(luck, rngs)
	for k, z := range luck {
		luck[k] = 1 + signs[k]*z*rel
	}
}

// bookBitcoin books a step of a bitcoin-mining line that runs every hour
// straight into its per-unit profits: mineBitcoin and book fused, for
// Analyze's undated lines.
func bookBitcoin(unit, mined, btcPerTH, luck, price, mult []float64, kb, kc, opex, units float64) {
	n := len(unit)
	mined, btcPerTH, luck, price, mult = mined[:n], btcPerTH[:n], luck[:n], price[:n], mult[:n]
	for k := range unit {
		btc := kb * btcPerTH[k] * luck[k]
		unit[k] += btc*price[k] - kc*mult[k] - opex
		mined[k] += units * btc
	}
}

// bookAI is rentAI and book fused, for Analyze's undated lines.
func bookAI(unit, gpu, util, mult []float64, base, idle, load, opex float64) {
	n := len(unit)
	gpu, util, mult = gpu[:n], util[:n], mult[:n]
	for k := range unit {
		u := util[k]
		unit[k] += base*gpu[k]*u - (idle+u*load)*mult[k] - opex
	}
}

// mineBitcoin sets a step of a bitcoin-mining line that runs every hour,
// per unit: btc = kb BTCPerTH luck credited, revenue btc Price and power
// kc mult.
func mineBitcoin(rev, pow, btc, btcPerTH, luck, price, mult []float64, kb, kc float64) {
	n := len(rev)
	pow, btc, btcPerTH, luck, price, mult = pow[:n], btc[:n], btcPerTH[:n], luck[:n], price[:n], mult[:n]
	for k := range rev {
		b := kb * btcPerTH[k] * luck[k]
		btc[k] = b
		rev[k] = b * price[k]
		pow[k] = kc * mult[k]
	}
}

// rentAI sets a step of an AI cloud line, per unit: revenue base G u and
// power (idle + u load) mult, for GPU index G and utilization u.
func rentAI(rev, pow, gpu, util, mult []float64, base, idle, load float64) {
	n := len(rev)
	pow, gpu, util, mult = pow[:n], gpu[:n], util[:n], mult[:n]
	for k := range rev {
		u := util[k]
		rev[k] = base * gpu[k] * u
		pow[k] = (idle + u*load) * mult[k]
	}
}

// book adds a step of line l to w's paths: per unit, revenue rev less
// power pow less opex, and btc bitcoin credited (nil for lines that do not
// mine bitcoin). A dated line earns and pays only for the share of the
// step it runs (all of it on every path when full); rev and pow already
// are that share when pre is set (a lease). Amounts are discounted by df
// (1 unless a rate is set), and Appraise's ledger takes them too.
func (e *engine) book(w *worker, l int, rev, pow, btc []float64, opex float64, pre, full bool, t0, t1, df float64) {
	c := &e.lc[l]
	n := w.n
	unit := w.units[l*batchSize:][:n]
	mined := w.minedB[:n]
	if full && df == 1 && w.led == nil {
		for k := range unit {
			unit[k] += rev[k] - pow[k] - opex
		}
		if btc != nil {
			for k := range mined {
				mined[k] += c.r.units * btc[k]
			}
		}
		return
	}
	if w.led != nil {
		e.bookLedger(w, l, rev, pow, opex, pre, full, t0, t1)
		return
	}
	units := c.r.units
	for k := range unit {
		f := 1.0
		if !full {
			f = c.tm.running(&w.pt[l*batchSize+k], t0, t1)
		}
		r, p := rev[k], pow[k]
		if !pre {
			r, p = f*r, f*p
		}
		o := f * opex
		unit[k] += df * (r - p - o)
		if btc != nil {
			mined[k] += units * f * btc[k]
		}
	}
}

// bookLedger is book for Appraise: the step's revenue, power and opex of
// the whole line go to the ledger's columns, which close adds up per path
// (its NPV, its project years); per-unit profits and bitcoin are not kept.
func (e *engine) bookLedger(w *worker, l int, rev, pow []float64, opex float64, pre, full bool, t0, t1 float64) {
	c := &e.lc[l]
	n := w.n
	g := w.led
	col, pw, ox := g.column(c.r.workload)[:n], g.step[opPower*batchSize:][:n], g.step[opOpex*batchSize:][:n]
	rev, pow = rev[:n], pow[:n]
	units := c.r.units
	if full {
		for k := range col {
			col[k] += units * rev[k]
			pw[k] += units * pow[k]
			ox[k] += units * opex
		}
		return
	}
	for k := range col {
		f := c.tm.running(&w.pt[l*batchSize+k], t0, t1)
		r, p := rev[k], pow[k]
		if !pre {
			r, p = f*r, f*p
		}
		col[k] += units * r
		pw[k] += units * p
		ox[k] += units * f * opex
	}
}
