package economics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
	"github.com/wattfolio/wattfolio/internal/strictjson"
	"github.com/wattfolio/wattfolio/market"
)

// Line is one block of an allocation: a number of machines of one model, in
// one operating mode, running one workload; or, for Colocation, kilowatts of
// IT load leased to a tenant who brings their own hardware.
//
// In JSON, "model" is either a catalog name ("Antminer S21") or a full model
// object; it is written as a full object so that custom models round-trip.
type Line struct {
	Model    hardware.Model    `json:"model"`
	Mode     string            `json:"mode,omitempty"` // "" = stock
	Workload hardware.Workload `json:"workload"`
	Units    int               `json:"units"` // machines; for a Colocation line, kW of IT load leased

	// Hall is the hall the line runs in (Site.Halls); "" is the site's
	// first hall, or the site itself when it has no halls.
	Hall string `json:"hall,omitempty"`
	// Start is the first day the line runs (and, with Capital, the day
	// its capital is spent); the zero time is the snapshot's date. It
	// must not be before the snapshot.
	Start time.Time `json:"start,omitzero"`
	// End is the day the line stops (sold, retired, converted); the zero
	// time is never. It must be after Start.
	End time.Time `json:"end,omitzero"`
	// Delay, when not nil, is a random extra time before the line runs
	// after Start (a build-out, a delivery); it delays the revenue, not
	// the spending, nor End.
	Delay *Delay `json:"delay,omitempty"`
	// Capital, when not nil, is what putting the line in service costs
	// and what its units fetch when they leave (Capital.Owned for units
	// already paid for); nil means nothing, either way. A line with
	// capital stops running at the end of its life. Only Appraise, and
	// the planner with Problem.Finance, book the money.
	Capital *Capital `json:"capital,omitempty"`
	// Lease, for Colocation lines only, is the tenant's contract; nil
	// means the snapshot's rate, no term and no credit risk.
	Lease *Lease `json:"lease,omitempty"`
}

// Allocation is what a site runs: a list of lines.
//
// In JSON it is {"lines": [...]}; an unknown key, a key in another case or
// a key given twice, here or in a line, is an error matching ErrInvalid
// that names its path ("Lines[3].unit").
type Allocation struct {
	Lines []Line `json:"lines"`
}

// UnmarshalJSON reads an allocation strictly (see Allocation); errors in a
// line name it ("Lines[3].units").
func (a *Allocation) UnmarshalJSON(b []byte) error {
	var raw struct {
		Lines []json.RawMessage `json:"lines"`
	}
	if err := strictDecode(b, &raw, "Allocation"); err != nil {
		return err
	}
	a.Lines = nil
	if raw.Lines != nil {
		a.Lines = make([]Line, len(raw.Lines))
	}
	for i, m := range raw.Lines {
		if err := a.Lines[i].decode(m, fmt.Sprintf("Lines[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

// UnmarshalJSON accepts "model" as a catalog name or as a model object. An
// unknown key is an error matching ErrInvalid that names it, whatever the
// decoder's options: a typo ("unit" for "units") never gives a 0-unit line.
func (l *Line) UnmarshalJSON(b []byte) error { return l.decode(b, "Line") }

// decode is UnmarshalJSON with errors naming path ("Line", "Lines[3]").
func (l *Line) decode(b []byte, path string) error {
	type plain Line
	var raw struct {
		plain
		Model json.RawMessage `json:"model"`
	}
	if err := strictDecode(b, &raw, path); err != nil {
		return err
	}
	*l = Line(raw.plain)
	m := bytes.TrimSpace(raw.Model)
	switch {
	case len(m) == 0 || bytes.Equal(m, []byte("null")):
		l.Model = hardware.Model{}
	case m[0] == '"':
		var name string
		if err := json.Unmarshal(m, &name); err != nil {
			return invalid(path+".Model", string(m), "must be a catalog name or a model object")
		}
		model, err := hardware.Lookup(name)
		if err != nil {
			return fmt.Errorf("economics: %s.Model: %w", path, err)
		}
		l.Model = model
	default:
		if err := strictDecode(m, &l.Model, path+".Model"); err != nil {
			return err
		}
	}
	return nil
}

// strictDecode decodes b into v with strictjson.Decode, refusing unknown
// keys, keys in another case, keys given twice and trailing data. Errors
// match ErrInvalid and name the key under path (a type name such as
// "Site", or "Lines[3]"); an error of a nested decoder that already
// matches a sentinel passes through, placed under path.
func strictDecode(b []byte, v any, path string) error {
	err := strictjson.Decode(b, v)
	if err == nil {
		return nil
	}
	join := func(key string) string { return path + "." + key }
	var se *strictjson.Error
	switch {
	case errors.As(err, &se) && err == error(se):
		switch se.Problem {
		case strictjson.UnknownKey:
			return invalid(join(se.Key), "unknown key", "not a field; keys are snake_case, see the type's json tags")
		case strictjson.CaseKey:
			return invalid(join(se.Key), "key in another case", "keys are case-sensitive snake_case, see the type's json tags")
		case strictjson.DuplicateKey:
			return invalid(join(se.Key), "given twice", "a key may be given once")
		case strictjson.WrongType:
			field := path
			if key := strings.TrimPrefix(se.Key, "plain."); key != "" {
				field = join(key)
			}
			return invalid(field, se.Value, se.Reason)
		}
		return invalid(path, "JSON", se.Reason)
	case errors.Is(err, ErrInvalid) || errors.Is(err, market.ErrInvalid) || errors.Is(err, hardware.ErrInvalid) ||
		errors.Is(err, hardware.ErrRange) || errors.Is(err, hardware.ErrSyntax) || errors.Is(err, hardware.ErrUnknown) ||
		errors.Is(err, hardware.ErrUnsupported):
		return pathErr(path, err)
	default:
		return invalid(path, "JSON", err.Error())
	}
}

// Name returns a short label for the line: "Antminer S21 (stock) bitcoin-mining",
// or "colocation" for a colocation line.
func (l Line) Name() string {
	if l.Workload == hardware.Colocation {
		return "colocation"
	}
	mode := l.Mode
	if mode == "" {
		mode = hardware.StockMode
	}
	return fmt.Sprintf("%s (%s) %s", l.Model.Name, mode, l.Workload)
}

// MarshalJSON writes the model as a full object, and leaves it out when the
// line has none (the zero Model, as a colocation line's). The investment fields follow, each
// left out when zero or nil: "hall", "start" and "end" (RFC 3339),
// "delay", "capital" and "lease" (with durations as Go duration strings,
// see Delay.MarshalJSON).
func (l Line) MarshalJSON() ([]byte, error) {
	var m *hardware.Model
	if !l.Model.Equal(hardware.Model{}) {
		m = &l.Model
	}
	return json.Marshal(struct {
		Model    *hardware.Model   `json:"model,omitempty"`
		Mode     string            `json:"mode,omitempty"`
		Workload hardware.Workload `json:"workload"`
		Units    int               `json:"units"`
		Hall     string            `json:"hall,omitempty"`
		Start    time.Time         `json:"start,omitzero"`
		End      time.Time         `json:"end,omitzero"`
		Delay    *Delay            `json:"delay,omitempty"`
		Capital  *Capital          `json:"capital,omitempty"`
		Lease    *Lease            `json:"lease,omitempty"`
	}{m, l.Mode, l.Workload, l.Units, l.Hall, l.Start, l.End, l.Delay, l.Capital, l.Lease})
}
