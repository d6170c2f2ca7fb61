//go:build goexperiment.simd && amd64

package model

import (
	"fmt"
	"math"
	"simd/archsimd"
	"testing"

	"sgdlab/sim/rng"
)

// lossGradPath is lossGrad with the SIMD path on or off.
func lossGradPath(m *MLP, sc *mlpScratch, g, w []float64, idx []int, simd bool) (float64, int) {
	simdOff = !simd
	defer func() { simdOff = false }()
	return m.lossGrad(sc, g, w, idx)
}

// The SIMD path (GOEXPERIMENT=simd, AVX-512) gives the portable path's
// bits: networks whose hidden width is and is not a multiple of 8 (the
// units from out8 on stay portable) and of 64, inputs not a multiple of 8,
// MNIST-like images, negative zero pixels, an infinite pixel and weights so
// large that the deltas are infinite or NaN (those samples update the
// gradient the portable way), batches of whole and partial blocks.
func TestMLPSIMDBitsMatchPortable(t *testing.T) {
	if !archsimd.X86.AVX512() {
		t.Skip("no AVX-512: the SIMD path is off")
	}
	xl, yl := mnistLike(300)
	for _, tc := range []struct {
		sizes []int
		n     int
		scale float64
		inf   bool
	}{
		{[]int{21, 8, 3}, 150, 1, false},
		{[]int{20, 67, 5, 3}, 150, 1, false},
		{[]int{100, 136, 9}, 150, 1, true},
		{[]int{784, 128, 10}, 300, 1, false},
		{[]int{784, 200, 10}, 300, 1, false},
		{[]int{784, 128, 10}, 300, 1e300, false},
		{[]int{50, 72, 10}, 150, 1e154, false},
	} {
		var m *MLP
		var err error
		if tc.sizes[0] == 784 {
			m, err = NewMLP(tc.sizes, xl[:tc.n*784], yl[:tc.n])
		} else {
			mt := tinyMLP(t, tc.sizes, tc.n)
			for i := range mt.X {
				if i%11 == 5 {
					mt.X[i] = math.Copysign(0, -1)
				}
			}
			if tc.inf {
				mt.X[3*tc.sizes[0]+7] = math.Inf(1)
			}
			m, err = NewMLP(mt.Sizes, mt.X, mt.Labels)
		}
		if err != nil {
			t.Fatal(err)
		}
		w := m.Init(rng.New(9, 9))
		for i := range w {
			w[i] = w[i]*tc.scale + 0.01*float64(i%5-2)
		}
		var sc, sp mlpScratch
		g, gp := make([]float64, m.Dim()), make([]float64, m.Dim())
		for _, b := range []int{simdMinBatch, simdMinBatch + 1, 2*simdMinBatch + 17, m.N} {
			if b > m.N {
				continue
			}
			name := fmt.Sprintf("%v×%g b=%d", tc.sizes, tc.scale, b)
			idx := make([]int, b)
			for k := range idx {
				idx[k] = (k*7 + b) % m.N
			}
			idx[b-1] = idx[0] // a sample twice
			l, c := lossGradPath(m, &sc, g, w, idx, true)
			if !sc.simd.used {
				t.Fatalf("%s: the SIMD path did not run", name)
			}
			lp, cp := lossGradPath(m, &sp, gp, w, idx, false)
			if !same(l, lp) || c != cp {
				t.Fatalf("%s: loss %v correct %d, portable %v %d", name, l, c, lp, cp)
			}
			if i, ok := sameBits(g, gp); !ok {
				t.Fatalf("%s: gradient %d is %v, portable %v", name, i, g[i], gp[i])
			}
		}
	}
}

// BenchmarkMLPPaths is BenchmarkMLP's MNIST-like b = 128 pass with the
// SIMD path and without.
func BenchmarkMLPPaths(b *testing.B) {
	x, labels := mnistLike(1000)
	m, err := NewMLP([]int{784, 128, 10}, x, labels)
	if err != nil {
		b.Fatal(err)
	}
	w := m.Init(rng.New(1, 1))
	g := make([]float64, m.Dim())
	for _, simd := range []bool{false, true} {
		b.Run(fmt.Sprintf("simd=%v", simd), func(b *testing.B) {
			var sc mlpScratch
			idx := make([]int, 128)
			k := 0
			for b.Loop() {
				for s := range idx {
					idx[s] = (k*128 + s*37) % m.N
				}
				lossGradPath(m, &sc, g, w, idx, simd)
				k++
			}
			b.ReportMetric(128*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}
