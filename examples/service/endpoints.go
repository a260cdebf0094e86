package main

import (
	"context"

	"github.com/wattfolio/wattfolio/economics"
)

// evaluate is POST /evaluate: economics.Evaluate, answering a Statement. It
// is quick and neither reports progress nor stops early.
func (s *server) evaluate(m *members) (job, error) {
	r, err := s.readEvaluate(m)
	if err != nil {
		return nil, err
	}
	return func(context.Context, func(int, int)) (any, error) {
		return economics.Evaluate(r.site, r.alloc, r.snap, r.period)
	}, nil
}

// analyze is POST /analyze: economics.AnalyzeContext, answering a Report.
// Like optimize and appraise, it waits for one of options.MaxRuns slots.
func (s *server) analyze(m *members) (job, error) {
	r, err := s.readAnalyze(m)
	if err != nil {
		return nil, err
	}
	return s.queued(func(ctx context.Context, progress func(int, int)) (any, error) {
		set := r.set
		set.Progress = progress
		return economics.AnalyzeContext(ctx, r.site, r.alloc, r.model, r.snap, &set)
	}), nil
}

// optimize is POST /optimize: economics.NewPlannerContext then
// Planner.OptimizeContext, answering a Plan. Progress runs twice from 0 to
// the paths: the planner's simulation, then the Plan's Report.
func (s *server) optimize(m *members) (job, error) {
	r, err := s.readOptimize(m)
	if err != nil {
		return nil, err
	}
	return s.queued(func(ctx context.Context, progress func(int, int)) (any, error) {
		set := r.set
		set.Progress = progress
		pl, err := economics.NewPlannerContext(ctx, r.problem, r.model, r.snap, &set)
		if err != nil {
			return nil, err
		}
		return pl.OptimizeContext(ctx, r.obj)
	}), nil
}

// appraise is POST /appraise: economics.AppraiseContext, answering an
// Appraisal.
func (s *server) appraise(m *members) (job, error) {
	r, err := s.readAppraise(m)
	if err != nil {
		return nil, err
	}
	return s.queued(func(ctx context.Context, progress func(int, int)) (any, error) {
		set := r.set
		set.Progress = progress
		return economics.AppraiseContext(ctx, r.project, r.model, r.snap, &set)
	}), nil
}
