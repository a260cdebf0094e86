// Package simd holds the market simulator's inner kernels: the fast
// exponential (Exp, ExpTo), the factor update of one step for a block of
// paths (StepFactors), the chain's blocks, retargets and rewards within a
// step (StepChain), and the random draws of a block of paths (Normals and
// Uint64s: each path's xoshiro256++ stream and its 256-layer ziggurat
// normals). On amd64 with AVX2 they run four paths at a time in
// assembly; elsewhere, and under the purego build tag, the same operations
// run as Go loops. Both give the same bits, so results never depend on the
// processor. Only package market imports it.
package simd
