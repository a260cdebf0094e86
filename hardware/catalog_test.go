package hardware

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// referenceASICs is the ASIC table of REFERENCE.md ("Hardware (nameplate
// specs; real units drift a few percent)"): TH/s, W and J/TH as printed
// there, from Bitmain and MicroBT spec sheets as quoted by retailers and
// Hashrate Index reviews.
var referenceASICs = []struct {
	name  string
	th    float64
	watts float64
	jth   float64
}{
	{"Antminer S19", 95, 3250, 34.2},
	{"Antminer S19 Pro", 110, 3250, 29.5},
	{"Antminer S19j Pro", 100, 3050, 30.5},
	{"Antminer S19 XP", 140, 3010, 21.5},
	{"Antminer S21", 200, 3500, 17.5},
	{"Antminer S21 Pro", 234, 3531, 15.1},
	{"Antminer S21 XP", 270, 3645, 13.5},
	{"Antminer S21+ Hydro", 319, 4785, 15.0},
	{"Avalon A1466", 150, 3230, 21.5},
	{"Whatsminer M66S+", 314, 5338, 17.0},
}

// referenceGPUs is the GPU table of REFERENCE.md (NVIDIA and AMD datasheets;
// Epoch AI ML hardware dataset): TDP W, dense BF16 TFLOPS, memory GB.
var referenceGPUs = []struct {
	name   string
	tdp    float64
	tflops float64
	memGB  float64
}{
	{"H100 SXM", 700, 989, 80},
	{"H100 PCIe", 350, 756, 80},
	{"H200", 700, 989, 141},
	{"B200", 1000, 2250, 180},
	{"A100 SXM", 400, 312, 80},
	{"L40S", 350, 362, 48},
	{"MI300X", 750, 1307, 192},
	{"RTX 4090", 450, 165, 24},
	{"RTX 3090", 350, 71, 24},
}

func TestCatalogInvariants(t *testing.T) {
	cat := Catalog()
	if len(cat) != len(referenceASICs)+len(referenceGPUs) {
		t.Errorf("catalog has %d models, want %d", len(cat), len(referenceASICs)+len(referenceGPUs))
	}
	seen := map[string]bool{}
	for _, m := range cat {
		key := strings.ToLower(m.Name)
		if seen[key] {
			t.Errorf("duplicate name %q", m.Name)
		}
		seen[key] = true
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
		if m.Maker == "" {
			t.Errorf("%s: no maker", m.Name)
		}
		if m.Price.IsPositive() != (m.PriceDate != "") {
			t.Errorf("%s: price %v with date %q: a price needs a date and a date a price", m.Name, m.Price, m.PriceDate)
		}
		if m.Class == GPU && !(m.IdlePower > 0 && m.HostPower > 0 && m.BF16TFLOPS > 0 && m.MemoryGB > 0) {
			t.Errorf("%s: GPU figures missing: %+v", m.Name, m)
		}
	}
}

func TestCatalogASICsMatchReference(t *testing.T) {
	for _, r := range referenceASICs {
		m, err := Lookup(r.name)
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if m.Class != ASIC {
			t.Errorf("%s: class %v", r.name, m.Class)
		}
		stock := m.StockMode()
		if stock.Hashrate != Hashrate(r.th)*TeraHash || stock.Power != Power(r.watts) {
			t.Errorf("%s: stock %v at %v, REFERENCE.md says %v TH/s at %v W", r.name, stock.Hashrate, stock.Power, r.th, r.watts)
		}
		// REFERENCE.md prints J/TH to one decimal; allow 0.1 J/TH.
		if got := float64(stock.Efficiency()); math.Abs(got-r.jth) > 0.1 {
			t.Errorf("%s: %.3f J/TH, REFERENCE.md says %.1f", r.name, got, r.jth)
		}
		// Derived modes follow the documented curve exactly: r = 0.8 and 1.1,
		// hashrate x r, power x r^2, J/TH x r.
		for _, c := range []struct {
			name string
			r    float64
		}{{EcoMode, 0.8}, {TurboMode, 1.1}} {
			md, err := m.Mode(c.name)
			if err != nil {
				t.Errorf("%s: %v", r.name, err)
				continue
			}
			const tol = 1e-12
			if !near(float64(md.Hashrate), c.r*float64(stock.Hashrate), tol) ||
				!near(float64(md.Power), c.r*c.r*float64(stock.Power), tol) ||
				!near(float64(md.Efficiency()), c.r*float64(stock.Efficiency()), tol) {
				t.Errorf("%s %s: %v at %v (%v) does not follow the curve from %v at %v",
					r.name, c.name, md.Hashrate, md.Power, md.Efficiency(), stock.Hashrate, stock.Power)
			}
		}
	}
}

// near reports whether a is within rel of b, relative to b.
func near(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Abs(b) }

func TestCatalogGPUsMatchReference(t *testing.T) {
	for _, r := range referenceGPUs {
		m, err := Lookup(r.name)
		if err != nil {
			t.Errorf("%s: %v", r.name, err)
			continue
		}
		if m.Class != GPU || m.StockMode().Power != Power(r.tdp) || m.BF16TFLOPS != r.tflops || m.MemoryGB != r.memGB {
			t.Errorf("%s: %v, %v, %v TFLOPS, %v GB; REFERENCE.md says %v W, %v TFLOPS, %v GB",
				r.name, m.Class, m.StockMode().Power, m.BF16TFLOPS, m.MemoryGB, r.tdp, r.tflops, r.memGB)
		}
	}
	// Host share of a DGX H100: (10.2 kW max - 8 x 700 W) / 8 (REFERENCE.md).
	h100, _ := Lookup("H100 SXM")
	if want := (10.2*Kilowatt - 8*700*Watt) / 8; h100.HostPower != want {
		t.Errorf("H100 SXM host power %v, want %v", h100.HostPower, want)
	}
}

func TestCatalogFreshCopies(t *testing.T) {
	a := Catalog()
	a[0].Name = "changed"
	a[0].Modes[0].Power = 1
	b := Catalog()
	if b[0].Name == "changed" || b[0].Modes[0].Power == 1 {
		t.Fatal("Catalog shares state between calls")
	}
	m1, _ := Lookup("Antminer S21")
	m1.Modes[1].Hashrate = 1
	m2, _ := Lookup("Antminer S21")
	if m2.Modes[1].Hashrate == 1 {
		t.Fatal("Lookup shares Modes between calls")
	}
}

func TestLookup(t *testing.T) {
	for _, name := range []string{"Antminer S21", "antminer s21", "ANTMINER S21", " Antminer S21 ", "h100 sxm", "MI300X"} {
		m, err := Lookup(name)
		if err != nil {
			t.Errorf("Lookup(%q): %v", name, err)
			continue
		}
		if !strings.EqualFold(m.Name, strings.TrimSpace(name)) {
			t.Errorf("Lookup(%q) = %q", name, m.Name)
		}
	}
	for _, name := range []string{"", "S21", "Antminer S99", "H100"} {
		_, err := Lookup(name)
		if !errors.Is(err, ErrUnknown) {
			t.Errorf("Lookup(%q) error = %v, want ErrUnknown", name, err)
		}
		if err != nil && !strings.Contains(err.Error(), name) {
			t.Errorf("Lookup(%q) error %q does not name the model", name, err)
		}
	}
}

func TestClockScaledMode(t *testing.T) {
	stock := Mode{Name: StockMode, Hashrate: 200 * TeraHash, Power: 3500}
	eco := ClockScaledMode(stock, EcoMode, 4, 5)
	if eco.Hashrate != 160*TeraHash || eco.Power != 2240 || eco.Efficiency() != 14 || eco.Name != EcoMode {
		t.Errorf("eco = %+v (%v)", eco, eco.Efficiency())
	}
	turbo := ClockScaledMode(stock, TurboMode, 11, 10)
	if turbo.Hashrate != 220*TeraHash || turbo.Power != 4235 {
		t.Errorf("turbo = %+v", turbo)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic for a zero denominator")
		}
	}()
	ClockScaledMode(stock, "x", 1, 0)
}

// TestCatalogPriceDates: every non-zero price has a date, no date is after
// the reference snapshot's (2025-11-27, market.Reference), and none is stale
// by the rule in Catalog's doc: at most two years old for an ASIC, three for
// a GPU. A date is compared by the whole span it names: "2025-11" could be
// 30 November, so it would be too late.
func TestCatalogPriceDates(t *testing.T) {
	snap := time.Date(2025, time.November, 27, 0, 0, 0, 0, time.UTC)
	if got := snap.Format("2006-01-02"); got != referencePriceDate {
		t.Fatalf("referencePriceDate %q, test uses %q", referencePriceDate, got)
	}
	for _, m := range Catalog() {
		if m.Price.IsZero() {
			if m.PriceDate != "" {
				t.Errorf("%s: no price but a date %q", m.Name, m.PriceDate)
			}
			continue
		}
		if m.PriceDate == "" {
			t.Errorf("%s: price %v without a date", m.Name, m.Price)
			continue
		}
		first, last := dateSpan(t, m.PriceDate)
		if last.After(snap) {
			t.Errorf("%s: price dated %s, after the reference snapshot %s", m.Name, m.PriceDate, referencePriceDate)
		}
		years := 3
		if m.Class == ASIC {
			years = 2
		}
		if first.Before(snap.AddDate(-years, 0, 0)) {
			t.Errorf("%s: price dated %s, more than %d years before the snapshot", m.Name, m.PriceDate, years)
		}
	}
}

// dateSpan returns the first and last day that a PriceDate ("2025",
// "2025-11", "2025-11-03") names.
func dateSpan(t *testing.T, s string) (first, last time.Time) {
	t.Helper()
	for _, l := range []struct {
		layout string
		years  int
		months int
		days   int
	}{{"2006-01-02", 0, 0, 1}, {"2006-01", 0, 1, 0}, {"2006", 1, 0, 0}} {
		if d, err := time.Parse(l.layout, s); err == nil {
			return d, d.AddDate(l.years, l.months, l.days-1)
		}
	}
	t.Fatalf("PriceDate %q does not parse", s)
	return
}

// TestCatalogPrices: the USD/TH figures of REFERENCE.md ("Capital, contracts
// and finance" -> Resale) and of the sources in catalog.go, times the stock
// TH/s, give the unit prices exactly; the models REFERENCE.md names have one.
func TestCatalogPrices(t *testing.T) {
	for _, c := range []struct {
		name, usdPerTH, date string
	}{
		{"Antminer S21", "17.50", "2024-03"},       // Bitfarms' option, March 2024
		{"Antminer S21 Pro", "18.9", "2024-11"},    // IREN, Nov 2024 (REFERENCE.md)
		{"Antminer S21 XP", "25.70", "2025-11-03"}, // Hashrate Index, 3 Nov 2025 (REFERENCE.md)
	} {
		m, err := Lookup(c.name)
		if err != nil {
			t.Fatal(err)
		}
		th := decimal.NewFromFloat(m.StockMode().Hashrate.TeraHashes())
		want := decimal.RequireFromString(c.usdPerTH).Mul(th)
		if !m.Price.Equal(want) || m.PriceDate != c.date {
			t.Errorf("%s: %v USD at %q, want %s USD/TH x %v TH/s = %v at %q", c.name, m.Price, m.PriceDate, c.usdPerTH, th, want, c.date)
		}
	}
}
