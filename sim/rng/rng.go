package rng

import (
	"math"
	"math/rand/v2"

	"sgdlab/sim/pmath"
)

// New returns a generator for (seed, stream).
func New(seed, stream uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, stream)) }

// Gauss draws standard normal numbers by Marsaglia's polar method with the
// portable pmath.Log, so the stream is identical on every GOARCH (the standard
// library's NormFloat64 calls math.Exp, which is assembly on amd64).
type Gauss struct {
	r     *rand.Rand
	spare float64
	has   bool
}

// NewGauss returns a normal generator drawing from r.
func NewGauss(r *rand.Rand) *Gauss { return &Gauss{r: r} }

// Norm returns one N(0, 1) draw.
func (g *Gauss) Norm() float64 {
	if g.has {
		g.has = false
		return g.spare
	}
	for {
		u := 2*float64(g.r.Float64()) - 1
		v := 2*float64(g.r.Float64()) - 1
		s := float64(u*u) + float64(v*v)
		if s == 0 || s >= 1 {
			continue
		}
		f := math.Sqrt(-2 * pmath.Log(s) / s)
		g.spare, g.has = v*f, true
		return u * f
	}
}
