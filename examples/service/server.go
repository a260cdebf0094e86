package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
	"github.com/wattfolio/wattfolio/risk"
)

// options are the service's limits and tuning; the zero value of a field
// means its default.
type options struct {
	// MaxBody is the largest request body in bytes; 0 means 1 MiB.
	// Past it: 413.
	MaxBody int64
	// BodyTimeout is how long a client may take to send its body; 0
	// means 30 s. Past it: 408. (http.Server.ReadTimeout would do it too,
	// but its deadline would then cancel a long run's context.)
	BodyTimeout time.Duration
	// MaxPaths bounds settings.paths; 0 means 200,000.
	MaxPaths int
	// MaxHorizon bounds settings.horizon and evaluate's period; 0 means
	// 30 years of 365 days.
	MaxHorizon time.Duration
	// MaxSteps bounds the steps of a run, horizon / step; 0 means 10,000
	// (27 years in daily steps).
	MaxSteps int
	// MaxPathSteps bounds paths x steps, the work of a run; 0 means
	// 104,400,000: 200,000 paths of ten years in weekly steps (522).
	MaxPathSteps int64
	// MaxBandValues bounds band paths x band points, the memory of a
	// run's percentile bands (24 bytes each); 0 means 6,000,000 (144 MB),
	// which holds the library's default of 10,000 band paths over ten
	// years of weekly steps (522). Past it, an explicit
	// settings.band_paths is refused; the default is lowered to fit.
	MaxBandValues int64
	// MaxCandidates bounds the candidate lines of /optimize; 0 means 64.
	MaxCandidates int
	// MaxRuns is how many simulations (analyze, optimize, appraise) run
	// at once; 0 means 4. Others wait their turn; a client that leaves
	// while waiting leaves the queue.
	MaxRuns int
	// MaxScenarios bounds problem.scenarios, the paths of /optimize's
	// min-cvar linear program (2,000 when not given); 0 means 10,000.
	MaxScenarios int
	// Workers is each run's economics.Settings.Workers; 0 means
	// GOMAXPROCS.
	Workers int
	// ProgressEvery is the least time between two progress events of a
	// stream; 0 means 250 ms.
	ProgressEvery time.Duration
	// Log receives internal errors (status 500); nil means none.
	Log *log.Logger

	// finished, when not nil, is called with each job's error (nil on
	// success) once the job has returned: a hook for the tests.
	finished func(path string, err error)
}

func (o options) withDefaults() options {
	if o.MaxBody == 0 {
		o.MaxBody = 1 << 20
	}
	if o.BodyTimeout == 0 {
		o.BodyTimeout = 30 * time.Second
	}
	if o.MaxPaths == 0 {
		o.MaxPaths = 200_000
	}
	if o.MaxHorizon == 0 {
		o.MaxHorizon = 30 * 365 * 24 * time.Hour
	}
	if o.MaxSteps == 0 {
		o.MaxSteps = 10_000
	}
	if o.MaxPathSteps == 0 {
		o.MaxPathSteps = 200_000 * 522
	}
	if o.MaxBandValues == 0 {
		o.MaxBandValues = 6_000_000
	}
	if o.MaxCandidates == 0 {
		o.MaxCandidates = 64
	}
	if o.MaxScenarios == 0 {
		o.MaxScenarios = 10_000
	}
	if o.MaxRuns == 0 {
		o.MaxRuns = 4
	}
	if o.ProgressEvery == 0 {
		o.ProgressEvery = 250 * time.Millisecond
	}
	return o
}

// server is the service: immutable once built, safe for concurrent
// requests.
type server struct {
	opts      options
	reference market.Snapshot // the default snapshot, market.Reference()
	model     market.Model    // market.DefaultModel()
	routes    map[string]endpoint
	runs      chan struct{} // a token per simulation running
}

// job is a request ready to run: it reports progress (it may be nil) and
// stops when ctx is done.
type job func(ctx context.Context, progress func(done, total int)) (any, error)

// endpoint reads a request's members into a job.
type endpoint func(s *server, m *members) (job, error)

// newServer returns the service's handler: POST /evaluate, /analyze,
// /optimize and /appraise.
func newServer(opts options) http.Handler {
	opts = opts.withDefaults()
	return &server{
		opts:      opts,
		runs:      make(chan struct{}, opts.MaxRuns),
		reference: market.Reference(),
		model:     market.DefaultModel(),
		routes: map[string]endpoint{
			"/evaluate": (*server).evaluate,
			"/analyze":  (*server).analyze,
			"/optimize": (*server).optimize,
			"/appraise": (*server).appraise,
		},
	}
}

// ServeHTTP routes, reads the body within MaxBody, decodes the request and
// runs it, answering JSON or, when the client accepts text/event-stream, a
// stream of progress events and the result.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ep, ok := s.routes[r.URL.Path]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("service: no endpoint %s (POST /evaluate, /analyze, /optimize or /appraise)", r.URL.Path))
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, fmt.Errorf("service: %s %s: use POST", r.Method, r.URL.Path))
		return
	}
	// A deadline for the body only (an httptest.ResponseRecorder has
	// none to set). net/http clears it when the body ends, as it starts
	// watching the connection for the client's leaving; clearing it here
	// too keeps a run's context safe from it whatever the body did.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(s.opts.BodyTimeout))
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	rc.SetReadDeadline(time.Time{})
	if err != nil {
		s.fail(w, err)
		return
	}
	m, err := object(body, "request", true)
	if err != nil {
		s.fail(w, err)
		return
	}
	run, err := ep(s, m)
	if err != nil {
		s.fail(w, err)
		return
	}
	run = s.safe(run)
	if acceptsStream(r) {
		s.stream(w, r, run)
		return
	}
	v, err := run(r.Context(), nil)
	s.finished(r.URL.Path, err)
	if err != nil {
		s.fail(w, err)
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		s.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(append(b, '\n'))
}

// safe returns run with a panic turned into an error (a 500): the library
// promises none on user data, but a stream runs its job in a goroutine of
// its own, where a panic would end the whole process.
func (s *server) safe(run job) job {
	return func(ctx context.Context, progress func(int, int)) (v any, err error) {
		defer func() {
			if p := recover(); p != nil {
				v, err = nil, fmt.Errorf("service: panic: %v", p)
			}
		}()
		return run(ctx, progress)
	}
}

// queued returns run that first waits for one of the MaxRuns slots, or
// returns ctx.Err() if ctx is done first.
func (s *server) queued(run job) job {
	return func(ctx context.Context, progress func(int, int)) (any, error) {
		select {
		case s.runs <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		defer func() { <-s.runs }()
		return run(ctx, progress)
	}
}

// finished calls options.finished, if set.
func (s *server) finished(path string, err error) {
	if s.opts.finished != nil {
		s.opts.finished(path, err)
	}
}

// acceptsStream reports whether the request's Accept header lists
// text/event-stream.
func acceptsStream(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept") {
		for _, part := range strings.Split(v, ",") {
			media, _, _ := strings.Cut(part, ";")
			if strings.EqualFold(strings.TrimSpace(media), "text/event-stream") {
				return true
			}
		}
	}
	return false
}

// statusOf maps an error to its HTTP status with errors.Is: 413 for a body
// past MaxBody, 408 for one slower than BodyTimeout, 400 for malformed JSON, 422 for well-formed input the
// library or the service refuses, 503 when the run was cancelled, 500 for
// anything else.
func statusOf(err error) int {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, os.ErrDeadlineExceeded):
		return http.StatusRequestTimeout
	case errors.Is(err, errMalformed):
		return http.StatusBadRequest
	case errors.Is(err, errRequest), errors.Is(err, errLimit),
		errors.Is(err, economics.ErrInvalid), errors.Is(err, economics.ErrOverCapacity),
		errors.Is(err, hardware.ErrUnsupported), errors.Is(err, hardware.ErrUnknown),
		errors.Is(err, hardware.ErrInvalid), errors.Is(err, hardware.ErrSyntax), errors.Is(err, hardware.ErrRange),
		errors.Is(err, market.ErrInvalid), errors.Is(err, market.ErrNoQuote),
		errors.Is(err, risk.ErrInfeasible), errors.Is(err, risk.ErrNoPositiveExcess), errors.Is(err, risk.ErrUnbounded):
		return http.StatusUnprocessableEntity
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// message is the error text a client sees: the error's own for its input,
// a generic one for a 500 (whose text goes to Log).
func (s *server) message(err error, status int) error {
	if status != http.StatusInternalServerError {
		return err
	}
	if s.opts.Log != nil {
		s.opts.Log.Printf("service: internal error: %v", err)
	}
	return errors.New("service: internal error")
}

// fail writes err as {"error": "..."} with its status.
func (s *server) fail(w http.ResponseWriter, err error) {
	status := statusOf(err)
	writeError(w, status, s.message(err, status))
}

// errorBody is the JSON of every error response.
type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, err error) {
	b, _ := json.Marshal(errorBody{Error: err.Error()}) // a struct of one string always marshals
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
