package market_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/market"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Every bad input gives ErrInvalid with a message naming the field (path)
// and, where there is one, the limit.
func TestSnapshotValidate(t *testing.T) {
	tou := func(h int, p decimal.Decimal) func(*market.Snapshot) {
		return func(s *market.Snapshot) {
			s.TimeOfUse = make([]decimal.Decimal, 24)
			for i := range s.TimeOfUse {
				s.TimeOfUse[i] = dec("0.04")
			}
			s.TimeOfUse[h] = p
		}
	}
	tests := []struct {
		name  string
		edit  func(*market.Snapshot)
		field string // the field path the message must name
		limit string // a part of the reason that states the limit
	}{
		{"negative power", func(s *market.Snapshot) { s.PowerPrice = decimal.NewFromInt(-1) }, "PowerPrice", "[0, 5] USD/kWh"},
		{"power in USD/MWh", func(s *market.Snapshot) { s.PowerPrice = decimal.NewFromInt(38) }, "PowerPrice", `"38 USD/MWh"`},
		{"power 1e2000000000", func(s *market.Snapshot) { s.PowerPrice = decimal.New(1, 2_000_000_000) }, "PowerPrice", "[0, 5] USD/kWh"},
		{"power 1e-2000000000", func(s *market.Snapshot) { s.PowerPrice = decimal.New(1, -2_000_000_000) }, "PowerPrice", "decimal places"},
		{"23-hour schedule", func(s *market.Snapshot) { s.TimeOfUse = make([]decimal.Decimal, 23) }, "TimeOfUse", "24 hourly prices"},
		{"negative hour", tou(5, decimal.NewFromInt(-1)), "TimeOfUse[5]", "[0, 5] USD/kWh"},
		{"hour 1e2000000000", tou(3, decimal.New(1, 2_000_000_000)), "TimeOfUse[3]", "[0, 5] USD/kWh"},
		{"hour in USD/MWh", tou(23, decimal.NewFromInt(120)), "TimeOfUse[23]", `"120 USD/MWh"`},
		{"NaN utilization", func(s *market.Snapshot) { s.Utilization = math.NaN() }, "Utilization", "[0, 1]"},
		{"utilization above 1", func(s *market.Snapshot) { s.Utilization = 1.5 }, "Utilization", "[0, 1]"},
		{"negative utilization", func(s *market.Snapshot) { s.Utilization = -0.1 }, "Utilization", "[0, 1]"},
		{"negative GPU rate", func(s *market.Snapshot) { s.GPURates["B200"] = decimal.NewFromInt(-2) }, `GPURates["B200"]`, "(0, 100] USD per GPU-hour"},
		{"zero GPU rate", func(s *market.Snapshot) { s.GPURates["H200"] = decimal.Zero }, `GPURates["H200"]`, "(0, 100] USD per GPU-hour"},
		{"GPU rate per day", func(s *market.Snapshot) { s.GPURates["H200"] = decimal.NewFromInt(150) }, `GPURates["H200"]`, "(0, 100] USD per GPU-hour"},
		{"GPU rate 1e2000000000", func(s *market.Snapshot) { s.GPURates["H200"] = decimal.New(1, 2_000_000_000) }, `GPURates["H200"]`, "(0, 100]"},
		{"GPU rate 1e-2000000000", func(s *market.Snapshot) { s.GPURates["H200"] = decimal.New(1, -2_000_000_000) }, `GPURates["H200"]`, "decimal places"},
		{"GPU rates differ by case", func(s *market.Snapshot) { s.GPURates["h100 sxm"] = dec("9") }, `GPURates["h100 sxm"]`, `"H100 SXM"`},
		{"negative GPU mining", func(s *market.Snapshot) { s.GPUMining = map[string]decimal.Decimal{"RTX 4090": dec("-2")} }, `GPUMining["RTX 4090"]`, "(0, 100] USD per GPU-day"},
		{"zero GPU mining", func(s *market.Snapshot) { s.GPUMining = map[string]decimal.Decimal{"RTX 4090": decimal.Zero} }, `GPUMining["RTX 4090"]`, "(0, 100] USD per GPU-day"},
		{"GPU mining 1e300", func(s *market.Snapshot) { s.GPUMining = map[string]decimal.Decimal{"RTX 4090": decimal.New(1, 300)} }, `GPUMining["RTX 4090"]`, "(0, 100]"},
		{"GPU mining differ by case", func(s *market.Snapshot) {
			s.GPUMining = map[string]decimal.Decimal{"RTX 4090": dec("1"), "rtx 4090": dec("2")}
		}, `GPUMining["rtx 4090"]`, `"RTX 4090"`},
		{"GPU mining differ by Unicode fold", func(s *market.Snapshot) {
			s.GPUMining = map[string]decimal.Decimal{"K80": dec("1"), "\u212a80": dec("2")} // Kelvin sign folds to K
		}, "GPUMining[\"\u212a80\"]", `"K80"`},
		{"empty GPU name", func(s *market.Snapshot) { s.GPURates[""] = dec("1") }, "GPURates key", "non-empty"},
		{"GPU name not UTF-8", func(s *market.Snapshot) { s.GPUMining = map[string]decimal.Decimal{"\xff": dec("1")} }, "GPUMining key", "UTF-8"},
		{"negative colocation", func(s *market.Snapshot) { s.ColocationRate = decimal.NewFromInt(-2) }, "ColocationRate", "[0, 1000] USD per kW-month"},
		{"colocation per MW", func(s *market.Snapshot) { s.ColocationRate = decimal.NewFromInt(154170) }, "ColocationRate", "[0, 1000] USD per kW-month"},
		{"colocation 1e2000000000", func(s *market.Snapshot) { s.ColocationRate = decimal.New(1, 2_000_000_000) }, "ColocationRate", "[0, 1000]"},
		{"zero difficulty", func(s *market.Snapshot) { s.Bitcoin.Difficulty = 0 }, "Bitcoin.Difficulty", "2^-32"},
		{"infinite difficulty", func(s *market.Snapshot) { s.Bitcoin.Difficulty = math.Inf(1) }, "Bitcoin.Difficulty", "2^224"},
		{"tiny difficulty", func(s *market.Snapshot) { s.Bitcoin.Difficulty = 1e-300 }, "Bitcoin.Difficulty", "2^-32"},
		{"negative height", func(s *market.Snapshot) { s.Bitcoin.Height = -1 }, "Bitcoin.Height", "2^31-1"},
		{"huge height", func(s *market.Snapshot) { s.Bitcoin.Height = 1 << 40 }, "Bitcoin.Height", "2^31-1"},
		{"zero bitcoin price", func(s *market.Snapshot) { s.Bitcoin.Price = decimal.Zero }, "Bitcoin.Price", "(0, 1e9] USD"},
		{"bitcoin price 1e300", func(s *market.Snapshot) { s.Bitcoin.Price = decimal.New(1, 300) }, "Bitcoin.Price", "(0, 1e9] USD"},
		{"bitcoin price 1e2000000000", func(s *market.Snapshot) { s.Bitcoin.Price = decimal.New(1, 2_000_000_000) }, "Bitcoin.Price", "(0, 1e9] USD"},
		{"negative fees", func(s *market.Snapshot) { s.Bitcoin.FeesPerBlock = -1 }, "Bitcoin.FeesPerBlock", "21 million BTC"},
		{"fees above all money", func(s *market.Snapshot) { s.Bitcoin.FeesPerBlock = market.MaxMoney + 1 }, "Bitcoin.FeesPerBlock", "21 million BTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := market.Reference()
			tt.edit(&s)
			err := s.Validate()
			var ie *market.InvalidError
			if !errors.Is(err, market.ErrInvalid) || !errors.As(err, &ie) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if ie.Field != tt.field || !strings.Contains(err.Error(), tt.limit) {
				t.Errorf("err = %v; want field %s and limit %q", err, tt.field, tt.limit)
			}
			if len(err.Error()) > 300 {
				t.Errorf("message is %d bytes, want it short: %.300s", len(err.Error()), err)
			}
			// The same error on every call, whatever the map order.
			for range 5 {
				if again := s.Validate(); again.Error() != err.Error() {
					t.Fatalf("Validate is not deterministic: %v, then %v", err, again)
				}
			}
		})
	}
}

// Prices at their documented bounds are valid and give finite figures.
func TestSnapshotValidateBounds(t *testing.T) {
	s := market.Reference()
	s.Bitcoin.Price = decimal.NewFromInt(market.MaxBTCPrice)
	s.Bitcoin.Difficulty = market.MinDifficulty
	s.PowerPrice = decimal.NewFromInt(market.MaxPowerPrice)
	s.TimeOfUse = make([]decimal.Decimal, 24)
	for h := range s.TimeOfUse {
		s.TimeOfUse[h] = decimal.NewFromInt(market.MaxPowerPrice * int64(h%2)) // 0 and 5
	}
	s.GPURates = map[string]decimal.Decimal{"H100 SXM": decimal.NewFromInt(market.MaxGPURate), "B200": decimal.New(1, -24)}
	s.GPUMining = map[string]decimal.Decimal{"RTX 4090": decimal.NewFromInt(market.MaxGPUMiningRevenue)}
	s.ColocationRate = decimal.NewFromInt(market.MaxColocationRate)
	s.Utilization = 1
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if m := s.MeanPowerPrice(); !m.Equal(dec("2.5")) {
		t.Errorf("MeanPowerPrice = %s, want 2.5", m)
	}
	if f := s.Bitcoin.SatsPerTHDay(); math.IsInf(f, 0) || math.IsNaN(f) {
		t.Errorf("SatsPerTHDay = %g", f)
	}
	s.ColocationRate, s.Utilization, s.PowerPrice = decimal.Zero, 0, decimal.Zero
	if err := s.Validate(); err != nil {
		t.Errorf("zero colocation, utilization and power: %v", err)
	}
}

// Reference's GPU rates are on one basis, so they rank as every
// like-for-like series does: B200 > H200 > H100 > A100 (REFERENCE.md, "GPU
// rental rates"), for the models it quotes; it quotes nothing else and no
// GPU-mining revenue (the only figures were from 2022).
func TestReferenceOneBasis(t *testing.T) {
	s := market.Reference()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	order := []string{"B200", "H200", "H100 SXM", "A100 SXM"}
	var last decimal.Decimal
	var lastName string
	quoted := 0
	for _, name := range order {
		r, err := s.GPURate(name)
		if errors.Is(err, market.ErrNoQuote) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		quoted++
		if lastName != "" && !r.LessThan(last) {
			t.Errorf("%s rate %s is not below %s's %s", name, r, lastName, last)
		}
		last, lastName = r, name
	}
	if quoted != len(s.GPURates) || quoted < 2 {
		t.Errorf("reference quotes %d rates, %d of them in the ranked series %v", len(s.GPURates), quoted, order)
	}
	if len(s.GPUMining) != 0 {
		t.Errorf("reference has GPU-mining defaults %v; it should have none", s.GPUMining)
	}
	if !s.Date.Equal(market.Reference().Date) || s.Date.Year() != 2025 {
		t.Errorf("reference date %v", s.Date)
	}
	for _, name := range []string{"H200", "A100 SXM", "RTX 4090"} {
		if _, err := s.GPURate(name); !errors.Is(err, market.ErrNoQuote) {
			t.Errorf("GPURate(%q) = %v, want ErrNoQuote (no same-basis quote)", name, err)
		}
	}
	if _, err := s.GPUMiningRevenue("RTX 4090"); !errors.Is(err, market.ErrNoQuote) {
		t.Errorf("GPUMiningRevenue: %v, want ErrNoQuote", err)
	}
}

// On a snapshot that was not validated, names that fold together still
// give the same answer on every call: the exact name, else the least one.
func TestQuoteDeterministic(t *testing.T) {
	s := market.Snapshot{GPURates: map[string]decimal.Decimal{"ab": dec("1"), "AB": dec("2"), "Ab": dec("3")}}
	for range 20 {
		if r, err := s.GPURate("aB"); err != nil || !r.Equal(dec("2")) {
			t.Fatalf("GPURate(aB) = %s, %v; want AB's 2", r, err)
		}
		if r, err := s.GPURate("Ab"); err != nil || !r.Equal(dec("3")) {
			t.Fatalf("GPURate(Ab) = %s, %v; want the exact key's 3", r, err)
		}
	}
}
