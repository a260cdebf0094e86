package hardware

// Equal reports whether m and o describe the same model: every field equal,
// Modes element by element, and Price compared by value with
// decimal.Decimal.Equal (so 1500 equals 1500.00). Models hold a Decimal and
// a slice, so they cannot be compared with ==.
func (m Model) Equal(o Model) bool {
	if m.Name != o.Name || m.Maker != o.Maker || m.Class != o.Class ||
		len(m.Modes) != len(o.Modes) ||
		m.MemoryGB != o.MemoryGB || m.BF16TFLOPS != o.BF16TFLOPS ||
		m.IdlePower != o.IdlePower || m.HostPower != o.HostPower ||
		!m.Price.Equal(o.Price) || m.PriceDate != o.PriceDate {
		return false
	}
	for i := range m.Modes {
		if m.Modes[i] != o.Modes[i] {
			return false
		}
	}
	return true
}
