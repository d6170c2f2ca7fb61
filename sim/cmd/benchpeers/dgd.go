package main

import (
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/dgd"
	"sgdlab/sim/graph"
	"sgdlab/sim/rng"
	"sgdlab/web"
)

//go:embed dgd_numpy.py
var dgdScript string

// dgdPeer is what dgd_numpy.py prints.
type dgdPeer struct {
	Seconds float64   `json:"seconds"`
	Numpy   string    `json:"numpy"`
	Backend string    `json:"backend"`
	Entries []float64 `json:"entries"`
}

// runDGD times synchronous distributed-GD steps on the first n MNIST images
// (d = 784) for a ring and for G(n, 8/(n−1)), natively and with numpy, and
// checks that W after the same steps agrees.
func runDGD(python string, ns []int, steps, reps int) error {
	st := data.NewStore()
	nmax := 0
	for _, n := range ns {
		nmax = max(nmax, n)
	}
	if err := st.LoadFS(web.FS(), []data.Need{{Dataset: "mnist", Samples: nmax}}); err != nil {
		return err
	}
	l, err := st.Labeled("mnist", nmax)
	if err != nil {
		return err
	}
	const eta, mu = 1e-3, 0.1
	fmt.Printf("Synchronous distributed-GD step on the first n MNIST images (d = %d), η = %g, μ = %g: seconds per step, best of %d × %d steps (%s, %d CPUs)\n\n", l.D, eta, mu, reps, steps, runtime.Version(), runtime.NumCPU())
	fmt.Println("| graph | n | edges | sgdlab s/step | numpy s/step (default threads) | numpy s/step (1 thread) | numpy ÷ sgdlab | largest rel. difference |\n|:---|---:|---:|---:|---:|---:|---:|---:|")
	var backend, version string
	for _, n := range ns {
		ds := &data.Dataset{N: n, D: l.D, X: l.X[:n*l.D], Y: make([]float64, n)}
		for i := range ds.Y {
			ds.Y[i] = float64(l.Labels[i])
		}
		er, err := graph.ErdosRenyi(n, 8/float64(n-1), rng.New(1, 20))
		if err != nil {
			return err
		}
		for _, g := range []struct {
			name string
			g    *graph.Graph
		}{{"ring", graph.Ring(n)}, {"Erdős–Rényi, mean degree 8", er}} {
			best := math.Inf(1)
			var w []float64
			for range reps {
				s := dgd.NewSync(g.g, ds, eta, mu, nil)
				t0 := time.Now()
				for range steps {
					s.Step()
				}
				best = math.Min(best, time.Since(t0).Seconds()/float64(steps))
				w = s.Nodes()
			}
			probe := pairs(n*l.D, 300)
			idx := make([]int64, len(probe))
			for k, p := range probe {
				idx[k] = int64(p[0])
			}
			multi, err := numpyDGD(python, ds, g.g, idx, steps, reps, eta, mu)
			if err != nil {
				return err
			}
			single, err := numpyDGD(python, ds, g.g, idx, steps, reps, eta, mu, "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1")
			if err != nil {
				return err
			}
			var diff float64
			for k, i := range idx {
				diff = math.Max(diff, math.Abs(w[i]-multi.Entries[k])/math.Max(math.Abs(multi.Entries[k]), 1e-12))
			}
			fmt.Printf("| %s | %d | %d | %.4f | %.4f | %.4f | %.2f× | %.1g |\n", g.name, n, len(g.g.Edges), best, multi.Seconds, single.Seconds, math.Min(multi.Seconds, single.Seconds)/best, diff)
			if diff > 1e-9 {
				return fmt.Errorf("sgdlab and numpy disagree on W: relative difference %g", diff)
			}
			backend, version = multi.Backend, multi.Numpy
		}
	}
	fmt.Printf("\nnumpy %s, neighbour sums by %s; the ratio uses numpy's faster configuration.\n", version, backend)
	return nil
}

// numpyDGD writes the problem to a temporary directory and runs dgd_numpy.py.
func numpyDGD(python string, ds *data.Dataset, g *graph.Graph, probe []int64, steps, reps int, eta, mu float64, env ...string) (dgdPeer, error) {
	dir, err := os.MkdirTemp("", "benchdgd")
	if err != nil {
		return dgdPeer{}, err
	}
	defer os.RemoveAll(dir)
	edges := make([]int32, 0, 2*len(g.Edges))
	for _, e := range g.Edges {
		edges = append(edges, int32(e.U), int32(e.V))
	}
	for name, v := range map[string]any{"x.f64": ds.X, "y.f64": ds.Y, "edges.i32": edges, "probe.i64": probe} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return dgdPeer{}, err
		}
		if err := binary.Write(f, binary.LittleEndian, v); err != nil {
			return dgdPeer{}, err
		}
		f.Close()
	}
	py := filepath.Join(dir, "dgd_numpy.py")
	if err := os.WriteFile(py, []byte(dgdScript), 0o644); err != nil {
		return dgdPeer{}, err
	}
	cmd := exec.Command(python, py, dir, fmt.Sprint(ds.N), fmt.Sprint(ds.D), fmt.Sprint(steps), fmt.Sprint(reps), fmt.Sprint(eta), fmt.Sprint(mu))
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return dgdPeer{}, fmt.Errorf("numpy: %v", err)
	}
	var p dgdPeer
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &p); err != nil || !(p.Seconds > 0) {
		return p, fmt.Errorf("numpy's output is not the expected JSON: %v\n%s", err, out)
	}
	return p, nil
}
