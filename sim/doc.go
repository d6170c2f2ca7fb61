// Package sim is the root of the simulator; its subpackages are the library
// (one topic each, free of ebiten, syscall/js, net/http, os and time) and
// sim/cmd holds the commands.
//
// # Same bits on every CPU: the rounding discipline
//
// A link must give the same numbers natively on amd64 (any GOAMD64) and arm64
// and in wasm. The Go specification lets the compiler fuse x*y + z into one
// fused multiply-add with a single rounding; arm64 builds do it wherever they
// can, amd64 builds do it from GOAMD64=v3 on, wasm never does. An explicit
// conversion to float64 rounds and so forbids the fusion. The library's rule:
//
//   - Every floating-point product (or a quotient by a power of two, which the
//     compiler turns into a product) that is added to or subtracted from
//     something is written rounded: float64(x*y) + z, s += float64(a*b),
//     z - float64(x*y). This holds across statements too: p := x*y followed by
//     s += p may be fused, so p := float64(x*y).
//   - Elementary functions come from sgdlab/sim/pmath (Exp, Log, Pow), never
//     from math, whose Exp, Log, Hypot, Cbrt … use assembly with or without
//     FMA depending on the CPU and GOARCH. Functions that are exactly rounded
//     everywhere (Sqrt, Abs, Floor, Ceil, Trunc, Round, Max, Min, Ldexp,
//     Frexp, …) may be called from math.
//   - Sums keep one fixed association, written out in the code (several
//     accumulators are fine; the order in which each one receives its terms
//     and the order in which they are combined must not depend on the machine
//     or on how work is sliced).
//   - gonum is used where its code keeps these bits (graph generators);
//     gonum's floating-point routines are not (its Armijo condition, for one,
//     fuses on arm64), so the line search is written out in sim/linesearch.
//
// Exempt are display-only files whose numbers are pixel positions, never a
// value a user reads as data or a later step uses: sim/axis's scale.go,
// linear.go, log.go and format.go (tick positions, value ↔ pixel scales). TestFusion (fusion_test.go) compiles the library for
// arm64 and for amd64 at GOAMD64=v3 and fails on any fused instruction or
// non-portable math call outside the exempt files; `make test` also runs the
// labs' golden tests built with GOAMD64=v3 and, under qemu-aarch64, as arm64
// binaries.
package sim
