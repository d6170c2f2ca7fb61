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
	"slices"
	"strings"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/dgd"
	"sgdlab/sim/graph"
	"sgdlab/sim/rng"
	"sgdlab/web"
)

var (
	//go:embed dgd_numpy.py
	dgdScript string
	//go:embed dgd_torch.py
	dgdTorchScript string
)

// dgdPeer is what dgd_numpy.py and dgd_torch.py print.
type dgdPeer struct {
	Seconds float64   `json:"seconds"`
	Threads string    `json:"threads"`
	Numpy   string    `json:"numpy"` // numpy's version (dgd_numpy.py)
	Torch   string    `json:"torch"` // torch's version (dgd_torch.py)
	Backend string    `json:"backend"`
	Entries []float64 `json:"entries"`
}

func parseDGDPeer(out []byte, probes int) (dgdPeer, error) {
	var p dgdPeer
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &p); err != nil {
		return p, fmt.Errorf("the peer's output is not the expected JSON: %v\n%s", err, out)
	}
	if !(p.Seconds > 0) || len(p.Entries) != probes {
		return p, fmt.Errorf("the peer reported %v seconds and %d entries (want %d)", p.Seconds, len(p.Entries), probes)
	}
	return p, nil
}

// median returns the median of v (the mean of the middle two for an even
// count); v is sorted in place.
func median(v []float64) float64 {
	slices.Sort(v)
	k := len(v) / 2
	if len(v)%2 == 0 {
		return (v[k-1] + v[k]) / 2
	}
	return v[k]
}

// dgdTol is the largest relative difference of W's probed entries allowed
// between sgdlab and a peer: the peers sum in other orders.
const dgdTol = 1e-12

// runDGD times synchronous distributed-GD steps on the first n MNIST images
// (d = 784) for a ring and for G(n, 8/(n−1)): sgdlab on one thread and on
// all (GOMAXPROCS = NumCPU), numpy and PyTorch (float64) on their default
// threads and on one, each the median over reps runs of steps·max(1,
// n_max/n) steps from W = 0 (so that a small network's runs are not too
// short to time); it checks that W after the same steps agrees.
func runDGD(python string, ns []int, steps, reps int) error {
	if err := needTorch(python); err != nil {
		return err
	}
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
	all := runtime.NumCPU()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	fmt.Printf("Synchronous distributed-GD step on the first n MNIST images (d = %d), η = %g, μ = %g: seconds per step, median of %d runs of %d·max(1, %d/n) steps from W = 0 (%s, %d CPUs)\n\n", l.D, eta, mu, reps, steps, nmax, runtime.Version(), all)
	fmt.Printf("| graph | n | edges | sgdlab s/step (1 thread) | sgdlab s/step (all threads: %d) | numpy s/step (default threads) | numpy s/step (1 thread) | PyTorch s/step (default threads) | PyTorch s/step (1 thread) | numpy (default) ÷ sgdlab (all) | PyTorch (default) ÷ sgdlab (all) | fastest 1-thread peer ÷ sgdlab (1 thread) | largest rel. difference |\n", all)
	fmt.Println("|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var notes []string
	one := []string{"OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "MKL_NUM_THREADS=1"}
	for _, n := range ns {
		steps := steps * max(1, nmax/n)
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
			var w []float64
			timeSync := func(procs int) float64 {
				runtime.GOMAXPROCS(procs)
				t := make([]float64, reps)
				for k := range t {
					s := dgd.NewSync(g.g, ds, eta, mu, nil)
					t0 := time.Now()
					for range steps {
						s.Step()
					}
					t[k] = time.Since(t0).Seconds() / float64(steps)
					if w == nil {
						w = slices.Clone(s.Nodes())
					} else if !slices.Equal(w, s.Nodes()) {
						panic("benchpeers: dgd.Sync gave other bits on another run or number of threads")
					}
				}
				return median(t)
			}
			sgd1, sgdAll := timeSync(1), timeSync(all)
			probe := pairs(n*l.D, 300)
			idx := make([]int64, len(probe))
			for k, p := range probe {
				idx[k] = int64(p[0])
			}
			var peers [4]dgdPeer // numpy default, numpy 1, torch default, torch 1
			for k, c := range []struct {
				script, threads string
				env             []string
			}{{dgdScript, "default", nil}, {dgdScript, "1", one}, {dgdTorchScript, "default", nil}, {dgdTorchScript, "1", one}} {
				if peers[k], err = peerDGD(python, c.script, ds, g.g, idx, steps, reps, eta, mu, c.threads, c.env...); err != nil {
					return err
				}
			}
			var diff float64
			for _, p := range peers {
				for k, i := range idx {
					diff = math.Max(diff, math.Abs(w[i]-p.Entries[k])/math.Max(math.Abs(p.Entries[k]), 1e-12))
				}
			}
			fmt.Printf("| %s | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.2f× | %.2f× | %.2f× | %.1g |\n", g.name, n, len(g.g.Edges),
				sgd1, sgdAll, peers[0].Seconds, peers[1].Seconds, peers[2].Seconds, peers[3].Seconds,
				peers[0].Seconds/sgdAll, peers[2].Seconds/sgdAll, math.Min(peers[1].Seconds, peers[3].Seconds)/sgd1, diff)
			if diff > dgdTol {
				return fmt.Errorf("sgdlab and its peers disagree on W: relative difference %g", diff)
			}
			notes = []string{fmt.Sprintf("numpy %s (neighbour sums by %s; default threads: %s)", peers[0].Numpy, peers[0].Backend, peers[0].Threads),
				fmt.Sprintf("PyTorch %s (neighbour sums by %s; default threads: %s)", peers[2].Torch, peers[2].Backend, peers[2].Threads)}
		}
	}
	fmt.Printf("\n%s.\n", strings.Join(notes, "; "))
	return nil
}

// peerDGD writes the problem to a temporary directory and runs script
// (dgd_numpy.py or dgd_torch.py) with the given threads and environment.
func peerDGD(python, script string, ds *data.Dataset, g *graph.Graph, probe []int64, steps, reps int, eta, mu float64, threads string, env ...string) (dgdPeer, error) {
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
	py := filepath.Join(dir, "peer.py")
	if err := os.WriteFile(py, []byte(script), 0o644); err != nil {
		return dgdPeer{}, err
	}
	cmd := exec.Command(python, py, dir, fmt.Sprint(ds.N), fmt.Sprint(ds.D), fmt.Sprint(steps), fmt.Sprint(reps), fmt.Sprint(eta), fmt.Sprint(mu), threads)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return dgdPeer{}, fmt.Errorf("%s: %v", python, err)
	}
	return parseDGDPeer(out, len(probe))
}
