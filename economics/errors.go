package economics

import (
	"errors"
	"fmt"
)

// Errors returned for bad input. Each is wrapped with the field and value
// that caused it; match them with errors.Is. Errors from the hardware and
// market packages (hardware.ErrUnsupported, market.ErrInvalid,
// market.ErrNoQuote, ...) pass through wrapped, so errors.Is matches them too.
var (
	// ErrInvalid reports a number out of range: negative, NaN or infinite
	// values, PUE below 1, uptime outside (0, 1], a non-positive period.
	ErrInvalid = errors.New("economics: invalid input")

	// ErrOverCapacity reports an allocation whose facility power (IT power
	// times PUE, at nameplate) exceeds the site's capacity.
	ErrOverCapacity = errors.New("economics: over site capacity")
)

// InvalidError carries the field and value behind an ErrInvalid.
type InvalidError struct {
	Field  string // e.g. "Site.PUE" or "Lines[3].Units"
	Value  any    // the offending value
	Reason string // e.g. "must be at least 1"
}

// Error returns "economics: invalid Field = Value: Reason".
func (e *InvalidError) Error() string {
	return fmt.Sprintf("economics: invalid %s = %v: %s", e.Field, e.Value, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

func invalid(field string, value any, reason string) error {
	return &InvalidError{Field: field, Value: value, Reason: reason}
}

// lineErr prefixes an error from a line's parts with the line's index.
func lineErr(i int, err error) error {
	return fmt.Errorf("economics: Lines[%d]: %w", i, err)
}
