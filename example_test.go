package wattfolio_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// A month of a small site at the reference market: 2,000 S21s mining and
// 512 H100s rented out, booked line by line to the cent.
func Example() {
	s21, err := hardware.Lookup("Antminer S21")
	if err != nil {
		log.Fatal(err) // errors.Is(err, hardware.ErrUnknown)
	}
	h100, err := hardware.Lookup("H100 SXM")
	if err != nil {
		log.Fatal(err)
	}
	site := economics.Site{
		Capacity: 10 * hardware.Megawatt,
		PUE:      1.1,
		PoolFee:  0.02,
		Uptime:   0.97,
	}
	alloc := economics.Allocation{Lines: []economics.Line{
		{Model: s21, Workload: hardware.BitcoinMining, Units: 2000},
		{Model: h100, Workload: hardware.AICloud, Units: 512},
	}}
	st, err := economics.Evaluate(site, alloc, market.Reference(), 30*24*time.Hour)
	if errors.Is(err, economics.ErrOverCapacity) {
		log.Fatal("the allocation does not fit the site: ", err)
	}
	if err != nil {
		log.Fatal(err) // economics.ErrInvalid, hardware.ErrUnsupported, market.ErrNoQuote, ...
	}
	for _, l := range st.Lines {
		fmt.Printf("%-35s revenue %10s  power %10s  profit %10s\n",
			l.Name(), l.Revenue.StringFixed(2), l.PowerCost.StringFixed(2), l.Profit.StringFixed(2))
	}
	fmt.Println("mined", st.Total.Mined)
	fmt.Println("profit", st.Total.Profit, "USD") // exactly the sum of the lines'
	// Output:
	// Antminer S21 (stock) bitcoin-mining revenue  440973.42  power  241995.60  profit  198977.82
	// H100 SXM (stock) ai-cloud           revenue  790253.57  power   20895.14  profit  769358.43
	// mined 4.83385678 BTC
	// profit 968336.25 USD
}
