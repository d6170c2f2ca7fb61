package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func randSym(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 0))
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			x := r.NormFloat64()
			a[i*n+j], a[j*n+i] = x, x
		}
	}
	return a
}

func TestSymEigenvaluesAgainstGonum(t *testing.T) {
	for _, n := range []int{1, 2, 3, 5, 17, 64, 150} {
		a := randSym(n, uint64(n))
		want := mat.NewSymDense(n, append([]float64(nil), a...))
		var es mat.EigenSym
		if !es.Factorize(want, false) {
			t.Fatal("gonum failed")
		}
		wv := es.Values(nil) // ascending
		got, err := SymEigenvalues(a, n)
		if err != nil {
			t.Fatal(err)
		}
		scale := math.Abs(wv[0]) + math.Abs(wv[n-1])
		for i := range got {
			if d := math.Abs(got[i] - wv[n-1-i]); d > 1e-12*scale {
				t.Errorf("n=%d λ[%d]=%v want %v", n, i, got[i], wv[n-1-i])
			}
		}
	}
}

func TestSymEigenvaluesKnown(t *testing.T) {
	tests := []struct {
		name string
		a    []float64
		want []float64
	}{
		{"diag", []float64{3, 0, 0, 0, 1, 0, 0, 0, 2}, []float64{3, 2, 1}},
		{"2x2", []float64{2, 1, 1, 2}, []float64{3, 1}},
		// Path-graph Laplacian on 3 nodes: eigenvalues 3, 1, 0.
		{"path", []float64{1, -1, 0, -1, 2, -1, 0, -1, 1}, []float64{3, 1, 0}},
		{"rank1", []float64{1, 1, 1, 1, 1, 1, 1, 1, 1}, []float64{3, 0, 0}},
		{"zero", make([]float64, 16), []float64{0, 0, 0, 0}},
	}
	for _, tt := range tests {
		n := len(tt.want)
		got, err := SymEigenvalues(append([]float64(nil), tt.a...), n)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if math.Abs(got[i]-tt.want[i]) > 1e-14*4 {
				t.Errorf("%s: λ=%v want %v", tt.name, got, tt.want)
				break
			}
		}
	}
}

func TestCholeskySolve(t *testing.T) {
	n := 30
	r := rand.New(rand.NewPCG(3, 0))
	b := make([]float64, n*n)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	a := make([]float64, n*n) // a = BᵀB + I
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for k := 0; k < n; k++ {
				s += b[k*n+i] * b[k*n+j]
			}
			if i == j {
				s++
			}
			a[i*n+j] = s
		}
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i) - 3
	}
	rhs := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			rhs[i] += a[i*n+j] * x[j]
		}
	}
	got := make([]float64, n)
	if err := CholeskySolve(got, append([]float64(nil), a...), n, rhs); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if math.Abs(got[i]-x[i]) > 1e-9 {
			t.Fatalf("x[%d]=%v want %v", i, got[i], x[i])
		}
	}
	if err := CholeskySolve(make([]float64, 2), []float64{1, 2, 2, 1}, 2, []float64{1, 1}); err == nil {
		t.Error("indefinite matrix accepted")
	}
}

func BenchmarkSymEigenvalues256(b *testing.B) {
	a := randSym(256, 1)
	w := make([]float64, len(a))
	for b.Loop() {
		copy(w, a)
		if _, err := SymEigenvalues(w, 256); err != nil {
			b.Fatal(err)
		}
	}
}
