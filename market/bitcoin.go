package market

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"
	"github.com/wattfolio/wattfolio/internal/num"
)

// HashpricePlaces is the number of decimal places Bitcoin.Hashprice rounds
// to (half away from zero), in USD per TH/s per day: 1e-12 USD, far below
// any amount a statement shows, so a fleet of millions of TH/s stays exact
// to the cent.
const HashpricePlaces = 12

// Limits of a Bitcoin's figures, checked by Bitcoin.Validate. Each is far
// beyond any figure seen so far and exists so that every result derived from
// a valid Bitcoin is finite and cheap to compute.
const (
	// MaxBTCPrice is the highest Bitcoin price accepted, in USD: 1e9 USD
	// per BTC values the 21 million coins at 2.1e16 USD, about 200 times
	// world GDP (about 110 trillion USD in 2024, IMF), so a larger figure
	// is a unit mistake (sats, cents), not a market.
	MaxBTCPrice = 1e9

	// MinDifficulty is the lowest difficulty accepted, 2^-32: a block then
	// needs one expected hash (Difficulty x 2^32 hashes per block, see
	// HashrateFromDifficulty). Regtest's easiest target, 0x207fffff, is
	// difficulty 4.66e-10, above it; below it the hashes-per-block
	// convention stops meaning anything.
	MinDifficulty = 0x1p-32

	// MaxDifficulty is the highest difficulty accepted, 2^224: above the
	// difficulty of a target of 1 (0xFFFF x 2^208, about 2.7e67), the
	// hardest target the protocol can express.
	MaxDifficulty = 0x1p224

	// MaxHeight is the highest block height accepted, 2^31 - 1: Bitcoin
	// Core keeps heights in an int (CBlockIndex::nHeight), and 2^31 blocks
	// at 10 minutes is 40,000 years. It keeps every height the simulator
	// reaches far from int64 overflow.
	MaxHeight = 1<<31 - 1
)

var maxBTCPrice = decimal.NewFromInt(MaxBTCPrice)

// Bitcoin holds the Bitcoin market inputs that mining revenue depends on, at
// one moment, on one chain: Chain, or Mainnet when Chain is zero.
//
// The zero value is not valid (its price and difficulty are zero); build one
// with a struct literal and check it with Validate. A Bitcoin holds a
// decimal, so compare two with Equal, never with ==.
//
// Every figure derived from a Bitcoin (RewardPerBlock, SatsPerTHDay,
// Hashprice, and the simulator's subsidy, halvings and retargets started
// from a Snapshot) uses its chain, Params: the chain is part of the market
// data, never read from a global, so that a statement (Evaluate) and a
// simulation (Analyze) of one snapshot agree on any chain.
//
// In JSON, Price is a decimal string ("100000.5", shopspring/decimal's
// encoding), Difficulty a number, Height an integer and FeesPerBlock an
// integer number of satoshis. Chain is left out when zero (Mainnet).
type Bitcoin struct {
	// Price is the price of one bitcoin in USD, in (0, MaxBTCPrice] with at
	// most 24 decimal places (num.MaxDecimalDigits: so that no arithmetic
	// on it can hang).
	Price decimal.Decimal `json:"price"`
	// Difficulty is the network difficulty (see DifficultyFromBits), in
	// [MinDifficulty, MaxDifficulty]: from one expected hash per block to a
	// target of 1.
	Difficulty float64 `json:"difficulty"`
	// Height is the current block height, in [0, MaxHeight]; it sets the
	// subsidy.
	Height int64 `json:"height"`
	// FeesPerBlock is the mean transaction fees per block, for example over
	// the last 144 blocks as Hashrate Index averages them, in [0, MaxMoney]
	// (21 million BTC: no block can carry more), so that RewardPerBlock
	// cannot overflow.
	FeesPerBlock Sats `json:"fees_per_block"`
	// Chain holds the protocol parameters of the chain the figures are
	// from. The zero Chain means Mainnet; see Params.
	Chain Chain `json:"chain,omitzero"`
}

// Params returns the chain b is on: b.Chain, or Mainnet when b.Chain is the
// zero Chain. Every method of Bitcoin, and the simulator, take the protocol
// from it.
func (b Bitcoin) Params() Chain {
	if b.Chain == (Chain{}) {
		return Mainnet
	}
	return b.Chain
}

// Validate returns an error matching ErrInvalid, naming the field and the
// limit, unless Price is in (0, MaxBTCPrice] USD with at most 24 decimal
// places, Difficulty is in [MinDifficulty, MaxDifficulty], Height is in [0,
// MaxHeight], FeesPerBlock is in [0, MaxMoney] and Chain is zero or passes
// Chain.Validate. It does no arithmetic that a decimal's exponent could make
// slow, whatever the caller put in Price.
func (b Bitcoin) Validate() error {
	if b.Price.Sign() <= 0 || !num.Bounded(b.Price) || b.Price.GreaterThan(maxBTCPrice) {
		return invalid("Bitcoin.Price", errValue(b.Price),
			fmt.Sprintf("must be in (0, 1e9] USD with at most %d decimal places", num.MaxDecimalDigits))
	}
	if math.IsNaN(b.Difficulty) || b.Difficulty < MinDifficulty || b.Difficulty > MaxDifficulty {
		return invalid("Bitcoin.Difficulty", b.Difficulty, "must be in [2^-32, 2^224] (one hash per block to a target of 1)")
	}
	if b.Height < 0 || b.Height > MaxHeight {
		return invalid("Bitcoin.Height", b.Height, "must be in [0, 2^31-1]")
	}
	if b.FeesPerBlock < 0 || b.FeesPerBlock > MaxMoney {
		return invalid("Bitcoin.FeesPerBlock", b.FeesPerBlock, "must lie in [0, 21 million BTC]")
	}
	if b.Chain != (Chain{}) {
		return b.Chain.Validate()
	}
	return nil
}

// Equal reports whether b and other hold the same values: equal prices as
// numbers (100000 equals 100000.00), identical difficulty, height and fees,
// and the same chain (Params: a zero Chain equals Mainnet). A NaN difficulty
// is equal to nothing.
func (b Bitcoin) Equal(other Bitcoin) bool {
	return b.Price.Equal(other.Price) &&
		b.Difficulty == other.Difficulty &&
		b.Height == other.Height &&
		b.FeesPerBlock == other.FeesPerBlock &&
		b.Params() == other.Params()
}

// RewardPerBlock returns the expected reward of one block at b: the subsidy
// of b's chain (Params) at b.Height plus b.FeesPerBlock. For a negative
// height the subsidy part is 0; for fees outside [0, MaxMoney] the sum may
// be meaningless, so check b with Validate first.
//
// It panics, as Chain.Subsidy does, if b.Chain is not zero and its
// HalvingInterval or InitialSubsidy is not positive (Validate reports it).
func (b Bitcoin) RewardPerBlock() Sats {
	return b.Params().Subsidy(b.Height) + b.FeesPerBlock
}

// SatsPerTHDay returns the expected satoshis one TH/s earns in a day at b,
// before pool fees:
//
//	86400 s * 1e12 H/s * R / (Difficulty * 2^32)
//
// where R is RewardPerBlock in satoshis and Difficulty * 2^32 the hashes per
// block (see HashrateFromDifficulty for the 2^32 convention). This is the
// Luxor Hashrate Index / Braiins definition; it depends on the difficulty,
// not on how fast blocks happen to arrive.
//
// Special cases: 0 if Difficulty is NaN or not positive, or if Difficulty is
// +Inf. The result is meaningful only for a b that passes Validate; it
// panics on an invalid Chain as RewardPerBlock does.
func (b Bitcoin) SatsPerTHDay() float64 {
	if !(b.Difficulty > 0) {
		return 0
	}
	return perTHDay(float64(b.RewardPerBlock()), b.Difficulty)
}

// perTHDay returns what one TH/s earns in a day at a reward of reward per
// block (in any unit: sats, BTC) and difficulty d, 86400 1e12 reward /
// (d 2^32): the formula of SatsPerTHDay, shared with the backtest's
// simulated hashprice.
func perTHDay(reward, d float64) float64 {
	return 86400e12 * reward / (d * (1 << 32))
}

// BTCPerTHDay returns SatsPerTHDay in bitcoin: the expected BTC one TH/s
// earns in a day at b, before pool fees. Special cases are those of
// SatsPerTHDay.
func (b Bitcoin) BTCPerTHDay() float64 {
	return b.SatsPerTHDay() / SatsPerBTC
}

// Hashprice returns the gross hashprice at b: the expected USD one TH/s
// earns in a day before pool fees, BTCPerTHDay * Price,
//
//	Price * 86400 * 1e12 * R / (Difficulty * 2^32 * 1e8)
//
// with R the RewardPerBlock in satoshis. The industry usually quotes it per
// PH/s; see HashpricePH.
//
// It is computed in decimal arithmetic: the difficulty enters once through
// internal/num's conversion (the shortest decimal that reads back as the same
// float64), everything else is exact, and the one division is rounded half
// away from zero to HashpricePlaces (12) decimal places. Results do not
// depend on decimal.DivisionPrecision.
//
// Hashprice returns 0 if b fails Validate, and only then (or when the true
// value is below 5e-13 USD). Use CheckedHashprice to get the reason instead.
func (b Bitcoin) Hashprice() decimal.Decimal {
	hp, err := b.CheckedHashprice()
	if err != nil {
		return decimal.Zero
	}
	return hp
}

// CheckedHashprice is Hashprice for data that has not been validated yet: it
// returns the error of b.Validate, or the hashprice.
func (b Bitcoin) CheckedHashprice() (decimal.Decimal, error) {
	if err := b.Validate(); err != nil {
		return decimal.Zero, err
	}
	d, err := num.Decimal(b.Difficulty)
	if err != nil { // unreachable after Validate; kept so no error is dropped
		return decimal.Zero, invalid("Bitcoin.Difficulty", b.Difficulty, err.Error())
	}
	// numerator: Price * R * 86400 * 1e12; denominator: D * 2^32 * 1e8.
	numer := b.Price.Mul(decimal.NewFromInt(int64(b.RewardPerBlock()))).Mul(decimal.New(86400, 12))
	denom := d.Mul(decimal.NewFromInt(1 << 32)).Mul(decimal.New(1, 8))
	return numer.DivRound(denom, HashpricePlaces), nil
}

// HashpricePH returns the hashprice in USD per PH/s per day, the unit
// Hashrate Index and most miners quote: exactly 1000 * Hashprice, so it
// has HashpricePlaces-3 decimal places. It returns 0 if b fails Validate.
func (b Bitcoin) HashpricePH() decimal.Decimal {
	return b.Hashprice().Shift(3)
}
