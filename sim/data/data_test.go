package data

import (
	"math"
	"testing"

	"sgdlab/sim/vec"
)

func TestSynthesizeInterpolates(t *testing.T) {
	for _, s := range []Synth{
		{N: 20, D: 40, Spectrum: Isotropic, Seed: 1},
		{N: 20, D: 40, Spectrum: Corr, Rho: 0.5, Seed: 1},
		{N: 20, D: 40, Spectrum: PowerLaw, Alpha: 2, Seed: 1},
		{N: 20, D: 40, Spectrum: Ortho, Seed: 1},
		{N: 20, D: 40, Spectrum: Isotropic, Normalize: true, Noise: 0.5, Seed: 1},
		{N: 40, D: 20, Spectrum: Isotropic, Seed: 1},
	} {
		ds, err := Synthesize(s)
		if err != nil {
			t.Fatal(err)
		}
		if !ds.Interpolates {
			t.Errorf("%+v: not interpolating", s)
		}
		if mse := ds.MSE(ds.WStar); mse > 1e-20 {
			t.Errorf("%+v: MSE(w*) = %g", s, mse)
		}
		if s.Normalize || s.Spectrum == Ortho {
			for i := 0; i < ds.N; i++ {
				if math.Abs(vec.Norm2(ds.Row(i))-1) > 1e-12 {
					t.Fatalf("%+v: ‖x_%d‖² = %v", s, i, vec.Norm2(ds.Row(i)))
				}
			}
		}
	}
}

// With noise and d < n, w* is the least-squares solution: the residual is
// orthogonal to every column of X.
func TestLeastSquaresWhenNoInterpolant(t *testing.T) {
	ds, err := Synthesize(Synth{N: 60, D: 10, Spectrum: Isotropic, Noise: 0.3, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Interpolates {
		t.Error("claims to interpolate")
	}
	for a := 0; a < ds.D; a++ {
		var g float64
		for i := 0; i < ds.N; i++ {
			g += (vec.Dot(ds.Row(i), ds.WStar) - ds.Y[i]) * ds.Row(i)[a]
		}
		if math.Abs(g) > 1e-10 {
			t.Errorf("gradient[%d] = %g at w*", a, g)
		}
	}
}

func TestOrthoNeedsWideData(t *testing.T) {
	if _, err := Synthesize(Synth{N: 10, D: 5, Spectrum: Ortho}); err == nil {
		t.Error("no error")
	}
}
