package main

import (
	"fmt"
	"os"
	"path/filepath"

	"sgdlab/sim/data"
	"sgdlab/sim/sgd"
)

// runLinSGD times steps of multi-output linear least-squares SGD on raw
// pixels (sgd.Multi: W is 784×10, f(x) = xᵀW, one-hot targets) on the first
// n MNIST images against numpy and PyTorch doing the dense natural thing
// (R = X_B W − Y_B, W −= (η/m) X_Bᵀ R) on the same batches (with
// replacement), for m = 1, 8, 64, 1024, and checks W after the steps.
// η = 1/β with β = max ‖x_i‖² over the n images is safe for every m:
// THEORY §2.2's bound holds for η < 2m/(β + (m−1)λ₁) ≥ 2/β.
func runLinSGD(python string, n, steps, reps int) error {
	if err := needTorch(python); err != nil {
		return err
	}
	l, y, c, err := mnistOneHot(n)
	if err != nil {
		return err
	}
	d := l.D
	x := l.X[:n*d]
	beta := data.Beta(x, d)
	eta := 1 / beta
	dir, err := os.MkdirTemp("", "benchlinsgd")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := writeF64(filepath.Join(dir, "x.f64"), x); err != nil {
		return err
	}
	if err := writeF64(filepath.Join(dir, "y.f64"), y); err != nil {
		return err
	}
	var nnz int
	for _, v := range x {
		if v != 0 {
			nnz++
		}
	}
	b := &sgdBench{
		mode: "linear",
		title: fmt.Sprintf("Linear least-squares SGD step on raw pixels (sgd.Multi: W %d×%d, W −= (η/m) Σ_B x_i(x_iᵀW − y_i)ᵀ over the nonzero pixels; the peers dense), the first n = %d MNIST images (%.1f%% of the pixels nonzero), one-hot targets, η = 1/β = 1/%.4g, the same batches drawn with replacement",
			d, c, n, 100*float64(nnz)/float64(len(x)), beta),
		n: n, c: c, eta: eta, ms: []int{1, 8, 64, 1024}, steps: steps, reps: reps, dir: dir,
		newStep: func(m int, sp *replay) stepper {
			s := sgd.NewMulti(x, d, y, c, m, eta, sp)
			return stepper{step: s.Step, coef: func() []float64 { return s.W }, mse: s.MSE}
		},
	}
	return b.run(python)
}
