package main

import (
	"bufio"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
)

//go:embed sgd_peers.py
var sgdScript string

// sgdPeer is what sgd_peers.py prints.
type sgdPeer struct {
	Lib     string `json:"lib"`
	Version string `json:"version"`
	Threads string `json:"threads"`
	BLAS    string `json:"blas"` // the BLAS libraries mapped into the process
	Runs    []struct {
		M       int     `json:"m"`
		Seconds float64 `json:"seconds"` // per step, the median of the repetitions
	} `json:"runs"`
}

func parseSGDPeer(out []byte, ms []int) (sgdPeer, error) {
	var p sgdPeer
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &p); err != nil {
		return p, fmt.Errorf("the peer's output is not the expected JSON: %v\n%s", err, out)
	}
	if len(p.Runs) != len(ms) {
		return p, fmt.Errorf("%s reported %d batch sizes, want %d", p.Lib, len(p.Runs), len(ms))
	}
	for k, r := range p.Runs {
		if r.M != ms[k] || !(r.Seconds > 0) {
			return p, fmt.Errorf("%s reported %v seconds per step for m = %d (want m = %d)", p.Lib, r.Seconds, r.M, ms[k])
		}
	}
	return p, nil
}

// replay is a sampler.Sampler that hands out recorded batches of m indices
// in order, so that sgdlab's stepper and the peers see the same batches.
type replay struct {
	b    []int
	m, t int
}

func (r *replay) Next(dst []int) []int {
	dst = append(dst[:0], r.b[r.t*r.m:(r.t+1)*r.m]...)
	r.t++
	return dst
}

// drawBatches records steps batches of m indices in [0, n) drawn with
// replacement by sampler.Replace from the seeded stream (1, StreamRun).
func drawBatches(n, m, steps int) []int {
	sp, err := sampler.New(sampler.Replace, n, m, rng.New(1, rng.StreamRun))
	if err != nil {
		panic(err)
	}
	all := make([]int, 0, steps*m)
	var b []int
	for range steps {
		b = sp.Next(b)
		all = append(all, b...)
	}
	return all
}

// writeF64 writes v little-endian without an extra copy of the whole slice.
func writeF64(path string, v []float64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var b [8]byte
	for _, x := range v {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		w.Write(b[:])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func readF64(path string, n int) ([]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	v := make([]float64, n)
	r := bufio.NewReader(f)
	if err := binary.Read(r, binary.LittleEndian, v); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return nil, fmt.Errorf("%s: longer than %d values", path, n)
	}
	return v, nil
}

// stepper is one of sgdlab's SGD steppers, made afresh for each repetition.
type stepper struct {
	step func()
	coef func() []float64 // the coefficients the peers write out
	mse  func() float64   // the training MSE, for the table
}

// sgdBench is one side-by-side comparison: sgdlab's stepper against numpy and
// PyTorch running the same formula on the same batches.
type sgdBench struct {
	mode    string // "kernel" or "linear", sgd_peers.py's MODE
	title   string
	n, c    int
	eta     float64
	ms      []int
	steps   int // at m ≥ 64; see stepsFor
	reps    int
	dir     string                          // holds y.f64 and k.f64 or x.f64
	newStep func(m int, sp *replay) stepper // a fresh stepper on the replayed batches
}

// stepsFor is the number of steps timed at batch size m: steps·max(1, 64/m),
// so that the small batches, whose steps are short, are timed over as many
// samples as m = 64.
func (b *sgdBench) stepsFor(m int) int { return b.steps * max(1, 64/m) }

// peerRun is one configuration of a peer: library and threads.
type peerRun struct {
	lib, threads string
	env          []string
	one          bool // on one thread (its BLAS too)
}

func (b *sgdBench) run(python string) error {
	batches := make([][]int, len(b.ms))
	for k, m := range b.ms {
		batches[k] = drawBatches(b.n, m, b.stepsFor(m))
		if err := writeInt64(filepath.Join(b.dir, fmt.Sprintf("batches_%d.i64", m)), batches[k]); err != nil {
			return err
		}
	}
	// sgdlab, one thread, then all of them (GOMAXPROCS = NumCPU: a large
	// step shares its work among GOMAXPROCS goroutines, with the same bits)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	procs := runtime.NumCPU()
	rates := make([]float64, len(b.ms))
	ratesAll := make([]float64, len(b.ms))
	coefs := make([][]float64, len(b.ms))
	mses := make([]float64, len(b.ms))
	time1 := func(k, m int) float64 {
		steps := b.stepsFor(m)
		t := make([]float64, b.reps)
		for q := range t {
			s := b.newStep(m, &replay{b: batches[k], m: m})
			t0 := time.Now()
			for range steps {
				s.step()
			}
			t[q] = time.Since(t0).Seconds() / float64(steps)
			coefs[k], mses[k] = s.coef(), s.mse()
		}
		return 1 / median(t)
	}
	for k, m := range b.ms {
		rates[k] = time1(k, m)
	}
	runtime.GOMAXPROCS(procs)
	for k, m := range b.ms {
		ratesAll[k] = time1(k, m)
	}

	py := filepath.Join(b.dir, "sgd_peers.py")
	if err := os.WriteFile(py, []byte(sgdScript), 0o644); err != nil {
		return err
	}
	one := []string{"OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "MKL_NUM_THREADS=1"}
	runs := []peerRun{
		{"numpy", "1", one, true}, {"numpy", "default", nil, false},
		{"torch", "1", one, true}, {"torch", "default", nil, false},
	}
	msArg := strings.Trim(strings.Join(strings.Fields(fmt.Sprint(b.ms)), ","), "[]")
	var peers []sgdPeer
	worst := 0.0
	for _, r := range runs {
		cmd := exec.Command(python, py, b.mode, r.lib, r.threads, b.dir, fmt.Sprint(b.n), fmt.Sprint(b.c),
			fmt.Sprint(b.reps), fmt.Sprint(b.eta), msArg)
		cmd.Env = append(os.Environ(), r.env...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("%s: %v", r.lib, err)
		}
		p, err := parseSGDPeer(out, b.ms)
		if err != nil {
			return err
		}
		for k, m := range b.ms {
			got, err := readF64(filepath.Join(b.dir, fmt.Sprintf("out_%s_%s_%d.f64", r.lib, r.threads, m)), len(coefs[k]))
			if err != nil {
				return err
			}
			worst = math.Max(worst, relDiff(coefs[k], got))
		}
		peers = append(peers, p)
	}

	versions := map[string]string{}
	for _, p := range peers {
		versions[p.Lib] = fmt.Sprintf("%s %s (BLAS: %s)", p.Lib, p.Version, p.BLAS)
	}
	fmt.Printf("%s: steps per second, the median of %d runs of %d·max(1, 64/m) steps from zero (%s, %d CPUs; %s; %s)\n\n",
		b.title, b.reps, b.steps, runtime.Version(), runtime.NumCPU(), versions["numpy"], versions["torch"])
	head := fmt.Sprintf("| m | sgdlab (1 thread, %s) | sgdlab (all threads: %d) |", build, procs)
	rule := "|---:|---:|---:|"
	for k, r := range runs {
		head += " " + peerName(r, peers[k]) + " |"
		rule += "---:|"
	}
	fmt.Println(head + " sgdlab ÷ fastest 1-thread peer | sgdlab (all threads) ÷ fastest default-threads peer | training MSE after the steps |")
	fmt.Println(rule + "---:|---:|---:|")
	for k, m := range b.ms {
		line := fmt.Sprintf("| %d | %s | %s |", m, fmtRate(rates[k]), fmtRate(ratesAll[k]))
		var one, multi float64
		for q, p := range peers {
			rate := 1 / p.Runs[k].Seconds
			line += " " + fmtRate(rate) + " |"
			if runs[q].one {
				one = math.Max(one, rate)
			} else {
				multi = math.Max(multi, rate)
			}
		}
		fmt.Printf("%s %.2f× | %.2f× | %.6g |\n", line, rates[k]/one, ratesAll[k]/multi, mses[k])
	}
	fmt.Printf("\nlargest difference of the coefficients after the steps, max |Δ| / max |peer|, over all peers and m: %.2g\n", worst)
	if !(worst < 1e-10) {
		return fmt.Errorf("sgdlab and its peers disagree: relative difference %g", worst)
	}
	return nil
}

// peerName is the column title of a peer run, with the threads it reported.
func peerName(r peerRun, p sgdPeer) string {
	name := map[string]string{"numpy": "numpy", "torch": "PyTorch"}[r.lib]
	switch {
	case r.one:
		return name + " (1 thread)"
	case r.threads == "default" && p.Threads == "default":
		return name + " (default threads)"
	case r.threads == "default":
		return fmt.Sprintf("%s (default: %s)", name, p.Threads)
	}
	return fmt.Sprintf("%s (set_num_threads(%s))", name, r.threads)
}

// fmtRate prints a rate with three significant digits and no exponent.
func fmtRate(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f", r)
	case r >= 10:
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.2f", r)
}

func writeInt64(path string, v []int) error {
	w := make([]int64, len(v))
	for i, x := range v {
		w[i] = int64(x)
	}
	return writeLE(path, w)
}

// needTorch reports a clear error when python cannot import torch.
func needTorch(python string) error {
	if err := exec.Command(python, "-c", "import torch").Run(); err != nil {
		return errors.New(python + " cannot import torch: install it with `apt-get install python3-torch` (make bench-peers does, as root)")
	}
	return nil
}
