package hardware

import (
	"fmt"
	"math"
)

// This file holds the bodies of every MarshalText and UnmarshalText in the
// package, written once as generic functions: the unit types marshal to their
// String form, Class and Workload to their names, and all of them unmarshal
// through their parser.

// quantity is the constraint of the unit types that have a text form: a
// float64 underneath and a String method that prints the value with its unit.
type quantity interface {
	~float64
	String() string
}

// marshalQuantity is the MarshalText of every unit type: x in its String form.
// A negative, NaN or infinite x, which no parser accepts, gives instead a
// *ParseError matching ErrRange that names fn, the method, so that every text
// marshaled unmarshals again.
func marshalQuantity[Q quantity](fn string, x Q) ([]byte, error) {
	s := x.String()
	if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return nil, &ParseError{Func: fn, Input: s, Err: ErrRange, Reason: "cannot marshal a negative, NaN or infinite value"}
	}
	return []byte(s), nil
}

// enum is the constraint of Class and Workload: a small named integer with a
// fixed set of valid values, each with a name that String prints.
type enum interface {
	~uint8
	String() string
	valid() bool
}

// marshalEnum is the MarshalText of Class and Workload: v's name, or, for a
// value that is not one of the declared ones, an error matching
// ErrUnsupported that calls v a kind ("class", "workload").
func marshalEnum[E enum](kind string, v E) ([]byte, error) {
	if !v.valid() {
		return nil, fmt.Errorf("%w: %s %d", ErrUnsupported, kind, uint8(v))
	}
	return []byte(v.String()), nil
}

// unmarshalText is the UnmarshalText of every type with a parser: it stores
// parse(b) in *dst, or returns parse's error and leaves *dst as it was.
func unmarshalText[T any](dst *T, b []byte, parse func(string) (T, error)) error {
	v, err := parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}
