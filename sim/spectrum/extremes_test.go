package spectrum

import (
	"errors"
	"math"
	"testing"
)

// runExtremes builds the stepper, drives it to the end and returns it.
func runExtremes(t *testing.T, op func(dst, x []float64), project func([]float64), n int, seed uint64, maxIter int) *Extremes {
	t.Helper()
	e, err := NewExtremes(op, project, n, seed, maxIter)
	if err != nil {
		t.Fatal(err)
	}
	for !e.Step() {
	}
	return e
}

func denseOp(a []float64, n int) func(dst, x []float64) {
	return func(dst, x []float64) {
		for i := 0; i < n; i++ {
			var s float64
			for j := 0; j < n; j++ {
				s += a[i*n+j] * x[j]
			}
			dst[i] = s
		}
	}
}

func TestExtremesDiagonal(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n      int
		lo, hi float64
	}{
		{"1..50", 50, 1, 50},
		{"1..2000", 2000, 1, 2000},
		{"one", 1, 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			op := func(dst, x []float64) {
				for i := range x {
					dst[i] = float64(i+1) * x[i]
				}
			}
			e := runExtremes(t, op, nil, tc.n, 1, 4*tc.n+50)
			if e.Err() != nil {
				t.Fatal(e.Err())
			}
			if math.Abs(e.Min()-tc.lo) > 1e-6*tc.lo || math.Abs(e.Max()-tc.hi) > 1e-6*tc.hi {
				t.Errorf("got [%v, %v] after %d iterations, want [%v, %v]", e.Min(), e.Max(), e.Iter(), tc.lo, tc.hi)
			}
		})
	}
}

// TestExtremesDeflated: a PSD matrix of rank r < n, with the projection off
// its null space, gives the smallest POSITIVE eigenvalue; without it, 0.
func TestExtremesDeflated(t *testing.T) {
	const n, r = 60, 25
	a := randPSD(n, r, 3)
	own, gon := oracles(t, a, n)
	// The range of A is spanned by its columns: project onto an
	// orthonormal basis of them.
	basis := orthoBasis(a, n, r)
	project := func(x []float64) {
		tmp := make([]float64, n)
		for _, q := range basis {
			var c float64
			for i := range x {
				c += q[i] * x[i]
			}
			for i := range tmp {
				tmp[i] += c * q[i]
			}
		}
		copy(x, tmp)
	}
	e := runExtremes(t, denseOp(a, n), project, n, 7, 500)
	if e.Err() != nil {
		t.Fatal(e.Err())
	}
	for _, want := range [][2]float64{{own[r-1], own[0]}, {gon[r-1], gon[0]}} {
		if math.Abs(e.Min()-want[0]) > 1e-7*want[0] || math.Abs(e.Max()-want[1]) > 1e-7*want[1] {
			t.Errorf("deflated: got [%v, %v], want [%v, %v]", e.Min(), e.Max(), want[0], want[1])
		}
	}
	f := runExtremes(t, denseOp(a, n), nil, n, 7, 500)
	if math.Abs(f.Min()) > 1e-9*own[0] {
		t.Errorf("undeflated smallest eigenvalue %v, want 0", f.Min())
	}
}

// orthoBasis returns an orthonormal basis of the column space of the
// symmetric a of rank r (modified Gram–Schmidt with a rank cut).
func orthoBasis(a []float64, n, r int) [][]float64 {
	var basis [][]float64
	for j := 0; j < n && len(basis) < r; j++ {
		v := make([]float64, n)
		for i := range v {
			v[i] = a[i*n+j]
		}
		for pass := 0; pass < 2; pass++ {
			for _, q := range basis {
				var c float64
				for i := range v {
					c += q[i] * v[i]
				}
				for i := range v {
					v[i] -= c * q[i]
				}
			}
		}
		var s float64
		for _, x := range v {
			s += x * x
		}
		if s < 1e-20 {
			continue
		}
		for i := range v {
			v[i] /= math.Sqrt(s)
		}
		basis = append(basis, v)
	}
	return basis
}

func TestExtremesDeterministic(t *testing.T) {
	a := randPSD(40, 40, 5)
	run := func() (float64, float64, int) {
		e := runExtremes(t, denseOp(a, 40), nil, 40, 2, 200)
		return e.Min(), e.Max(), e.Iter()
	}
	l1, h1, i1 := run()
	l2, h2, i2 := run()
	if l1 != l2 || h1 != h2 || i1 != i2 {
		t.Errorf("two runs differ: (%v %v %d) vs (%v %v %d)", l1, h1, i1, l2, h2, i2)
	}
}

func TestExtremesErrors(t *testing.T) {
	id := func(dst, x []float64) { copy(dst, x) }
	if _, err := NewExtremes(id, nil, 0, 1, 10); err == nil {
		t.Error("n = 0 accepted")
	}
	if _, err := NewExtremes(id, nil, 5, 1, 0); err == nil {
		t.Error("maxIter = 0 accepted")
	}
	zero := func(x []float64) { clear(x) }
	if _, err := NewExtremes(id, zero, 5, 1, 10); err == nil {
		t.Error("a projection onto {0} accepted")
	}
	op := func(dst, x []float64) {
		for i := range x {
			dst[i] = float64(i+1) * x[i]
		}
	}
	e := runExtremes(t, op, nil, 1000, 1, 5)
	if !errors.Is(e.Err(), ErrExtremesNotConverged) {
		t.Errorf("5 iterations on 1000 distinct eigenvalues: err %v", e.Err())
	}
	if e.Min() < 1 || e.Max() > 1000 {
		t.Errorf("Ritz values [%v, %v] outside the spectrum", e.Min(), e.Max())
	}
	if p := e.Progress(); p < 0 || p > 1 {
		t.Errorf("progress %v", p)
	}
}
