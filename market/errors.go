package market

import (
	"errors"
	"fmt"
)

// ErrInvalid reports input data that is out of range: negative, NaN or
// infinite numbers, zero where a positive number is needed, and the like.
// Errors returned by this package for bad data match it with errors.Is.
var ErrInvalid = errors.New("market: invalid input")

// InvalidError carries the field and value behind an ErrInvalid.
type InvalidError struct {
	Field  string // e.g. "Bitcoin.Difficulty"
	Value  any    // the offending value
	Reason string // e.g. "must be positive"
}

// Error returns the message "market: invalid Field = Value: Reason", as in
// "market: invalid Bitcoin.Difficulty = 0: must be finite and positive".
func (e *InvalidError) Error() string {
	return fmt.Sprintf("market: invalid %s = %v: %s", e.Field, e.Value, e.Reason)
}

// Unwrap returns ErrInvalid.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

func invalid(field string, value any, reason string) error {
	return &InvalidError{Field: field, Value: value, Reason: reason}
}
