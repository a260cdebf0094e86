package market

import (
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
)

// Chain holds the protocol parameters of a Bitcoin-like chain that mining
// economics depend on: the subsidy schedule, the target block interval and
// the difficulty retarget period. Mainnet is Bitcoin's.
//
// A Chain is a plain value; build other chains (a test network, a
// what-if schedule) with a struct literal and check it once with Validate.
// Methods state which fields they need and panic if those are not valid:
// protocol parameters are configuration, checked once where they are
// loaded, not data that varies call by call.
//
// In JSON, BlockInterval is an integer number of nanoseconds (the encoding of
// time.Duration) and InitialSubsidy an integer number of satoshis.
type Chain struct {
	// HalvingInterval is the number of blocks between subsidy halvings.
	HalvingInterval int64 `json:"halving_interval"`
	// InitialSubsidy is the block subsidy of the first halving epoch.
	InitialSubsidy Sats `json:"initial_subsidy"`
	// BlockInterval is the target time between blocks.
	BlockInterval time.Duration `json:"block_interval"`
	// RetargetInterval is the number of blocks between difficulty
	// adjustments.
	RetargetInterval int64 `json:"retarget_interval"`
}

// Mainnet holds the Bitcoin main network's parameters: a halving every
// 210,000 blocks from a 50 BTC subsidy, 10-minute blocks and a retarget every
// 2016 blocks (Bitcoin Core chainparams.cpp; btcd chaincfg.MainNetParams).
//
// Mainnet is a variable only because Go has no struct constants, as
// btcd's chaincfg.MainNetParams is: never modify it. Copy it to build a
// variant.
var Mainnet = Chain{
	HalvingInterval:  210_000,
	InitialSubsidy:   50 * SatsPerBTC,
	BlockInterval:    10 * time.Minute,
	RetargetInterval: 2016,
}

// Validate reports whether c is a usable chain. It returns an error matching
// ErrInvalid, naming the field, if HalvingInterval, InitialSubsidy,
// BlockInterval or RetargetInterval is not positive, or if the total
// issuance of the schedule does not fit in Sats (int64 satoshis).
//
// The last rule guarantees that Issued cannot overflow and that every
// halving height up to the one where the subsidy reaches zero fits in an
// int64.
func (c Chain) Validate() error {
	switch {
	case c.HalvingInterval <= 0:
		return invalid("Chain.HalvingInterval", c.HalvingInterval, "must be positive")
	case c.InitialSubsidy <= 0:
		return invalid("Chain.InitialSubsidy", c.InitialSubsidy, "must be positive")
	case c.BlockInterval <= 0:
		return invalid("Chain.BlockInterval", c.BlockInterval, "must be positive")
	case c.RetargetInterval <= 0:
		return invalid("Chain.RetargetInterval", c.RetargetInterval, "must be positive")
	}
	if _, ok := c.totalIssuance(); !ok {
		return invalid("Chain.HalvingInterval", c.HalvingInterval,
			"total issuance HalvingInterval * sum of halved InitialSubsidy overflows int64 satoshis")
	}
	return nil
}

// totalIssuance returns HalvingInterval * sum_k (InitialSubsidy >> k) and
// whether it fits in an int64. It needs positive HalvingInterval and
// InitialSubsidy.
func (c Chain) totalIssuance() (Sats, bool) {
	var total uint64
	for k := 0; k < 64; k++ {
		s := uint64(c.InitialSubsidy >> k)
		if s == 0 {
			break
		}
		hi, lo := bits.Mul64(uint64(c.HalvingInterval), s)
		if hi != 0 || lo > math.MaxInt64 {
			return 0, false
		}
		total += lo // both terms are below 2^63: no uint64 wrap
		if total > math.MaxInt64 {
			return 0, false
		}
	}
	return Sats(total), true
}

func (c Chain) mustValidate(method string) {
	if err := c.Validate(); err != nil {
		panic(fmt.Sprintf("market: Chain.%s: %v", method, err))
	}
}

func (c Chain) mustSchedule(method string) {
	if c.HalvingInterval <= 0 || c.InitialSubsidy <= 0 {
		panic(fmt.Sprintf("market: Chain.%s: HalvingInterval %d and InitialSubsidy %d must be positive",
			method, c.HalvingInterval, int64(c.InitialSubsidy)))
	}
}

// Subsidy returns the block subsidy at height: InitialSubsidy shifted right
// once per completed halving epoch, InitialSubsidy >> (height /
// HalvingInterval), as btcd's CalcBlockSubsidy (blockchain/validate.go) and
// Bitcoin Core's GetBlockSubsidy (validation.cpp) compute it. On Mainnet that
// is 50 BTC up to height 209,999, 3.125 BTC from 840,000, 1 satoshi at
// 6,929,999 and nothing from 6,930,000 on.
//
// Special cases: the subsidy is 0 from the 64th halving on (Core's explicit
// rule; the shift alone gives 0 from the 63rd halving at the latest for an
// int64 InitialSubsidy, and from the 33rd on Mainnet), and 0 for a
// negative height, which is before the genesis block. Fees are not included.
//
// It panics if c.HalvingInterval or c.InitialSubsidy is not positive.
func (c Chain) Subsidy(height int64) Sats {
	c.mustSchedule("Subsidy")
	if height < 0 {
		return 0
	}
	epoch := height / c.HalvingInterval
	if epoch >= 64 {
		return 0
	}
	return c.InitialSubsidy >> uint(epoch)
}

// Halvings returns how many halvings have happened by height, the index of
// the halving epoch that height is in: 0 for heights 0 to HalvingInterval-1,
// 4 for Mainnet heights 840,000 to 1,049,999. It returns 0 for a negative
// height.
//
// It panics if c.HalvingInterval is not positive.
func (c Chain) Halvings(height int64) int64 {
	if c.HalvingInterval <= 0 {
		panic(fmt.Sprintf("market: Chain.Halvings: HalvingInterval %d must be positive", c.HalvingInterval))
	}
	if height < 0 {
		return 0
	}
	return height / c.HalvingInterval
}

// HalvingHeight returns the first height of halving epoch n, n *
// HalvingInterval: 0 for n = 0 (genesis), 840,000 for Mainnet's 4th
// halving.
//
// It panics if c.HalvingInterval is not positive, if n is negative, or if
// the height overflows an int64 (never for the epochs that pay a subsidy on a
// chain that passes Validate).
func (c Chain) HalvingHeight(n int64) int64 {
	if c.HalvingInterval <= 0 {
		panic(fmt.Sprintf("market: Chain.HalvingHeight: HalvingInterval %d must be positive", c.HalvingInterval))
	}
	if n < 0 {
		panic(fmt.Sprintf("market: Chain.HalvingHeight: negative epoch %d", n))
	}
	if n > math.MaxInt64/c.HalvingInterval {
		panic(fmt.Sprintf("market: Chain.HalvingHeight: epoch %d overflows int64 heights", n))
	}
	return n * c.HalvingInterval
}

// NextHalving returns the smallest height above height at which the subsidy
// changes: the first block of the next halving epoch. On Mainnet it is
// 1,050,000 for any height from 840,000 to 1,049,999, and 6,930,000 (where
// the last satoshi of subsidy ends) for heights from 6,720,000 to 6,929,999.
// For a negative height it returns 0, where the subsidy starts.
//
// Once the subsidy has reached zero it never changes again, and NextHalving
// returns -1, as strings.Index does for "not found".
//
// It panics if c fails Validate.
func (c Chain) NextHalving(height int64) int64 {
	c.mustValidate("NextHalving")
	if height < 0 {
		return 0
	}
	epoch := height / c.HalvingInterval
	if epoch >= 63 || c.InitialSubsidy>>uint(epoch) == 0 {
		return -1
	}
	// The subsidy of epoch is positive, so epoch+1 <= bits.Len64(InitialSubsidy)
	// halvings each pay at least one satoshi per block, and (epoch+1) *
	// HalvingInterval <= total issuance <= MaxInt64: no overflow.
	return (epoch + 1) * c.HalvingInterval
}

// Issued returns the total subsidy of blocks 0 to height-1, the coins that
// exist once height blocks have been mined (fees move coins, they do not
// create them). It sums whole epochs in closed form, so it costs at most 64
// steps for any height. Issued(0) and Issued of a negative height are 0.
//
// For Mainnet, Issued of any height from 6,930,000 on is the final supply,
// 2,099,999,997,690,000 satoshis: 2310 sats short of 21 million BTC because
// each halving rounds down (btcd blockchain/validate.go; Bitcoin Core
// validation.cpp).
//
// It panics if c fails Validate.
func (c Chain) Issued(height int64) Sats {
	c.mustValidate("Issued")
	var total Sats
	for k := 0; k < 64 && height > 0; k++ {
		s := c.InitialSubsidy >> uint(k)
		if s == 0 {
			break
		}
		n := min(height, c.HalvingInterval) // blocks of epoch k below height
		total += Sats(n) * s
		height -= n
	}
	return total
}

// ExpectedTimespan returns the time RetargetInterval blocks take at exactly
// the target BlockInterval: 2016 * 10 min = 1,209,600 s (two weeks) on
// Mainnet. It saturates at the largest time.Duration if the product
// overflows.
//
// It panics if c.RetargetInterval or c.BlockInterval is not positive.
func (c Chain) ExpectedTimespan() time.Duration {
	c.mustRetarget("ExpectedTimespan")
	if c.RetargetInterval > math.MaxInt64/int64(c.BlockInterval) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(c.RetargetInterval) * c.BlockInterval
}

func (c Chain) mustRetarget(method string) {
	if c.RetargetInterval <= 0 || c.BlockInterval <= 0 {
		panic(fmt.Sprintf("market: Chain.%s: RetargetInterval %d and BlockInterval %v must be positive",
			method, c.RetargetInterval, c.BlockInterval))
	}
}

// Retarget returns the difficulty after a retarget, given the difficulty of
// the period that ended and the actual time that period took:
//
//	D' = D * expected / clamp(actual, expected/4, 4*expected)
//
// with expected = RetargetInterval * BlockInterval (1,209,600 s on
// Mainnet). This is Bitcoin Core's CalculateNextWorkRequired (pow.cpp),
// expressed in difficulty rather than target, so a single retarget moves the
// difficulty by a factor of at most 4 either way. A negative actual (block
// timestamps may go backwards) is clamped like any short one.
//
// Pass actual as the protocol measures it: the timestamp of the period's last
// block minus that of its first, which spans RetargetInterval-1 = 2015 block
// intervals, not 2016. This is a known off-by-one of the protocol; it is why
// blocks at exactly 10 minutes raise the difficulty by 2016/2015. To model
// ideal 2016-interval periods, pass 2016 intervals instead.
//
// Bitcoin Core works on the compact target and caps it at the chain's proof
// of work limit (difficulty 1 on Mainnet); Retarget does neither, so its
// result can differ from the chain's in the last digits and can fall below 1.
//
// Special cases are those of the multiplication: Retarget(NaN, _) = NaN,
// Retarget(±Inf, _) = ±Inf, Retarget(0, _) = 0. Check a difficulty with
// Bitcoin.Validate first.
//
// It panics if c.RetargetInterval or c.BlockInterval is not positive.
func (c Chain) Retarget(difficulty float64, actual time.Duration) float64 {
	c.mustRetarget("Retarget")
	r := newChainRule(c)
	got, _ := r.clamp(actual.Seconds())
	return difficulty * (r.expected / got)
}

// Hashrate returns the network hashrate implied by difficulty on chain c:
// difficulty * 2^32 / BlockInterval. See HashrateFromDifficulty for the
// convention and the special cases.
//
// It panics if c.BlockInterval is not positive.
func (c Chain) Hashrate(difficulty float64) hardware.Hashrate {
	if c.BlockInterval <= 0 {
		panic(fmt.Sprintf("market: Chain.Hashrate: BlockInterval %v must be positive", c.BlockInterval))
	}
	return hashrate(difficulty, c.BlockInterval.Seconds())
}
