package hardware

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// ErrAmbiguous reports a name that is part of more than one catalog name,
// such as "H100" (in "H100 SXM" and "H100 PCIe"). It matches ErrUnknown too,
// so a caller that only asks errors.Is(err, ErrUnknown) still sees "no such
// model"; ask errors.Is(err, ErrAmbiguous) to tell the two apart.
var ErrAmbiguous error = &childError{msg: "hardware: ambiguous model name", parent: ErrUnknown}

// childError is a sentinel that also matches a broader one.
type childError struct {
	msg    string
	parent error
}

func (e *childError) Error() string { return e.msg }
func (e *childError) Unwrap() error { return e.parent }

// maxSuggestions bounds the names an unknown-model error suggests.
const maxSuggestions = 3

// LookupError is the error Lookup returns: the name asked for, the sentinel
// (ErrUnknown or ErrAmbiguous) and catalog names to choose from. For
// ErrAmbiguous, Candidates lists every catalog name the query is part of; for
// ErrUnknown, up to three suggestions (possibly none), closest first.
type LookupError struct {
	Name       string   // the name passed to Lookup
	Err        error    // ErrUnknown or ErrAmbiguous
	Candidates []string // catalog names, in the order described above
}

// Error returns, for example,
//
//	hardware: unknown model "S21 XP"; did you mean "Antminer S21 XP"?
//	hardware: ambiguous model name "H100": matches "H100 SXM", "H100 PCIe"
func (e *LookupError) Error() string {
	var b strings.Builder
	b.WriteString(e.Err.Error())
	b.WriteByte(' ')
	b.WriteString(quoteInput(e.Name))
	if len(e.Candidates) == 0 {
		return b.String()
	}
	if errors.Is(e.Err, ErrAmbiguous) {
		b.WriteString(": matches ")
	} else {
		b.WriteString("; did you mean ")
	}
	for i, c := range e.Candidates {
		if i > 0 {
			if errors.Is(e.Err, ErrAmbiguous) || i < len(e.Candidates)-1 {
				b.WriteString(", ")
			} else {
				b.WriteString(" or ")
			}
		}
		b.WriteString(strconv.Quote(c))
	}
	if !errors.Is(e.Err, ErrAmbiguous) {
		b.WriteByte('?')
	}
	return b.String()
}

// Unwrap returns e.Err, so that errors.Is matches ErrUnknown (always) and
// ErrAmbiguous (for an ambiguous name).
func (e *LookupError) Unwrap() error { return e.Err }

// Lookup returns the catalog model called name. The model is a fresh copy.
//
// Names are compared in normalized form: case is ignored, and so are white
// space, control characters, hyphens and other punctuation (Unicode
// category P), so "antminer s21 xp", "Antminer S21XP" and "ANTMINER-S21-XP"
// all find "Antminer S21 XP".
// Symbols are kept: "+" tells the "Antminer S21+ Hydro" apart from a
// Bitmain "S21 Hydro", a different machine. No two catalog names normalize
// alike, so a normalized match is unique and is accepted.
//
// No other match is ever accepted: a name that is only part of a catalog
// name, or close to one, is an error, since picking a different machine than
// the caller meant would silently change every figure computed from it. The
// error is a *LookupError:
//
//   - if the normalized name is part of two or more normalized catalog names
//     ("H100" of "H100 SXM" and "H100 PCIe"), it matches ErrAmbiguous (and
//     ErrUnknown) and lists every one of them, in catalog order;
//   - otherwise it matches ErrUnknown and suggests at most three names,
//     closest first: a catalog name the query is part of ("S21 XP" suggests
//     "Antminer S21 XP"); then catalog names that are part of the query,
//     longest first ("Bitmain Antminer S21" suggests "Antminer S21"); then
//     names within a Levenshtein distance of 1 + len/4 runes of the
//     normalized query, nearest first ("Antminer S99" suggests
//     "Antminer S19"). Ties keep catalog order. Queries of more than 64
//     normalized runes get no edit-distance suggestions.
func Lookup(name string) (Model, error) {
	cat := Catalog()
	q := normalizeName(name)
	if q != "" {
		for _, m := range cat {
			if normalizeName(m.Name) == q {
				return m, nil
			}
		}
	}
	return Model{}, lookupError(name, q, cat)
}

// normalizeName is the form Lookup compares: lower case, without white space
// or punctuation (Unicode categories Z, Cc and P); symbols such as "+" stay.
func normalizeName(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsControl(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// lookupError builds the *LookupError for a query q (normalized from name)
// that matched no catalog name exactly, by the rules in Lookup's doc.
func lookupError(name, q string, cat []Model) error {
	e := &LookupError{Name: name, Err: ErrUnknown}
	if q == "" {
		return e
	}
	norms := make([]string, len(cat))
	var within []string // catalog names the query is part of
	for i, m := range cat {
		norms[i] = normalizeName(m.Name)
		if strings.Contains(norms[i], q) {
			within = append(within, m.Name)
		}
	}
	if len(within) > 1 {
		e.Err, e.Candidates = ErrAmbiguous, within
		return e
	}
	e.Candidates = within
	add := func(n string) {
		for _, c := range e.Candidates {
			if c == n {
				return
			}
		}
		if len(e.Candidates) < maxSuggestions {
			e.Candidates = append(e.Candidates, n)
		}
	}
	// Catalog names inside the query, longest first (stable: catalog order).
	var inside []int
	for i := range cat {
		if strings.Contains(q, norms[i]) {
			inside = append(inside, i)
		}
	}
	slices.SortStableFunc(inside, func(a, b int) int { return len(norms[b]) - len(norms[a]) })
	for _, i := range inside {
		add(cat[i].Name)
	}
	// Then the nearest by edit distance, within 1 + len/4.
	qr := []rune(q)
	if len(qr) > 64 {
		return e
	}
	limit := 1 + len(qr)/4
	dist := make([]int, len(cat))
	var near []int
	for i := range cat {
		if d := levenshtein(qr, []rune(norms[i]), limit); d <= limit {
			dist[i] = d
			near = append(near, i)
		}
	}
	slices.SortStableFunc(near, func(a, b int) int { return dist[a] - dist[b] })
	for _, i := range near {
		add(cat[i].Name)
	}
	return e
}

// levenshtein returns the edit distance between a and b (insertions,
// deletions and substitutions of one rune each cost 1), or limit+1 as soon
// as it is sure to exceed limit.
func levenshtein(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			c = min(c, prev[j]+1, cur[j-1]+1)
			cur[j] = c
			best = min(best, c)
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
