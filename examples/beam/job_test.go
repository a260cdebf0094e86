package main

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/market"
)

func TestJobDecode(t *testing.T) {
	j := quickstartJob(2048, 7)
	j.Horizon, j.Step, j.Level, j.BandPaths, j.Antithetic = "720h", "24h", 0.99, 100, true
	j.Model = "deterministic"
	// The job travels as JSON: decode what a worker decodes.
	b, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	var back job
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	in, err := back.decode()
	if err != nil {
		t.Fatal(err)
	}
	want := economics.Settings{Paths: 2048, Seed: 7, Horizon: 720 * time.Hour, Step: 24 * time.Hour, Level: 0.99, BandPaths: 100, Antithetic: true}
	if !reflect.DeepEqual(in.set, want) {
		t.Errorf("settings %+v, want %+v", in.set, want)
	}
	if !reflect.DeepEqual(in.model, market.DefaultModel().Deterministic()) {
		t.Error("model is not DefaultModel().Deterministic()")
	}
	if len(in.alloc.Lines) != 4 || in.alloc.Lines[0].Units != 15_000 || in.site.PUE != 1.1 {
		t.Errorf("site or allocation not the quickstart's: %+v, %+v", in.site, in.alloc)
	}
	if !reflect.DeepEqual(in.snap, market.Reference()) {
		t.Error("snapshot is not market.Reference()")
	}
	if d, err := (job{Site: j.Site, Allocation: j.Allocation}).decode(); err != nil || d.set.Paths != economics.DefaultPaths {
		t.Errorf("no paths: %d, %v; want economics.DefaultPaths", d.set.Paths, err)
	}
}

func TestJobDecodeRejects(t *testing.T) {
	good := quickstartJob(1024, 1)
	for _, c := range []struct {
		name string
		edit func(*job)
		lib  error // the library's sentinel, when its decoder refused
	}{
		{"no site", func(j *job) { j.Site = nil }, nil},
		{"no allocation", func(j *job) { j.Allocation = nil }, nil},
		{"misspelt site key", func(j *job) { j.Site = json.RawMessage(`{"capacty": "1 MW"}`) }, economics.ErrInvalid},
		{"misspelt line key", func(j *job) { j.Allocation = json.RawMessage(`{"lines": [{"unit": 3}]}`) }, economics.ErrInvalid},
		{"bad snapshot", func(j *job) { j.Snapshot = json.RawMessage(`{"when": 1}`) }, nil},
		{"unknown model", func(j *job) { j.Model = "optimistic" }, nil},
		{"bad horizon", func(j *job) { j.Horizon = "a year" }, nil},
		{"bad step", func(j *job) { j.Step = "7" }, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := good
			c.edit(&j)
			_, err := j.decode()
			if !errors.Is(err, errJob) {
				t.Fatalf("got %v, want errJob", err)
			}
			if c.lib != nil && !errors.Is(err, c.lib) {
				t.Fatalf("got %v, want it to match %v too", err, c.lib)
			}
		})
	}
}
