package spectrum

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"sgdlab/sim/data"
)

// The Gram route (d ≥ n) and the covariance route (d < n) must agree with a
// dense eigendecomposition of H = XᵀX/n by gonum.
func TestOfAgainstEigenSym(t *testing.T) {
	for _, c := range []struct{ n, d int }{{20, 35}, {35, 20}, {16, 16}} {
		ds, err := data.Synthesize(data.Synth{N: c.n, D: c.d, Spectrum: data.PowerLaw, Alpha: 1, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		h := mat.NewSymDense(c.d, nil)
		for a := 0; a < c.d; a++ {
			for b := 0; b <= a; b++ {
				var s float64
				for i := 0; i < c.n; i++ {
					s += ds.Row(i)[a] * ds.Row(i)[b]
				}
				h.SetSym(a, b, s/float64(c.n))
			}
		}
		var es mat.EigenSym
		es.Factorize(h, false)
		want := es.Values(nil)
		sp, err := Of(ds)
		if err != nil {
			t.Fatal(err)
		}
		if sp.K != min(c.n, c.d) {
			t.Errorf("%v: k = %d", c, sp.K)
		}
		for i, v := range sp.Values {
			if w := want[c.d-1-i]; math.Abs(v-w) > 1e-12*sp.L1 {
				t.Errorf("%v: λ[%d] = %v, want %v", c, i, v, w)
			}
		}
		if sp.L1 > sp.Beta || sp.Trace > sp.Beta*(1+1e-12) {
			t.Errorf("%v: need λ₁ ≤ tr H ≤ β: λ₁=%v tr=%v β=%v", c, sp.L1, sp.Trace, sp.Beta)
		}
	}
}

func TestRankDeficient(t *testing.T) {
	// Corr with rho → 0 keeps full rank; duplicate samples lower it.
	ds, _ := data.Synthesize(data.Synth{N: 10, D: 30, Spectrum: data.Isotropic, Seed: 2})
	copy(ds.Row(1), ds.Row(0))
	sp, err := Of(ds)
	if err != nil {
		t.Fatal(err)
	}
	if sp.K != 9 {
		t.Errorf("k = %d, want 9 with a duplicated sample", sp.K)
	}
}
