package spectrum

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// MatVec gives the same bits on any number of threads: each entry is one
// row's dot product, whichever goroutine computes it.
func TestMatVecThreads(t *testing.T) {
	const n = 1000
	r := rand.New(rand.NewPCG(1, 2))
	a, x := make([]float64, n*n), make([]float64, n)
	for i := range a {
		a[i] = r.NormFloat64()
	}
	for i := range x {
		x[i] = r.NormFloat64()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var ref []float64
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		dst := make([]float64, n)
		MatVec(a, n, 0.5)(dst, x)
		if ref == nil {
			ref = dst
		} else if !slices.Equal(dst, ref) {
			t.Errorf("GOMAXPROCS=%d: other bits than on one thread", procs)
		}
	}
}
