package market_test

import (
	"fmt"

	"github.com/wattfolio/wattfolio/market"
)

func ExampleReference() {
	s := market.Reference()
	fmt.Println(s.Date.Format("2006-01-02"), s.Bitcoin.Height)
	fmt.Println("hashprice", s.Bitcoin.HashpricePH().StringFixed(2), "USD/PH/day")
	rate, _ := s.GPURate("H100 SXM")
	fmt.Println("H100 SXM", rate, "USD/GPU-hour")
	// Output:
	// 2025-11-27 925344
	// hashprice 38.66 USD/PH/day
	// H100 SXM 2.6 USD/GPU-hour
}
