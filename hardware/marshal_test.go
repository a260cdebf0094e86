package hardware

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

func TestMarshalText(t *testing.T) {
	for _, v := range []interface{ MarshalText() ([]byte, error) }{
		Hashrate(-1), Hashrate(math.NaN()), Power(math.Inf(1)), Energy(-2), Efficiency(math.Inf(-1)),
	} {
		if _, err := v.MarshalText(); !errors.Is(err, ErrRange) {
			t.Errorf("%v.MarshalText() error = %v, want ErrRange", v, err)
		}
	}
	b, err := (200 * TeraHash).MarshalText()
	if err != nil || string(b) != "200 TH/s" {
		t.Errorf("MarshalText = %q, %v", b, err)
	}
}

func TestJSONUnits(t *testing.T) {
	type config struct {
		Capacity Power      `json:"capacity"`
		Fleet    Hashrate   `json:"fleet"`
		Budget   Energy     `json:"budget"`
		Target   Efficiency `json:"target"`
	}
	in := config{Capacity: 3.5 * Kilowatt, Fleet: 1.5 * ExaHash, Budget: 12.5 * MegawattHour, Target: 17.5}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"capacity":"3.5 kW","fleet":"1.5 EH/s","budget":"12.5 MWh","target":"17.5 J/TH"}`
	if string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out config
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}
	// A person writes the config by hand.
	if err := json.Unmarshal([]byte(`{"capacity":"100MW"}`), &out); err != nil || out.Capacity != 100*Megawatt {
		t.Errorf("hand-written config: %v, %v", out.Capacity, err)
	}
	// A bare number has no unit: encoding/json does not call UnmarshalText
	// for it, and refuses it.
	if err := json.Unmarshal([]byte(`{"capacity":3500}`), &out); err == nil {
		t.Error("bare JSON number accepted for a Power")
	}
	err = json.Unmarshal([]byte(`{"capacity":"3.5 mW"}`), &out)
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("bad unit in JSON: error %v, want ErrSyntax", err)
	}
}
