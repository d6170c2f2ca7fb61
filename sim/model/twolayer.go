package model

import (
	"math"
	"math/rand/v2"

	"sgdlab/sim/rng"
)

// TwoLayer is the two-layer linear teacher-student network of THEORY §4 in
// the online setting: x ~ N(0, I_p), student W₂W₁ (W₁: h×p, W₂: o×h),
// teacher T = W̄₂W̄₁ (o×p), Δ = W₂W₁ − T, population loss
// L = E ½‖Δx‖² = ½‖Δ‖²_F, ∇_{W₁}L = W₂ᵀΔ, ∇_{W₂}L = ΔW₁ᵀ. A batch of b fresh
// samples gives g₁ = W₂ᵀΔS, g₂ = ΔSW₁ᵀ with S = (1/b) Σ x xᵀ. The parameter
// vector is W₁ then W₂, row-major.
type TwoLayer struct {
	P, H, O int
	Teacher []float64 // T, o×p
	sc      twoScratch
}

// twoScratch holds Δ (o×p), W₂ᵀΔ (h×p), ΔS (o×p) and S (p×p).
type twoScratch struct {
	delta, a, ds, s, x []float64
}

func newTwoScratch(p, h, o int) twoScratch {
	return twoScratch{delta: make([]float64, o*p), a: make([]float64, h*p), ds: make([]float64, o*p), s: make([]float64, p*p), x: make([]float64, p)}
}

// NewTwoLayer returns the model for a teacher T (o×p).
func NewTwoLayer(p, h, o int, teacher []float64) *TwoLayer {
	return &TwoLayer{P: p, H: h, O: o, Teacher: teacher, sc: newTwoScratch(p, h, o)}
}

// DrawTwoLayer draws a two-layer network's weights W₁ then W₂, entries
// N(0, 1/fan-in), from r: the teacher's factors or a student's start.
func DrawTwoLayer(p, h, o int, r *rand.Rand) []float64 {
	g := rng.NewGauss(r)
	w := make([]float64, h*p+o*h)
	s1, s2 := 1/math.Sqrt(float64(p)), 1/math.Sqrt(float64(h))
	for i := range w {
		if i < h*p {
			w[i] = s1 * g.Norm()
		} else {
			w[i] = s2 * g.Norm()
		}
	}
	return w
}

// Product returns W₂W₁ (o×p) of weights w laid out as W₁ then W₂.
func Product(p, h, o int, w []float64) []float64 {
	t := make([]float64, o*p)
	w1, w2 := w[:h*p], w[h*p:]
	for i := range o {
		for k := range h {
			c := w2[i*h+k]
			for j := range p {
				t[i*p+j] += float64(c * w1[k*p+j])
			}
		}
	}
	return t
}

// Dim implements Model: h·p + o·h.
func (m *TwoLayer) Dim() int { return m.H*m.P + m.O*m.H }

// Clone implements Model.
func (m *TwoLayer) Clone() Model { return NewTwoLayer(m.P, m.H, m.O, m.Teacher) }

// delta sets sc.delta = W₂W₁ − T and sc.a = W₂ᵀΔ, and returns ½‖Δ‖²_F.
func (m *TwoLayer) delta(sc *twoScratch, w []float64) float64 {
	p, h, o := m.P, m.H, m.O
	w1, w2 := w[:h*p], w[h*p:]
	var l float64
	for i := range o {
		row := sc.delta[i*p : (i+1)*p]
		for j := range row {
			row[j] = -m.Teacher[i*p+j]
		}
		for k := range h {
			c := w2[i*h+k]
			w1k := w1[k*p : (k+1)*p]
			for j := range row {
				row[j] += float64(c * w1k[j])
			}
		}
		for _, v := range row {
			l += float64(v * v)
		}
	}
	clear(sc.a)
	for i := range o {
		row := sc.delta[i*p : (i+1)*p]
		for k := range h {
			c := w2[i*h+k]
			ak := sc.a[k*p : (k+1)*p]
			for j := range ak {
				ak[j] += float64(c * row[j])
			}
		}
	}
	return l / 2
}

// grads sets dst to (W₂ᵀΔM, ΔMW₁ᵀ) for M = S (a batch) or M = I (the
// population, s nil), with sc.delta and sc.a set.
func (m *TwoLayer) grads(sc *twoScratch, dst, w []float64, s []float64) {
	p, h, o := m.P, m.H, m.O
	w1 := w[:h*p]
	g1, g2 := dst[:h*p], dst[h*p:]
	dm := sc.delta
	if s != nil {
		// g₁ = (W₂ᵀΔ) S, ΔS for g₂ (S symmetric: row j of S is column j).
		mulSym(g1, sc.a, s, h, p)
		mulSym(sc.ds, sc.delta, s, o, p)
		dm = sc.ds
	} else {
		copy(g1, sc.a)
	}
	for i := range o {
		row := dm[i*p : (i+1)*p]
		for k := range h {
			w1k := w1[k*p : (k+1)*p]
			var acc float64
			for j := range row {
				acc += float64(row[j] * w1k[j])
			}
			g2[i*h+k] = acc
		}
	}
}

// mulSym sets dst (r×p) = a (r×p) · s (p×p, symmetric).
func mulSym(dst, a, s []float64, r, p int) {
	for i := range r {
		ai := a[i*p : (i+1)*p]
		di := dst[i*p : (i+1)*p]
		for j := range di {
			sj := s[j*p : (j+1)*p]
			var acc float64
			for k := range ai {
				acc += float64(ai[k] * sj[k])
			}
			di[j] = acc
		}
	}
}

// Full implements Model: the population gradient and loss.
func (m *TwoLayer) Full(dst, w []float64) float64 {
	l := m.delta(&m.sc, w)
	m.grads(&m.sc, dst, w, nil)
	return l
}

type twoBatcher struct {
	m  *TwoLayer
	b  int
	g  *rng.Gauss
	sc twoScratch
}

// NewBatcher implements Model: b fresh samples x ~ N(0, I_p) per call.
func (m *TwoLayer) NewBatcher(b int, r *rand.Rand) Batcher {
	return &twoBatcher{m: m, b: b, g: rng.NewGauss(r), sc: newTwoScratch(m.P, m.H, m.O)}
}

// Grad implements Batcher.
func (tb *twoBatcher) Grad(g, w []float64) {
	p := tb.m.P
	s := tb.sc.s
	clear(s)
	inv := 1 / float64(tb.b)
	for range tb.b {
		for j := range tb.sc.x {
			tb.sc.x[j] = tb.g.Norm()
		}
		for i := range p {
			c := tb.sc.x[i] * inv
			si := s[i*p : (i+1)*p]
			for j := range si {
				si[j] += float64(c * tb.sc.x[j])
			}
		}
	}
	tb.m.delta(&tb.sc, w)
	tb.m.grads(&tb.sc, g, w, s)
}
