package economics

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/wattfolio/wattfolio/internal/num"
)

// Errors returned for bad input. Each is wrapped with the field and value
// that caused it; match them with errors.Is. Errors from the hardware and
// market packages (hardware.ErrUnsupported, market.ErrInvalid,
// market.ErrNoQuote, ...) pass through wrapped once, with the line they
// belong to ("economics: Lines[2]: hardware: ..."), so errors.Is matches
// them too.
var (
	// ErrInvalid reports a number out of range: negative, NaN or infinite
	// values, PUE outside [1, 3], uptime outside (0, 1], a non-positive
	// period, a result too large to book, an unknown JSON key.
	ErrInvalid = errors.New("economics: invalid input")

	// ErrOverCapacity reports an allocation whose facility power (IT power
	// times PUE, at nameplate) exceeds the site's capacity.
	ErrOverCapacity = errors.New("economics: over site capacity")
)

// InvalidError carries the field and value behind an ErrInvalid.
//
// Field is the path of the offending value from the argument it came in:
// "Site.PUE", "period", or, for a line of an allocation, "Lines[3].Units"
// (an error about line 3 as a whole is "Lines[3]"). Errors of a line's
// parts are folded into the path, never nested, so the message carries the
// package prefix once: "economics: invalid Lines[3].Units = -1: must not be
// negative".
type InvalidError struct {
	Field  string // e.g. "Site.PUE" or "Lines[3].Units"
	Value  any    // the offending value
	Reason string // e.g. "must be in [1, 3]"
}

// Error returns "economics: invalid Field = Value: Reason". A decimal whose
// exponent would take millions of digits to print is written as
// coefficient and exponent ("1e2000000000").
func (e *InvalidError) Error() string {
	v := e.Value
	if d, ok := v.(decimal.Decimal); ok && !num.Bounded(d) {
		v = fmt.Sprintf("%se%d", d.Coefficient(), d.Exponent())
	}
	return fmt.Sprintf("economics: invalid %s = %v: %s", e.Field, v, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

func invalid(field string, value any, reason string) error {
	return &InvalidError{Field: field, Value: value, Reason: reason}
}

// lineErr places an error about a line's parts at the line's index: an
// *InvalidError of this package gets the path "Lines[i].Field" (or
// "Lines[i]" for an empty Field); an error that already names its line is
// returned unchanged; any other error (hardware's, market's,
// ErrOverCapacity) is wrapped once as "economics: Lines[i]: ...".
func lineErr(i int, err error) error {
	return pathErr(fmt.Sprintf("Lines[%d]", i), err)
}

// pathErr is lineErr for any path prefix.
func pathErr(prefix string, err error) error {
	var ie *InvalidError
	if errors.As(err, &ie) && err == error(ie) {
		if strings.HasPrefix(ie.Field, prefix+".") || ie.Field == prefix || strings.HasPrefix(ie.Field, "Lines[") {
			return err
		}
		field := prefix
		if ie.Field != "" {
			field += "." + ie.Field
		}
		return &InvalidError{Field: field, Value: ie.Value, Reason: ie.Reason}
	}
	if strings.HasPrefix(err.Error(), "economics: Lines[") {
		return err
	}
	return fmt.Errorf("economics: %s: %w", prefix, err)
}
