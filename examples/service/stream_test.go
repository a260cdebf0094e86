package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

// Streams, cancellation, the run queue, the body deadline and concurrent
// requests.

// readEvents parses a text/event-stream body into its events; each data
// line must be followed by a blank line.
func readEvents(t *testing.T, r io.Reader, each func(event) bool) {
	t.Helper()
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	var ev event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name == "" || ev.data == "" {
				t.Fatalf("incomplete event %+v", ev)
			}
			if !each(ev) {
				return
			}
			ev = event{}
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if ev.data != "" {
				t.Fatalf("two data lines in one event")
			}
			ev.data = strings.TrimPrefix(line, "data: ")
		default:
			t.Fatalf("unexpected line %q", line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if ev != (event{}) {
		t.Fatalf("stream ends inside an event %+v", ev)
	}
}

func TestStream(t *testing.T) {
	// ProgressEvery of 1 ns: every report of the library becomes an event.
	h := newServer(options{ProgressEvery: time.Nanosecond, Workers: 1})
	site := decode[economics.Site](t, siteJSON)
	alloc := decode[economics.Allocation](t, allocJSON)
	set := economics.Settings{Paths: 2000, Seed: 3}
	rep, err := economics.Analyze(site, alloc, market.DefaultModel(), market.Reference(), &set)
	want := strings.TrimSuffix(marshal(t, rep, err), "\n")

	req := httptest.NewRequest(http.MethodPost, "/analyze", strings.NewReader(with("analyze", `, "settings": {"paths": 2000, "seed": 3}`)))
	req.Header.Set("Accept", "application/json, text/event-stream;q=0.9")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/event-stream" {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	var progress []progressEvent
	var results []string
	readEvents(t, rec.Body, func(ev event) bool {
		switch ev.name {
		case "progress":
			if len(results) > 0 {
				t.Errorf("progress after the result")
			}
			var p progressEvent
			if err := json.Unmarshal([]byte(ev.data), &p); err != nil {
				t.Fatal(err)
			}
			progress = append(progress, p)
		case "result":
			results = append(results, ev.data)
		default:
			t.Errorf("unexpected event %q: %s", ev.name, ev.data)
		}
		return true
	})
	if len(results) != 1 || results[0] != want {
		t.Fatalf("results %d, want one equal to the library's JSON", len(results))
	}
	// With one worker the 2,000 paths run in chunks of 256 (Settings.
	// Progress: "about every 256 paths, and at the end"): at most eight
	// reports (the one-slot tick may merge some), the last 2000 of 2000.
	if len(progress) == 0 || len(progress) > 8 || progress[len(progress)-1] != (progressEvent{2000, 2000}) {
		t.Fatalf("progress events %+v, want 1 to 8 ending at 2000 of 2000", progress)
	}
	for i, p := range progress {
		if p.Total != 2000 || p.Done < 1 || p.Done > p.Total || (i > 0 && p.Done < progress[i-1].Done) {
			t.Errorf("progress %d: %+v after %+v", i, p, progress[max(i-1, 0)])
		}
	}
}

// TestStreamError: an error the library finds once the run has started
// comes as an error event with its status.
func TestStreamError(t *testing.T) {
	h := newServer(options{})
	body := `{"site": ` + siteJSON + `, "allocation": ` + allocOf(`{"model": "Antminer S21", "workload": "bitcoin-mining", "units": 100000}`) + `}`
	req := httptest.NewRequest(http.MethodPost, "/analyze", strings.NewReader(body))
	req.Header.Set("Accept", "text/event-stream")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var got []event
	readEvents(t, rec.Body, func(ev event) bool { got = append(got, ev); return true })
	if len(got) != 1 || got[0].name != "error" {
		t.Fatalf("events %+v, want one error", got)
	}
	var e streamError
	if err := json.Unmarshal([]byte(got[0].data), &e); err != nil {
		t.Fatal(err)
	}
	if e.Status != 422 || !strings.Contains(e.Error, "over site capacity") {
		t.Errorf("error event %+v", e)
	}
	// An error found while reading the request answers plainly.
	req = httptest.NewRequest(http.MethodPost, "/analyze", strings.NewReader(`{`))
	req.Header.Set("Accept", "text/event-stream")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	checkError(t, rec, 400, "malformed JSON")
}

// slowBody is an analysis at the service's limit of work: 200,000 paths of
// ten years in weekly steps, many seconds on any machine.
var slowBody = with("analyze", `, "settings": {"paths": 200000, "horizon": "87600h"}`)

// watched serves a server with opts whose finished hook sends each job's
// error.
func watched(t *testing.T, opts options) (*httptest.Server, chan error) {
	done := make(chan error, 4)
	opts.finished = func(_ string, err error) { done <- err }
	h := newServer(opts)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts, done
}

// TestCancel: a client that goes away stops its run, which returns
// context.Canceled promptly, plain or streamed.
func TestCancel(t *testing.T) {
	t.Run("plain", func(t *testing.T) {
		ts, done := watched(t, options{})
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/analyze", strings.NewReader(slowBody))
		_, err := ts.Client().Do(req)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("client error %v, want its deadline", err)
		}
		waitCanceled(t, done, time.Now())
	})
	t.Run("stream", func(t *testing.T) {
		ts, done := watched(t, options{})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		startSlow(ctx, t, ts)
		cancel()
		waitCanceled(t, done, time.Now())
	})
}

// startSlow starts a streamed slowBody analysis on ts and returns once its
// first progress event has come: the run holds a slot until ctx is done.
func startSlow(ctx context.Context, t *testing.T, ts *httptest.Server) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/analyze", strings.NewReader(slowBody))
	req.Header.Set("Accept", "text/event-stream")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	var first progressEvent
	readEvents(t, resp.Body, func(ev event) bool {
		if ev.name != "progress" {
			t.Fatalf("first event %q: %s", ev.name, ev.data)
		}
		if err := json.Unmarshal([]byte(ev.data), &first); err != nil {
			t.Fatal(err)
		}
		return false
	})
	if first.Total != 200_000 || first.Done >= first.Total {
		t.Fatalf("first progress %+v", first)
	}
}

// TestQueue: with MaxRuns 1, a run waits while another holds the slot
// (its client may leave the queue), and runs once the slot is free.
func TestQueue(t *testing.T) {
	ts, done := watched(t, options{MaxRuns: 1})
	slow, cancelSlow := context.WithCancel(context.Background())
	defer cancelSlow()
	startSlow(slow, t, ts)

	small := with("analyze", `, "settings": {"paths": 100, "step": "720h"}`)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/analyze", strings.NewReader(small))
	if _, err := ts.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("queued request: %v, want the client's deadline", err)
	}
	// The slow run (13 s here without the race detector) is still going:
	// the job that ends is the queued one.
	waitCanceled(t, done, time.Now())

	cancelSlow()
	waitCanceled(t, done, time.Now())
	analyzeOK(t, ts, done, small, "run after the queue")
}

// analyzeOK posts body to ts's /analyze and fails t, naming the run as
// what, unless the response is 200 and the run ends without an error.
func analyzeOK(t *testing.T, ts *httptest.Server, done chan error, body, what string) {
	t.Helper()
	resp, err := ts.Client().Post(ts.URL+"/analyze", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s: status %d", what, resp.StatusCode)
	}
	if err := <-done; err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// waitCanceled waits for the job's end and checks it was cancelled, within
// 5 s of since: a chunk of 256 paths takes milliseconds, the whole run
// many seconds.
func waitCanceled(t *testing.T, done chan error, since time.Time) {
	t.Helper()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("run ended with %v, want context.Canceled", err)
		}
		t.Logf("run stopped %v after the client left", time.Since(since))
	case <-time.After(5 * time.Second):
		t.Fatal("run still going 5 s after the client left")
	}
}

// TestBodyTimeout: a client that stalls its body gets 408; the body's
// deadline does not outlive the body (a run longer than it completes).
func TestBodyTimeout(t *testing.T) {
	ts, done := watched(t, options{BodyTimeout: 10 * time.Millisecond})
	pr, pw := io.Pipe()
	defer pw.Close()
	go pw.Write([]byte(`{"site": `)) // and nothing more
	resp, err := ts.Client().Post(ts.URL+"/evaluate", "application/json", pr)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(string(b), "timeout") {
		t.Errorf("stalled body: status %d: %s", resp.StatusCode, b)
	}

	// 30,000 paths of 53 weekly steps: about 200 ms here (1.6 M path-steps
	// at 8 M a second, loaded), far past 10 ms.
	start := time.Now()
	analyzeOK(t, ts, done, with("analyze", `, "settings": {"paths": 30000}`), "long run")
	if el := time.Since(start); el < 30*time.Millisecond {
		t.Fatalf("the run took %v: too quick to show the deadline was cleared", el)
	}
}

// TestConcurrent: 200 requests at once all answer the same statement.
func TestConcurrent(t *testing.T) {
	ts := httptest.NewServer(newServer(options{}))
	defer ts.Close()
	want := post(newServer(options{}), "/evaluate", with("evaluate", "")).Body.String()
	if !strings.HasPrefix(want, `{"date"`) {
		t.Fatalf("reference answer %.200s", want)
	}
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := ts.Client().Post(ts.URL+"/evaluate", "application/json", strings.NewReader(with("evaluate", "")))
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			switch {
			case err != nil:
				errs <- err
			case resp.StatusCode != 200:
				errs <- fmt.Errorf("status %d: %s", resp.StatusCode, b)
			case string(b) != want:
				errs <- fmt.Errorf("body differs: %.200s", b)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// BenchmarkEvaluateRequest measures a whole /evaluate request through the
// handler (read, decode, Evaluate, encode), without the network.
func BenchmarkEvaluateRequest(b *testing.B) {
	h := newServer(options{})
	body := []byte(with("evaluate", ""))
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/evaluate", bytes.NewReader(body)))
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkEvaluateRequestParallel is BenchmarkEvaluateRequest from
// GOMAXPROCS goroutines at once: the handler's throughput on the machine.
func BenchmarkEvaluateRequestParallel(b *testing.B) {
	h := newServer(options{})
	body := []byte(with("evaluate", ""))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/evaluate", bytes.NewReader(body)))
			if rec.Code != 200 {
				b.Errorf("status %d: %s", rec.Code, rec.Body)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
