package hardware_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/wattfolio/wattfolio/hardware"
)

func ExampleParsePower() {
	p, err := hardware.ParsePower("3500W")
	fmt.Println(p, err)
	p, _ = hardware.ParsePower("100 MW")
	fmt.Println(p.Kilowatts())
	_, err = hardware.ParsePower("100 mW")
	fmt.Println(errors.Is(err, hardware.ErrSyntax))
	// Output:
	// 3.5 kW <nil>
	// 100000
	// true
}

func ExampleHashrate_String() {
	fmt.Println(200 * hardware.TeraHash)
	fmt.Println(1.5 * hardware.ExaHash)
	fmt.Println(hardware.Hashrate(0))
	// Output:
	// 200 TH/s
	// 1.5 EH/s
	// 0 H/s
}

func ExampleLookup() {
	m, err := hardware.Lookup("antminer s21")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Name, m.Class)
	fmt.Println(m.Supports(hardware.BitcoinMining), m.Supports(hardware.AICloud))
	_, err = hardware.Lookup("Antminer S99")
	fmt.Println(errors.Is(err, hardware.ErrUnknown))
	// Output:
	// Antminer S21 ASIC
	// true false
	// true
}

// Near misses are suggested, never guessed; a partial name that fits
// several models is refused with all of them.
func ExampleLookup_nearMiss() {
	m, err := hardware.Lookup("Antminer S21XP") // spaces, case and hyphens are ignored
	fmt.Println(m.Name, err)
	_, err = hardware.Lookup("S21 XP")
	fmt.Println(err)
	_, err = hardware.Lookup("H100")
	fmt.Println(err)
	fmt.Println(errors.Is(err, hardware.ErrAmbiguous), errors.Is(err, hardware.ErrUnknown))
	// Output:
	// Antminer S21 XP <nil>
	// hardware: unknown model "S21 XP"; did you mean "Antminer S21 XP"?
	// hardware: ambiguous model name "H100": matches "H100 SXM", "H100 PCIe"
	// true true
}

func ExampleModel_Mode() {
	m, _ := hardware.Lookup("Antminer S21")
	for _, name := range []string{"eco", "", "turbo"} {
		md, _ := m.Mode(name)
		fmt.Printf("%-5s %v at %v: %v\n", md.Name, md.Hashrate, md.Power, md.Efficiency())
	}
	_, err := m.Mode("overclock")
	fmt.Println(errors.Is(err, hardware.ErrUnsupported))
	// Output:
	// eco   160 TH/s at 2.24 kW: 14 J/TH
	// stock 200 TH/s at 3.5 kW: 17.5 J/TH
	// turbo 220 TH/s at 4.235 kW: 19.25 J/TH
	// true
}

func ExampleModel_Validate() {
	m := hardware.Model{
		Name:      "My GPU",
		Class:     hardware.GPU,
		Modes:     []hardware.Mode{{Name: hardware.StockMode, Power: 300}},
		IdlePower: 400,
	}
	err := m.Validate()
	var ie *hardware.InvalidError
	fmt.Println(errors.Is(err, hardware.ErrInvalid), errors.As(err, &ie), ie.Field)
	// Output:
	// true true IdlePower
}

func ExampleParseEnergy() {
	e, _ := hardware.ParseEnergy("12.5 MWh")
	fmt.Println(e, e.KilowattHours())
	fmt.Println(hardware.Megawatt.Over(30 * time.Minute))
	// Output:
	// 12.5 MWh 12500
	// 500 kWh
}
