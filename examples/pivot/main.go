// Command pivot is the investment case every public bitcoin miner now
// weighs. A 200 MW campus of four 50 MW halls runs Antminer S21s that it
// owns. Hashprice is thin, difficulty keeps rising and the 2028 halving
// will halve the subsidy; AI pays for power by the megawatt. Converting
// a hall costs millions of USD per MW and takes 9-18 months of dark
// halls, and then either
//
//   - (a) GPU cloud: the miner buys GPUs (B200 by default) for several
//     billion USD and rents them by the hour at a rate that has been
//     falling 22 % a year, or
//   - (b) colocation: it leases the hall for 15 years to a tenant who
//     brings its own GPUs, at Hut 8's River Bend terms with a 3 %
//     escalator, and bears the risk that the tenant defaults.
//
// Both are financed 80 % with debt and taxed at 21 %. The question: how
// many of the four halls to convert (0, 25, 50, 75 or 100 %), and to
// which, judged over ten years by the distribution of the campus's NPV,
// its IRR and payback, and the chance that a year's cash does not cover
// the debt service?
//
// The program prints the inputs, then the projection of half the campus
// converted to GPU cloud on the deterministic market (every volatility
// off: the spreadsheet a miner builds by hand, one market path at the
// model's drifts, averaged over the build's delay), year by year from
// revenue to the equity's cash. Then each option over simulated markets
// (the library's default model from its reference snapshot of 27 November
// 2025, the same paths for every option): the NPV distribution, the
// unlevered and equity IRRs, payback and the share of paths where debt
// service is not covered, and the NPV frontier of the shares. It draws
// the J-curve bands of half the campus converted each way beside the
// mining-only campus, and the frontier. Every input is in inputs.go with
// its source, or labelled an assumption.
//
// The owned S21s are sold when their hall is converted, or retired and
// sold at the end of their remaining life (Capital.Owned), at a resale
// price that moves with the hashprice.
//
// Not in the model (the report says so too): any value after the
// ten-year horizon but the hardware's residual value (the lease runs
// 15), closing a mining hall whose miners are curtailed for good before
// their retirement (its opex runs on), and a next generation of GPUs
// when the first retires.
//
//	go run ./examples/pivot
//	go run ./examples/pivot -paths 20000 -seed 7 -gpu "H100 SXM" -jcurve /tmp/j.png -frontier /tmp/f.png
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
)

func main() {
	jcurve := flag.String("jcurve", "pivot-jcurve.png", "path of the J-curve chart PNG to write")
	frontier := flag.String("frontier", "pivot-frontier.png", "path of the NPV frontier chart PNG to write")
	paths := flag.Int("paths", 5000, "number of simulated market paths per option")
	seed := flag.Uint64("seed", 2026, "seed of the random streams (same seed, same numbers)")
	gpu := flag.String("gpu", "B200", `GPU the cloud buys: "B200" or "H100 SXM" (the two with a rate in the reference snapshot)`)
	flag.Parse()
	log.SetFlags(0)

	st, err := run(config{
		paths: *paths, seed: *seed, horizon: horizon, gpu: *gpu,
		projected: option{gpuCloud, 2},
		progress:  func(o option) { fmt.Fprintf(os.Stderr, "appraising %s\n", o) },
	})
	if err != nil {
		log.Fatal(err)
	}

	printInputs(os.Stdout, st)
	printProjection(os.Stdout, st)
	printDistributions(os.Stdout, st)
	printReturns(os.Stdout, st)
	printFrontier(os.Stdout, st)

	// The J-curves of half the campus converted, each way, beside the
	// mining-only campus.
	gpuHalf, _ := st.find(option{gpuCloud, 2})
	coloHalf, _ := st.find(option{colocation, 2})
	if err := jcurveChart(*jcurve, st.baseline(), []outcome{gpuHalf, coloHalf}); err != nil {
		log.Fatal(err)
	}
	if err := frontierChart(*frontier, st); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nwrote %s and %s\n", *jcurve, *frontier)
}
