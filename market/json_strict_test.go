package market_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/wattfolio/wattfolio/market"
)

// TestChainJSONCaseAndDuplicateKeys: a Chain refuses a key in another case
// and a key given twice, as a Snapshot does.
func TestChainJSONCaseAndDuplicateKeys(t *testing.T) {
	for in, want := range map[string]string{
		`{"halving_interval":1,"Initial_Subsidy":1,"block_interval":1,"retarget_interval":1}`:                      `Chain JSON key = "Initial_Subsidy": unknown key (keys are case-sensitive)`,
		`{"halving_interval":1,"halving_interval":2,"initial_subsidy":1,"block_interval":1,"retarget_interval":1}`: `Chain JSON key = "halving_interval": given twice`,
	} {
		var c market.Chain
		err := json.Unmarshal([]byte(in), &c)
		if !errors.Is(err, market.ErrInvalid) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error matching ErrInvalid with %q", in, err, want)
		}
		if c != (market.Chain{}) {
			t.Errorf("%s: chain changed to %+v", in, c)
		}
	}
}
