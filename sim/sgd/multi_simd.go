//go:build goexperiment.simd && amd64

package sgd

import "simd/archsimd"

func init() {
	if archsimd.X86.AVX512() {
		residual10Impl, update10Impl = residual10AVX512, update10AVX512
	}
}

// residual10AVX512 is residual10 with the ten outputs in two vectors (eight
// and two lanes): every lane does the portable path's rounded multiply, then
// its rounded add, pixel by pixel in the same order (Mul then Add, never a
// fused multiply-add), so the bits are the same.
func residual10AVX512(dst *[10]float64, idx []int32, val []float64, W []float64, y *[10]float64) {
	var s8 archsimd.Float64x8
	var s2 archsimd.Float64x2
	val = val[:len(idx)]
	for k, p := range idx {
		w := (*[10]float64)(W[int(p)*10 : int(p)*10+10])
		v := val[k]
		s8 = s8.Add(archsimd.BroadcastFloat64x8(v).Mul(archsimd.LoadFloat64x8((*[8]float64)(w[:8]))))
		s2 = s2.Add(archsimd.BroadcastFloat64x2(v).Mul(archsimd.LoadFloat64x2((*[2]float64)(w[8:]))))
	}
	s8 = s8.Sub(archsimd.LoadFloat64x8((*[8]float64)(y[:8])))
	s2 = s2.Sub(archsimd.LoadFloat64x2((*[2]float64)(y[8:])))
	s8.Store((*[8]float64)(dst[:8]))
	s2.Store((*[2]float64)(dst[8:]))
}

// update10AVX512 is update10 with δ in two vectors (eight and two lanes):
// W[p,o] + float64(x_p·δ_o) lane by lane, as the portable path.
func update10AVX512(W []float64, idx []int32, val []float64, delta *[10]float64) {
	d8 := archsimd.LoadFloat64x8((*[8]float64)(delta[:8]))
	d2 := archsimd.LoadFloat64x2((*[2]float64)(delta[8:]))
	val = val[:len(idx)]
	for k, p := range idx {
		w := (*[10]float64)(W[int(p)*10 : int(p)*10+10])
		v := val[k]
		w8, w2 := (*[8]float64)(w[:8]), (*[2]float64)(w[8:])
		archsimd.LoadFloat64x8(w8).Add(archsimd.BroadcastFloat64x8(v).Mul(d8)).Store(w8)
		archsimd.LoadFloat64x2(w2).Add(archsimd.BroadcastFloat64x2(v).Mul(d2)).Store(w2)
	}
}
