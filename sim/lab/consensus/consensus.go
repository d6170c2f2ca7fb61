// Package consensus is the distributed-gradient-descent lab (Mitra §III;
// THEORY §3): n nodes of a graph, each holding one sample (x_i, y_i) and its
// own w_i, coupled to its neighbours by the elastic penalty (μ/2)Σ‖w_i − w_j‖².
// One experiment draws the graph and its layout, computes the theory (λ₂ and
// λ_max of L, λ⁺_min(H), β, σ_min and σ_max of A = D + μ L⊗I, the rate R and
// Mitra's bound), runs the chosen algorithm beside the centralised baselines,
// recording the curves and frames of per-node errors for the animated node
// graph, and optionally sweeps μ. Every phase is a stepper.
package consensus

import (
	"fmt"
	"math"

	"sgdlab/sim/data"
	"sgdlab/sim/dgd"
	"sgdlab/sim/graph"
	"sgdlab/sim/lab"
	"sgdlab/sim/layout"
	"sgdlab/sim/rng"
	"sgdlab/sim/spec"
	"sgdlab/sim/spectrum"
	"sgdlab/sim/vec"
)

// Caps of the iterative solvers: at most maxIter products, and at most
// about solverBudget multiply-adds in all (large problems get estimates,
// said so in the readout).
const (
	eigMaxIter   = 3000
	cgMaxIter    = 20000
	cgTol        = 1e-12
	solverBudget = 3e10
)

// iterCap is min(maxIter, solverBudget / the cost of one product with A),
// at least 30.
func (e *Experiment) iterCap(maxIter int) int {
	per := float64((e.ds.N + 2*len(e.g.Edges)) * e.ds.D)
	return max(30, min(maxIter, int(solverBudget/per)))
}

// Experiment is the lab's lab.Experiment.
type Experiment struct {
	shown lab.Shown // Progress, never decreasing
	vals  spec.Values
	g     *graph.Graph
	ds    *data.Dataset
	drop  int // all-zero pixels dropped (shard data)
	w0    []float64
	pos   layout.Positions
	eu    []int32 // edge k joins eu[k] and ev[k] (for the drawing)
	ev    []int32

	// The theory.
	hsp      spectrum.Spectrum // of H = XᵀX/n: λ⁺_min = Lk
	beta     float64           // max ‖x_i‖²
	lap      eig               // λ₂ and λ_max of L
	an       analysis          // σ_min, σ_max of A at μ
	interp   bool              // the nodes can agree on an interpolant
	wInf     []float64         // the limit: d numbers (consensus) or n·d (minimiser)
	eta      float64           // the main run's step
	pending  *dgd.Estimate     // Lanczos still refining σ_min beside the runs
	limitErr error

	main     *run
	bases    []*run
	runUnits lab.Units // main, then bases
	sweep    []*point
	sweepU   lab.Units // the points of the sweep, in increasing μ

	plan  lab.Plan // the phases (a failed phase stops it)
	notes []string
}

var (
	_ lab.Experiment  = (*Experiment)(nil)
	_ lab.Interactive = (*Experiment)(nil)
)

// eig is an extreme-eigenvalue pair found exactly or by Lanczos.
type eig struct {
	lo, hi float64
	iter   int // Lanczos iterations (0: exact)
	ok     bool
	err    error
}

// analysis is the σ_min, σ_max of A, with how they were found.
type analysis struct {
	dgd.Analysis
	iter int // Lanczos iterations (0: exact)
	ok   bool
	err  error
}

// New builds the graph and the data and plans the phases.
func New(v spec.Values, st *data.Store) (lab.Experiment, error) {
	e := &Experiment{vals: v}
	g, err := buildGraph(v)
	if err != nil {
		return nil, err
	}
	e.g = g
	for _, ed := range g.Edges {
		e.eu, e.ev = append(e.eu, int32(ed.U)), append(e.ev, int32(ed.V))
	}
	if err := e.loadData(st); err != nil {
		return nil, err
	}
	n, d := e.ds.N, e.ds.D
	if v.Get("w0") == "random" {
		gs := rng.NewGauss(rng.New(v.Uint64("dseed"), rng.StreamConsensusW0))
		e.w0 = make([]float64, n*d)
		sd := 1 / math.Sqrt(float64(d))
		for i := range e.w0 {
			e.w0[i] = sd * gs.Norm()
		}
	}
	e.beta = e.ds.Beta()
	if e.hsp, err = spectrum.Of(e.ds); err != nil {
		return nil, fmt.Errorf("the spectrum of H: %w", err)
	}
	e.interp = n <= d
	if e.interp {
		if e.wInf, err = dgd.Limit(e.ds, e.w0); err != nil {
			if e.w0 != nil {
				return nil, fmt.Errorf("%w: with w0=random the limit needs independent samples; use w0=zero or a smaller n", err)
			}
			e.interp = false
			e.notes = append(e.notes, "The samples are linearly dependent (rank < n): an interpolant may not exist; the error is measured to the minimiser of F, reached by conjugate gradients.")
		}
	}
	e.makePlan()
	return e, nil
}

// buildGraph draws the topology of the spec.
func buildGraph(v spec.Values) (*graph.Graph, error) {
	n := v.Int("n")
	r := rng.New(v.Uint64("gseed"), rng.StreamConsensusGraph)
	switch v.Get("topo") {
	case Path:
		return graph.Path(n), nil
	case Ring:
		return graph.Ring(n), nil
	case Grid, Torus:
		rows, cols := gridShape(n)
		return graph.Grid(rows, cols, v.Get("topo") == Torus), nil
	case Complete:
		return graph.Complete(n), nil
	case Star:
		return graph.Star(n), nil
	case ER:
		return graph.ErdosRenyi(n, v.Float("p"), r)
	case WS:
		return graph.WattsStrogatz(n, v.Int("k"), v.Float("beta"), r)
	case Regular:
		return graph.Regular(n, v.Int("k"), r)
	case Barbell:
		k := v.Int("clique")
		return graph.Barbell(k, n-2*k), nil
	}
	return nil, fmt.Errorf("unknown topology %q", v.Get("topo"))
}

// loadData draws the synthetic samples or reads the first n images (pixels
// zero in every one of them dropped: they never move any w_i; each image
// scaled to unit norm, so β = 1 as for the synthetic data).
func (e *Experiment) loadData(st *data.Store) error {
	v := e.vals
	n := v.Int("n")
	if v.Get("data") == DataSynth {
		ds, err := data.Synthesize(data.Synth{N: n, D: v.Int("d"), Spectrum: v.Get("spectrum"), Noise: v.Float("noise"), Rho: 0.5, Alpha: 1, Seed: v.Uint64("dseed")})
		if err != nil {
			return err
		}
		e.ds = ds
		return nil
	}
	if st == nil {
		return fmt.Errorf("dataset %s is not loaded", v.Get("data"))
	}
	l, err := st.Labeled(v.Get("data"), n)
	if err != nil {
		return err
	}
	if l.N < n {
		return fmt.Errorf("%s: %d images loaded, n = %d", v.Get("data"), l.N, n)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	y, _, err := l.Encode(idx, data.PlusMinus, nil)
	if err != nil {
		return err
	}
	var keep []int
	for j := 0; j < l.D; j++ {
		for _, i := range idx {
			if l.Row(i)[j] != 0 {
				keep = append(keep, j)
				break
			}
		}
	}
	if len(keep) == 0 {
		return fmt.Errorf("%s: the first %d images are blank", v.Get("data"), n)
	}
	ds := &data.Dataset{N: n, D: len(keep), X: make([]float64, 0, n*len(keep)), Y: y}
	for _, i := range idx {
		row := l.Row(i)
		start := len(ds.X)
		var ss float64
		for _, j := range keep {
			ds.X = append(ds.X, row[j])
			ss += float64(row[j] * row[j])
		}
		if ss > 0 {
			vec.Scale(ds.X[start:], 1/math.Sqrt(ss))
		}
	}
	e.ds, e.drop = ds, l.D-len(keep)
	return nil
}

// exact reports whether the dense analysis is used for a problem of size N.
func (e *Experiment) exact(N int) bool {
	switch e.vals.Get("eig") {
	case EigExact:
		return true
	case EigLanczos:
		return false
	}
	return N <= browserLimits.Exact
}

// plan lists the phases: layout, the spectrum of L, the analysis of A, the
// limit (under-parametrised), the runs, the μ sweep.
func (e *Experiment) makePlan() {
	e.plan.Add(e.layoutTask(), e.laplacianTask(), e.analysisTask())
	if !e.interp {
		e.plan.Add(e.minimiserTask())
	}
	e.plan.Add(e.runsTask())
	if e.vals.Int("sweep") > 0 {
		e.plan.Add(e.sweepTask())
	}
}

// Step implements lab.Experiment: the first unfinished phase gets the work.
func (e *Experiment) Step(work int) bool { return e.plan.Step(work) }

// fail stops the experiment with a note.
func (e *Experiment) fail(err error) {
	if e.plan.Err() == nil {
		e.plan.Fail(err)
		e.notes = append(e.notes, "stopped: "+err.Error())
	}
}

// Done implements lab.Experiment.
func (e *Experiment) Done() bool { return e.plan.Done() }

// Progress implements lab.Experiment: the phases' weighted progress, never
// decreasing.
func (e *Experiment) Progress() float64 { return e.shown.Of(e.plan.Progress()) }

// phase names the phase under way ("done" at the end).
func (e *Experiment) phase() string {
	if name := e.plan.Current(); name != "" {
		return name
	}
	return "done"
}

// SetView implements lab.Experiment.
func (e *Experiment) SetView(v spec.Values) {
	e.vals.SetView(v)
}

// layoutTask places the nodes: exact geometry for the regular topologies,
// a seeded force-directed layout for the random ones.
func (e *Experiment) layoutTask() lab.Task {
	n := e.g.N
	switch e.vals.Get("topo") {
	case Path:
		e.pos = layout.Line(n)
	case Ring:
		e.pos = layout.Circle(n)
	case Complete:
		e.pos = layout.Complete(n)
	case Grid, Torus:
		rows, cols := gridShape(n)
		e.pos = layout.Grid(rows, cols)
	case Star:
		e.pos = layout.Star(n)
	case Barbell:
		k := e.vals.Int("clique")
		e.pos = layout.Barbell(k, n-2*k)
	default:
		f := layout.NewForce(e.g, e.vals.Uint64("gseed"))
		e.pos = f.Positions()
		return lab.Task{Name: "layout", Weight: 0.05, Progress: func() float64 { return float64(f.Iter()) / layout.DefaultIters }, Step: func(work int) bool {
			per := max(1, 10*(n+len(e.g.Edges)))
			for spent := 0; spent < work; spent += per {
				if f.Step() {
					break
				}
			}
			e.pos = f.Positions()
			return f.Done()
		}}
	}
	return lab.Task{Name: "layout", Weight: 0, Step: func(int) bool { return true }}
}

// Units implements lab.Splitter: the runs (main, then baselines) during
// their phase, the points of the μ sweep during the sweep.
func (e *Experiment) Units() lab.Units {
	switch e.plan.Current() {
	case "runs":
		return e.runUnits
	case "μ sweep":
		return e.sweepU
	}
	return nil
}

var _ lab.Phased = (*Experiment)(nil)

// UnitsPhases implements lab.Phased: the runs, then the points of the μ
// sweep when the link asks for one.
func (e *Experiment) UnitsPhases() int {
	if e.vals.Int("sweep") > 0 {
		return 2
	}
	return 1
}
