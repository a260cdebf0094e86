// Command service is a reference HTTP service embedding wattfolio with
// only the standard library: POST endpoints take and return the library's
// JSON.
//
//	POST /evaluate  {"site", "allocation", "snapshot"?, "period": "720h"}
//	                -> economics.Statement
//	POST /analyze   {"site", "allocation", "snapshot"?, "model"?, "settings"?}
//	                -> economics.Report
//	POST /optimize  {"problem", "objective", "snapshot"?, "model"?, "settings"?}
//	                -> economics.Plan
//	POST /appraise  {"project", "snapshot"?, "model"?, "settings"?}
//	                -> economics.Appraisal
//
// "site", "allocation", "project", "snapshot" and the lines of a problem
// are the library's JSON (economics.Site, economics.Allocation,
// economics.Project, market.Snapshot, economics.Line), read strictly: an
// unknown key, a key in another case or given twice, or data after the
// body's object is an error. An absent "snapshot" is market.Reference();
// "model" is "default" (market.DefaultModel()) or "deterministic";
// "settings" is {"paths", "horizon", "step", "seed", "level",
// "antithetic", "band_paths", "first_path", "total_paths"} (see
// requests.go; the request envelopes of /optimize are there too). With
// "first_path" and "total_paths", /analyze and /appraise answer a shard
// of a larger run, whose JSON the client merges with Report.Merge or
// Appraisal.Merge: several instances can share one run.
//
// Limits (options in server.go): a body of at most 1 MiB (413 past it),
// sent within 30 s (408); at most 200,000 paths, a horizon (and
// evaluate's period) of at most 30 years, 10,000 steps, 200,000 x 522
// path-steps, 6,000,000 band values, 64 candidates and 10,000 CVaR
// scenarios (422 past them); at most 4 simulations run at once, the
// others wait. Errors answer {"error": "..."}: 400 for malformed JSON, 422
// for input the library refuses (economics.ErrInvalid, ErrOverCapacity,
// hardware.ErrUnsupported, ErrUnknown, market.ErrInvalid, ErrNoQuote,
// risk.ErrInfeasible, ...), 404 for an unknown path, 405 for a method
// other than POST.
//
// A client that disconnects cancels its run through the request's
// context. A request with "Accept: text/event-stream" gets server-sent
// events: "progress" ({"done", "total"} paths, at most four a second),
// then "result" (the JSON) or "error" (see sse.go).
//
// Run it with
//
//	go run ./examples/service -addr :8080
//
// and, for example,
//
//	curl -s localhost:8080/evaluate -d '{"site": {"capacity": "10 MW",
//	  "pue": 1.1, "pool_fee": 0.02, "payout": "FPPS", "uptime": 0.97,
//	  "opex_per_mw_month": "8200", "curtailment": "economic"},
//	  "allocation": {"lines": [{"model": "Antminer S21",
//	  "workload": "bitcoin-mining", "units": 2000}]}, "period": "720h"}'
//
//	curl -sN -H 'Accept: text/event-stream' localhost:8080/analyze -d '{
//	  "site": {...}, "allocation": {...},
//	  "settings": {"paths": 100000, "horizon": "8760h", "seed": 1}}'
//
// SIGINT or SIGTERM shuts it down gracefully: running requests get up to
// 30 seconds to finish.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	addr := flag.String("addr", ":8080", "address to listen on")
	flag.Parse()

	logger := log.New(os.Stderr, "", log.LstdFlags)
	// Every request's context derives from base: cancelling it stops the
	// runs still going when the shutdown's grace period ends.
	base, cancelRuns := context.WithCancel(context.Background())
	defer cancelRuns()
	srv := &http.Server{
		Addr:              *addr,
		Handler:           newServer(options{Log: logger}),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          logger,
		BaseContext:       func(net.Listener) context.Context { return base },
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	errc := make(chan error, 1)
	go func() {
		logger.Printf("service: listening on %s", *addr)
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		logger.Fatal(err)
	case <-ctx.Done():
	}
	stop() // a second signal kills at once
	logger.Print("service: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		logger.Fatal(err)
	} else if err != nil {
		logger.Print("service: requests still running after 30 s; cancelling them")
		cancelRuns()
		srv.Close()
	}
}
