// Command benchpeers runs sgdlab's Gaussian kernel matrix side by side with a
// numpy implementation of the same computation (kernel_numpy.py: squared
// norms, G = X Xᵀ, D² = max(0, nᵢ + nⱼ − 2G), K = exp(−D²/2σ²), float64) on
// the first n MNIST samples, checks that the two agree entry by entry, and
// prints seconds and ratios as a Markdown table. numpy runs twice: with its
// BLAS's default threads and with one thread; sgdlab's stepper with one
// thread and with GOMAXPROCS (its tiles are shared among goroutines natively).
//
//	go run ./sim/cmd/benchpeers -n 10000      # make bench-peers
//
// With -dgd K it instead times K synchronous distributed-GD steps (THEORY
// §3; K·n/1000 at n = 1000) on MNIST nodes, sgdlab on one thread and on
// all, against dgd_numpy.py and dgd_torch.py (PyTorch, float64) on their
// default threads and on one, on a ring and on Erdős–Rényi graphs of 1000
// and n nodes (the median of -reps runs each), and checks that W agrees
// after the steps.
// With -ensemble K it times K steps of 1000 least-squares runs recording
// every step (the variance lab) against ensemble_numpy.py, and checks both
// estimates of var(g₀ | F₀) against Lemma 1. With -mlp K it times K forward
// and backward passes of the 784-128-10 MLP (model.MLP) on batches of 128
// MNIST images against mlp_torch.py (PyTorch, float32 and float64) and checks
// torch's float64 loss and gradient against sgdlab's. With -kernelsgd K it
// times K steps of kernel SGD (kernel.SGD, 10 one-hot outputs) on the
// precomputed Gaussian kernel matrix of the first n MNIST digits, and with
// -linsgd K K steps of linear least-squares SGD on their raw pixels
// (sgd.Multi, 784×10), for several batch sizes, against numpy and PyTorch
// (float64; sgd_peers.py) on one thread and on their default threads, on the
// same data and batches, and checks the coefficients after the K steps.
package main

import (
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/kernel"
	"sgdlab/web"
)

//go:embed kernel_numpy.py
var script string

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchpeers:", err)
		os.Exit(1)
	}
}

// peer is what kernel_numpy.py prints.
type peer struct {
	Seconds float64   `json:"seconds"`
	Threads string    `json:"threads"`
	Numpy   string    `json:"numpy"`
	Entries []float64 `json:"entries"`
}

func parsePeer(out []byte) (peer, error) {
	var p peer
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &p); err != nil {
		return p, fmt.Errorf("numpy's output is not the expected JSON: %v\n%s", err, out)
	}
	if !(p.Seconds > 0) {
		return p, fmt.Errorf("numpy reported %v seconds", p.Seconds)
	}
	return p, nil
}

// pairs is a fixed, spread-out list of (i, j) entries to compare.
func pairs(n, count int) [][2]int {
	var ps [][2]int
	var s uint64 = 88172645463325252
	for range count {
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
		ps = append(ps, [2]int{int(s % uint64(n)), int((s >> 32) % uint64(n))})
	}
	return ps
}

// maxRelDiff is the largest |a−b|/max(|b|, 1e-300) over the pairs.
func maxRelDiff(k []float64, n int, ps [][2]int, want []float64) float64 {
	var m float64
	for q, p := range ps {
		a, b := k[p[0]*n+p[1]], want[q]
		m = math.Max(m, math.Abs(a-b)/math.Max(math.Abs(b), 1e-300))
	}
	return m
}

func run() error {
	n := flag.Int("n", 10000, "samples (the first n of MNIST)")
	sigma := flag.Float64("sigma", 5, "Gaussian bandwidth σ")
	reps := flag.Int("reps", 1, "repetitions; the best time counts")
	python := flag.String("python", "/usr/bin/python3", "the Python with numpy (Debian's python3-numpy)")
	dgdSteps := flag.Int("dgd", 0, "instead of the kernel matrix: time this many distributed-GD steps at n and (this many · n/1000) at n = 1000 (ring and Erdős–Rényi) against numpy and PyTorch")
	ens := flag.Int("ensemble", 0, "instead of the kernel matrix: time this many steps of R = 1000 least-squares runs (the variance lab) against numpy")
	ksgd := flag.Int("kernelsgd", 0, "instead of the kernel matrix: time this many kernel-SGD steps (kernel.SGD on the precomputed Gaussian K of the first n MNIST digits, 10 outputs, m = 1, 8, 64) against numpy and PyTorch")
	lin := flag.Int("linsgd", 0, "instead of the kernel matrix: time this many steps of linear least-squares SGD on the raw pixels of the first n MNIST images (sgd.Multi, 784×10, m = 1, 8, 64, 1024) against numpy and PyTorch")
	mlp := flag.Int("mlp", 0, "instead of the kernel matrix: time this many forward and backward passes of the 784-128-10 MLP on batches of 128 MNIST images against PyTorch")
	flag.Parse()
	if err := exec.Command(*python, "-c", "import numpy").Run(); err != nil {
		return errors.New(*python + " cannot import numpy: install it with `apt-get install python3-numpy` (make bench-peers does, as root)")
	}
	if *ksgd > 0 || *lin > 0 {
		if *ksgd > 0 {
			if err := runKernelSGD(*python, *n, *sigma, *ksgd, *reps); err != nil {
				return err
			}
		}
		if *lin > 0 {
			if *ksgd > 0 {
				fmt.Println()
			}
			return runLinSGD(*python, *n, *lin, *reps)
		}
		return nil
	}
	if *mlp > 0 {
		return runMLP(*python, *mlp, *reps)
	}
	if *ens > 0 {
		return runEnsemble(*python, 1000, *ens, *reps)
	}
	if *dgdSteps > 0 {
		return runDGD(*python, []int{1000, *n}, *dgdSteps, *reps)
	}
	st := data.NewStore()
	if err := st.LoadFS(web.FS(), []data.Need{{Dataset: "mnist", Samples: *n}}); err != nil {
		return err
	}
	l, err := st.Labeled("mnist", *n)
	if err != nil {
		return err
	}
	if l.N < *n {
		return fmt.Errorf("mnist has %d samples", l.N)
	}
	d := l.D
	x := l.X[:*n*d]
	k := make([]float64, *n**n)
	g := kernel.Gaussian{Sigma: *sigma}
	best := func(f func()) float64 {
		b := math.Inf(1)
		for range *reps {
			t0 := time.Now()
			f()
			b = math.Min(b, time.Since(t0).Seconds())
		}
		return b
	}
	dense := best(func() { kernel.Matrix(k, x, *n, d, g) })
	stepper := func() {
		s := kernel.NewMatrixStepper(k, x, *n, d, g)
		for !s.Step() {
		}
	}
	procs := runtime.GOMAXPROCS(1)
	sparse1 := best(stepper)
	runtime.GOMAXPROCS(procs)
	sparse := best(stepper)
	ps := pairs(*n, 500)
	psJSON, _ := json.Marshal(ps)
	dir, err := os.MkdirTemp("", "benchpeers")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	py := filepath.Join(dir, "kernel_numpy.py")
	if err := os.WriteFile(py, []byte(script), 0o644); err != nil {
		return err
	}
	dataDir := filepath.Join("web", "static", "data", "mnist")
	runPeer := func(env ...string) (peer, error) {
		cmd := exec.Command(*python, py, dataDir, fmt.Sprint(*n), fmt.Sprint(*sigma), fmt.Sprint(*reps), string(psJSON))
		cmd.Env = append(os.Environ(), env...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return peer{}, fmt.Errorf("numpy: %v", err)
		}
		return parsePeer(out)
	}
	multi, err := runPeer()
	if err != nil {
		return err
	}
	single, err := runPeer("OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "MKL_NUM_THREADS=1")
	if err != nil {
		return err
	}
	diff := maxRelDiff(k, *n, ps, multi.Entries)
	fmt.Printf("Gaussian kernel matrix, MNIST n = %d, d = %d, σ = %g (best of %d; %s, %d CPUs; numpy %s)\n\n",
		*n, d, *sigma, *reps, runtime.Version(), runtime.NumCPU(), multi.Numpy)
	fmt.Println("| implementation | threads | seconds | sgdlab (sparse, all threads) time ÷ this |\n|:---|---:|---:|---:|")
	row := func(name, threads string, s float64) {
		fmt.Printf("| %s | %s | %.3f | %.2f× |\n", name, threads, s, sparse/s)
	}
	row("sgdlab kernel.Matrix (dense tiles)", "1", dense)
	row("sgdlab MatrixStepper (skips zero pixels)", "1", sparse1)
	row("sgdlab MatrixStepper (skips zero pixels)", fmt.Sprint(procs), sparse)
	row("numpy (BLAS default threads)", multi.Threads, multi.Seconds)
	row("numpy (one thread)", "1", single.Seconds)
	fmt.Printf("\nlargest relative difference from numpy over %d entries: %.2g\n", len(ps), diff)
	if diff > 1e-9 {
		return fmt.Errorf("sgdlab and numpy disagree: relative difference %g", diff)
	}
	return nil
}
