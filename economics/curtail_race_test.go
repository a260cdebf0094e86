//go:build race

package economics_test

func init() { curtailRace = true }
