//go:build goexperiment.simd

package main

// build names how sgdlab was compiled, in the tables: with GOEXPERIMENT=simd
// the steppers take their optional AVX-512 paths (same bits) where the CPU
// has AVX-512.
const build = "GOEXPERIMENT=simd"
