package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
)

// Problem says what is wrong with the JSON an *Error is about.
type Problem int

// The problems Decode reports.
const (
	// Syntax: data is not one well-formed JSON value.
	Syntax Problem = iota + 1
	// UnknownKey: a key the struct does not declare in any case.
	UnknownKey
	// CaseKey: a declared key written in another case ("Power_Price" for
	// "power_price"), which encoding/json would otherwise accept.
	CaseKey
	// DuplicateKey: a key given twice (encoding/json keeps the last).
	DuplicateKey
	// TrailingData: something after the JSON value.
	TrailingData
	// WrongType: a value of the wrong JSON kind for its field.
	WrongType
)

// Error is a problem Decode found in the JSON itself, as opposed to an
// error returned by a nested UnmarshalJSON or UnmarshalText, which Decode
// returns unchanged.
type Error struct {
	Problem Problem
	// Key is the key as written for UnknownKey, CaseKey and DuplicateKey,
	// and the field's path as encoding/json gives it for WrongType
	// ("modes", "plain.units"); it is empty otherwise.
	Key string
	// Value is, for WrongType, the JSON kind found ("string", "number
	// 1e400"); it is empty otherwise.
	Value string
	// Reason says in words what is wrong: for WrongType the kind expected
	// ("must be a JSON string"), for Syntax encoding/json's message.
	Reason string
	// Known lists the keys the struct declares, in declaration order.
	Known []string
	// Err is encoding/json's error for Syntax and WrongType, or nil.
	Err error
}

// Error returns a message naming the key and the problem.
func (e *Error) Error() string {
	if e.Key == "" {
		return e.Reason
	}
	return strconv.Quote(e.Key) + ": " + e.Reason
}

// Unwrap returns encoding/json's error, if any.
func (e *Error) Unwrap() error { return e.Err }

// KnownKeys returns Known as a comma-separated list.
func (e *Error) KnownKeys() string { return strings.Join(e.Known, ", ") }

// Decode decodes the single JSON value in data into v, a non-nil pointer
// (usually to a struct with json tags). Whatever the problem, it returns
// either an *Error, not wrapped, or, unchanged, the error of a nested UnmarshalJSON or
// UnmarshalText. When v points to a struct, every key of the top-level
// object must be one the struct declares (those of embedded structs
// included), in the same case, given once, unless the struct has its own
// UnmarshalJSON, which then checks its keys; keys of nested objects are
// left to the nested type (encoding/json still refuses the ones a plain
// nested struct does not declare). JSON null leaves v as encoding/json
// does. On error v may have been partly written.
func Decode(data []byte, v any) error {
	known := knownKeys(v)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeErr(err, known)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Problem: TrailingData, Reason: "trailing data after the JSON value", Known: known}
	}
	if known == nil {
		return nil
	}
	return checkKeys(data, known)
}

// decodeErr turns encoding/json's errors into *Error; any other error
// came from a nested decoder and passes unchanged.
func decodeErr(err error, known []string) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return &Error{Problem: Syntax, Reason: err.Error(), Known: known, Err: err}
	case errors.As(err, &te) && err == error(te):
		return &Error{Problem: WrongType, Key: te.Field, Value: te.Value,
			Reason: "must be a JSON " + kind(te.Type), Known: known, Err: err}
	}
	if rest, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		key, qerr := strconv.Unquote(rest)
		if qerr != nil {
			key = rest
		}
		return &Error{Problem: UnknownKey, Key: key, Reason: "unknown key", Known: known}
	}
	return err
}

// checkKeys refuses what encoding/json lets through even with
// DisallowUnknownFields: a key in another case and a key given twice.
// data holds one JSON value that has decoded without error.
func checkKeys(data []byte, known []string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil // null: nothing to check
	}
	declared := make(map[string]bool, len(known))
	for _, k := range known {
		declared[k] = true
	}
	seen := make(map[string]bool, len(known))
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			return &Error{Problem: Syntax, Reason: "malformed object", Known: known, Err: err}
		}
		switch {
		case !declared[key]:
			return &Error{Problem: CaseKey, Key: key, Reason: "key in another case than declared (keys are case-sensitive)", Known: known}
		case seen[key]:
			return &Error{Problem: DuplicateKey, Key: key, Reason: "key given twice", Known: known}
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return &Error{Problem: Syntax, Reason: err.Error(), Known: known, Err: err}
		}
	}
	return nil
}

// knownKeys lists the JSON keys of the struct v points to, as
// encoding/json names them, fields of embedded structs in their place;
// nil if v does not point to a struct or reads itself (a json.Unmarshaler
// checks its own keys).
func knownKeys(v any) []string {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	if _, ok := v.(json.Unmarshaler); ok {
		return nil
	}
	keys := []string{}
	seen := map[string]bool{}
	addKeys(t.Elem(), &keys, seen, map[reflect.Type]bool{})
	return keys
}

func addKeys(t reflect.Type, keys *[]string, seen map[string]bool, visiting map[reflect.Type]bool) {
	if visiting[t] {
		return
	}
	visiting[t] = true
	defer delete(visiting, t)
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if f.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			addKeys(ft, keys, seen, visiting)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if !seen[name] {
			seen[name] = true
			*keys = append(*keys, name)
		}
	}
}

// kind names the JSON kind a Go type reads from.
func kind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return fmt.Sprintf("integer in %s's range", t.Kind())
	case reflect.Float32, reflect.Float64:
		return "finite number"
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Map, reflect.Struct:
		return "object"
	}
	return t.String()
}
