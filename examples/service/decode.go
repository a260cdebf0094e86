package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Request errors of the service itself; the library's own sentinels
// (economics.ErrInvalid, ...) pass through and are mapped in statusOf.
var (
	// errMalformed: the body is not one well-formed JSON object (400).
	errMalformed = errors.New("service: malformed JSON")
	// errRequest: well-formed JSON the envelope does not accept: an
	// unknown key, a key given twice, a value of the wrong type, a
	// missing field (422).
	errRequest = errors.New("service: invalid request")
	// errLimit: a request past one of the service's limits (422).
	errLimit = errors.New("service: over the service's limit")
)

// members is one JSON object's members by key, as raw JSON. Its methods
// take the members the envelope knows; done then refuses the rest.
type members struct {
	path string
	raw  map[string]json.RawMessage
	used map[string]bool
}

// object reads data as exactly one JSON object: a syntax error, another
// kind of value, or anything after the object is errMalformed (top is the
// request body) or errRequest (a nested object), and a key given twice is
// errRequest. Keys are case-sensitive.
func object(data []byte, path string, top bool) (*members, error) {
	bad := errRequest
	if top {
		bad = errMalformed
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: %s: empty body, want a JSON object", bad, path)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", bad, path, syntax(err))
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("%w: %s: must be a JSON object, not %s", bad, path, kind(tok))
	}
	m := &members{path: path, raw: map[string]json.RawMessage{}, used: map[string]bool{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", bad, path, syntax(err))
		}
		key, _ := tok.(string) // inside an object the decoder yields keys as strings
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%w: %s.%s: %v", bad, path, key, syntax(err))
		}
		if _, dup := m.raw[key]; dup {
			return nil, fmt.Errorf("%w: %s.%s: key given twice", errRequest, path, key)
		}
		m.raw[key] = v
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, fmt.Errorf("%w: %s: %v", bad, path, syntax(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: %s: data after the JSON object", bad, path)
	}
	return m, nil
}

// syntax words a decoder's error for a client: io.EOF, which a truncated
// body gives, as such.
func syntax(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("unexpected end of JSON input")
	}
	return err
}

// kind names the JSON value a token starts.
func kind(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		return "a " + string(t)
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// get returns the member key, or nil when it is absent or null, and marks
// it known.
func (m *members) get(key string) json.RawMessage {
	m.used[key] = true
	v := m.raw[key]
	if v == nil || bytes.Equal(v, []byte("null")) {
		return nil
	}
	return v
}

// keys returns the object's keys in order.
func (m *members) keys() []string {
	keys := make([]string, 0, len(m.raw))
	for k := range m.raw {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// done refuses any member no method asked for, naming the keys known.
func (m *members) done() error {
	var unknown []string
	for k := range m.raw {
		if !m.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	known := make([]string, 0, len(m.used))
	for k := range m.used {
		known = append(known, k)
	}
	slices.Sort(known)
	return fmt.Errorf("%w: %s.%s: unknown key (keys are case-sensitive; known: %s)",
		errRequest, m.path, unknown[0], strings.Join(known, ", "))
}

// value decodes member key into dst, which should be a library type with
// its own strict UnmarshalJSON or a plain Go scalar; absent or null leaves
// dst unchanged and returns false. The library's errors (matching its
// sentinels) come back as they are; encoding/json's type errors as
// errRequest.
func (m *members) value(key string, dst any) (bool, error) {
	v := m.get(key)
	if v == nil {
		return false, nil
	}
	if err := json.Unmarshal(v, dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return true, fmt.Errorf("%w: %s.%s: %s is not %s", errRequest, m.path, key, te.Value, te.Type)
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return true, fmt.Errorf("%w: %s.%s: %v", errRequest, m.path, key, err)
		}
		return true, fmt.Errorf("%s.%s: %w", m.path, key, err)
	}
	return true, nil
}

// need is value for a member that must be given.
func (m *members) need(key string, dst any) error {
	ok, err := m.value(key, dst)
	if err == nil && !ok {
		err = fmt.Errorf("%w: %s.%s: missing", errRequest, m.path, key)
	}
	return err
}

// duration reads member key as a Go duration string ("720h"); absent or
// null leaves *d unchanged.
func (m *members) duration(key string, d *time.Duration) error {
	var s string
	ok, err := m.value(key, &s)
	if err != nil || !ok {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%w: %s.%s = %q: must be a Go duration such as \"720h\"", errRequest, m.path, key, s)
	}
	*d = v
	return nil
}

// sub reads member key as a nested object; nil when absent or null.
func (m *members) sub(key string) (*members, error) {
	v := m.get(key)
	if v == nil {
		return nil, nil
	}
	return object(v, m.path+"."+key, false)
}
