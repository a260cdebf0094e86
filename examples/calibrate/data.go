package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/wattfolio/wattfolio/market"
)

// The files loadHistory reads, as testdata/README.md describes them.
const (
	pricesFile = "btc_usd_daily.csv"
	epochsFile = "difficulty_epochs.csv"
	feesFile   = "fees_daily_windows.csv"
)

// loadHistory reads the three CSVs in dir into a market.History: daily
// closes, difficulty epochs and the windows of daily fees. It is strict:
// the header must be exactly the documented one, every row must have its
// columns and parse, each epoch's difficulty column must equal what
// market.EpochFromBits makes of its bits (to one ulp, see readEpochs), its date_utc the UTC date of its
// time_unix, and the result must pass History.Validate. Errors name the
// file and the line (line 1 is the header).
func loadHistory(dir string) (market.History, error) {
	var h market.History
	var err error
	if h.Prices, err = readPrices(filepath.Join(dir, pricesFile)); err != nil {
		return market.History{}, err
	}
	if h.Epochs, err = readEpochs(filepath.Join(dir, epochsFile)); err != nil {
		return market.History{}, err
	}
	if h.Fees, err = readFees(filepath.Join(dir, feesFile)); err != nil {
		return market.History{}, err
	}
	// Rows are one a line after the header, so row i is on line i+2.
	for _, s := range []struct {
		file string
		h    market.History
	}{
		{pricesFile, market.History{Prices: h.Prices}},
		{epochsFile, market.History{Epochs: h.Epochs}},
		{feesFile, market.History{Fees: h.Fees}},
	} {
		if err := s.h.Validate(); err != nil {
			return market.History{}, fmt.Errorf("%s (row i is line i+2): %w", filepath.Join(dir, s.file), err)
		}
	}
	return h, nil
}

func readPrices(path string) ([]market.DailyPrice, error) {
	var rows []market.DailyPrice
	err := readCSV(path, []string{"date", "close_usd"}, func(rec []string) error {
		d, err := parseDate("date", rec[0])
		if err != nil {
			return err
		}
		c, err := parseFloat("close_usd", rec[1])
		if err != nil {
			return err
		}
		rows = append(rows, market.DailyPrice{Date: d, Close: c})
		return nil
	})
	return rows, err
}

func readEpochs(path string) ([]market.Epoch, error) {
	var rows []market.Epoch
	header := []string{"height", "time_unix", "date_utc", "bits", "difficulty"}
	err := readCSV(path, header, func(rec []string) error {
		height, err := strconv.ParseInt(rec[0], 10, 64)
		if err != nil {
			return fmt.Errorf("height: %w", err)
		}
		sec, err := strconv.ParseInt(rec[1], 10, 64)
		if err != nil {
			return fmt.Errorf("time_unix: %w", err)
		}
		t := time.Unix(sec, 0).UTC()
		d, err := parseDate("date_utc", rec[2])
		if err != nil {
			return err
		}
		if !d.Equal(t.Truncate(24 * time.Hour)) {
			return fmt.Errorf("date_utc %s is not the UTC date of time_unix %d (%s)", rec[2], sec, t.Format(time.RFC3339))
		}
		if len(rec[3]) != 8 {
			return fmt.Errorf("bits %q: want 8 hex digits", rec[3])
		}
		bits, err := strconv.ParseUint(rec[3], 16, 32)
		if err != nil {
			return fmt.Errorf("bits: %w", err)
		}
		e, err := market.EpochFromBits(height, t, uint32(bits))
		if err != nil {
			return err
		}
		diff, err := parseFloat("difficulty", rec[4])
		if err != nil {
			return err
		}
		// The column was printed from a double-precision quotient: in 15
		// of the 460 rows it is one ulp off the correctly rounded value
		// that EpochFromBits gives (checked with exact rationals), so one
		// ulp is allowed; the epoch carries EpochFromBits's value.
		if diff != e.Difficulty && math.Nextafter(e.Difficulty, diff) != diff {
			return fmt.Errorf("difficulty %s is not %v (to one ulp), the difficulty of bits %s", rec[4], e.Difficulty, rec[3])
		}
		rows = append(rows, e)
		return nil
	})
	return rows, err
}

func readFees(path string) ([]market.DailyFees, error) {
	var rows []market.DailyFees
	header := []string{"date", "block_count", "total_fees_btc", "total_subsidy_btc"}
	err := readCSV(path, header, func(rec []string) error {
		d, err := parseDate("date", rec[0])
		if err != nil {
			return err
		}
		if n, err := strconv.ParseInt(rec[1], 10, 64); err != nil || n < 1 {
			return fmt.Errorf("block_count %q: want a positive integer", rec[1])
		}
		fees, err := parseFloat("total_fees_btc", rec[2])
		if err != nil {
			return err
		}
		sub, err := parseFloat("total_subsidy_btc", rec[3])
		if err != nil {
			return err
		}
		rows = append(rows, market.DailyFees{Date: d, Fees: fees, Subsidy: sub})
		return nil
	})
	return rows, err
}

// readCSV reads the CSV file at path, whose first line must be header
// exactly, and calls row with each later record (which it must not keep).
// Errors are prefixed with path and the line.
func readCSV(path string, header []string, row func(rec []string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 0 // the header's count, checked below, for every record
	r.ReuseRecord = true
	got, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", path, err)
	}
	if !slices.Equal(got, header) {
		return fmt.Errorf("%s:1: header %q, want %q", path, got, header)
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil { // a *csv.ParseError, which gives the line
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := row(rec); err != nil {
			line, _ := r.FieldPos(0)
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
}

// parseDate parses a YYYY-MM-DD day as midnight UTC.
func parseDate(column, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", column, err)
	}
	return t, nil
}

// parseFloat parses a finite decimal number (strconv accepts "NaN" and
// "Inf"; these files hold none).
func parseFloat(column, s string) (float64, error) {
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", column, err)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%s %q: want a finite number", column, s)
	}
	return x, nil
}
