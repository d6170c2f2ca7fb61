// Package fusioncanary is compiled only by sim's TestFusion, which checks
// that its scan still sees what it looks for: MulAdd and MulSub are written
// the way sim/doc.go forbids, so the compiler fuses them into one FMA
// instruction (arm64 always, amd64 at GOAMD64=v3), and Exp calls math.Exp,
// which is not exactly rounded. Nothing imports this package.
package fusioncanary

import "math"

// MulAdd returns x*y + z, fused: one rounding instead of two.
func MulAdd(x, y, z float64) float64 { return x*y + z }

// MulSub returns z - x*y, fused on arm64.
func MulSub(x, y, z float64) float64 { return z - x*y }

// Exp calls math.Exp, whose last bit may differ between targets.
func Exp(x float64) float64 { return math.Exp(x) }
