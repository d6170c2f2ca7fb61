// Package armijo is the Armijo lab (Tsukada & Iiduka; THEORY §5): SGD whose
// step is chosen every iteration by a backtracking Armijo line search on the
// same mini-batch, run for a list of batch sizes and seeds until a target
// holds — training accuracy ≥ τ, training loss ≤ ε or ‖∇f‖ ≤ ε — giving the
// steps K(b), the oracle cost N(b) = K(b)·b with and without the line
// search's evaluations, the fit K(b) = C₁b/(ε²b − C₂) and the critical batch
// size b* = 2C₂/ε², beside constant-step SGD on the same batches.
//
// How the target is checked: a run evaluates it at t = 0 and then on a
// coarse schedule — after step t, next at t + max(1, ⌊t^(2/3)⌋), or every
// `check` steps. When an evaluation finds the target holding w steps after
// the previous (failed) one, the run returns to its state at that evaluation
// — θ, the line search's last step, its random stream — and replays the same
// steps (same batches, same bits) evaluating every ⌊√w⌋ steps, and so on
// down to every step. K is then the first step after the last failed
// evaluation at which the target holds; with check=1 every step is evaluated.
// The cost is about 3·K^(1/3) evaluations of the n samples per run instead of K.
package armijo

import (
	"fmt"
	"math/rand/v2"

	"sgdlab/sim/data"
	"sgdlab/sim/kernel"
	"sgdlab/sim/lab"
	"sgdlab/sim/linesearch"
	"sgdlab/sim/model"
	"sgdlab/sim/rng"
	"sgdlab/sim/spec"
	"sgdlab/sim/steprule"
)

// Optimisers: every (batch size, seed) has an Armijo run and, with cmp=1, a
// constant-step run on the same batches from the same start.
const (
	optArmijo = iota
	optConst
)

var optNames = []string{"armijo", "const"}

// Experiment is the lab's lab.Experiment.
type Experiment struct {
	shown lab.Shown // Progress, never decreasing
	vals  spec.Values
	f     model.Finite
	n, d  int
	desc  string
	bs    []int
	runs  []*run
	units lab.Units // the runs, in the order of runs
	plan  lab.Plan  // the kernel matrix (model=kernel), then the runs
	notes []string

	// kernel: the matrix is computed first, a stepper within the work budget
	kstep    *kernel.MatrixStepper
	kmat, ky []float64
	kd       int

	params    linesearch.Params
	pool      lab.Pool[*scratch] // the runs' working space
	proto     model.Finite       // the model, cloned for the pool's scratch
	scratches int                // made by the pool
}

var _ lab.Experiment = (*Experiment)(nil)

// New builds the model (for the kernel: starts its matrix) and the runs.
func New(v spec.Values, st *data.Store) (lab.Experiment, error) {
	e := &Experiment{vals: v}
	reset, err := linesearch.ParseReset(v.Get("reset"))
	if err != nil {
		return nil, err
	}
	e.params = linesearch.Params{C: v.Float("c"), Delta: v.Float("delta"), Gamma: v.Float("gamma"), AlphaMax: v.Float("amax"), Reset: reset}
	if err := e.params.Check(); err != nil {
		return nil, err
	}
	switch v.Get("model") {
	case MLP:
		l, err := lab.Images(st, v.Get("images"), v.Int("n"))
		if err != nil {
			return nil, err
		}
		n := v.Int("n")
		m, err := model.NewMLP(lab.MLPSizes(v.Get("hidden")), l.X[:n*l.D], l.Labels[:n])
		if err != nil {
			return nil, err
		}
		e.f, e.n = m, n
		e.desc = fmt.Sprintf("MLP %s (ReLU, softmax cross-entropy) on the first %d %s images", sizesText(lab.MLPSizes(v.Get("hidden"))), n, v.Get("images"))
	case Kernel:
		l, err := lab.Images(st, v.Get("images"), v.Int("n"))
		if err != nil {
			return nil, err
		}
		n := v.Int("n")
		e.n, e.kd = n, l.D
		e.ky = make([]float64, n*10)
		for i, c := range l.Labels[:n] {
			e.ky[i*10+c] = 1
		}
		e.kmat = make([]float64, n*n)
		e.kstep = kernel.NewMatrixStepper(e.kmat, l.X[:n*l.D], n, l.D, kernel.Gaussian{Sigma: v.Float("sigma")})
		e.desc = fmt.Sprintf("Gaussian-kernel least squares (σ = %g, RKHS steps) on the first %d %s images, one-hot targets", v.Float("sigma"), n, v.Get("images"))
	default:
		ds, desc, err := lab.LeastSquares(v, st)
		if err != nil {
			return nil, err
		}
		e.f, e.n, e.desc = model.NewLinReg(ds), ds.N, desc
	}
	e.bs = steprule.ParseBatches(v.Get("b"), e.n)
	if e.kstep == nil {
		e.start()
	} else {
		e.plan.Add(lab.Task{Name: "kernel matrix", Weight: 0.1, Step: e.stepKernel, Progress: func() float64 {
			if e.kstep == nil {
				return 1
			}
			return e.kstep.Progress()
		}})
	}
	e.plan.Add(lab.Task{Name: "runs", Weight: 0.9, Step: func(work int) bool { return e.units.Step(work) }, Progress: func() float64 { return e.units.Progress() }})
	return e, nil
}

func sizesText(s []int) string {
	out := ""
	for i, k := range s {
		if i > 0 {
			out += "-"
		}
		out += fmt.Sprint(k)
	}
	return out
}

// start builds the runs once the model is ready.
func (e *Experiment) start() {
	v := e.vals
	e.d = e.f.Dim()
	e.proto, e.pool.New = e.f.CloneFinite(), e.newScratch
	opts := []int{optArmijo}
	if v.Bool("cmp") {
		opts = append(opts, optConst)
	}
	starts := make([][]float64, v.Int("seeds"))
	for s := range starts {
		starts[s] = make([]float64, e.d)
		if m, ok := e.f.(*model.MLP); ok {
			starts[s] = m.Init(rng.New(v.Uint64("wseed"), rng.StreamArmijoW0+uint64(s+1)))
		}
	}
	for _, o := range opts {
		for j, b := range e.bs {
			for s := range starts {
				pcg := rand.NewPCG(v.Uint64("sseed"), rng.StreamRun+uint64(j)*rng.StrideArmijo+uint64(s+1))
				r := &run{opt: o, j: j, seed: s + 1, b: b, w: append([]float64(nil), starts[s]...), pcg: pcg, r: rand.New(pcg), needEval: true}
				if o == optArmijo {
					r.search, _ = linesearch.New(e.params, b, e.n) // checked in New
				}
				e.runs, e.units = append(e.runs, r), append(e.units, unit{e, r})
			}
		}
	}
}

// Step implements lab.Experiment: the plan's phases. While the kernel
// matrix is computed, a call advances it by about work multiply-adds. Then
// the runs are the units: each spends about work/active per-sample passes
// (a step at batch size b costs 3b plus b per line-search evaluation, an
// evaluation of the target n, 3n with the gradient); every call does at
// least one action. The runs are independent, so the slicing never changes
// a number.
func (e *Experiment) Step(work int) bool { return e.plan.Step(work) }

// stepKernel computes rows of the kernel matrix worth about work
// multiply-adds; once it is whole it builds the model and the runs.
func (e *Experiment) stepKernel(work int) bool {
	for spent := 0; spent < max(1, work); spent += e.n * e.kd {
		if e.kstep.Step() {
			f, err := model.NewKernelReg(e.kmat, e.ky, e.n, 10)
			if err != nil {
				panic(err) // sizes are ours
			}
			e.f, e.kstep = f, nil
			e.start()
			return true
		}
	}
	return false
}

// Done implements lab.Experiment.
func (e *Experiment) Done() bool { return e.plan.Done() }

// Progress implements lab.Experiment: the kernel matrix is the first 10 %;
// a run counts as done, or while under way by the larger of t/kmax and how
// close its last evaluation came to the target (closeness), at most 0.99.
func (e *Experiment) Progress() float64 { return e.shown.Of(e.plan.Progress()) }

// SetView implements lab.Experiment.
func (e *Experiment) SetView(v spec.Values) {
	e.vals.SetView(v)
}

var _ lab.Splitter = (*Experiment)(nil)

// Units implements lab.Splitter: the runs (optimiser, batch size, seed in
// that nesting), once the model is ready.
func (e *Experiment) Units() lab.Units {
	if e.plan.Current() != "runs" {
		return nil
	}
	return e.units
}
