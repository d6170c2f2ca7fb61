package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/kernel"
	"sgdlab/web"
)

// mnistOneHot loads the first n MNIST images and their one-hot targets (n×10).
func mnistOneHot(n int) (l *data.Labeled, y []float64, c int, err error) {
	st := data.NewStore()
	if err := st.LoadFS(web.FS(), []data.Need{{Dataset: "mnist", Samples: n}}); err != nil {
		return nil, nil, 0, err
	}
	if l, err = st.Labeled("mnist", n); err != nil {
		return nil, nil, 0, err
	}
	if l.N < n {
		return nil, nil, 0, fmt.Errorf("mnist has %d samples", l.N)
	}
	idx, err := l.Select(data.First, n, nil)
	if err != nil {
		return nil, nil, 0, err
	}
	y, c, err = l.Encode(idx, data.OneHot, nil)
	return l, y, c, err
}

// runKernelSGD times steps of kernel SGD (kernel.SGD, c = 10 one-hot
// outputs) with the Gaussian kernel matrix of the first n MNIST images,
// precomputed by sgdlab, against numpy and PyTorch on the same K and batches
// (with replacement), for m = 1, 8, 64, and checks the coefficients α after
// the steps. η = 1/β (β = max K_ii = 1) is safe for every m: THEORY §2.2's
// bound holds for η < 2m/(β + (m−1)λ₁), which is at least 2/β as λ₁ ≤ β.
func runKernelSGD(python string, n int, sigma float64, steps, reps int) error {
	if err := needTorch(python); err != nil {
		return err
	}
	l, y, c, err := mnistOneHot(n)
	if err != nil {
		return err
	}
	t0 := time.Now()
	k := make([]float64, n*n)
	ms := kernel.NewMatrixStepper(k, l.X[:n*l.D], n, l.D, kernel.Gaussian{Sigma: sigma})
	for !ms.Step() {
	}
	fmt.Fprintf(os.Stderr, "kernel matrix: %.1f s on %d threads\n", time.Since(t0).Seconds(), runtime.GOMAXPROCS(0))
	eta := 1 / kernel.Beta(k, n)
	dir, err := os.MkdirTemp("", "benchkernelsgd")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := writeF64(filepath.Join(dir, "k.f64"), k); err != nil {
		return err
	}
	if err := writeF64(filepath.Join(dir, "y.f64"), y); err != nil {
		return err
	}
	b := &sgdBench{
		mode: "kernel",
		title: fmt.Sprintf("Kernel SGD step (kernel.SGD: R = Kα − y kept, α_B −= (η/m) R_B, R += K[:,B]Δ), precomputed Gaussian K (σ = %g) of the first n = %d MNIST digits, c = %d one-hot outputs, η = 1/β = %g, the same batches drawn with replacement",
			sigma, n, c, eta),
		n: n, c: c, eta: eta, ms: []int{1, 8, 64}, steps: steps, reps: reps, dir: dir,
		newStep: func(m int, sp *replay) stepper {
			s := kernel.NewSGDMulti(k, y, c, m, eta, sp)
			return stepper{step: s.Step, coef: func() []float64 { return s.Alpha }, mse: s.MSE}
		},
	}
	return b.run(python)
}
