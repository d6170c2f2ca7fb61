//go:build !goexperiment.simd

package main

// build names how sgdlab was compiled, in the tables: the default build has
// only the portable scalar loops.
const build = "portable"
