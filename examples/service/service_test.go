package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/market"
)

// The golden answers of these tests are the library's own: a request must
// answer exactly the JSON of the library function it wraps, called directly
// on the same inputs (json.Marshal of its result, plus a newline).

const siteJSON = `{"capacity": "10 MW", "pue": 1.1, "pool_fee": 0.02, "payout": "FPPS",
	"uptime": 0.97, "opex_per_mw_month": "8200", "curtailment": "economic"}`

const linesJSON = `[{"model": "Antminer S21", "workload": "bitcoin-mining", "units": 2000},
	{"model": "H100 SXM", "workload": "ai-cloud", "units": 100}]`

var allocJSON = `{"lines": ` + linesJSON + `}`

var projectJSON = `{"site": ` + siteJSON + `, "lines": [{"model": "Antminer S21",
	"workload": "bitcoin-mining", "units": 2000, "capital": {"unit": "3000",
	"life": "26280h", "salvage": 0.1}}], "finance": {"discount": 0.1, "tax_rate": 0.21}}`

// decode unmarshals a fixture with the library's decoders.
func decode[T any](t testing.TB, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("fixture %s: %v", s, err)
	}
	return v
}

// marshal is the body the service must answer for v.
func marshal(t testing.TB, v any, err error) string {
	t.Helper()
	if err != nil {
		t.Fatalf("library call: %v", err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// post sends body to path on h and returns the recorded response.
func post(h http.Handler, path, body string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
	return rec
}

func TestEndpoints(t *testing.T) {
	h := newServer(options{})
	site := decode[economics.Site](t, siteJSON)
	alloc := decode[economics.Allocation](t, allocJSON)
	lines := decode[[]economics.Line](t, linesJSON)
	project := decode[economics.Project](t, projectJSON)
	snap, model := market.Reference(), market.DefaultModel()

	st, err := economics.Evaluate(site, alloc, snap, 720*time.Hour)
	wantEval := marshal(t, st, err)
	set := economics.Settings{Paths: 500, Seed: 7}
	rep, err := economics.Analyze(site, alloc, model, snap, &set)
	wantAnalyze := marshal(t, rep, err)
	prob := economics.Problem{Site: site, Candidates: lines,
		Limits: economics.Limits{Max: map[hardware.Workload]hardware.Power{hardware.AICloud: 2 * hardware.Megawatt}}}
	plan, err := economics.Optimize(prob, economics.Objective{Goal: economics.MinCVaR, Target: 0}, model, snap, &set)
	wantPlan := marshal(t, plan, err)
	// Every member of settings, limits and objective.
	setAll := economics.Settings{Paths: 400, Seed: 9, Horizon: 4380 * time.Hour, Step: 24 * time.Hour, Level: 0.99, Antithetic: true, BandPaths: 50}
	settingsAll := `"settings": {"paths": 400, "seed": 9, "horizon": "4380h", "step": "24h", "level": 0.99, "antithetic": true, "band_paths": 50}`
	rep, err = economics.Analyze(site, alloc, model, snap, &setAll)
	wantAnalyzeAll := marshal(t, rep, err)
	probAll := economics.Problem{Site: site, Candidates: lines, CapitalCost: []float64{1000, 10000}, Scenarios: 300,
		Limits: economics.Limits{
			Inventory: economics.Inventory{"Antminer S21": 1000, "H100 SXM": 1000},
			Min:       map[hardware.Workload]hardware.Power{hardware.BitcoinMining: 1 * hardware.Megawatt},
			Use:       5 * hardware.Megawatt,
		}}
	plan, err = economics.Optimize(probAll, economics.Objective{Goal: economics.MeanVariance, Lambda: 1e-7}, model, snap, &setAll)
	wantPlanAll := marshal(t, plan, err)
	// The limits bind, so the request must carry them: the inventory's
	// 1,000 S21 (3.5 kW x PUE 1.1 = 3.85 MW) fall short of the 5 MW to
	// use, and H100s fill the rest.
	if u := plan.Allocation.Lines; u[0].Units != 1000 || u[1].Units == 0 {
		t.Fatalf("limits do not bind: units %d, %d", u[0].Units, u[1].Units)
	}

	set10 := economics.Settings{Paths: 200, Seed: 7}
	ap, err := economics.Appraise(project, model.Deterministic(), snap, &set10)
	wantAppraise := marshal(t, ap, err)

	for _, c := range []struct{ name, path, body, want string }{
		{"evaluate", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocJSON + `, "period": "720h"}`, wantEval},
		{"evaluate with snapshot", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocJSON +
			`, "snapshot": ` + marshal(t, snap, nil) + `, "period": "720h"}`, wantEval},
		{"analyze", "/analyze", `{"site": ` + siteJSON + `, "allocation": ` + allocJSON +
			`, "settings": {"paths": 500, "seed": 7}}`, wantAnalyze},
		{"optimize", "/optimize", `{"problem": {"site": ` + siteJSON + `, "candidates": ` + linesJSON +
			`, "limits": {"max": {"ai-cloud": "2 MW"}}}, "objective": {"goal": "min-cvar", "target": 0},
			"settings": {"paths": 500, "seed": 7}}`, wantPlan},
		{"analyze with every setting", "/analyze", `{"site": ` + siteJSON + `, "allocation": ` + allocJSON + `, ` + settingsAll + `}`, wantAnalyzeAll},
		{"optimize with every limit", "/optimize", `{"problem": {"site": ` + siteJSON + `, "candidates": ` + linesJSON +
			`, "capital_cost": [1000, 10000], "scenarios": 300, "limits": {"inventory": {"Antminer S21": 1000, "H100 SXM": 1000},
			"min": {"bitcoin-mining": "1 MW"}, "use": "5 MW"}}, "objective": {"goal": "mean-variance", "lambda": 1e-7}, ` + settingsAll + `}`, wantPlanAll},
		{"appraise", "/appraise", `{"project": ` + projectJSON + `, "model": "deterministic",
			"settings": {"paths": 200, "seed": 7}}`, wantAppraise},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := post(h, c.path, c.body)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if got := rec.Body.String(); got != c.want {
				t.Errorf("body differs from the library's JSON:\n got %.300s\nwant %.300s", got, c.want)
			}
		})
	}
}

// with builds a request body from the evaluate or analyze fixture, with
// one member replaced or added.
func with(kind, extra string) string {
	switch kind {
	case "evaluate":
		return `{"site": ` + siteJSON + `, "allocation": ` + allocJSON + `, "period": "720h"` + extra + `}`
	case "analyze":
		return `{"site": ` + siteJSON + `, "allocation": ` + allocJSON + extra + `}`
	}
	panic("unknown kind " + kind)
}

// site, alloc and line fixtures with one change.
func siteWith(repl string) string { return strings.Replace(siteJSON, `"pue": 1.1`, repl, 1) }

func allocOf(line string) string { return `{"lines": [` + line + `]}` }

func TestBadInput(t *testing.T) {
	h := newServer(options{})
	problem := func(extra, objective string) string {
		return `{"problem": {"site": ` + siteJSON + `, "candidates": ` + linesJSON + extra + `}, "objective": ` + objective + `, "settings": {"paths": 200}}`
	}
	huge := `{"site": "` + strings.Repeat("x", 1<<20) + `"}`
	for _, c := range []struct {
		name, path, body string
		status           int
		want             string // in the error text
	}{
		// malformed JSON: 400
		{"empty body", "/evaluate", ``, 400, "malformed JSON"},
		{"truncated", "/evaluate", `{"site": `, 400, "request.site: unexpected end of JSON input"},
		{"blank body", "/evaluate", " \n", 400, "empty body"},
		{"not an object", "/evaluate", `[1, 2]`, 400, "must be a JSON object"},
		{"not JSON", "/analyze", `hello`, 400, "malformed JSON"},
		{"trailing data", "/evaluate", with("evaluate", "") + ` {}`, 400, "data after the JSON object"},
		{"oversized body", "/evaluate", huge, 413, "request body too large"},

		// the envelope: 422
		{"unknown key", "/evaluate", with("evaluate", `, "sitee": 1`), 422, "request.sitee: unknown key"},
		{"key in another case", "/evaluate", with("evaluate", `, "Period": "1h"`), 422, "request.Period: unknown key"},
		{"key given twice", "/evaluate", with("evaluate", `, "period": "1h"`), 422, "request.period: key given twice"},
		{"missing period", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocJSON + `}`, 422, "request.period: missing"},
		{"bad period", "/evaluate", strings.Replace(with("evaluate", ""), `"720h"`, `"30 days"`, 1), 422, "must be a Go duration"},
		{"negative period", "/evaluate", strings.Replace(with("evaluate", ""), `"720h"`, `"-1h"`, 1), 422, "invalid period = -1h0m0s"},
		{"period too long", "/evaluate", strings.Replace(with("evaluate", ""), `"720h"`, `"300000h"`, 1), 422, "request.period = 300000h0m0s: at most 262800h0m0s"},
		{"missing site", "/analyze", `{"allocation": ` + allocJSON + `}`, 422, "request.site: missing"},
		{"unknown model name", "/analyze", with("analyze", `, "model": "fancy"`), 422, `request.model = "fancy"`},
		{"settings unknown key", "/analyze", with("analyze", `, "settings": {"path": 10}`), 422, "request.settings.path: unknown key"},
		{"settings wrong type", "/analyze", with("analyze", `, "settings": {"paths": 1.5}`), 422, "request.settings.paths: number 1.5 is not int"},
		{"settings not an object", "/analyze", with("analyze", `, "settings": 3`), 422, "request.settings: must be a JSON object"},

		// the service's limits: 422
		{"too many paths", "/analyze", with("analyze", `, "settings": {"paths": 200001}`), 422, "settings.paths = 200001: at most 200000"},
		{"horizon too long", "/analyze", with("analyze", `, "settings": {"horizon": "262801h"}`), 422, "settings.horizon = 262801h0m0s: at most 262800h0m0s"},
		// 2 years in hours: 17,520 steps > 10,000
		{"too many steps", "/analyze", with("analyze", `, "settings": {"horizon": "17520h", "step": "1h"}`), 422, "gives 17520 steps over 17520h0m0s, at most 10000"},
		// 20 years of 365 days in weekly steps: 175,200 h / 168 h = 1042.9, so 1,043 steps
		{"too much work", "/analyze", with("analyze", `, "settings": {"paths": 200000, "horizon": "175200h"}`), 422, "200000 paths x 1043 steps = 208600000 path-steps, at most 104400000"},

		// the library's errors: 422
		{"unknown site key", "/evaluate", `{"site": ` + siteWith(`"pu": 1.1`) + `, "allocation": ` + allocJSON + `, "period": "720h"}`, 422, "Site.pu"},
		{"NaN as a string", "/evaluate", `{"site": ` + siteWith(`"pue": "NaN"`) + `, "allocation": ` + allocJSON + `, "period": "720h"}`, 422, "Site.pue"},
		{"number past float64", "/evaluate", `{"site": ` + siteWith(`"pue": 1e999`) + `, "allocation": ` + allocJSON + `, "period": "720h"}`, 422, "Site.pue"},
		{"PUE out of range", "/evaluate", `{"site": ` + siteWith(`"pue": 5`) + `, "allocation": ` + allocJSON + `, "period": "720h"}`, 422, "invalid Site.PUE = 5"},
		{"over capacity", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocOf(`{"model": "Antminer S21", "workload": "bitcoin-mining", "units": 100000}`) + `, "period": "720h"}`, 422, "over site capacity"},
		{"unsupported workload", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocOf(`{"model": "Antminer S21", "workload": "ai-cloud", "units": 10}`) + `, "period": "720h"}`, 422, "unsupported"},
		{"unknown workload", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocOf(`{"model": "Antminer S21", "workload": "bitcoin-minning", "units": 10}`) + `, "period": "720h"}`, 422, "bitcoin-minning"},
		{"unknown hardware model", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocOf(`{"model": "Antminer S99", "workload": "bitcoin-mining", "units": 10}`) + `, "period": "720h"}`, 422, "unknown model"},
		{"no GPU-mining quote", "/analyze", `{"site": ` + siteJSON + `, "allocation": ` + allocOf(`{"model": "H100 SXM", "workload": "gpu-mining", "units": 10}`) + `, "settings": {"paths": 10}}`, 422, "no quote"},
		{"negative units", "/evaluate", `{"site": ` + siteJSON + `, "allocation": ` + allocOf(`{"model": "Antminer S21", "workload": "bitcoin-mining", "units": -1}`) + `, "period": "720h"}`, 422, "Lines[0].Units = -1"},
		{"bad snapshot", "/evaluate", with("evaluate", `, "snapshot": {"date": "2025-11-27T00:00:00Z"}`), 422, "market: invalid"},
		{"odd antithetic paths", "/analyze", with("analyze", `, "settings": {"paths": 11, "antithetic": true}`), 422, "must be even"},
		{"negative paths", "/analyze", with("analyze", `, "settings": {"paths": -5}`), 422, "Settings.Paths = -5"},

		// optimize
		{"unknown goal", "/optimize", problem("", `{"goal": "max-profit"}`), 422, `request.objective.goal = "max-profit"`},
		{"missing objective", "/optimize", `{"problem": {"site": ` + siteJSON + `, "candidates": ` + linesJSON + `}}`, 422, "request.objective: missing"},
		{"unknown limit", "/optimize", problem(`, "limits": {"maxx": {}}`, `{"goal": "max-mean"}`), 422, "request.problem.limits.maxx: unknown key"},
		{"limit workload twice", "/optimize", problem(`, "limits": {"max": {"ai-cloud": "1 MW", "AICloud": "2 MW"}}`, `{"goal": "max-mean"}`), 422, "given twice"},
		{"limit unknown workload", "/optimize", problem(`, "limits": {"max": {"quantum": "1 MW"}}`, `{"goal": "max-mean"}`), 422, "unsupported"},
		{"limit as a number", "/optimize", problem(`, "limits": {"use": 5}`, `{"goal": "max-mean"}`), 422, "request.problem.limits.use: number is not"},
		{"limit bad unit", "/optimize", problem(`, "limits": {"use": "5 MV"}`, `{"goal": "max-mean"}`), 422, "5 MV"},
		{"bad candidate", "/optimize", `{"problem": {"site": ` + siteJSON + `, "candidates": [{"model": "Antminer S21", "workload": "bitcoin-mining", "units": 1}, {"modle": "H100 SXM"}]}, "objective": {"goal": "max-mean"}}`, 422, "request.problem.candidates[1]: economics: invalid Line.modle"},
		{"too many scenarios", "/optimize", problem(`, "scenarios": 10001`, `{"goal": "min-cvar"}`), 422, "request.problem.scenarios = 10001: at most 10000"},
		{"idle candidate", "/optimize", `{"problem": {"site": ` + siteJSON + `, "candidates": [{"model": "Antminer S21", "workload": "idle", "units": 1}]}, "objective": {"goal": "max-mean"}}`, 422, "Lines[0].Workload"},
		{"infeasible target", "/optimize", problem("", `{"goal": "min-cvar", "target": 1e12}`), 422, "greatest mean the limits allow"},
		{"too many candidates", "/optimize", `{"problem": {"site": ` + siteJSON + `, "candidates": [` + strings.Repeat(`{"model": "Antminer S21", "workload": "bitcoin-mining", "units": 1},`, 64) + `{"model": "Antminer S21", "workload": "bitcoin-mining", "units": 1}]}, "objective": {"goal": "max-mean"}}`, 422, "65 lines, at most 64"},

		// appraise
		{"bad tax rate", "/appraise", `{"project": ` + strings.Replace(projectJSON, `"tax_rate": 0.21`, `"tax_rate": 2`, 1) + `, "settings": {"paths": 10}}`, 422, "Finance.TaxRate"},
		{"unknown project key", "/appraise", `{"project": {"sites": {}}}`, 422, "Project.sites"},

		// routing
		{"unknown path", "/evaluat", with("evaluate", ""), 404, "no endpoint /evaluat"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := post(h, c.path, c.body)
			checkError(t, rec, c.status, c.want)
		})
	}
}

// checkError checks an error response: its status and a JSON body
// {"error": "..."} whose text holds want.
func checkError(t *testing.T, rec *httptest.ResponseRecorder, status int, want string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	var e errorBody
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body: %v", err)
	}
	if !strings.Contains(e.Error, want) {
		t.Errorf("error %q does not say %q", e.Error, want)
	}
}

// TestBandLimit: a default band size past MaxBandValues is lowered to fit,
// an explicit one refused; the library's defaults obey the limits too.
func TestBandLimit(t *testing.T) {
	// 8760 h in weekly steps: 52.1, so 53 steps; 1000 / 53 = 18 band paths.
	h := newServer(options{MaxBandValues: 1000})
	site := decode[economics.Site](t, siteJSON)
	alloc := decode[economics.Allocation](t, allocJSON)
	set := economics.Settings{Paths: 100, Seed: 5, BandPaths: 18}
	rep, err := economics.Analyze(site, alloc, market.DefaultModel(), market.Reference(), &set)
	want := marshal(t, rep, err)
	if len(rep.Bands) != 53 {
		t.Fatalf("%d bands, want 53 steps", len(rep.Bands))
	}
	rec := post(h, "/analyze", with("analyze", `, "settings": {"paths": 100, "seed": 5}`))
	if rec.Code != 200 || rec.Body.String() != want {
		t.Errorf("status %d; body equals Analyze with 18 band paths: %v", rec.Code, rec.Body.String() == want)
	}
	rec = post(h, "/analyze", with("analyze", `, "settings": {"paths": 100, "band_paths": 19}`))
	checkError(t, rec, 422, "settings.band_paths = 19: times 53 band points is 1007 band values, at most 1000")

	// No settings: the library's 10,000 paths, past MaxPaths here.
	rec = post(newServer(options{MaxPaths: 5000}), "/analyze", with("analyze", ""))
	checkError(t, rec, 422, "settings.paths = 10000: at most 5000")
}

// TestPanic: a job that panics answers 500 without its text, plain or
// streamed, and the process goes on.
func TestPanic(t *testing.T) {
	var logged bytes.Buffer
	s := newServer(options{Log: log.New(&logged, "", 0)}).(*server)
	s.routes["/panic"] = func(*server, *members) (job, error) {
		return func(context.Context, func(int, int)) (any, error) { panic("boom") }, nil
	}
	checkError(t, post(s, "/panic", `{}`), 500, "service: internal error")
	if !strings.Contains(logged.String(), "service: panic: boom") {
		t.Errorf("log %q", logged.String())
	}
	req := httptest.NewRequest(http.MethodPost, "/panic", strings.NewReader(`{}`))
	req.Header.Set("Accept", "text/event-stream")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	var got []event
	readEvents(t, rec.Body, func(ev event) bool { got = append(got, ev); return true })
	if len(got) != 1 || got[0] != (event{"error", `{"error":"service: internal error","status":500}`}) {
		t.Errorf("events %+v", got)
	}
}

func TestMethod(t *testing.T) {
	h := newServer(options{})
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(m, "/analyze", strings.NewReader(with("analyze", ""))))
		checkError(t, rec, http.StatusMethodNotAllowed, "use POST")
		if a := rec.Header().Get("Allow"); a != http.MethodPost {
			t.Errorf("%s: Allow %q", m, a)
		}
	}
}

// TestStatusOf checks the mapping of the sentinels through wrapping.
func TestStatusOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{fmt.Errorf("x: %w", economics.ErrOverCapacity), 422},
		{fmt.Errorf("x: %w", hardware.ErrUnknown), 422},
		{fmt.Errorf("x: %w", market.ErrNoQuote), 422},
		{fmt.Errorf("x: %w", errMalformed), 400},
		{&http.MaxBytesError{Limit: 1}, 413},
		{fmt.Errorf("x: %w", context.Canceled), 503},
		{errors.New("something else"), 500},
	} {
		if got := statusOf(c.err); got != c.want {
			t.Errorf("statusOf(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

// event is one server-sent event.
type event struct{ name, data string }
