package hardware

import (
	"errors"
	"testing"
)

func TestClassText(t *testing.T) {
	tests := []struct {
		c    Class
		text string
	}{
		{ASIC, "ASIC"},
		{GPU, "GPU"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.text {
			t.Errorf("%d.String() = %q, want %q", tt.c, got, tt.text)
		}
		b, err := tt.c.MarshalText()
		if err != nil || string(b) != tt.text {
			t.Errorf("%v.MarshalText() = %q, %v", tt.c, b, err)
		}
		var back Class
		if err := back.UnmarshalText(b); err != nil || back != tt.c {
			t.Errorf("UnmarshalText(%q) = %v, %v", b, back, err)
		}
	}
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
	tests := []struct {
		w    Workload
		text string
	}{
		{Idle, "idle"},
		{BitcoinMining, "bitcoin-mining"},
		{AICloud, "ai-cloud"},
		{GPUMining, "gpu-mining"},
		{Colocation, "colocation"},
	}
	for _, tt := range tests {
		if got := tt.w.String(); got != tt.text {
			t.Errorf("%d.String() = %q, want %q", tt.w, got, tt.text)
		}
		b, err := tt.w.MarshalText()
		if err != nil || string(b) != tt.text {
			t.Errorf("%v.MarshalText() = %q, %v", tt.w, b, err)
		}
		var back Workload
		if err := back.UnmarshalText(b); err != nil || back != tt.w {
			t.Errorf("UnmarshalText(%q) = %v, %v", b, back, err)
		}
	}
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
