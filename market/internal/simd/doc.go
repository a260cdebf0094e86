// Package simd holds the market simulator's inner kernels: the fast
// exponential (Exp, ExpTo), the factor update of one step for a block of
// paths (StepFactors) and the chain's blocks, retargets and rewards within a
// step (StepChain). On amd64 with AVX2 they run four paths at a time in
// assembly; elsewhere, and under the purego build tag, the same operations
// run as Go loops. Both give the same bits, so results never depend on the
// processor. Only package market imports it.
package simd
