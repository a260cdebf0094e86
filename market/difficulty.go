package market

import (
	"fmt"
	"math"
	"math/big"

	"github.com/wattfolio/wattfolio/hardware"
)

// diff1Target returns 0xFFFF * 2^208, the target of difficulty 1. It is
// rebuilt per call (a few words) so that the package keeps no mutable state.
func diff1Target() *big.Int {
	return new(big.Int).Lsh(big.NewInt(0xFFFF), 8*(0x1D-3))
}

func bitsString(bits uint32) string { return fmt.Sprintf("0x%08x", bits) }

// TargetFromBits decodes a block header's compact nBits into the proof of
// work target: with bits = e<<24 | m, the target is m * 256^(e-3), where the
// 23-bit m is the mantissa and e the size in bytes (for e < 3 the low bytes
// of m are shifted out).
//
// It returns an error matching ErrInvalid for what Bitcoin Core's
// DeriveTarget (pow.cpp, after arith_uint256::SetCompact) and btcd's
// CompactToBig (blockchain/difficulty.go) callers reject: a zero target, a
// negative target (sign bit 0x00800000 set with a non-zero mantissa), and a
// target that overflows 256 bits. Targets above a network's proof of work
// limit are accepted: test networks use them (regtest's 0x207fffff).
func TargetFromBits(bits uint32) (*big.Int, error) {
	size := bits >> 24
	word := bits & 0x007fffff
	if size <= 3 {
		word >>= 8 * (3 - size)
	}
	switch {
	case word == 0:
		return nil, invalid("bits", bitsString(bits), "target is zero")
	case bits&0x00800000 != 0:
		return nil, invalid("bits", bitsString(bits), "target is negative (sign bit set)")
	case size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32):
		return nil, invalid("bits", bitsString(bits), "target overflows 256 bits")
	}
	t := new(big.Int).SetUint64(uint64(word))
	if size > 3 {
		t.Lsh(t, 8*uint(size-3))
	}
	return t, nil
}

// DifficultyFromBits returns the difficulty of a block header's compact
// nBits: the difficulty-1 target 0xFFFF * 256^(0x1D-3) divided by the target
// that bits encodes (see TargetFromBits). 0x1d00ffff, the genesis block's
// bits, is difficulty 1.
//
// The quotient is computed exactly with math/big and rounded once to the
// nearest float64, so results are correctly rounded (Bitcoin Core's
// GetDifficulty in rpc/blockchain.cpp uses a double-precision loop instead
// and can differ in the last bit; it also ignores the sign bit, so it shows a
// difficulty for bits that consensus rejects). Every accepted bits value gives a finite
// difficulty above 0, from about 2.3e-10 (a 256-bit target) up to about 2.7e67.
//
// It returns an error matching ErrInvalid for bits that TargetFromBits
// rejects.
func DifficultyFromBits(bits uint32) (float64, error) {
	t, err := TargetFromBits(bits)
	if err != nil {
		return 0, err
	}
	d, _ := new(big.Rat).SetFrac(diff1Target(), t).Float64()
	return d, nil
}

// BitsFromDifficulty returns the compact nBits for a difficulty: the compact
// form, as Bitcoin Core's arith_uint256::GetCompact (pow.cpp callers) and
// btcd's BigToCompact lay it out, of the target 0xFFFF * 256^(0x1D-3) /
// difficulty. The compact form keeps the top 2 to 3 bytes of the target;
// BitsFromDifficulty rounds them to nearest, where GetCompact truncates an
// exact integer target, because a float64 difficulty is already rounded and
// truncating would turn DifficultyFromBits(b) back into b minus one.
//
// For every bits value b that DifficultyFromBits accepts,
// BitsFromDifficulty(DifficultyFromBits(b)) encodes the same target as b (it
// is b itself when b is in the canonical form GetCompact produces). For other
// difficulties the result is within about 1 part in 32768.
//
// It returns an error matching ErrInvalid if difficulty is NaN, infinite or
// not positive, so large that the target would round to zero, or so small
// that the target would not fit in 256 bits.
func BitsFromDifficulty(difficulty float64) (uint32, error) {
	if math.IsNaN(difficulty) || math.IsInf(difficulty, 0) || difficulty <= 0 {
		return 0, invalid("difficulty", difficulty, "must be finite and positive")
	}
	r := new(big.Rat).SetFrac(diff1Target(), big.NewInt(1))
	r.Quo(r, new(big.Rat).SetFloat64(difficulty)) // the exact target, a rational
	t := roundQuo(r, 0)
	if t.Sign() == 0 {
		return 0, invalid("difficulty", difficulty, "too large: the target would be zero")
	}
	if t.BitLen() > 256 {
		return 0, invalid("difficulty", difficulty, "too small: the target would overflow 256 bits")
	}
	// word holds the 3 mantissa bytes of the target at size bytes.
	word := func(size uint) uint64 {
		if size <= 3 { // t < 2^24 exactly; the low bytes of the word are zero
			return t.Uint64() << (8 * (3 - size))
		}
		return roundQuo(r, size-3).Uint64()
	}
	size := uint((t.BitLen() + 7) / 8)
	w := word(size)
	if w >= 1<<24 { // rounding carried into a fourth byte
		size++
		w = word(size)
	}
	if w&0x00800000 != 0 { // keep the sign bit clear: one byte more of exponent
		size++
		w = word(size)
	}
	bits := uint32(size)<<24 | uint32(w)
	if _, err := TargetFromBits(bits); err != nil { // rounded up to 2^256
		return 0, invalid("difficulty", difficulty, "too small: the target would overflow 256 bits")
	}
	return bits, nil
}

// roundQuo returns r / 256^k rounded to the nearest integer, halves up, for
// a positive r.
func roundQuo(r *big.Rat, k uint) *big.Int {
	// floor((2p + q) / 2q) for r / 256^k = p / q.
	q := new(big.Int).Lsh(r.Denom(), 8*k+1)
	p := new(big.Int).Lsh(r.Num(), 1)
	p.Add(p, new(big.Int).Rsh(q, 1))
	return p.Quo(p, q)
}

// HashrateFromDifficulty returns the network hashrate implied by a Bitcoin
// difficulty: difficulty * 2^32 / 600 s, the hashes per second that find one
// block every 10 minutes on average. It is Mainnet.Hashrate(difficulty).
//
// The exact expected number of hashes per block is difficulty * 2^256 /
// (0xFFFF * 2^208) = difficulty * 2^48 / 65535, about 1.5e-5 larger than
// difficulty * 2^32. Hashrate Index, Braiins and mempool.space all quote
// 2^32, and so does wattfolio, so that figures match the ones users compare
// against. The estimate uses the difficulty, not the recent block rate.
//
// Special cases: a difficulty that is NaN or not positive gives 0, and +Inf
// gives +Inf. Such difficulties are invalid data; check them first (as
// Bitcoin.Validate does) rather than rely on the 0.
func HashrateFromDifficulty(difficulty float64) hardware.Hashrate {
	return hashrate(difficulty, 600)
}

// hashrate is difficulty * 2^32 / seconds, with the special cases of
// HashrateFromDifficulty.
func hashrate(difficulty, seconds float64) hardware.Hashrate {
	if !(difficulty > 0) {
		return 0
	}
	return hardware.Hashrate(difficulty * (1 << 32) / seconds)
}
