package economics

import (
	"context"
	"errors"

	"github.com/wattfolio/wattfolio/market"
)

// Appraise is AppraiseContext without cancellation.
func Appraise(p Project, m market.Model, s market.Snapshot, opt *Settings) (Appraisal, error) {
	return AppraiseContext(context.Background(), p, m, s, opt)
}

// AppraiseContext runs project p over the model's paths. (Being written.)
func AppraiseContext(ctx context.Context, p Project, m market.Model, s market.Snapshot, opt *Settings) (Appraisal, error) {
	return Appraisal{}, errors.New("economics: Appraise: not implemented yet")
}
