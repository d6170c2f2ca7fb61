package spectrum

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"sgdlab/sim/data"
	"sgdlab/sim/kernel"
	"sgdlab/sim/linalg"
	"sgdlab/sim/rng"
)

// randPSD returns A = B Bᵀ/r for B an n×r matrix of N(0,1) entries: rank
// min(n, r), well separated top eigenvalues.
func randPSD(n, r int, seed uint64) []float64 {
	g := rng.NewGauss(rng.New(seed, 9))
	b := make([]float64, n*r)
	for i := range b {
		b[i] = g.Norm()
	}
	a := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j <= i; j++ {
			var s float64
			for c := 0; c < r; c++ {
				s += b[i*r+c] * b[j*r+c]
			}
			a[i*n+j], a[j*n+i] = s/float64(r), s/float64(r)
		}
	}
	return a
}

// oracles returns the eigenvalues of the symmetric a in decreasing order by
// linalg.SymEigenvalues and by gonum's EigenSym.
func oracles(t *testing.T, a []float64, n int) (own, gon []float64) {
	t.Helper()
	own, err := linalg.SymEigenvalues(append([]float64(nil), a...), n)
	if err != nil {
		t.Fatal(err)
	}
	var es mat.EigenSym
	if !es.Factorize(mat.NewSymDense(n, append([]float64(nil), a...)), false) {
		t.Fatal("gonum EigenSym failed")
	}
	asc := es.Values(nil)
	for i := range asc {
		gon = append(gon, asc[n-1-i])
	}
	return own, gon
}

func checkTop(t *testing.T, name string, got, own, gon []float64, rel float64) {
	t.Helper()
	for i, v := range got {
		for _, w := range []float64{own[i], gon[i]} {
			if math.Abs(v-w) > rel*math.Abs(w) {
				t.Errorf("%s: λ[%d] = %.17g, want %.17g (rel err %.2g)", name, i, v, w, math.Abs(v-w)/w)
			}
		}
	}
}

func TestTopEigenRandomPSD(t *testing.T) {
	for _, c := range []struct{ n, r, k int }{
		{1, 1, 1}, {2, 3, 2}, {5, 8, 5}, {30, 60, 10}, {120, 240, 10}, {200, 40, 10}, {80, 10, 10},
	} {
		a := randPSD(c.n, c.r, uint64(c.n))
		own, gon := oracles(t, a, c.n)
		got, err := TopEigen(nil, MatVec(a, c.n, 1), c.n, c.k, 1, c.n)
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if len(got) != c.k {
			t.Fatalf("%v: %d values", c, len(got))
		}
		checkTop(t, fmt.Sprint(c), got, own, gon, 1e-10)
	}
}

// The top 10 eigenvalues of K/n for a Gaussian kernel, well before n steps.
func TestTopEigenGaussianKernel(t *testing.T) {
	for _, sigma := range []float64{0.5, 2} {
		t.Run(fmt.Sprint("σ=", sigma), func(t *testing.T) { testGaussianKernel(t, sigma) })
	}
}

func testGaussianKernel(t *testing.T, sigma float64) {
	const n, d = 400, 10
	ds, _ := data.Synthesize(data.Synth{N: n, D: d, Spectrum: data.Isotropic, Seed: 4})
	k := make([]float64, n*n)
	kernel.Matrix(k, ds.X, n, d, kernel.Gaussian{Sigma: sigma})
	beta := kernel.Beta(k, n)
	h := append([]float64(nil), k...)
	for i := range h {
		h[i] /= n
	}
	own, gon := oracles(t, h, n)
	l, err := NewLanczos(MatVec(k, n, 1.0/n), n, 10, 7, 200)
	if err != nil {
		t.Fatal(err)
	}
	prev := -1.0
	for !l.Step() {
		if p := l.Progress(); p < prev || p > 1 {
			t.Fatalf("progress %v after %v", p, prev)
		}
		prev = l.Progress()
	}
	if l.Err() != nil || l.Progress() != 1 {
		t.Fatalf("err %v, progress %v", l.Err(), l.Progress())
	}
	if l.Iter() >= n/2 {
		t.Errorf("%d iterations for n = %d", l.Iter(), n)
	}
	t.Logf("Gaussian σ=%v K/n, n=%d: %d iterations, λ_1..λ_10 = %.4g", sigma, n, l.Iter(), l.Values())
	checkTop(t, "gaussian K/n", l.Values(), own, gon, 1e-8)
	for i, e := range l.Bounds() {
		if e > LanczosTol*l.Values()[0] {
			t.Errorf("bound[%d] = %v", i, e)
		}
	}
	// THEORY §1: λ_1 ≤ tr(K/n) ≤ β, with β = max_i K_ii = 1.
	var top float64
	for _, v := range l.Values() {
		top += v
	}
	if beta != 1 || !(l.Values()[0] <= beta) || !(top <= beta*(1+1e-12)) {
		t.Errorf("need λ_1 ≤ Σ top-10 ≤ β: λ_1=%v Σ=%v β=%v", l.Values()[0], top, beta)
	}
}

// A repeated eigenvalue: the Krylov space of one vector sees it once, then a
// breakdown restarts the run and after n steps every eigenvalue is exact.
func TestTopEigenMultiplicity(t *testing.T) {
	diag := []float64{3, 3, 1, 1, 0.5}
	n := len(diag)
	a := make([]float64, n*n)
	for i, v := range diag {
		a[i*n+i] = v
	}
	got, err := TopEigen(nil, MatVec(a, n, 1), n, n, 2, n)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range got {
		if math.Abs(v-diag[i]) > 1e-14 {
			t.Errorf("λ[%d] = %v, want %v", i, v, diag[i])
		}
	}
}

func TestTopEigenErrors(t *testing.T) {
	a := randPSD(50, 100, 3)
	got, err := TopEigen(nil, MatVec(a, 50, 1), 50, 10, 1, 5)
	if !errors.Is(err, ErrNotConverged) || len(got) != 5 {
		t.Errorf("maxIter 5 < k: got %v, %v", got, err)
	}
	for _, c := range []struct{ n, k, it int }{{0, 1, 1}, {3, 4, 3}, {3, 0, 3}, {3, 1, 0}} {
		if _, err := TopEigen(nil, MatVec(make([]float64, c.n*c.n), c.n, 1), c.n, c.k, 1, c.it); err == nil {
			t.Errorf("%v: no error", c)
		}
	}
	// The zero operator: every eigenvalue is 0.
	got, err = TopEigen(nil, MatVec(make([]float64, 16), 4, 1), 4, 2, 1, 4)
	if err != nil || got[0] != 0 || got[1] != 0 {
		t.Errorf("zero operator: %v, %v", got, err)
	}
}

// Same seed, same bits.
func TestTopEigenDeterministic(t *testing.T) {
	a := randPSD(60, 30, 5)
	x, _ := TopEigen(nil, MatVec(a, 60, 1), 60, 5, 11, 60)
	y, _ := TopEigen(nil, MatVec(a, 60, 1), 60, 5, 11, 60)
	for i := range x {
		if x[i] != y[i] {
			t.Fatalf("run 2 differs: %v vs %v", x, y)
		}
	}
}

func TestLastComponent(t *testing.T) {
	a := []float64{2, -1, 0.5, 3, 1}
	e := []float64{1, 0.3, 2, 0.7}
	m := len(a)
	ts := mat.NewSymDense(m, nil)
	for i := range a {
		ts.SetSym(i, i, a[i])
		if i+1 < m {
			ts.SetSym(i+1, i, e[i])
		}
	}
	var es mat.EigenSym
	es.Factorize(ts, true)
	var v mat.Dense
	es.VectorsTo(&v)
	var work [6][]float64
	for i := range work {
		work[i] = make([]float64, m)
	}
	for i, th := range es.Values(nil) {
		got := lastComponent(a, e, th, 3, &work)
		if w := v.At(m-1, i); math.Abs(math.Abs(got)-math.Abs(w)) > 1e-12 {
			t.Errorf("θ=%v: last component %v, want ±%v", th, got, w)
		}
	}
}

func ExampleTopEigen() {
	// diag(4, 2, 1) with a rotation-free operator.
	op := func(dst, x []float64) { dst[0], dst[1], dst[2] = 4*x[0], 2*x[1], x[2] }
	top, err := TopEigen(nil, op, 3, 2, 1, 3)
	fmt.Printf("%.6f %.6f %v\n", top[0], top[1], err)
	// Output: 4.000000 2.000000 <nil>
}

func ExampleLanczos() {
	const n = 200
	a := randPSD(n, 400, 1)
	l, _ := NewLanczos(MatVec(a, n, 1), n, 3, 1, n)
	for !l.Step() {
		// a page would draw l.Progress() and l.Values() here
	}
	fmt.Println(l.Err(), l.Iter() < n, len(l.Values()))
	// Output: <nil> true 3
}

func BenchmarkTopEigenGaussian(b *testing.B) {
	const n, d = 2000, 784
	ds, _ := data.Synthesize(data.Synth{N: n, D: d, Spectrum: data.Isotropic, Seed: 1})
	k := make([]float64, n*n)
	kernel.Matrix(k, ds.X, n, d, kernel.Gaussian{Sigma: 0.5})
	var it int
	for b.Loop() {
		l, _ := NewLanczos(MatVec(k, n, 1.0/n), n, 10, 1, 300)
		for !l.Step() {
		}
		it = l.Iter()
	}
	b.ReportMetric(float64(it), "iters")
}
