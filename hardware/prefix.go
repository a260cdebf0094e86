package hardware

import "strings"

// This file holds the SI prefixes, which the printer (format.go) and the
// parser (parse.go) share: k, M, G, T, P, E and Z, in steps of 10^3. There are
// no submultiples: a lowercase "m" would be milli, and is refused rather than
// read as mega.

// prefixLetters are the SI prefixes String uses, in steps of 10^3 from k.
const prefixLetters = "kMGTPEZ"

// maxPrefix is the index of the largest prefix, Z (10^21); index 0 is no
// prefix.
const maxPrefix = len(prefixLetters)

// prefixName returns the prefix for 10^(3k), 0 <= k <= maxPrefix.
func prefixName(k int) string {
	if k == 0 {
		return ""
	}
	return prefixLetters[k-1 : k]
}

// prefixExp reads an SI prefix letter at the start of unit and returns its
// power of ten (0 for none) and the rest of unit. Kilo may be written k or K.
// caseFree allows the lowercase forms of G, T, P, E and Z (for hashrate,
// where "th/s" is common and no submultiple makes sense). Lowercase "m" is
// milli in SI and is always refused, with the reason in why: "M" is mega.
func prefixExp(unit string, caseFree bool) (exp int, rest string, why string) {
	if unit == "" {
		return 0, unit, ""
	}
	c := unit[0]
	if c == 'm' {
		return 0, unit, `lowercase "m" is milli, which is not supported; write "M" for mega`
	}
	if caseFree && 'a' <= c && c <= 'z' {
		c -= 'a' - 'A'
	}
	if c == 'K' {
		c = 'k'
	}
	if k := strings.IndexByte(prefixLetters, c); k >= 0 {
		return 3 * (k + 1), unit[1:], ""
	}
	return 0, unit, ""
}
