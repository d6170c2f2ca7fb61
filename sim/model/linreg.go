package model

import (
	"fmt"
	"math/rand/v2"

	"sgdlab/sim/data"
	"sgdlab/sim/sampler"
	"sgdlab/sim/theory"
	"sgdlab/sim/vec"
)

// LinReg is least squares on a dataset (THEORY §1, §4): ℓ_i(w) =
// ½(x_i·w − y_i)², L(w) = (1/n) Σ_i ℓ_i(w), ∇ℓ_i(w) = (x_i·w − y_i) x_i.
// Batches are subsets of size b drawn without replacement (the sampler of
// Lemma 1).
type LinReg struct {
	DS    *data.Dataset
	norm2 []float64 // ‖x_i‖²
}

// NewLinReg returns least squares on ds.
func NewLinReg(ds *data.Dataset) *LinReg {
	m := &LinReg{DS: ds, norm2: make([]float64, ds.N)}
	for i := range ds.N {
		m.norm2[i] = vec.Norm2(ds.Row(i))
	}
	return m
}

// Dim implements Model.
func (m *LinReg) Dim() int { return m.DS.D }

// Clone implements Model (LinReg keeps no scratch).
func (m *LinReg) Clone() Model { return m }

// Full implements Model: ∇L(w) = (1/n) Σ_i (x_i·w − y_i) x_i.
func (m *LinReg) Full(dst, w []float64) float64 {
	vec.Zero(dst)
	var l float64
	inv := 1 / float64(m.DS.N)
	for i := range m.DS.N {
		x := m.DS.Row(i)
		r := vec.Dot(x, w) - m.DS.Y[i]
		l += float64(r * r / 2)
		vec.Axpy(dst, r*inv, x)
	}
	return l * inv
}

// SampleGradStats returns, at w, the mean squared norm of the per-sample
// gradients S₂ = (1/n) Σ_i ‖∇ℓ_i(w)‖² and ‖∇L(w)‖², setting dst = ∇L(w): the
// two terms of Lemma 1.
func (m *LinReg) SampleGradStats(dst, w []float64) (s2, full2 float64) {
	_, s2 = m.fullStats(dst, w)
	return s2, vec.Norm2(dst)
}

// fullStats sets dst = ∇L(w) and returns L(w) and S₂, in one pass
// (‖∇ℓ_i‖² = r_i² ‖x_i‖²).
func (m *LinReg) fullStats(dst, w []float64) (loss, s2 float64) {
	vec.Zero(dst)
	inv := 1 / float64(m.DS.N)
	for i := range m.DS.N {
		x := m.DS.Row(i)
		r := vec.Dot(x, w) - m.DS.Y[i]
		loss += float64(r * r / 2)
		s2 += float64(r * r * m.norm2[i])
		vec.Axpy(dst, r*inv, x)
	}
	return loss * inv, s2 * inv
}

// CondVar is Lemma 1 (THEORY §4): the variance of the mini-batch gradient of
// a uniformly random subset of size b given w,
// Var(g | w) = c_b (S₂ − ‖∇L(w)‖²), c_b = (n − b)/(b(n − 1)) (theory.CB).
func (m *LinReg) CondVar(dst, w []float64, b int) float64 {
	s2, f2 := m.SampleGradStats(dst, w)
	return theory.CB(m.DS.N, b) * (s2 - f2)
}

// FullCond sets dst = ∇L(w) and returns L(w) and Lemma 1's Var(g | w) for
// batch size b, in one pass over the data.
func (m *LinReg) FullCond(dst, w []float64, b int) (loss, condVar float64) {
	loss, s2 := m.fullStats(dst, w)
	return loss, theory.CB(m.DS.N, b) * (s2 - vec.Norm2(dst))
}

type linBatcher struct {
	m     *LinReg
	s     sampler.Sampler
	batch []int
}

// NewBatcher implements Model: subsets of size b (b ≤ n).
func (m *LinReg) NewBatcher(b int, r *rand.Rand) Batcher {
	s, err := sampler.New(sampler.Subset, m.DS.N, b, r)
	if err != nil {
		panic(fmt.Sprintf("model: %v", err)) // callers keep 1 ≤ b ≤ n
	}
	return &linBatcher{m: m, s: s, batch: make([]int, 0, b)}
}

// Grad implements Batcher: g = (1/b) Σ_{i∈B} (x_i·w − y_i) x_i.
func (lb *linBatcher) Grad(g, w []float64) {
	lb.batch = lb.s.Next(lb.batch)
	vec.Zero(g)
	inv := 1 / float64(len(lb.batch))
	ds := lb.m.DS
	for _, i := range lb.batch {
		x := ds.Row(i)
		vec.Axpy(g, (vec.Dot(x, w)-ds.Y[i])*inv, x)
	}
}
