package economics

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/wattfolio/wattfolio/hardware"
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
}

// Allocation is what a site runs: a list of lines.
type Allocation struct {
	Lines []Line `json:"lines"`
}

// UnmarshalJSON accepts "model" as a catalog name or as a model object.
func (l *Line) UnmarshalJSON(b []byte) error {
	type plain Line
	var raw struct {
		plain
		Model json.RawMessage `json:"model"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
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
			return err
		}
		model, err := hardware.Lookup(name)
		if err != nil {
			return fmt.Errorf("economics: line model: %w", err)
		}
		l.Model = model
	default:
		if err := json.Unmarshal(m, &l.Model); err != nil {
			return err
		}
	}
	return nil
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
// line has none (a colocation line).
func (l Line) MarshalJSON() ([]byte, error) {
	var m *hardware.Model
	if l.Model.Name != "" || len(l.Model.Modes) != 0 || l.Model.Class != 0 {
		m = &l.Model
	}
	return json.Marshal(struct {
		Model    *hardware.Model   `json:"model,omitempty"`
		Mode     string            `json:"mode,omitempty"`
		Workload hardware.Workload `json:"workload"`
		Units    int               `json:"units"`
	}{m, l.Mode, l.Workload, l.Units})
}
