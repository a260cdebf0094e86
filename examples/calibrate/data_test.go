package main

import (
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The shipped files load whole, pass Validate, and hold the row counts
// and spot values that testdata/README.md (after shared/data/README.md)
// states.
func TestLoadHistoryTestdata(t *testing.T) {
	h, err := loadHistory("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Validate(); err != nil {
		t.Fatalf("loaded history fails Validate: %v", err)
	}
	// Row counts: README tables (the files cut at 2025-11-27).
	if len(h.Prices) != 5080 || len(h.Epochs) != 460 || len(h.Fees) != 378 {
		t.Fatalf("rows: %d prices, %d epochs, %d fee days; want 5080, 460, 378",
			len(h.Prices), len(h.Epochs), len(h.Fees))
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	if !h.Prices[0].Date.Equal(day("2012-01-01")) || !h.Prices[5079].Date.Equal(day("2025-11-27")) {
		t.Errorf("prices run %v .. %v, want 2012-01-01 .. 2025-11-27", h.Prices[0].Date, h.Prices[5079].Date)
	}
	// "No gaps": 5,080 rows over 5,080 days.
	if n := h.Prices[5079].Date.Sub(h.Prices[0].Date) / (24 * time.Hour); n != 5079 {
		t.Errorf("prices span %d days after the first, want 5079 (no gaps)", n)
	}
	closes := map[string]float64{} // README "Checks" of btc_usd_daily.csv
	for _, p := range h.Prices {
		closes[p.Date.Format(time.DateOnly)] = p.Close
	}
	minDate, maxDate := h.Prices[0], h.Prices[0]
	for _, p := range h.Prices {
		if p.Close < minDate.Close {
			minDate = p
		}
		if p.Close > maxDate.Close {
			maxDate = p
		}
	}
	for date, want := range map[string]float64{
		"2021-11-10": 64872.70, "2022-11-21": 15760.00, "2024-03-14": 71450.00,
		"2025-10-06": 124750.00, "2013-01-01": 13.22, "2014-01-01": 754.90,
	} {
		if closes[date] != want {
			t.Errorf("close on %s = %v, want %v", date, closes[date], want)
		}
	}
	if minDate.Close != 4.23 || !minDate.Date.Equal(day("2012-02-18")) {
		t.Errorf("minimum close %v on %v, want 4.23 on 2012-02-18", minDate.Close, minDate.Date)
	}
	if maxDate.Close != 124750 || !maxDate.Date.Equal(day("2025-10-06")) {
		t.Errorf("maximum close %v on %v, want 124,750 on 2025-10-06", maxDate.Close, maxDate.Date)
	}

	// Epochs: README section 2 ("Heights step by exactly 2016"; spot checks).
	for i, e := range h.Epochs {
		if e.Height != int64(2016*i) {
			t.Fatalf("Epochs[%d].Height = %d, want %d", i, e.Height, 2016*i)
		}
	}
	if !h.Epochs[0].Time.Equal(time.Unix(1231006505, 0)) || h.Epochs[0].Difficulty != 1 {
		t.Errorf("genesis epoch %+v, want time 1231006505, difficulty 1", h.Epochs[0])
	}
	for _, c := range []struct {
		height int64
		date   string
		want   float64
	}{
		{32256, "2009-12-30", 1.1828995343128407},
		{798336, "2023-07-12", 53911173001054.585},
		{838656, "2024-04-10", 86388558925171.012},
		// The last row: the file prints 149301205959699.89, one ulp off
		// 0xffff*2^208/target(0x1701e2a0) correctly rounded, which is
		// 149301205959699.9 (Python fractions.Fraction, then float()).
		{925344, "2025-11-27", 149301205959699.9},
	} {
		e := h.Epochs[c.height/2016]
		if e.Height != c.height || e.Difficulty != c.want || e.Time.UTC().Format(time.DateOnly) != c.date {
			t.Errorf("epoch %+v, want height %d on %s, difficulty %v", e, c.height, c.date, c.want)
		}
	}

	// Fees: README section 4, the four windows (the last cut at 2025-11-27)
	// and the 2017-12-22 example.
	var windows []string // "start+days"
	var n int
	for i, f := range h.Fees {
		if i > 0 && f.Date.Sub(h.Fees[i-1].Date) != 24*time.Hour {
			windows[len(windows)-1] += "+" + strconv.Itoa(n)
			n = 0
		}
		if n == 0 {
			windows = append(windows, f.Date.Format(time.DateOnly))
		}
		n++
		if f.Date.Equal(day("2017-12-22")) && f.Fees != 1495.94647734 {
			t.Errorf("fees on 2017-12-22 = %v, want 1495.94647734", f.Fees)
		}
	}
	windows[len(windows)-1] += "+" + strconv.Itoa(n)
	// Window lengths: 62, 142 and 65 days (README), and 109 for the last,
	// 2025-08-11 .. 2025-11-27 after the cut.
	if got, want := strings.Join(windows, " "), "2017-12-19+62 2021-04-22+142 2023-02-15+65 2025-08-11+109"; got != want {
		t.Errorf("fee windows %s, want %s", got, want)
	}
}

// Bad files give errors naming the file and the line.
func TestLoadHistoryErrors(t *testing.T) {
	good := map[string]string{
		pricesFile: "date,close_usd\n2012-01-01,5.0\n2012-01-02,5.1\n",
		epochsFile: "height,time_unix,date_utc,bits,difficulty\n" +
			"0,1231006505,2009-01-03,1d00ffff,1\n2016,1233063531,2009-01-27,1d00ffff,1.0000000000000002\n",
		feesFile: "date,block_count,total_fees_btc,total_subsidy_btc\n2017-12-19,140,662.59550536,1750.00000000\n",
	}
	tests := []struct {
		name, file, body, want string
	}{
		{"header", pricesFile, "date,close\n2012-01-01,5.0\n", pricesFile + ":1: header"},
		{"header columns", feesFile, "date,block_count\n", feesFile + ":1: header"},
		{"empty file", pricesFile, "", pricesFile + ": header: EOF"},
		{"missing column", pricesFile, "date,close_usd\n2012-01-01,5.0\n2012-01-02\n", pricesFile + ": record on line 3: wrong number of fields"},
		{"bad date", pricesFile, "date,close_usd\n2012-01-01,5.0\n2012-1-02,5.0\n", pricesFile + ":3: date"},
		{"bad close", pricesFile, "date,close_usd\n2012-01-01,5.0\n2012-01-02,five\n", pricesFile + ":3: close_usd"},
		{"NaN close", pricesFile, "date,close_usd\n2012-01-01,NaN\n2012-01-02,5\n", pricesFile + ":2: close_usd \"NaN\""},
		{"zero close", pricesFile, "date,close_usd\n2012-01-01,5\n2012-01-02,0\n", "History.Prices[1].Close = 0"},
		{"unsorted", pricesFile, "date,close_usd\n2012-01-02,5\n2012-01-01,5\n", "row i is line i+2): market: invalid History.Prices[1].Date"},
		{"duplicate fee day", feesFile, "date,block_count,total_fees_btc,total_subsidy_btc\n2017-12-19,1,1,1\n2017-12-19,1,1,1\n", "History.Fees[1].Date"},
		{"block count", feesFile, "date,block_count,total_fees_btc,total_subsidy_btc\n2017-12-19,0,1,1\n", feesFile + ":2: block_count"},
		{"bits length", epochsFile, "height,time_unix,date_utc,bits,difficulty\n0,1231006505,2009-01-03,1d0ffff,1\n", epochsFile + ":2: bits"},
		{"bits zero", epochsFile, "height,time_unix,date_utc,bits,difficulty\n0,1231006505,2009-01-03,1d000000,1\n", epochsFile + ":2: market: invalid Epoch.Bits = 0x1d000000: target is zero"},
		// 1.0000000000000002 is one ulp above 1, accepted; two ulps is not.
		{"difficulty mismatch", epochsFile, "height,time_unix,date_utc,bits,difficulty\n0,1231006505,2009-01-03,1d00ffff,1.0000000000000004\n", epochsFile + ":2: difficulty"},
		{"date_utc mismatch", epochsFile, "height,time_unix,date_utc,bits,difficulty\n0,1231006505,2009-01-04,1d00ffff,1\n", epochsFile + ":2: date_utc"},
		{"one epoch", epochsFile, "height,time_unix,date_utc,bits,difficulty\n0,1231006505,2009-01-03,1d00ffff,1\n", "len(History.Epochs)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(good)
			files[tt.file] = tt.body
			_, err := loadHistory(writeFiles(t, files))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
	// The good files themselves load.
	dir := writeFiles(t, good)
	h, err := loadHistory(dir)
	if err != nil {
		t.Fatalf("good files: %v", err)
	}
	// The epoch carries the difficulty of its bits, not the column's.
	if h.Epochs[1].Difficulty != 1 {
		t.Errorf("Epochs[1].Difficulty = %v, want 1 (bits 1d00ffff)", h.Epochs[1].Difficulty)
	}
	if _, err := loadHistory(filepath.Join(dir, "missing")); err == nil || !strings.Contains(err.Error(), pricesFile) {
		t.Errorf("missing dir: err = %v, want one naming %s", err, pricesFile)
	}
}

// writeFiles writes each body of files under its name in a new temporary
// directory, and returns the directory.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestRun runs the example on the shipped history, with a short backtest
// (origins from 2024, 200 paths) and a small fan, and checks that it
// reports each fit (the price's 1,461 daily returns of the four years to
// 2025-11-27, README of testdata), the hashrate's lag profile, the four fee
// windows and the backtest table, and writes both charts.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	o := options{data: "testdata", from: time.Date(2021, 11, 27, 0, 0, 0, 0, time.UTC), windows: []int{48},
		backtestFrom: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), paths: 200, fanPaths: 100, seed: 1,
		pit: filepath.Join(dir, "pit.png"), fan: filepath.Join(dir, "fan.png")}
	var b strings.Builder
	if err := run(&b, o); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"price, 1461 daily returns 2021-11-27 to 2025-11-27", "lag profile, BIC", "Elasticity",
		"2017-12-19 to 2018-02-18,  62 days", "2025-08-11 to 2025-11-27, 109 days",
		"backtest on 48-month windows: 7 origins", "hashprice, 12 months", "DefaultModel*", "wrote the fan chart"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{o.pit, o.fan} {
		if st, err := os.Stat(f); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", f, err)
		}
	}
}
