//go:build goexperiment.simd && amd64

package sgd

import (
	"math"
	"testing"

	"simd/archsimd"

	"sgdlab/sim/rng"
)

// The AVX-512 kernels give the portable kernels' bits, on values of every
// scale (subnormal products, −0, cancellations) and on whole runs.
func TestMultiAVX512Bits(t *testing.T) {
	if !archsimd.X86.AVX512() {
		t.Skip("no AVX-512")
	}
	r := rng.New(9, rng.StreamData)
	const d = 300
	special := []float64{0, math.Copysign(0, -1), 1e-310, -1e-310, 1e300, -1e300, 1, -1, 0.1}
	draw := func() float64 {
		if r.IntN(4) == 0 {
			return special[r.IntN(len(special))]
		}
		return (r.Float64() - 0.5) * math.Ldexp(1, r.IntN(80)-40)
	}
	w1 := make([]float64, d*10)
	for i := range w1 {
		w1[i] = draw()
	}
	w2 := append([]float64(nil), w1...)
	for trial := 0; trial < 500; trial++ {
		var idx []int32
		var val []float64
		for p := 0; p < d; p++ {
			if r.IntN(5) == 0 {
				idx = append(idx, int32(p))
				val = append(val, draw())
			}
		}
		var y, got, want [10]float64
		for o := range y {
			y[o] = draw()
		}
		residual10AVX512(&got, idx, val, w1, &y)
		residual10(&want, idx, val, w2, &y)
		for o := range got {
			if math.Float64bits(got[o]) != math.Float64bits(want[o]) {
				t.Fatalf("trial %d: residual[%d] = %v, portable %v", trial, o, got[o], want[o])
			}
		}
		for o := range got {
			want[o] = draw() * 1e-3
		}
		update10AVX512(w1, idx, val, &want)
		update10(w2, idx, val, &want)
		for i := range w1 {
			if math.Float64bits(w1[i]) != math.Float64bits(w2[i]) {
				t.Fatalf("trial %d: W[%d] = %v, portable %v", trial, i, w1[i], w2[i])
			}
		}
	}
}
