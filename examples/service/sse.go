package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// The event stream (server-sent events, text/event-stream). A request
// that is read and decoded without error answers 200 and streams:
//
//	event: progress
//	data: {"done":2560,"total":10000}
//
// at most once per options.ProgressEvery while the run goes (done and
// total from economics.Settings.Progress: paths done of the run's paths;
// /optimize counts them twice, for the planner and for its plan's
// report), and the last report (done = total when the run completes)
// once the run ends, then exactly one of
//
//	event: result
//	data: <the JSON a plain request answers>
//
//	event: error
//	data: {"error":"...","status":422}
//
// Errors found while the request is read (malformed JSON, bad keys, the
// service's limits) answer as for a plain request, with their status and
// no stream; those the library finds (a value out of range, a site over
// capacity) come as an error event, since it checks its input as the run
// starts. A run waiting for a slot (options.MaxRuns) sends nothing until
// it starts.

// progressEvent is the data of a progress event.
type progressEvent struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// streamError is the data of an error event.
type streamError struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// progressBox holds the latest progress, written by the run's goroutines
// and read by the handler's.
type progressBox struct {
	mu   sync.Mutex
	last progressEvent
	tick chan struct{} // a buffer of one: "there is news"
}

func (p *progressBox) report(done, total int) {
	p.mu.Lock()
	p.last = progressEvent{done, total}
	p.mu.Unlock()
	select {
	case p.tick <- struct{}{}:
	default:
	}
}

func (p *progressBox) get() progressEvent {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// stream runs the job in a goroutine and writes its progress and outcome
// as events. It returns only once the job has returned: a client that goes
// away cancels the request's context, which stops the job.
func (s *server) stream(w http.ResponseWriter, r *http.Request, run job) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // for a proxy in front: do not buffer
	w.WriteHeader(http.StatusOK)
	rc.Flush()

	box := &progressBox{tick: make(chan struct{}, 1)}
	type outcome struct {
		v   any
		err error
	}
	out := make(chan outcome, 1)
	go func() {
		v, err := run(r.Context(), box.report)
		s.finished(r.URL.Path, err)
		out <- outcome{v, err}
	}()

	var last time.Time
	var sent progressEvent
	send := func(p progressEvent) {
		sent = p
		b, _ := json.Marshal(p) // two ints always marshal
		writeEvent(w, rc, "progress", b)
	}
	for {
		select {
		case <-box.tick:
			if now := time.Now(); now.Sub(last) >= s.opts.ProgressEvery {
				last = now
				send(box.get())
			}
		case o := <-out:
			// The last report (the library's "at the end", done = total)
			// always goes out, however recent the one before.
			if p := box.get(); p != sent {
				send(p)
			}
			var b []byte
			err := o.err
			if err == nil {
				b, err = json.Marshal(o.v)
			}
			if err != nil {
				status := statusOf(err)
				b, _ = json.Marshal(streamError{Error: s.message(err, status).Error(), Status: status})
				writeEvent(w, rc, "error", b)
				return
			}
			writeEvent(w, rc, "result", b)
			return
		}
	}
}

// writeEvent writes one event whose data is one line of JSON (json.Marshal
// never writes a newline) and flushes it. A write to a client that has
// gone fails; the request's context, already cancelled, stops the run.
func writeEvent(w http.ResponseWriter, rc *http.ResponseController, name string, data []byte) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
	rc.Flush()
}
