package main

import (
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/model"
	"sgdlab/sim/rng"
	"sgdlab/web"
)

//go:embed mlp_torch.py
var mlpScript string

// mlpPeer is what mlp_torch.py prints.
type mlpPeer struct {
	Torch   string  `json:"torch"`
	Threads int     `json:"threads"`
	BLAS    int     `json:"blas_threads"` // OpenBLAS's own pool, −1 when unknown
	F32     float64 `json:"f32"`          // seconds per pass, best of the repetitions
	F64     float64 `json:"f64"`
	Loss    float64 `json:"loss"` // float64 loss of the first batch
}

// threads is torch's threads, and its BLAS's when they differ.
func (p mlpPeer) threads() string {
	if p.BLAS < 1 || p.BLAS == p.Threads {
		return fmt.Sprint(p.Threads)
	}
	return fmt.Sprintf("%d (BLAS %d)", p.Threads, p.BLAS)
}

func parseMLPPeer(out []byte) (mlpPeer, error) {
	var p mlpPeer
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &p); err != nil {
		return p, fmt.Errorf("torch's output is not the expected JSON: %v\n%s", err, out)
	}
	if !(p.F32 > 0 && p.F64 > 0 && p.Threads > 0) {
		return p, fmt.Errorf("torch reported %v and %v seconds per pass on %d threads", p.F32, p.F64, p.Threads)
	}
	return p, nil
}

// relDiff is max_i |a_i − b_i| / max_i |b_i|: the largest difference
// relative to the size of b's largest entry.
func relDiff(a, b []float64) float64 {
	var d, s float64
	for i := range b {
		d = math.Max(d, math.Abs(a[i]-b[i]))
		s = math.Max(s, math.Abs(b[i]))
	}
	return d / math.Max(s, 1e-300)
}

func writeLE(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := binary.Write(f, binary.LittleEndian, v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// runMLP times passes forward and backward passes of the 784-128-10 MLP
// (model.MLP: ReLU, softmax cross-entropy, mean over the batch) on batches
// of 128 MNIST images, with sgdlab on one thread and with PyTorch in float32
// and float64 on its default threads, on all CPUs and on one thread (its
// BLAS too), from the same weights and images; it checks that torch's float64 loss and gradient
// of the first batch agree with sgdlab's.
func runMLP(python string, passes, reps int) error {
	if err := exec.Command(python, "-c", "import torch").Run(); err != nil {
		return errors.New(python + " cannot import torch: install it with `apt-get install python3-torch` (make bench-peers does, as root)")
	}
	const n, bs = 1024, 128
	st := data.NewStore()
	if err := st.LoadFS(web.FS(), []data.Need{{Dataset: "mnist", Samples: n}}); err != nil {
		return err
	}
	l, err := st.Labeled("mnist", n)
	if err != nil {
		return err
	}
	if l.N < n || l.D != 784 {
		return fmt.Errorf("mnist has %d samples of dimension %d", l.N, l.D)
	}
	// one network per batch of consecutive images (as torch slices them):
	// Full is then one forward and backward pass of the batch
	nets := make([]*model.MLP, n/bs)
	for k := range nets {
		nets[k], err = model.NewMLP([]int{784, 128, 10}, l.X[k*bs*784:(k+1)*bs*784], l.Labels[k*bs:(k+1)*bs])
		if err != nil {
			return err
		}
	}
	w := nets[0].Init(rng.New(1, 1))
	g := make([]float64, nets[0].Dim())
	for _, net := range nets {
		net.Full(g, w) // warm up (allocates the scratch)
	}
	best := math.Inf(1)
	for range reps {
		t0 := time.Now()
		for k := range passes {
			nets[k%len(nets)].Full(g, w)
		}
		best = math.Min(best, time.Since(t0).Seconds()/float64(passes))
	}
	loss := nets[0].Full(g, w)

	dir, err := os.MkdirTemp("", "benchmlp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	y := make([]int64, n)
	for i, c := range l.Labels[:n] {
		y[i] = int64(c)
	}
	for name, v := range map[string]any{"x.f64": l.X[:n*784], "y.i64": y, "w.f64": w} {
		if err := writeLE(filepath.Join(dir, name), v); err != nil {
			return err
		}
	}
	py := filepath.Join(dir, "mlp_torch.py")
	if err := os.WriteFile(py, []byte(mlpScript), 0o644); err != nil {
		return err
	}
	runPeer := func(threads string, env ...string) (mlpPeer, error) {
		cmd := exec.Command(python, py, dir, fmt.Sprint(n), fmt.Sprint(bs), fmt.Sprint(passes), fmt.Sprint(reps), threads)
		cmd.Env = append(os.Environ(), env...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return mlpPeer{}, fmt.Errorf("torch: %v", err)
		}
		return parseMLPPeer(out)
	}
	def, err := runPeer("default")
	if err != nil {
		return err
	}
	gt := make([]float64, len(g))
	f, err := os.Open(filepath.Join(dir, "g.f64"))
	if err != nil {
		return err
	}
	err = binary.Read(f, binary.LittleEndian, gt)
	f.Close()
	if err != nil {
		return fmt.Errorf("torch's gradient: %v", err)
	}
	peers, names := []mlpPeer{def}, []string{"default threads"}
	if cpus := runtime.NumCPU(); cpus != def.Threads {
		all, err := runPeer(fmt.Sprint(cpus))
		if err != nil {
			return err
		}
		peers, names = append(peers, all), append(names, fmt.Sprintf("set_num_threads(%d)", cpus))
	}
	one, err := runPeer("1", "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "MKL_NUM_THREADS=1")
	if err != nil {
		return err
	}
	peers, names = append(peers, one), append(names, "one thread, BLAS too")

	dl, dg := math.Abs(loss-def.Loss)/math.Abs(def.Loss), relDiff(g, gt)
	rate := bs / best
	fmt.Printf("MLP 784-128-10 (ReLU, softmax cross-entropy), one forward and backward pass of a batch of %d MNIST images: samples per second, best of %d × %d passes (%s, %d CPUs; torch %s)\n\n",
		bs, reps, passes, runtime.Version(), runtime.NumCPU(), def.Torch)
	fmt.Println("| implementation | dtype | threads | samples/s | ÷ sgdlab |\n|:---|:---|---:|---:|---:|")
	fmt.Printf("| sgdlab model.MLP (%s) | float64 | 1 | %.0f | 1.00× |\n", build, rate)
	for _, dt := range []string{"float32", "float64"} {
		for i, p := range peers {
			s := p.F32
			if dt == "float64" {
				s = p.F64
			}
			fmt.Printf("| PyTorch (%s) | %s | %s | %.0f | %.2f× |\n", names[i], dt, p.threads(), bs/s, bs/s/rate)
		}
	}
	fmt.Printf("\nfirst batch, torch float64 vs sgdlab: loss %.17g vs %.17g (relative difference %.2g), gradient max |Δ| / max |g| = %.2g\n", def.Loss, loss, dl, dg)
	if !(dl < 1e-10 && dg < 1e-10) {
		return fmt.Errorf("sgdlab and torch disagree: loss %g, gradient %g", dl, dg)
	}
	return nil
}
