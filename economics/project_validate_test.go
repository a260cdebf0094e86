package economics_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/economics"
	"github.com/wattfolio/wattfolio/hardware"
)

// pivotDate is the snapshot date of the validation and JSON tests.
var pivotDate = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// pivotProject is a valid project with every field set: a mining hall
// emptied mid-2026, a colocation lease and GPUs in the AI hall, a
// substation, and debt. Its figures are round assumptions, not sources.
func pivotProject(t testing.TB) economics.Project {
	t.Helper()
	s21, err := hardware.Lookup("Antminer S21")
	if err != nil {
		t.Fatal(err)
	}
	h100, err := hardware.Lookup("H100 SXM")
	if err != nil {
		t.Fatal(err)
	}
	site := plainSite()
	site.Halls = []economics.Hall{
		{Name: "Mining", Capacity: 60 * hardware.Megawatt, PUE: 1.05, OpexPerMWMonth: dec("3000")},
		{Name: "AI-1", Capacity: 40 * hardware.Megawatt, PUE: 1.3, OpexPerMWMonth: dec("8000.5")},
	}
	conversion := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	return economics.Project{
		Site: site,
		Lines: []economics.Line{
			{Model: s21, Workload: hardware.BitcoinMining, Units: 10_000, Hall: "Mining", End: conversion,
				Capital: &economics.Capital{Unit: dec("3500"), Life: 4 * year, Salvage: 0.1, Depreciation: economics.MACRS5}},
			{Workload: hardware.Colocation, Units: 20_000, Hall: "AI-1", Start: conversion,
				Delay:   &economics.Delay{Min: 180 * 24 * time.Hour, Likely: 270 * 24 * time.Hour, Max: 365 * 24 * time.Hour},
				Capital: &economics.Capital{Unit: dec("10000"), Life: 15 * year, Depreciation: economics.StraightLine},
				Lease:   &economics.Lease{Rate: dec("130.25"), Escalator: 0.03, Term: 15 * year, Default: 0.02, Relet: 180 * 24 * time.Hour}},
			{Model: h100, Workload: hardware.AICloud, Units: 1_000, Hall: "AI-1", Start: conversion.AddDate(0, 3, 0),
				End:     conversion.AddDate(6, 0, 0),
				Capital: &economics.Capital{Unit: dec("27500"), Life: 5 * year, Salvage: 0.2, Depreciation: economics.Bonus}},
		},
		Outlays: []economics.Outlay{{Date: pivotDate.AddDate(0, 6, 0), Amount: dec("50000000"), Label: "substation", Life: 20 * year},
			{Amount: dec("1250000.75"), Label: "conversion design"}},
		Finance: economics.Finance{Discount: 0.1, TaxRate: 0.21, Debt: 0.8, Interest: 0.08, Tenor: 10 * year},
	}
}

func TestProjectValidateValid(t *testing.T) {
	p := pivotProject(t)
	if err := p.Validate(pivotDate); err != nil {
		t.Fatal(err)
	}
	var zero economics.Finance
	if err := zero.Validate(); err != nil {
		t.Errorf("zero Finance: %v", err)
	}
	// A project of only a site is valid.
	if err := (economics.Project{Site: plainSite()}).Validate(pivotDate); err != nil {
		t.Errorf("bare project: %v", err)
	}
}

// TestProjectLimitsValid: the documented bounds themselves are valid.
func TestProjectLimitsValid(t *testing.T) {
	p := pivotProject(t)
	p.Site.Halls[0] = economics.Hall{Name: "max", Capacity: economics.MaxCapacity, PUE: economics.MaxPUE, OpexPerMWMonth: decimal.NewFromInt(economics.MaxOpexPerMWMonth)}
	p.Site.Halls[1].PUE = 1
	l := &p.Lines[1]
	l.Start = pivotDate
	l.End = pivotDate.Add(time.Nanosecond)
	l.Delay = &economics.Delay{Min: economics.MaxHorizon, Likely: economics.MaxHorizon, Max: economics.MaxHorizon}
	l.Capital = &economics.Capital{Unit: decimal.NewFromInt(economics.MaxCapitalUnit), Life: economics.MaxHorizon, Salvage: 1, Depreciation: economics.Bonus}
	l.Lease = &economics.Lease{Rate: decimal.NewFromInt(economics.MaxLeaseRate), Escalator: 0.999, Term: economics.MaxHorizon, Default: 10, Relet: economics.MaxHorizon * 2}
	p.Lines[0].Delay = &economics.Delay{}
	p.Lines[0].Capital = &economics.Capital{Life: 1, Unit: decimal.Zero}
	p.Outlays = []economics.Outlay{{Date: pivotDate, Amount: decimal.NewFromInt(economics.MaxOutlay), Life: economics.MaxHorizon}, {}}
	p.Finance = economics.Finance{Discount: 1, TaxRate: 0.999, Debt: 0.999, Interest: 1, Tenor: economics.MaxHorizon}
	if err := p.Validate(pivotDate); err != nil {
		t.Fatal(err)
	}
}

func TestProjectValidateBadInputs(t *testing.T) {
	huge := decimal.New(1, 2000000000)
	day := 24 * time.Hour
	type P = economics.Project
	for _, tc := range []struct {
		name  string
		edit  func(*P)
		field string // the path, then any other text the message must carry
		more  string
	}{
		// Site first, then halls.
		{"site first", func(p *P) { p.Site.PUE = 0; p.Finance.TaxRate = 2 }, "Site.PUE", ""},
		{"hall name empty", func(p *P) { p.Site.Halls[1].Name = "" }, "Site.Halls[1].Name", "must not be empty"},
		{"hall name twice", func(p *P) { p.Site.Halls[1].Name = "Mining" }, "Site.Halls[1].Name", "Site.Halls[0]"},
		{"hall names differ by case", func(p *P) { p.Site.Halls[1].Name = "MINING" }, "Site.Halls[1].Name", "only by case"},
		{"hall capacity 0", func(p *P) { p.Site.Halls[1].Capacity = 0 }, "Site.Halls[1].Capacity", "(0, 100 GW]"},
		{"hall capacity over max", func(p *P) { p.Site.Halls[0].Capacity = 101 * hardware.Gigawatt }, "Site.Halls[0].Capacity", ""},
		{"hall capacity NaN", func(p *P) { p.Site.Halls[0].Capacity = hardware.Power(math.NaN()) }, "Site.Halls[0].Capacity", ""},
		{"hall PUE below 1", func(p *P) { p.Site.Halls[1].PUE = 0.99 }, "Site.Halls[1].PUE", "[1, 3]"},
		{"hall PUE above 3", func(p *P) { p.Site.Halls[1].PUE = 3.01 }, "Site.Halls[1].PUE", ""},
		{"hall PUE Inf", func(p *P) { p.Site.Halls[1].PUE = math.Inf(1) }, "Site.Halls[1].PUE", ""},
		{"hall opex negative", func(p *P) { p.Site.Halls[0].OpexPerMWMonth = dec("-0.01") }, "Site.Halls[0].OpexPerMWMonth", ""},
		{"hall opex over max", func(p *P) { p.Site.Halls[0].OpexPerMWMonth = dec("1000000.01") }, "Site.Halls[0].OpexPerMWMonth", "1000000"},
		{"hall opex huge exponent", func(p *P) { p.Site.Halls[0].OpexPerMWMonth = huge }, "Site.Halls[0].OpexPerMWMonth", "1e2000000000"},

		// Dates.
		{"start before the snapshot", func(p *P) { p.Lines[1].Start = pivotDate.Add(-time.Second) }, "Lines[1].Start", "2025-01-01"},
		{"end before start", func(p *P) { p.Lines[2].End = p.Lines[2].Start.Add(-day) }, "Lines[2].End", "after the line's start"},
		{"end at start", func(p *P) { p.Lines[2].End = p.Lines[2].Start }, "Lines[2].End", ""},
		{"end at the snapshot without start", func(p *P) { p.Lines[0].End = pivotDate }, "Lines[0].End", ""},
		{"end before the snapshot without start", func(p *P) { p.Lines[0].End = pivotDate.AddDate(-1, 0, 0) }, "Lines[0].End", ""},

		// Delay.
		{"delay min negative", func(p *P) { p.Lines[1].Delay.Min = -1 }, "Lines[1].Delay.Min", "negative"},
		{"delay likely below min", func(p *P) { p.Lines[1].Delay.Likely = p.Lines[1].Delay.Min - 1 }, "Lines[1].Delay.Likely", "Min"},
		{"delay max below likely", func(p *P) { p.Lines[1].Delay.Max = p.Lines[1].Delay.Likely - 1 }, "Lines[1].Delay.Max", "Likely"},
		{"delay min above max", func(p *P) { p.Lines[1].Delay = &economics.Delay{Min: 12 * day, Likely: 9 * day, Max: 6 * day} }, "Lines[1].Delay.Likely", ""},
		{"delay max over 100 years", func(p *P) { p.Lines[1].Delay.Max = economics.MaxHorizon + 1 }, "Lines[1].Delay.Max", "100 years"},

		// Capital.
		{"capital unit negative", func(p *P) { p.Lines[0].Capital.Unit = dec("-1") }, "Lines[0].Capital.Unit", "[0, 100000000]"},
		{"capital unit over max", func(p *P) { p.Lines[0].Capital.Unit = dec("100000000.01") }, "Lines[0].Capital.Unit", ""},
		{"capital unit huge exponent", func(p *P) { p.Lines[0].Capital.Unit = huge }, "Lines[0].Capital.Unit", "1e2000000000"},
		{"capital unit tiny exponent", func(p *P) { p.Lines[0].Capital.Unit = decimal.New(1, -30) }, "Lines[0].Capital.Unit", "decimal places"},
		{"capital life zero", func(p *P) { p.Lines[0].Capital.Life = 0 }, "Lines[0].Capital.Life", ""},
		{"capital life negative", func(p *P) { p.Lines[0].Capital.Life = -year }, "Lines[0].Capital.Life", ""},
		{"capital life over 100 years", func(p *P) { p.Lines[0].Capital.Life = economics.MaxHorizon + 1 }, "Lines[0].Capital.Life", ""},
		{"salvage negative", func(p *P) { p.Lines[0].Capital.Salvage = -0.01 }, "Lines[0].Capital.Salvage", "[0, 1]"},
		{"salvage above 1", func(p *P) { p.Lines[0].Capital.Salvage = 1.01 }, "Lines[0].Capital.Salvage", ""},
		{"salvage NaN", func(p *P) { p.Lines[0].Capital.Salvage = math.NaN() }, "Lines[0].Capital.Salvage", ""},
		{"depreciation unknown", func(p *P) { p.Lines[0].Capital.Depreciation = economics.Bonus + 1 }, "Lines[0].Capital.Depreciation", "unknown"},

		// Lease.
		{"lease on a mining line", func(p *P) { p.Lines[0].Lease = p.Lines[1].Lease }, "Lines[0].Lease", "Colocation lines only"},
		{"lease on an AI line", func(p *P) { p.Lines[2].Lease = &economics.Lease{Rate: dec("100"), Term: year} }, "Lines[2].Lease", "Colocation lines only"},
		{"lease rate zero", func(p *P) { p.Lines[1].Lease.Rate = decimal.Zero }, "Lines[1].Lease.Rate", "(0, 10000]"},
		{"lease rate negative", func(p *P) { p.Lines[1].Lease.Rate = dec("-5") }, "Lines[1].Lease.Rate", ""},
		{"lease rate over max", func(p *P) { p.Lines[1].Lease.Rate = dec("10000.01") }, "Lines[1].Lease.Rate", ""},
		{"lease rate huge exponent", func(p *P) { p.Lines[1].Lease.Rate = huge }, "Lines[1].Lease.Rate", ""},
		{"escalator 1", func(p *P) { p.Lines[1].Lease.Escalator = 1 }, "Lines[1].Lease.Escalator", "[0, 1)"},
		{"escalator negative", func(p *P) { p.Lines[1].Lease.Escalator = -0.01 }, "Lines[1].Lease.Escalator", ""},
		{"escalator NaN", func(p *P) { p.Lines[1].Lease.Escalator = math.NaN() }, "Lines[1].Lease.Escalator", ""},
		{"term zero", func(p *P) { p.Lines[1].Lease.Term = 0 }, "Lines[1].Lease.Term", ""},
		{"term over 100 years", func(p *P) { p.Lines[1].Lease.Term = economics.MaxHorizon + 1 }, "Lines[1].Lease.Term", ""},
		{"default negative", func(p *P) { p.Lines[1].Lease.Default = -0.01 }, "Lines[1].Lease.Default", "[0, 10]"},
		{"default above 10", func(p *P) { p.Lines[1].Lease.Default = 10.01 }, "Lines[1].Lease.Default", ""},
		{"default Inf", func(p *P) { p.Lines[1].Lease.Default = math.Inf(1) }, "Lines[1].Lease.Default", ""},
		{"relet negative", func(p *P) { p.Lines[1].Lease.Relet = -1 }, "Lines[1].Lease.Relet", "negative"},

		// Outlays.
		{"outlay before the snapshot", func(p *P) { p.Outlays[1].Date = pivotDate.Add(-time.Nanosecond) }, "Outlays[1].Date", "2025-01-01"},
		{"outlay amount negative", func(p *P) { p.Outlays[0].Amount = dec("-1") }, "Outlays[0].Amount", "[0, 1000000000000]"},
		{"outlay amount over max", func(p *P) { p.Outlays[0].Amount = dec("1000000000000.01") }, "Outlays[0].Amount", ""},
		{"outlay amount huge exponent", func(p *P) { p.Outlays[1].Amount = huge }, "Outlays[1].Amount", ""},
		{"outlay life negative", func(p *P) { p.Outlays[0].Life = -1 }, "Outlays[0].Life", ""},
		{"outlay life over 100 years", func(p *P) { p.Outlays[0].Life = economics.MaxHorizon + 1 }, "Outlays[0].Life", ""},

		// Finance.
		{"discount negative", func(p *P) { p.Finance.Discount = -0.01 }, "Finance.Discount", "[0, 1]"},
		{"discount above 1", func(p *P) { p.Finance.Discount = 1.01 }, "Finance.Discount", ""},
		{"discount NaN", func(p *P) { p.Finance.Discount = math.NaN() }, "Finance.Discount", ""},
		{"tax rate 1", func(p *P) { p.Finance.TaxRate = 1 }, "Finance.TaxRate", "[0, 1)"},
		{"tax rate negative", func(p *P) { p.Finance.TaxRate = -0.21 }, "Finance.TaxRate", ""},
		{"debt 1", func(p *P) { p.Finance.Debt = 1 }, "Finance.Debt", "[0, 1)"},
		{"debt negative", func(p *P) { p.Finance.Debt = -0.5 }, "Finance.Debt", ""},
		{"debt Inf", func(p *P) { p.Finance.Debt = math.Inf(-1) }, "Finance.Debt", ""},
		{"interest above 1", func(p *P) { p.Finance.Interest = 1.5 }, "Finance.Interest", "[0, 1]"},
		{"interest negative", func(p *P) { p.Finance.Interest = -0.01 }, "Finance.Interest", ""},
		{"tenor negative", func(p *P) { p.Finance.Tenor = -year }, "Finance.Tenor", ""},
		{"tenor over 100 years", func(p *P) { p.Finance.Tenor = economics.MaxHorizon + 1 }, "Finance.Tenor", ""},
		{"tenor zero with debt", func(p *P) { p.Finance.Tenor = 0 }, "Finance.Tenor", "positive when Debt is"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := pivotProject(t)
			tc.edit(&p)
			err := p.Validate(pivotDate)
			checkErr(t, err, economics.ErrInvalid, tc.field)
			if !strings.Contains(err.Error(), tc.more) {
				t.Errorf("message %q does not say %q", err, tc.more)
			}
			// The finance part stands alone too.
			if strings.HasPrefix(tc.field, "Finance.") {
				checkErr(t, p.Finance.Validate(), economics.ErrInvalid, tc.field)
			}
		})
	}
}

// TestHallNamesFold: names that differ only by case are refused, with few
// halls (compared pairwise) and with many (through a map), under the same
// rule as strings.EqualFold: the Greek final sigma folds with Σ.
func TestHallNamesFold(t *testing.T) {
	for _, n := range []int{2, 40} {
		for _, pair := range [][2]string{{"hall-σ", "HALL-Σ"}, {"ς", "Σ"}, {"K", "\u212a"}, {"same", "same"}} {
			t.Run(fmt.Sprintf("%d halls %q %q", n, pair[0], pair[1]), func(t *testing.T) {
				s := plainSite()
				for i := range n {
					s.Halls = append(s.Halls, economics.Hall{Name: fmt.Sprintf("h%d", i), Capacity: hardware.Megawatt, PUE: 1})
				}
				s.Halls[n/2-1].Name, s.Halls[n-1].Name = pair[0], pair[1]
				checkErr(t, s.Validate(), economics.ErrInvalid, fmt.Sprintf("Site.Halls[%d].Name", n-1))
				s.Halls[n-1].Name = pair[1] + "x"
				if err := s.Validate(); err != nil {
					t.Errorf("distinct names: %v", err)
				}
			})
		}
	}
}
