package economics

import (
	"fmt"

	"github.com/wattfolio/wattfolio/hardware"
)

// checkCapacity checks the lines' facility power at nameplate against the
// site's capacity (and, by the helper's change, each hall's at every moment).
func checkCapacity(site *Site, lines []Line, rates []lineRates) error {
	facility := 0.0
	for i := range rates {
		facility += rates[i].facilityKW(site, rates[i].units)
	}
	if limit := site.Capacity.Kilowatts(); facility > limit*(1+1e-12) {
		return fmt.Errorf("%w: facility power %v (IT at nameplate x PUE %g) > capacity %v",
			ErrOverCapacity, hardware.Power(facility)*hardware.Kilowatt, site.PUE, site.Capacity)
	}
	return nil
}
