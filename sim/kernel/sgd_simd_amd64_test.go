//go:build goexperiment.simd && amd64

package kernel

import (
	"math"
	"testing"

	"sgdlab/sim/rng"
)

// The AVX-512 update gives updatePortable's bits: R and ‖R‖², for row counts
// below, at and past multiples of its eight-row blocks, batches of one (its
// own path), batches with duplicates and batches of more than batchGroup
// elements (several sweeps, the last of one element or more).
func TestUpdate10AVX512(t *testing.T) {
	if !hasAVX512 {
		t.Skip("no AVX-512")
	}
	for _, c := range []struct{ n, m int }{
		{1, 1}, {7, 3}, {8, 1}, {16, 2}, {37, 5}, {64, 64}, {203, 8}, {1000, 1},
		{1003, 1}, {100, 17}, {24, 40},
	} {
		r := rng.New(uint64(c.n*100+c.m), rng.StreamData)
		k := make([]float64, c.n*c.n)
		for i := range k {
			k[i] = r.Float64()
		}
		R := make([]float64, c.n*10)
		for i := range R {
			R[i] = r.NormFloat64()
		}
		rows := make([][]float64, c.m)
		d := make([]float64, c.m*10)
		for j := range rows {
			i := r.IntN(c.n)
			rows[j] = k[i*c.n : (i+1)*c.n]
			if j == c.m-1 && j > 0 {
				rows[j] = rows[j/2] // a duplicate index
			}
			for o := 0; o < 10; o++ {
				d[j*10+o] = -0.3 * r.NormFloat64()
			}
		}
		var buf [][88]float64
		want := append([]float64(nil), R...)
		got := append([]float64(nil), R...)
		for step := 0; step < 3; step++ {
			ws := updatePortable(want, rows, d, 10, nil)
			gs := update10AVX512(got, rows, d, &buf, nil)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("n=%d m=%d step %d: R[%d] = %v, portable %v", c.n, c.m, step, i, got[i], want[i])
				}
			}
			if math.Float64bits(gs) != math.Float64bits(ws) {
				t.Fatalf("n=%d m=%d step %d: ‖R‖² = %v, portable %v", c.n, c.m, step, gs, ws)
			}
			// The rows' sums of squares, as updateSplit takes them.
			wo, go_ := make([]float64, c.n), make([]float64, c.n)
			w2, g2 := append([]float64(nil), want...), append([]float64(nil), got...)
			updatePortable(w2, rows, d, 10, wo)
			update10AVX512(g2, rows, d, &buf, go_)
			for i := range wo {
				if math.Float64bits(go_[i]) != math.Float64bits(wo[i]) {
					t.Fatalf("n=%d m=%d step %d: row %d's sum %v, portable %v", c.n, c.m, step, i, go_[i], wo[i])
				}
			}
		}
	}
}
