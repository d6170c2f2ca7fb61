package model

import (
	"fmt"
	"math"

	"sgdlab/sim/kernel"
	"sgdlab/sim/vec"
)

// Finite is a finite-sum loss f(θ) = (1/n) Σ_i f_i(θ) that evaluates on any
// set of samples: what SGD with a line search needs, since the Armijo
// condition compares f_B at trial points on the batch B that gave the
// gradient (THEORY §5). Methods may use the value's scratch: give each
// goroutine its own CloneFinite.
type Finite interface {
	// Dim is the number of parameters, Len the number of samples n.
	Dim() int
	Len() int
	// LossGrad sets g to the gradient of f_S(w) = (1/|S|) Σ_{i∈S} f_i(w) over
	// the samples S = idx (each listed index counts once per listing) and
	// returns f_S(w) and ‖g‖², the squared norm in the geometry of the
	// update w − αg (the Euclidean norm, or the RKHS norm for kernels).
	LossGrad(g, w []float64, idx []int) (loss, g2 float64)
	// Loss returns f_S(w).
	Loss(w []float64, idx []int) float64
	// Eval returns the full loss f(w) and the training accuracy (NaN for a
	// regression); when grad is not nil it also sets grad = ∇f(w) and
	// returns ‖∇f(w)‖² (else NaN).
	Eval(grad, w []float64) (loss, acc, g2 float64)
	CloneFinite() Finite
}

var (
	_ Finite = (*MLP)(nil)
	_ Finite = (*LinReg)(nil)
	_ Finite = (*KernelReg)(nil)
)

// Len implements Finite.
func (m *MLP) Len() int { return m.N }

// CloneFinite implements Finite.
func (m *MLP) CloneFinite() Finite { return m.Clone().(*MLP) }

// LossGrad implements Finite: the mean cross-entropy of the samples idx and
// its gradient (backpropagation).
func (m *MLP) LossGrad(g, w []float64, idx []int) (loss, g2 float64) {
	loss, _ = m.lossGrad(&m.sc, g, w, idx)
	return loss, vec.Norm2(g)
}

// Loss implements Finite: forward passes only.
func (m *MLP) Loss(w []float64, idx []int) float64 {
	l, _ := m.forwardSum(w, idx)
	return l / float64(len(idx))
}

// Eval implements Finite: one pass over the n samples (forward only when
// grad is nil).
func (m *MLP) Eval(grad, w []float64) (loss, acc, g2 float64) {
	if grad != nil {
		l, correct := m.lossGrad(&m.sc, grad, w, m.all())
		return l, float64(correct) / float64(m.N), vec.Norm2(grad)
	}
	l, correct := m.forwardSum(w, m.all())
	return l / float64(m.N), float64(correct) / float64(m.N), math.NaN()
}

// forwardSum runs the samples idx forward in blocks and returns the sum of
// their losses, in the order of idx, and how many are classified correctly.
func (m *MLP) forwardSum(w []float64, idx []int) (loss float64, correct int) {
	sc := &m.sc
	sc.block(m.Sizes, min(len(idx), mlpBlock))
	K := m.Sizes[len(m.Sizes)-1]
	probs := sc.ba[len(m.Sizes)-1]
	for len(idx) > 0 {
		blk := idx[:min(len(idx), mlpBlock)]
		idx = idx[len(blk):]
		m.forwardBlock(sc, w, blk)
		for s, i := range blk {
			loss += sc.bloss[s]
			if argmax(probs[s*K:(s+1)*K]) == m.Labels[i] {
				correct++
			}
		}
	}
	return loss, correct
}

// Len implements Finite.
func (m *LinReg) Len() int { return m.DS.N }

// CloneFinite implements Finite (LinReg keeps no scratch).
func (m *LinReg) CloneFinite() Finite { return m }

// LossGrad implements Finite: f_S = (1/|S|) Σ ½(x_i·w − y_i)², g = (1/|S|) Σ r_i x_i.
func (m *LinReg) LossGrad(g, w []float64, idx []int) (loss, g2 float64) {
	vec.Zero(g)
	inv := 1 / float64(len(idx))
	for _, i := range idx {
		x := m.DS.Row(i)
		r := vec.Dot(x, w) - m.DS.Y[i]
		loss += float64(r * r / 2)
		vec.Axpy(g, r*inv, x)
	}
	return loss * inv, vec.Norm2(g)
}

// Loss implements Finite.
func (m *LinReg) Loss(w []float64, idx []int) float64 {
	var l float64
	for _, i := range idx {
		r := vec.Dot(m.DS.Row(i), w) - m.DS.Y[i]
		l += float64(r * r / 2)
	}
	return l / float64(len(idx))
}

// Eval implements Finite (a regression: the accuracy is NaN).
func (m *LinReg) Eval(grad, w []float64) (loss, acc, g2 float64) {
	if grad != nil {
		loss = m.Full(grad, w)
		return loss, math.NaN(), vec.Norm2(grad)
	}
	var l float64
	for i := range m.DS.N {
		r := vec.Dot(m.DS.Row(i), w) - m.DS.Y[i]
		l += float64(r * r / 2)
	}
	return l / float64(m.DS.N), math.NaN(), math.NaN()
}

// KernelReg is kernel least squares with C outputs in the interpolation
// regime (THEORY §2.1): f(x) = Σ_j α_j k(x_j, x) with α_j ∈ R^C, f_i(α) =
// ½‖K_i·α − y_i‖², the gradient taken in the RKHS, where the stochastic
// gradient of the samples S is the coefficient vector g with g_i =
// r_i/|S| for i ∈ S (r_i = K_i·α − y_i) and 0 elsewhere — the update
// α_S ← α_S − (η/|S|) r_S of the critical lab — and ‖g‖²_H = Σ_c gᵀ_c K g_c.
// Parameters are α laid out n×C (row i: the C outputs of sample i). With
// one-hot targets the accuracy counts argmax f(x_i) = argmax y_i.
type KernelReg struct {
	K      []float64 // n×n
	Y      []float64 // n×C
	N, C   int
	r, s   []float64 // scratch: C residuals, C targets or sums
	onehot bool
}

// NewKernelReg returns kernel least squares on the n×n kernel matrix k and
// the n×c targets y.
func NewKernelReg(k, y []float64, n, c int) (*KernelReg, error) {
	if n < 1 || c < 1 || len(k) != n*n || len(y) != n*c {
		return nil, fmt.Errorf("model: kernel regression needs an n×n matrix and n×C targets (n = %d, C = %d, %d and %d values)", n, c, len(k), len(y))
	}
	onehot := c > 1
	for i := 0; i < n && onehot; i++ {
		ones := 0
		for _, v := range y[i*c : (i+1)*c] {
			switch v {
			case 1:
				ones++
			case 0:
			default:
				onehot = false
			}
		}
		onehot = onehot && ones == 1
	}
	return &KernelReg{K: k, Y: y, N: n, C: c, r: make([]float64, c), s: make([]float64, c), onehot: onehot}, nil
}

// Dim implements Finite: n·C coefficients.
func (m *KernelReg) Dim() int { return m.N * m.C }

// Len implements Finite.
func (m *KernelReg) Len() int { return m.N }

// CloneFinite implements Finite.
func (m *KernelReg) CloneFinite() Finite {
	c := *m
	c.r, c.s = make([]float64, m.C), make([]float64, m.C)
	return &c
}

// residual sets m.r = K_i·α − y_i (C outputs) and returns ½‖m.r‖².
func (m *KernelReg) residual(w []float64, i int) float64 {
	copy(m.s, m.Y[i*m.C:(i+1)*m.C])
	vec.Zero(m.r)
	row := m.K[i*m.N : (i+1)*m.N]
	for j, kij := range row {
		if kij != 0 {
			vec.Axpy(m.r, kij, w[j*m.C:(j+1)*m.C])
		}
	}
	var l float64
	for c := range m.r {
		m.r[c] -= m.s[c]
		l += float64(m.r[c] * m.r[c])
	}
	return l / 2
}

// LossGrad implements Finite.
func (m *KernelReg) LossGrad(g, w []float64, idx []int) (loss, g2 float64) {
	vec.Zero(g)
	inv := 1 / float64(len(idx))
	for _, i := range idx {
		loss += m.residual(w, i)
		vec.Axpy(g[i*m.C:(i+1)*m.C], inv, m.r)
	}
	// ‖g‖²_H = Σ_{i,j ∈ S} K_ij ⟨g_i, g_j⟩ over the distinct indices of S.
	for a, i := range idx {
		if seen(idx[:a], i) {
			continue
		}
		gi := g[i*m.C : (i+1)*m.C]
		for b, j := range idx {
			if seen(idx[:b], j) {
				continue
			}
			g2 += float64(m.K[i*m.N+j] * vec.Dot(gi, g[j*m.C:(j+1)*m.C]))
		}
	}
	return loss * inv, g2
}

// seen reports whether i occurs in s (batches are short).
func seen(s []int, i int) bool {
	for _, v := range s {
		if v == i {
			return true
		}
	}
	return false
}

// Loss implements Finite.
func (m *KernelReg) Loss(w []float64, idx []int) float64 {
	var l float64
	for _, i := range idx {
		l += m.residual(w, i)
	}
	return l / float64(len(idx))
}

// Eval implements Finite: O(n²C), and as much again for ‖∇f‖²_H.
func (m *KernelReg) Eval(grad, w []float64) (loss, acc, g2 float64) {
	correct := 0
	inv := 1 / float64(m.N)
	if grad != nil {
		vec.Zero(grad)
	}
	for i := range m.N {
		loss += m.residual(w, i)
		if m.onehot {
			// f(x_i) = r_i + y_i
			for c := range m.r {
				m.r[c] += m.s[c]
			}
			if argmax(m.r) == argmax(m.s) {
				correct++
			}
			for c := range m.r {
				m.r[c] -= m.s[c]
			}
		}
		if grad != nil {
			vec.Axpy(grad[i*m.C:(i+1)*m.C], inv, m.r)
		}
	}
	acc, g2 = math.NaN(), math.NaN()
	if m.onehot {
		acc = float64(correct) * inv
	}
	if grad != nil {
		g2 = 0
		for i := range m.N {
			vec.Zero(m.s)
			for j, kij := range m.K[i*m.N : (i+1)*m.N] {
				if kij != 0 {
					vec.Axpy(m.s, kij, grad[j*m.C:(j+1)*m.C])
				}
			}
			g2 += vec.Dot(grad[i*m.C:(i+1)*m.C], m.s)
		}
	}
	return loss * inv, acc, g2
}

// NewKernelRegData builds the kernel matrix of the n×d samples x with k and
// returns kernel least squares on the targets y (n×c).
func NewKernelRegData(x []float64, n, d int, k kernel.Kernel, y []float64, c int) (*KernelReg, error) {
	if len(x) != n*d {
		return nil, fmt.Errorf("model: %d values for %d samples of dimension %d", len(x), n, d)
	}
	km := make([]float64, n*n)
	kernel.Matrix(km, x, n, d, k)
	return NewKernelReg(km, y, n, c)
}

// all returns the indices 0…n−1 (kept in the scratch, as Full keeps them).
func (m *MLP) all() []int {
	if len(m.sc.idx) != m.N {
		m.sc.idx = make([]int, m.N)
		for i := range m.sc.idx {
			m.sc.idx[i] = i
		}
	}
	return m.sc.idx
}
