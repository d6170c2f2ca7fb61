package dgd

import (
	"fmt"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/rng"
)

// benchData is n samples of dimension d with entries in [0, 1) scaled like
// pixels (x/√d), from (seed 1, stream 1): the cost of a step does not
// depend on the values.
func benchData(n, d int) *data.Dataset {
	r := rng.New(1, rng.StreamData)
	ds := &data.Dataset{N: n, D: d, X: make([]float64, n*d), Y: make([]float64, n)}
	for i := range ds.X {
		ds.X[i] = r.Float64() / 28
	}
	for i := range ds.Y {
		ds.Y[i] = r.Float64()
	}
	return ds
}

// BenchmarkStep is one synchronous step (THEORY §3) of n nodes with d = 784
// on a ring and on G(n, p) with mean degree 8: O((n + |E|)·d).
func BenchmarkStep(b *testing.B) {
	const d = 784
	for _, n := range []int{1000, 10000} {
		ds := benchData(n, d)
		er, err := graph.ErdosRenyi(n, 8/float64(n-1), rng.New(1, 20))
		if err != nil {
			b.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			g    *graph.Graph
		}{{"ring", graph.Ring(n)}, {"er", er}} {
			b.Run(fmt.Sprintf("%s/n=%d", tc.name, n), func(b *testing.B) {
				s := NewSync(tc.g, ds, 1e-3, 0.1, nil)
				b.SetBytes(int64(8 * n * d))
				b.ReportAllocs()
				for b.Loop() {
					s.Step()
				}
				b.ReportMetric(float64(len(tc.g.Edges)), "edges")
			})
		}
	}
}
