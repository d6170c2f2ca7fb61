package data

import (
	"errors"
	"fmt"
	"math"

	"sgdlab/sim/linalg"
	"sgdlab/sim/pmath"
	"sgdlab/sim/rng"
	"sgdlab/sim/vec"
)

// Spectra of synthetic samples.
const (
	Isotropic = "iso"   // x_i ~ N(0, I/d): E‖x_i‖² = 1
	Corr      = "corr"  // x_i = √(1−ρ)·z_i/√d + √ρ·u: a shared unit direction u
	PowerLaw  = "power" // x_ij ~ N(0, s_j), s_j ∝ j^(−α), Σ s_j = 1
	Ortho     = "ortho" // orthonormal rows (needs d ≥ n): every nonzero λ = 1/n
)

// Spectra lists the spectrum names in the order the page offers them.
var Spectra = []string{Isotropic, Corr, PowerLaw, Ortho}

// Synth describes a synthetic least-squares problem.
type Synth struct {
	N, D      int
	Spectrum  string
	Rho       float64 // Corr: strength of the shared direction, in [0, 1)
	Alpha     float64 // PowerLaw: exponent α ≥ 0
	Normalize bool    // scale every sample to ‖x_i‖ = 1
	Noise     float64 // label noise: y = X w_gen + Noise·ξ, ξ ~ N(0, I)
	Seed      uint64  // the data seed (dseed)
}

// Synthesize draws the samples from (Seed, rng.StreamData) and the target from
// (Seed, rng.StreamTarget). The generating weights are w_gen = Xᵀc/‖Xᵀc‖ with
// c ~ N(0, I_n), so w_gen lies in Range(H) and y = X w_gen is interpolated with
// ‖Pδ_0‖² = 1 from w_0 = 0. With label noise, WStar is the minimum-norm
// least-squares solution, computed by a Cholesky solve of the Gram matrix
// (d ≥ n) or of XᵀX (d < n).
func Synthesize(s Synth) (*Dataset, error) {
	n, d := s.N, s.D
	if n < 1 || d < 1 {
		return nil, fmt.Errorf("data: need n ≥ 1 and d ≥ 1, got n=%d d=%d", n, d)
	}
	if s.Spectrum == Ortho && d < n {
		return nil, fmt.Errorf("data: orthonormal samples need d ≥ n (n=%d, d=%d)", n, d)
	}
	g := rng.NewGauss(rng.New(s.Seed, rng.StreamData))
	x := make([]float64, n*d)
	switch s.Spectrum {
	case Isotropic, Ortho:
		sd := 1 / math.Sqrt(float64(d))
		for i := range x {
			x[i] = sd * g.Norm()
		}
		if s.Spectrum == Ortho {
			if err := orthonormalize(x, n, d); err != nil {
				return nil, err
			}
		}
	case Corr:
		u := make([]float64, d)
		for j := range u {
			u[j] = g.Norm()
		}
		vec.Scale(u, 1/math.Sqrt(vec.Norm2(u)))
		a, b := math.Sqrt(1-s.Rho)/math.Sqrt(float64(d)), math.Sqrt(s.Rho)
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				x[i*d+j] = float64(a*g.Norm()) + float64(b*u[j])
			}
		}
	case PowerLaw:
		sd := make([]float64, d)
		var tot float64
		for j := range sd {
			sd[j] = pmath.Pow(float64(j+1), -s.Alpha)
			tot += sd[j]
		}
		for j := range sd {
			sd[j] = math.Sqrt(sd[j] / tot)
		}
		for i := 0; i < n; i++ {
			for j := 0; j < d; j++ {
				x[i*d+j] = sd[j] * g.Norm()
			}
		}
	default:
		return nil, fmt.Errorf("data: unknown spectrum %q", s.Spectrum)
	}
	if s.Normalize {
		for i := 0; i < n; i++ {
			r := x[i*d : (i+1)*d]
			nr := math.Sqrt(vec.Norm2(r))
			if nr == 0 {
				return nil, errors.New("data: a zero sample cannot be normalised")
			}
			vec.Scale(r, 1/nr)
		}
	}
	ds := &Dataset{N: n, D: d, X: x, Y: make([]float64, n), WStar: make([]float64, d)}
	gt := rng.NewGauss(rng.New(s.Seed, rng.StreamTarget))
	wgen := ds.WStar
	for i := 0; i < n; i++ {
		vec.Axpy(wgen, gt.Norm(), ds.Row(i))
	}
	nw := math.Sqrt(vec.Norm2(wgen))
	if nw == 0 {
		return nil, errors.New("data: the samples span nothing (all zero)")
	}
	vec.Scale(wgen, 1/nw)
	for i := 0; i < n; i++ {
		ds.Y[i] = vec.Dot(ds.Row(i), wgen)
	}
	ds.Interpolates = true
	if s.Noise > 0 {
		for i := range ds.Y {
			ds.Y[i] += float64(s.Noise * gt.Norm())
		}
		if err := ds.solveMinNorm(); err != nil {
			return nil, err
		}
		ds.Interpolates = d >= n
	}
	return ds, nil
}

// solveMinNorm sets WStar to the minimum-norm least-squares solution of Xw = y.
func (ds *Dataset) solveMinNorm() error {
	n, d := ds.N, ds.D
	if d >= n { // w = Xᵀ G⁻¹ y, G = X Xᵀ
		g := Gram(ds)
		c := make([]float64, n)
		if err := linalg.CholeskySolve(c, g, n, ds.Y); err != nil {
			return errors.New("data: the samples are (numerically) dependent; the least-squares solution is not unique enough to compute — change the seed or the spectrum")
		}
		vec.Zero(ds.WStar)
		for i := 0; i < n; i++ {
			vec.Axpy(ds.WStar, c[i], ds.Row(i))
		}
		return nil
	}
	a := Cov(ds) // w = (XᵀX)⁻¹ Xᵀ y
	b := make([]float64, d)
	for i := 0; i < n; i++ {
		vec.Axpy(b, ds.Y[i], ds.Row(i))
	}
	if err := linalg.CholeskySolve(ds.WStar, a, d, b); err != nil {
		return errors.New("data: XᵀX is (numerically) singular; the least-squares solution cannot be computed — change the seed or the spectrum")
	}
	return nil
}

// Gram returns G = X Xᵀ (n×n, row-major, both triangles).
func Gram(ds *Dataset) []float64 {
	n := ds.N
	g := make([]float64, n*n)
	for i := 0; i < n; i++ {
		xi := ds.Row(i)
		for j := 0; j <= i; j++ {
			v := vec.Dot(xi, ds.Row(j))
			g[i*n+j], g[j*n+i] = v, v
		}
	}
	return g
}

// Cov returns XᵀX (d×d, row-major, both triangles).
func Cov(ds *Dataset) []float64 {
	d := ds.D
	c := make([]float64, d*d)
	for i := 0; i < ds.N; i++ {
		xi := ds.Row(i)
		for a := 0; a < d; a++ {
			if xi[a] == 0 {
				continue
			}
			vec.Axpy(c[a*d:a*d+d], xi[a], xi)
		}
	}
	return c
}

// orthonormalize replaces the n rows of x (each of length d ≥ n) by an
// orthonormal set spanning the same space (modified Gram–Schmidt, twice).
func orthonormalize(x []float64, n, d int) error {
	for i := 0; i < n; i++ {
		r := x[i*d : (i+1)*d]
		for pass := 0; pass < 2; pass++ {
			for j := 0; j < i; j++ {
				q := x[j*d : (j+1)*d]
				vec.Axpy(r, -vec.Dot(q, r), q)
			}
		}
		nr := math.Sqrt(vec.Norm2(r))
		if nr < 1e-8 {
			return errors.New("data: could not orthonormalise the samples")
		}
		vec.Scale(r, 1/nr)
	}
	return nil
}
