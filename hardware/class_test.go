package hardware

import (
	"errors"
	"testing"
)

// named is what checkText needs of Class and Workload: a byte with a name
// that String prints and MarshalText writes.
type named interface {
	~uint8
	String() string
	MarshalText() ([]byte, error)
}

// checkText checks, for each value v in want, that v prints as want[v],
// marshals to it, and unmarshals from it back to v.
func checkText[E named, P interface {
	*E
	UnmarshalText([]byte) error
}](t *testing.T, want map[E]string) {
	t.Helper()
	for v, text := range want {
		if got := v.String(); got != text {
			t.Errorf("%d.String() = %q, want %q", uint8(v), got, text)
		}
		b, err := v.MarshalText()
		if err != nil || string(b) != text {
			t.Errorf("%v.MarshalText() = %q, %v", v, b, err)
		}
		var back E
		if err := P(&back).UnmarshalText(b); err != nil || back != v {
			t.Errorf("UnmarshalText(%q) = %v, %v", b, back, err)
		}
	}
}

func TestClassText(t *testing.T) {
	checkText(t, map[Class]string{
		ASIC: "ASIC",
		GPU:  "GPU",
	})
	if c, err := ParseClass("gpu"); err != nil || c != GPU {
		t.Errorf(`ParseClass("gpu") = %v, %v`, c, err)
	}
	if got := Class(0).String(); got != "Class(0)" {
		t.Errorf("Class(0).String() = %q", got)
	}
	for _, s := range []string{"", "FPGA", "asic ", "CPU"} {
		if _, err := ParseClass(s); !errors.Is(err, ErrUnsupported) {
			t.Errorf("ParseClass(%q) error = %v, want ErrUnsupported", s, err)
		}
	}
	for _, c := range []Class{0, 3, 255} {
		if _, err := c.MarshalText(); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Class(%d).MarshalText() error = %v, want ErrUnsupported", c, err)
		}
	}
}

func TestWorkloadText(t *testing.T) {
	checkText(t, map[Workload]string{
		Idle:          "idle",
		BitcoinMining: "bitcoin-mining",
		AICloud:       "ai-cloud",
		GPUMining:     "gpu-mining",
		Colocation:    "colocation",
	})
	aliases := map[string]Workload{
		"BitcoinMining":  BitcoinMining,
		"bitcoin_mining": BitcoinMining,
		"AI cloud":       AICloud,
		"AICloud":        AICloud,
		"GPU-Mining":     GPUMining,
		"IDLE":           Idle,
		"Colocation":     Colocation,
	}
	for s, want := range aliases {
		if got, err := ParseWorkload(s); err != nil || got != want {
			t.Errorf("ParseWorkload(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", "mining", "ethereum", "bitcoin-mining!"} {
		if _, err := ParseWorkload(s); !errors.Is(err, ErrUnsupported) {
			t.Errorf("ParseWorkload(%q) error = %v, want ErrUnsupported", s, err)
		}
	}
	if got := Workload(9).String(); got != "Workload(9)" {
		t.Errorf("Workload(9).String() = %q", got)
	}
	if _, err := Workload(5).MarshalText(); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Workload(5).MarshalText() error = %v, want ErrUnsupported", err)
	}
}
