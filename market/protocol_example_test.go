package market_test

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/wattfolio/wattfolio/market"
)

func ExampleChain_Subsidy() {
	for _, h := range []int64{0, 840_000, 1_050_000, 6_929_999, 6_930_000} {
		fmt.Printf("%9d  %v\n", h, market.Mainnet.Subsidy(h))
	}
	fmt.Println("next halving after 900000:", market.Mainnet.NextHalving(900_000))
	fmt.Println("final supply:", market.Mainnet.Issued(7_000_000))
	// Output:
	//         0  50.00000000 BTC
	//    840000  3.12500000 BTC
	//   1050000  1.56250000 BTC
	//   6929999  0.00000001 BTC
	//   6930000  0.00000000 BTC
	// next halving after 900000: 1050000
	// final supply: 20999999.97690000 BTC
}

func ExampleDifficultyFromBits() {
	for _, bits := range []uint32{0x1d00ffff, 0x1d00d86a, 0x1b04864c} {
		d, err := market.DifficultyFromBits(bits)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%#08x  %.10g  %.4g H/s\n", bits, d, float64(market.HashrateFromDifficulty(d)))
	}
	_, err := market.DifficultyFromBits(0x04923456) // sign bit set
	fmt.Println(err)
	// Output:
	// 0x1d00ffff  1  7.158e+06 H/s
	// 0x1d00d86a  1.182899534  8.468e+06 H/s
	// 0x1b04864c  14484.16236  1.037e+11 H/s
	// market: invalid bits = 0x04923456: target is negative (sign bit set)
}

func ExampleSats_String() {
	fmt.Println(market.Sats(3_125_000))
	fmt.Println(market.Sats(-50_000_000))
	fmt.Println(market.Mainnet.Subsidy(840_000).BTC())
	s, err := market.SatsFromBTC(decimal.RequireFromString("0.00000001"))
	fmt.Println(int64(s), err)
	_, err = market.SatsFromBTC(decimal.RequireFromString("0.000000001"))
	fmt.Println(err)
	// Output:
	// 0.03125000 BTC
	// -0.50000000 BTC
	// 3.125
	// 1 <nil>
	// market: invalid BTC amount = 0.000000001: has a fraction of a satoshi
}

func ExampleBitcoin_Hashprice() {
	b := market.Bitcoin{
		Price:        decimal.NewFromInt(100_000), // USD per BTC
		Difficulty:   1e14,
		Height:       900_000,
		FeesPerBlock: 2_000_000, // 0.02 BTC
	}
	if err := b.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("reward per block:", b.RewardPerBlock())
	fmt.Printf("expected: %.4f sats per TH/s per day\n", b.SatsPerTHDay())
	fmt.Println("hashprice:", b.Hashprice(), "USD per TH/s per day")
	fmt.Println("hashprice:", b.HashpricePH().StringFixed(2), "USD per PH/s per day")
	// Output:
	// reward per block: 3.14500000 BTC
	// expected: 63.2666 sats per TH/s per day
	// hashprice: 0.063266605139 USD per TH/s per day
	// hashprice: 63.27 USD per PH/s per day
}
