package dgd

import (
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/vec"
)

// syncPlain is the synchronous step of THEORY §3 as the plain formula, in
// separate passes: every residual, then (L⊗I)W by graph.LaplacianMul, then
// w_i += (−η r_i) x_i and w_i += (−η μ) (L⊗I)W_i by vec.Axpy. Sync.Step must
// give its bits.
func syncPlain(g *graph.Graph, ds *data.Dataset, eta, mu float64, w []float64) {
	n, d := ds.N, ds.D
	r := make([]float64, n)
	for i := range n {
		r[i] = vec.Dot(ds.Row(i), w[i*d:(i+1)*d]) - ds.Y[i]
	}
	lw := make([]float64, n*d)
	g.LaplacianMul(lw, w, d)
	for i := range n {
		wi := w[i*d : (i+1)*d]
		vec.Axpy(wi, -eta*r[i], ds.Row(i))
		vec.Axpy(wi, -eta*mu, lw[i*d:(i+1)*d])
	}
}

// The one-pass step has the bits of the plain formula, signed zeros
// included, on graphs with nodes of degree 0, 1, 2, odd and even degrees
// above 2, from a W(0) with zeros of both signs and from zero.
func TestSyncOnePass(t *testing.T) {
	gs := cases(t)
	// 0–1–2 a path, 3 isolated, 4 joined to 5, 6 and 7 (degree 3), 5–6, 6–7:
	// degrees 1, 2, 1, 0, 3, 2, 3, 2.
	gs["mixed"] = graph.New(8, []graph.Edge{{U: 0, V: 1}, {U: 1, V: 2}, {U: 4, V: 5}, {U: 4, V: 6}, {U: 4, V: 7}, {U: 5, V: 6}, {U: 6, V: 7}})
	for name, g := range gs {
		ds := dataset(t, g.N)
		n, d := ds.N, ds.D
		// Pixels 0–3 are zero in every sample (as most of MNIST's) and
		// start at −0 on even nodes, +0 on odd ones: a Laplacian entry
		// then starts from −0 − (+0) = −0, which 0 + (…) makes +0.
		w0 := randomW0(n, d)
		for i := range n {
			for c := range 4 {
				ds.X[i*d+c] = 0
				w0[i*d+c] = math.Copysign(0, float64(i%2)-0.5)
			}
		}
		for _, start := range [][]float64{nil, w0} {
			s := NewSync(g, ds, 0.3, 0.7, start)
			want := make([]float64, n*d)
			copy(want, start)
			for step := range 4 {
				s.Step()
				syncPlain(g, ds, 0.3, 0.7, want)
				for k, v := range s.Nodes() {
					if math.Float64bits(v) != math.Float64bits(want[k]) {
						t.Fatalf("%s (w0 nil: %v), step %d: W[%d] = %v, the plain formula gives %v", name, start == nil, step+1, k, v, want[k])
					}
				}
			}
		}
	}
}
