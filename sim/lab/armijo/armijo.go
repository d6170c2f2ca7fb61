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
	"math"
	"math/rand/v2"

	"sgdlab/sim/data"
	"sgdlab/sim/kernel"
	"sgdlab/sim/lab"
	"sgdlab/sim/linesearch"
	"sgdlab/sim/model"
	"sgdlab/sim/pmath"
	"sgdlab/sim/rng"
	"sgdlab/sim/spec"
	"sgdlab/sim/steprule"
	"sgdlab/sim/vec"
)

// Optimisers: every (batch size, seed) has an Armijo run and, with cmp=1, a
// constant-step run on the same batches from the same start.
const (
	optArmijo = iota
	optConst
)

var optNames = []string{"armijo", "const"}

// point is one evaluation of the target: the full loss, the training
// accuracy (NaN for a regression) and ‖∇f‖ (NaN unless target=grad) after t steps.
type point struct {
	T               int
	Loss, Acc, Grad float64
}

// snapshot is a run's state at its last failed evaluation.
type snapshot struct {
	t, npts        int
	w              []float64
	pcg            rand.PCG
	search         linesearch.Search
	grads, lsEvals int64
	fails          int
}

// run is one optimiser at one batch size and seed.
type run struct {
	opt, j, seed, b int
	w               []float64
	pcg             *rand.PCG
	r               *rand.Rand
	search          *linesearch.Search
	t               int // steps taken
	next            int // the step of the next evaluation
	needEval        bool
	replay          bool
	spacing         int // steps between evaluations while replaying
	hitAt           int // the step known to hit, while replaying
	snap            snapshot

	// per step k = 1…t (index k−1): the accepted step, the evaluations of
	// its line search and the batch loss f_B(θ_{k−1})
	alpha []float64
	evals []int32
	bloss []float64
	pts   []point

	grads, lsEvals int64 // per-sample gradients and per-sample loss evaluations of the line search
	fails          int   // failed line searches (no step taken)
	evalCost       int64 // per-sample passes spent evaluating the target

	done, reached, diverged bool
	k                       int // steps to the target (when reached)
}

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

	params           linesearch.Params
	g, trial         []float64
	idx, perm, swaps []int
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
	e.g, e.trial = make([]float64, e.d), make([]float64, e.d)
	e.perm = make([]int, e.n)
	for i := range e.perm {
		e.perm[i] = i
	}
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

// unit is a run as a lab.Unit of its experiment (whose model and scratch
// buffers it uses).
type unit struct {
	e *Experiment
	r *run
}

// Advance implements lab.Unit: actions (a step or an evaluation) until
// about work per-sample passes are spent, at least one.
func (u unit) Advance(work int) bool {
	for spent := int64(0); !u.r.done && spent < int64(work); {
		spent += u.e.action(u.r)
	}
	return !u.r.done
}

// Running implements lab.Unit.
func (u unit) Running() bool { return !u.r.done }

// Progress implements lab.Unit.
func (u unit) Progress() float64 {
	if u.r.done {
		return 1
	}
	kmax := float64(u.e.vals.Int("kmax"))
	return math.Min(0.99, math.Max(float64(u.r.t)/kmax, u.e.closeness(u.r)))
}

// closeness is how far r's last evaluation has come from its first towards
// the target, on a log scale and squared: c² with c = log(q_t/q₀)/log(q*/q₀)
// for the quantity q that must fall to q* — the training error 1 − acc
// (q* = 1 − τ), the loss or ‖∇f‖ (q* = ε); 0 before any progress or when
// undefined. The square because the last decade of q takes the most steps:
// on the default MNIST link c² grows about linearly in wall time where c
// reached 2/3 in the first third. Only the progress bar reads it.
func (e *Experiment) closeness(r *run) float64 {
	if len(r.pts) < 2 {
		return 0
	}
	first, last := r.pts[0], r.pts[len(r.pts)-1]
	var q0, q, target float64
	switch e.vals.Get("target") {
	case TargetAcc:
		q0, q, target = 1-first.Acc, 1-last.Acc, 1-e.vals.Float("tau")
	case TargetGrad:
		q0, q, target = first.Grad, last.Grad, e.vals.Float("eps")
	default:
		q0, q, target = first.Loss, last.Loss, e.vals.Float("eps")
	}
	if !(q0 > target && target > 0 && q > 0 && q < q0) {
		return 0
	}
	c := pmath.Log(q/q0) / pmath.Log(target/q0)
	return c * c
}

// action advances r by one step or one evaluation and returns its cost in
// per-sample passes.
func (e *Experiment) action(r *run) int64 {
	if r.needEval {
		r.needEval = false
		return e.evaluate(r)
	}
	e.step(r)
	r.needEval = r.t >= r.next
	return int64(3*r.b) + int64(r.b)*int64(r.evals[r.t-1])
}

// batch draws a uniform b-subset into e.idx by a partial Fisher–Yates
// shuffle of the identity, undone afterwards, so a batch depends only on the
// run's random stream.
func (e *Experiment) batch(r *rand.Rand, b int) []int {
	e.idx, e.swaps = e.idx[:0], e.swaps[:0]
	n := len(e.perm)
	for k := range b {
		j := k + r.IntN(n-k)
		e.perm[k], e.perm[j] = e.perm[j], e.perm[k]
		e.idx = append(e.idx, e.perm[k])
		e.swaps = append(e.swaps, j)
	}
	for k := b - 1; k >= 0; k-- {
		j := e.swaps[k]
		e.perm[k], e.perm[j] = e.perm[j], e.perm[k]
	}
	return e.idx
}

// step takes one SGD step of r: the batch gradient, then the Armijo search
// on the same batch (or the constant step).
func (e *Experiment) step(r *run) {
	idx := e.batch(r.r, r.b)
	loss, g2 := e.f.LossGrad(e.g, r.w, idx)
	r.grads += int64(r.b)
	alpha, evals := e.vals.Float("eta"), int32(0)
	if r.opt == optArmijo {
		res := r.search.Search(loss, g2, func(a float64) float64 {
			for i, wi := range r.w {
				e.trial[i] = wi - float64(a*e.g[i])
			}
			return e.f.Loss(e.trial, idx)
		})
		r.lsEvals += int64(res.Evals) * int64(r.b)
		alpha, evals = res.Alpha, int32(res.Evals)
		if res.Failed {
			r.fails++
		}
		if res.Alpha > 0 {
			copy(r.w, e.trial) // the last trial point is the accepted one
		}
	} else {
		vec.Axpy(r.w, -alpha, e.g)
	}
	r.alpha, r.evals, r.bloss = append(r.alpha, alpha), append(r.evals, evals), append(r.bloss, loss)
	r.t++
}

// evaluate checks the target after r.t steps (see the package comment).
func (e *Experiment) evaluate(r *run) int64 {
	v := e.vals
	var grad []float64
	cost := int64(e.n)
	if v.Get("target") == TargetGrad {
		grad, cost = e.g, 3*cost
	}
	loss, acc, g2 := e.f.Eval(grad, r.w)
	r.evalCost += cost
	p := point{T: r.t, Loss: loss, Acc: acc, Grad: math.Sqrt(g2)}
	r.pts = append(r.pts, p)
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		r.done, r.diverged = true, true
		return cost
	}
	if e.hit(p) {
		if w := r.t - r.snap.t; w > 1 {
			// replay the w steps since the last failed evaluation, finer
			r.hitAt, r.replay, r.spacing = r.t, true, max(1, isqrt(w))
			r.restore()
			r.next = min(r.t+r.spacing, r.hitAt)
			return cost
		}
		r.done, r.reached, r.k = true, true, r.t
		r.snap.w = nil
		return cost
	}
	switch {
	case r.replay && r.t >= r.hitAt: // cannot happen: the replay has the same bits
		r.done, r.reached, r.k = true, true, r.hitAt
	case r.t >= v.Int("kmax"):
		r.done = true
	case r.replay:
		r.save()
		r.next = min(r.t+r.spacing, r.hitAt)
	default:
		r.save()
		k := v.Int("check")
		if k == 0 {
			k = max(1, icbrt(r.t*r.t))
		}
		r.next = min(r.t+k, v.Int("kmax"))
	}
	if r.done {
		r.snap.w = nil
	}
	return cost
}

// hit reports whether the target holds at p.
func (e *Experiment) hit(p point) bool {
	switch e.vals.Get("target") {
	case TargetAcc:
		return p.Acc >= e.vals.Float("tau")
	case TargetGrad:
		return p.Grad <= e.vals.Float("eps")
	}
	return p.Loss <= e.vals.Float("eps")
}

// save keeps r's state at a failed evaluation.
func (r *run) save() {
	s := &r.snap
	s.t, s.npts = r.t, len(r.pts)
	s.w = append(s.w[:0], r.w...)
	s.pcg = *r.pcg
	if r.search != nil {
		s.search = *r.search
	}
	s.grads, s.lsEvals, s.fails = r.grads, r.lsEvals, r.fails
}

// restore returns r to its snapshot; the evaluation at the snapshot is
// kept, the records after it are dropped (the replay writes them again).
func (r *run) restore() {
	s := &r.snap
	r.t = s.t
	r.pts = r.pts[:s.npts]
	copy(r.w, s.w)
	*r.pcg = s.pcg
	if r.search != nil {
		*r.search = s.search
	}
	r.grads, r.lsEvals, r.fails = s.grads, s.lsEvals, s.fails
	r.alpha, r.evals, r.bloss = r.alpha[:s.t], r.evals[:s.t], r.bloss[:s.t]
}

// icbrt is ⌊∛x⌋ for x ≥ 0, exactly.
func icbrt(x int) int {
	if x < 1 {
		return 0
	}
	k := int(pmath.Pow(float64(x), 1.0/3)) // then corrected to the exact value
	for k > 0 && k*k*k > x {
		k--
	}
	for (k+1)*(k+1)*(k+1) <= x {
		k++
	}
	return k
}

// isqrt is ⌊√x⌋ for x ≥ 0, exactly.
func isqrt(x int) int {
	k := int(math.Sqrt(float64(x)))
	for k*k > x {
		k--
	}
	for (k+1)*(k+1) <= x {
		k++
	}
	return k
}

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
