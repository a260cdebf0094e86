package hardware

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestLookupNormalized(t *testing.T) {
	tests := []struct{ query, want string }{
		{"Antminer S21", "Antminer S21"},
		{"Antminer S21XP", "Antminer S21 XP"},
		{"antminer s21 xp", "Antminer S21 XP"},
		{"ANTMINER-S21-XP", "Antminer S21 XP"},
		{"antminer_s19j.pro", "Antminer S19j Pro"},
		{"Antminer S21+Hydro", "Antminer S21+ Hydro"},
		{"h100-sxm", "H100 SXM"},
		{"  MI 300X\t", "MI300X"},
		{"rtx4090", "RTX 4090"},
	}
	for _, tt := range tests {
		m, err := Lookup(tt.query)
		if err != nil || m.Name != tt.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.query, m.Name, err, tt.want)
		}
	}
	// Every catalog name finds itself, and no two normalize alike (so a
	// normalized match is unique).
	seen := map[string]string{}
	for _, m := range Catalog() {
		n := normalizeName(m.Name)
		if other, dup := seen[n]; dup {
			t.Errorf("%q and %q normalize alike (%q)", m.Name, other, n)
		}
		seen[n] = m.Name
		if got, err := Lookup(m.Name); err != nil || !got.Equal(m) {
			t.Errorf("Lookup(%q) = %q, %v", m.Name, got.Name, err)
		}
	}
}

func TestLookupRefuses(t *testing.T) {
	tests := []struct {
		query      string
		ambiguous  bool
		candidates []string
	}{
		// Ambiguous: every catalog name the query is part of, catalog order.
		{"H100", true, []string{"H100 SXM", "H100 PCIe"}},
		{"S21", true, []string{"Antminer S21", "Antminer S21 Pro", "Antminer S21 XP", "Antminer S21+ Hydro"}},
		{"antminer s19", false, nil}, // exact: accepted (checked below)
		// Part of one name: suggested, not accepted.
		{"S21 XP", false, []string{"Antminer S21 XP"}},
		{"4090", false, []string{"RTX 4090"}},
		// "+" is kept: an S21 Hydro is not the S21+ Hydro.
		{"Antminer S21 Hydro", false, []string{"Antminer S21", "Antminer S21+ Hydro", "Antminer S21 Pro"}},
		// A catalog name inside the query.
		{"Bitmain Antminer S21", false, []string{"Antminer S21"}},
		// Edit distance on normalized names, limit 1 + 11/4 = 3: "antminers99"
		// is 1 from S19, 2 from S21, 3 from S19 XP, 4 from S19 Pro.
		{"Antminer S99", false, []string{"Antminer S19", "Antminer S21", "Antminer S19 XP"}},
		{"h200 sxm", false, []string{"H200", "H100 SXM", "A100 SXM"}},
		{"", false, nil},
		{"   ", false, nil},
		{"xyz", false, nil},
		// Invalid UTF-8 is not dropped: no exact match, the part inside first.
		{"Antminer S21\xff", false, []string{"Antminer S21", "Antminer S19", "Antminer S21 XP"}},
	}
	for _, tt := range tests {
		m, err := Lookup(tt.query)
		if tt.query == "antminer s19" {
			if err != nil || m.Name != "Antminer S19" {
				t.Errorf("Lookup(%q) = %q, %v", tt.query, m.Name, err)
			}
			continue
		}
		if !errors.Is(err, ErrUnknown) {
			t.Errorf("Lookup(%q) = %q, %v; want an error matching ErrUnknown", tt.query, m.Name, err)
			continue
		}
		if errors.Is(err, ErrAmbiguous) != tt.ambiguous {
			t.Errorf("Lookup(%q): %v; ambiguous = %v, want %v", tt.query, err, !tt.ambiguous, tt.ambiguous)
		}
		var le *LookupError
		if !errors.As(err, &le) {
			t.Fatalf("Lookup(%q): %T is not a *LookupError", tt.query, err)
		}
		if le.Name != tt.query || !slices.Equal(le.Candidates, tt.candidates) {
			t.Errorf("Lookup(%q): Name %q, Candidates %q; want %q", tt.query, le.Name, le.Candidates, tt.candidates)
		}
		for _, c := range tt.candidates {
			if !strings.Contains(err.Error(), `"`+c+`"`) {
				t.Errorf("Lookup(%q): message %q does not list %q", tt.query, err, c)
			}
		}
		if !strings.Contains(err.Error(), quoteInput(tt.query)) {
			t.Errorf("Lookup(%q): message %q does not name the query", tt.query, err)
		}
		if m.Name != "" || m.Modes != nil {
			t.Errorf("Lookup(%q) returned a model %q with its error", tt.query, m.Name)
		}
	}
}

func TestLookupErrorMessages(t *testing.T) {
	for query, want := range map[string]string{
		"H100":         `hardware: ambiguous model name "H100": matches "H100 SXM", "H100 PCIe"`,
		"S21 XP":       `hardware: unknown model "S21 XP"; did you mean "Antminer S21 XP"?`,
		"Antminer S99": `hardware: unknown model "Antminer S99"; did you mean "Antminer S19", "Antminer S21" or "Antminer S19 XP"?`,
		"xyz":          `hardware: unknown model "xyz"`,
	} {
		if _, err := Lookup(query); err == nil || err.Error() != want {
			t.Errorf("Lookup(%q) error\n got %v\nwant %s", query, err, want)
		}
	}
	// A megabyte of name: a short message, no edit-distance work.
	long := strings.Repeat("Antminer S21 ", 1<<16)
	if _, err := Lookup(long); !errors.Is(err, ErrUnknown) || len(err.Error()) > 300 {
		t.Errorf("Lookup(long) error of %d bytes: %.200v", len(err.Error()), err)
	}
}

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"", "", 3, 0},
		{"kitten", "sitting", 5, 3},
		{"kitten", "sitting", 2, 3}, // limit+1 once past the limit
		{"abc", "", 5, 3},
		{"s19", "s99", 1, 1},
		{"flaw", "lawn", 3, 2},
	}
	for _, tt := range tests {
		if got := levenshtein([]rune(tt.a), []rune(tt.b), tt.limit); got != tt.want {
			t.Errorf("levenshtein(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
	}
}
