package hardware

import (
	"errors"
	"fmt"
	"strings"
)

// ErrSyntax reports text that is not a quantity in a form this package reads:
// a missing or malformed number, a missing or unknown unit.
var ErrSyntax = errors.New("hardware: invalid syntax")

// ErrRange reports text that is a well-formed quantity whose value this
// package does not accept: negative, NaN, infinite, or too large for a
// float64.
var ErrRange = errors.New("hardware: value out of range")

// ErrInvalid reports a Model whose fields are out of range or inconsistent:
// an empty name, a mode with no power, a GPU that idles above its TDP, and the
// like. Model.Validate returns errors that match it with errors.Is.
var ErrInvalid = errors.New("hardware: invalid model")

// ErrUnsupported reports a model asked to run a workload it cannot run, or an
// operating mode it does not have.
var ErrUnsupported = errors.New("hardware: unsupported")

// ErrUnknown reports a name that is not in the catalog.
var ErrUnknown = errors.New("hardware: unknown model")

// ParseError records a failed parse of a quantity, in the manner of
// strconv.NumError. Err is ErrSyntax or ErrRange itself, so both
// errors.Is(err, ErrSyntax) and e.Err == ErrSyntax work.
type ParseError struct {
	Func   string // the function that failed, e.g. "ParsePower"
	Input  string // the text it was given
	Err    error  // ErrSyntax or ErrRange
	Reason string // optional detail, e.g. "unknown unit \"mW\""
}

// Error returns "hardware.<Func>: parsing <quoted input>: <problem>", with
// very long inputs shortened.
func (e *ParseError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "hardware: ")
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return "hardware." + e.Func + ": parsing " + quoteInput(e.Input) + ": " + msg
}

// Unwrap returns e.Err, so that errors.Is matches ErrSyntax or ErrRange.
func (e *ParseError) Unwrap() error { return e.Err }

// quoteInput quotes s for an error message, shortening very long inputs so
// that a fuzzer's megabyte of digits does not become a megabyte of message.
func quoteInput(s string) string {
	const max = 64
	if len(s) > max {
		return fmt.Sprintf("%q...", s[:max])
	}
	return fmt.Sprintf("%q", s)
}

// InvalidError carries the field and value behind an ErrInvalid.
type InvalidError struct {
	Field  string // e.g. "Modes[1].Power"
	Value  any    // the offending value
	Reason string // e.g. "must be positive"
}

// Error returns "hardware: invalid <Field> = <Value>: <Reason>", with a
// string Value longer than 64 bytes shortened and quoted.
func (e *InvalidError) Error() string {
	v := e.Value
	if s, ok := v.(string); ok && len(s) > 64 {
		v = quoteInput(s)
	}
	return fmt.Sprintf("hardware: invalid %s = %v: %s", e.Field, v, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// invalid returns an *InvalidError for field, value and reason.
func invalid(field string, value any, reason string) error {
	return &InvalidError{Field: field, Value: value, Reason: reason}
}
