package model

import (
	"fmt"
	"math"
	"testing"

	"sgdlab/sim/kernel"
	"sgdlab/sim/rng"
)

// finites are small instances of every Finite.
// finiteCase is a small instance of a Finite with a parameter vector.
type finiteCase struct {
	f Finite
	w []float64
}

func finites(t *testing.T) map[string]finiteCase {
	t.Helper()
	out := map[string]finiteCase{}
	ds := smallData(t, 12, 5)
	out["linreg"] = finiteCase{NewLinReg(ds), []float64{0.3, -1, 0.5, 2, -0.7}}
	m := tinyMLP(t, []int{6, 5, 3}, 15)
	out["mlp"] = finiteCase{m, m.Init(rng.New(4, 4))}
	// Kernel regression on the MLP's inputs with one-hot targets.
	y := make([]float64, m.N*3)
	for i, l := range m.Labels {
		y[i*3+l] = 1
	}
	kr, err := NewKernelRegData(m.X, m.N, 6, kernel.Gaussian{Sigma: 1.5}, y, 3)
	if err != nil {
		t.Fatal(err)
	}
	wk := make([]float64, kr.Dim())
	g := rng.NewGauss(rng.New(5, 5))
	for i := range wk {
		wk[i] = 0.3 * g.Norm()
	}
	out["kernel"] = finiteCase{kr, wk}
	return out
}

// TestFiniteDirectionalDerivative checks the identity the line search rests
// on: d/dα f_S(w − αg)|₀ = −‖g‖² in the problem's geometry, for batches with
// and without repeated indices, and LossGrad's loss against Loss.
func TestFiniteDirectionalDerivative(t *testing.T) {
	for name, c := range finites(t) {
		f, w := c.f, c.w
		for _, idx := range [][]int{{0}, {3, 1, 4}, {2, 2, 7}, nil} {
			if idx == nil {
				for i := range f.Len() {
					idx = append(idx, i)
				}
			}
			t.Run(fmt.Sprintf("%s/%v", name, len(idx)), func(t *testing.T) {
				g := make([]float64, f.Dim())
				loss, g2 := f.LossGrad(g, w, idx)
				if l := f.Loss(w, idx); math.Abs(l-loss) > 1e-12*math.Max(1, l) {
					t.Fatalf("LossGrad's loss %v, Loss %v", loss, l)
				}
				at := func(a float64) float64 {
					v := make([]float64, len(w))
					for i := range w {
						v[i] = w[i] - a*g[i]
					}
					return f.Loss(v, idx)
				}
				h := 1e-5
				fd := (at(h) - at(-h)) / (2 * h)
				if !(g2 > 0) || math.Abs(fd+g2) > 1e-6*math.Max(1, g2) {
					t.Fatalf("d/dα f_S(w − αg) = %v, −‖g‖² = %v", fd, -g2)
				}
			})
		}
		t.Run(name+"/eval", func(t *testing.T) {
			all := make([]int, f.Len())
			for i := range all {
				all[i] = i
			}
			g := make([]float64, f.Dim())
			lossB, g2B := f.LossGrad(g, w, all)
			grad := make([]float64, f.Dim())
			loss, acc, g2 := f.Eval(grad, w)
			loss0, acc0, g20 := f.Eval(nil, w)
			if math.Abs(loss-lossB) > 1e-12*lossB || math.Abs(loss0-lossB) > 1e-12*lossB || math.Abs(g2-g2B) > 1e-9*g2B {
				t.Errorf("Eval: loss %v/%v, ‖∇f‖² %v; LossGrad over all: %v, %v", loss, loss0, g2, lossB, g2B)
			}
			if !math.IsNaN(g20) {
				t.Errorf("Eval(nil) returned ‖∇f‖² = %v", g20)
			}
			if name == "linreg" != math.IsNaN(acc) || !(acc == acc0 || math.IsNaN(acc)) {
				t.Errorf("accuracy %v / %v", acc, acc0)
			}
			if c := f.CloneFinite(); c.Loss(w, all) != f.Loss(w, all) {
				t.Error("the clone disagrees")
			}
		})
	}
}

// The MLP's accuracy in Eval agrees with Accuracy; the kernel's with a
// direct argmax of K·α.
func TestFiniteAccuracy(t *testing.T) {
	c := finites(t)
	m := c["mlp"].f.(*MLP)
	if _, acc, _ := m.Eval(nil, c["mlp"].w); acc != m.Accuracy(c["mlp"].w) {
		t.Errorf("Eval accuracy %v, Accuracy %v", acc, m.Accuracy(c["mlp"].w))
	}
	kr, w := c["kernel"].f.(*KernelReg), c["kernel"].w
	correct := 0
	for i := range kr.N {
		best, arg := math.Inf(-1), -1
		for o := range kr.C {
			var s float64
			for j := range kr.N {
				s += kr.K[i*kr.N+j] * w[j*kr.C+o]
			}
			if s > best {
				best, arg = s, o
			}
		}
		if kr.Y[i*kr.C+arg] == 1 {
			correct++
		}
	}
	if _, acc, _ := kr.Eval(nil, w); acc != float64(correct)/float64(kr.N) {
		t.Errorf("kernel accuracy %v, want %v", acc, float64(correct)/float64(kr.N))
	}
	// Regression targets: no accuracy.
	r, _ := NewKernelReg(kr.K, kr.Y[:kr.N], kr.N, 1)
	if _, acc, _ := r.Eval(nil, w[:kr.N]); !math.IsNaN(acc) {
		t.Errorf("one-output kernel regression has accuracy %v", acc)
	}
	if _, err := NewKernelReg(kr.K, kr.Y, kr.N+1, kr.C); err == nil {
		t.Error("mismatched sizes accepted")
	}
}
