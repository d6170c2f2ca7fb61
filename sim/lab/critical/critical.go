// Package critical is the critical-batch-size lab: kernel least squares on a
// real dataset (MNIST and friends) in the interpolation regime, the paper's
// Figures 2-4 (Ma, Bassily & Belkin 2018; THEORY §2.1-2.5). One experiment
// computes the kernel matrix K and the spectrum of K/n (β, λ₁, λ₂, λ_k, the
// critical batch size m*), then runs kernel SGD for every batch size and seed
// to the relative error eps — the iterations t(m) give the measured speed-up
// t(1)/t(m) beside s(m) of §2.5 and the cost m·t(m) — and a step-size sweep
// at one batch size. Every phase is a stepper, so the page shows progress.
package critical

import (
	"fmt"
	"math"

	"sgdlab/sim/data"
	"sgdlab/sim/kernel"
	"sgdlab/sim/lab"
	"sgdlab/sim/linalg"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
	"sgdlab/sim/spec"
	"sgdlab/sim/spectrum"
	"sgdlab/sim/steprule"
	"sgdlab/sim/theory"
)

// Stages of an experiment, as the readout and the figure show them: the
// phase of the plan under way (stage), or done.
const (
	phaseKernel   = iota // computing K
	phaseSpectrum        // eigenvalues of K/n
	phaseRuns            // SGD runs
	phaseDone
)

// Names of the plan's phases.
const (
	taskKernel   = "kernel matrix"
	taskSpectrum = "spectrum"
	taskRuns     = "runs"
)

// Experiment is the lab's lab.Experiment.
type Experiment struct {
	shown   lab.Shown // Progress, never decreasing
	vals    spec.Values
	dataset string
	n, d, c int // samples, features, outputs
	x       []float64
	y       []float64 // n×c targets
	kern    kernel.Kernel
	k       []float64 // n×n kernel matrix
	plan    lab.Plan  // the kernel matrix, the spectrum, the runs

	km     *kernel.MatrixStepper
	lz     *spectrum.Lanczos
	sp     spectrum.Spectrum
	top    []float64 // the top eigenvalues of K/n shown
	lkNote string    // how λ_k was found
	bounds []float64 // Lanczos residual bounds of top (nil for exact)

	ms     []int
	rules  []steprule.Rule
	seeds  int
	runs   []*run    // main runs: seed s, batch j at runs[s·len(ms)+j]
	sweep  []*run    // step-size sweep, in increasing η
	units  lab.Units // runs, then sweep: the independent units
	sweepM int
	eps    float64
	notes  []string
}

var _ lab.Experiment = (*Experiment)(nil)

// New reads the data and plans the experiment; the kernel matrix, the
// spectrum and the runs come in Step.
func New(v spec.Values, st *data.Store) (lab.Experiment, error) {
	l, err := st.Labeled(v.Get("dataset"), needs(v)[0].Samples)
	if err != nil {
		return nil, err
	}
	n := v.Int("n")
	if n > l.N {
		return nil, fmt.Errorf("%s: %d samples loaded, n = %d", v.Get("dataset"), l.N, n)
	}
	idx, err := l.Select(v.Get("select"), n, rng.New(v.Uint64("dseed"), rng.StreamData))
	if err != nil {
		return nil, err
	}
	y, c, err := l.Encode(idx, v.Get("target"), nil)
	if err != nil {
		return nil, err
	}
	e := &Experiment{vals: v, dataset: v.Get("dataset"), n: n, d: l.D, c: c, y: y, eps: v.Float("eps"), seeds: v.Int("seeds")}
	e.x = make([]float64, 0, n*l.D)
	for _, i := range idx {
		e.x = append(e.x, l.Row(i)...)
	}
	if v.Bool("std") {
		standardise(e.x, n, l.D)
	}
	switch v.Get("kernel") {
	case Gaussian:
		e.kern = kernel.Gaussian{Sigma: v.Float("sigma")}
	case Laplacian:
		e.kern = kernel.Laplacian{Sigma: v.Float("sigma")}
	default:
		e.kern = kernel.Linear{}
	}
	e.ms = steprule.ParseBatches(v.Get("m"), n)
	e.rules = steprule.ParseRules(v.Get("eta"))
	e.sweepM = sweepM(v.Get("sweep"), n)
	e.k = make([]float64, n*n)
	e.km = kernel.NewMatrixStepper(e.k, e.x, n, l.D, e.kern)
	e.plan.Add(
		lab.Task{Name: taskKernel, Weight: 0.1, Step: e.stepKernel, Progress: func() float64 {
			if e.km == nil {
				return 1
			}
			return e.km.Progress()
		}},
		lab.Task{Name: taskSpectrum, Weight: 0.1, Step: e.stepSpectrum, Progress: func() float64 {
			if e.lz == nil {
				return 0
			}
			return e.lz.Progress()
		}},
		lab.Task{Name: taskRuns, Weight: 0.8, Step: func(work int) bool { return e.units.Step(work) }, Progress: func() float64 { return e.units.Progress() }},
	)
	return e, nil
}

// standardise centres and scales every column of the n×d matrix x to mean 0
// and variance 1 (population); constant columns become 0.
func standardise(x []float64, n, d int) {
	for j := 0; j < d; j++ {
		var mean float64
		for i := 0; i < n; i++ {
			mean += x[i*d+j]
		}
		mean /= float64(n)
		var ss float64
		for i := 0; i < n; i++ {
			x[i*d+j] -= mean
			ss += float64(x[i*d+j] * x[i*d+j])
		}
		inv := 0.0
		if ss > 0 {
			inv = 1 / math.Sqrt(ss/float64(n))
		}
		for i := 0; i < n; i++ {
			x[i*d+j] *= inv
		}
	}
}

// Step implements lab.Experiment: the plan's current phase gets the work.
func (e *Experiment) Step(work int) bool { return e.plan.Step(work) }

// stage is the phase under way, phaseDone once the plan is over (or failed).
func (e *Experiment) stage() int {
	if e.plan.Done() {
		return phaseDone
	}
	switch e.plan.Current() {
	case taskKernel:
		return phaseKernel
	case taskSpectrum:
		return phaseSpectrum
	}
	return phaseRuns
}

// stepKernel computes blocks of rows of K worth about work multiply-adds
// (block ib costs about 64·ib·d); when K is whole it computes the spectrum
// (exact) or starts Lanczos.
func (e *Experiment) stepKernel(work int) bool {
	for spent := 0; spent < work; {
		if e.km.Step() {
			e.km = nil
			if err := e.startSpectrum(); err != nil {
				e.fail(err)
			}
			return true
		}
		spent += 64 * max(1, int(math.Sqrt(e.km.Progress())*float64(e.n))) * e.d
	}
	return false
}

// fail ends an experiment that cannot go on, with a note.
func (e *Experiment) fail(err error) {
	e.notes = append(e.notes, "stopped: "+err.Error())
	e.plan.Fail(err)
}

// lanczosMaxIter caps the Lanczos iterations (memory (maxIter+1)·n floats).
const lanczosMaxIter = 300

// startSpectrum computes the spectrum at once (exact) or starts Lanczos.
func (e *Experiment) startSpectrum() error {
	beta := kernel.Beta(e.k, e.n)
	if e.vals.Get("eig") == EigExact || e.vals.Get("kernel") == Linear {
		var sp spectrum.Spectrum
		var err error
		if e.vals.Get("kernel") == Linear {
			// H = XᵀX/n shares its nonzero eigenvalues with K/n = XXᵀ/n;
			// Of takes the smaller of the two.
			sp, err = spectrum.Of(&data.Dataset{N: e.n, D: e.d, X: e.x})
		} else {
			sp, err = exactKernel(e.k, e.n)
		}
		if err != nil {
			return err
		}
		sp.Beta = beta
		e.sp = sp
		e.top = sp.Values[:min(len(sp.Values), e.vals.Int("topk"))]
		e.lkNote = fmt.Sprintf("λ_k is the smallest eigenvalue above %g·λ₁ (exact: all %d eigenvalues computed).", spectrum.RelTol, e.sp.K)
		e.startRuns()
		return nil
	}
	lz, err := spectrum.NewLanczos(spectrum.MatVec(e.k, e.n, 1/float64(e.n)), e.n, min(e.vals.Int("topk"), e.n), e.vals.Uint64("dseed"), lanczosMaxIter)
	if err != nil {
		return err
	}
	e.lz = lz
	e.sp.Beta = beta
	return nil
}

// exactKernel returns the spectrum of K/n by the dense eigensolver.
func exactKernel(k []float64, n int) (spectrum.Spectrum, error) {
	h := make([]float64, len(k))
	inv := 1 / float64(n)
	for i, v := range k {
		h[i] = v * inv
	}
	ev, err := linalg.SymEigenvalues(h, n)
	if err != nil {
		return spectrum.Spectrum{}, err
	}
	if len(ev) == 0 || !(ev[0] > 0) {
		return spectrum.Spectrum{}, fmt.Errorf("K is zero")
	}
	sp := spectrum.Spectrum{L1: ev[0]}
	for _, v := range ev {
		sp.Trace += v
		if v > spectrum.RelTol*sp.L1 {
			sp.Values = append(sp.Values, v)
		}
	}
	sp.K = len(sp.Values)
	sp.Lk, sp.L2 = sp.Values[sp.K-1], sp.L1
	if sp.K > 1 {
		sp.L2 = sp.Values[1]
	}
	return sp, nil
}

// stepSpectrum does Lanczos iterations worth about work multiply-adds (none
// when the spectrum was exact) and starts the runs once it is known.
func (e *Experiment) stepSpectrum(work int) bool {
	if e.lz == nil {
		return true
	}
	for spent := 0; ; {
		done := e.lz.Step()
		spent += e.n * (e.n + 4*e.lz.Iter())
		if done {
			break
		}
		if spent >= work {
			return false
		}
	}
	if err := e.lz.Err(); err != nil && err != spectrum.ErrNotConverged {
		e.fail(err)
		return true
	}
	vals := e.lz.Values()
	e.top = append([]float64(nil), vals...)
	e.bounds = append([]float64(nil), e.lz.Bounds()...)
	e.sp.Values, e.sp.K = e.top, e.n
	e.sp.L1, e.sp.L2 = vals[0], vals[0]
	if len(vals) > 1 {
		e.sp.L2 = vals[1]
	}
	e.sp.Lk = max(0, e.lz.Smallest())
	e.lkNote = fmt.Sprintf("λ_k here is the smallest Ritz value after %d Lanczos iterations, an upper bound on the smallest eigenvalue of K/n; m* = β/(λ₁−λ_k)+1 moves little with it while λ_k ≪ λ₁ (eig=exact computes it, O(n³)).", e.lz.Iter())
	if e.lz.Err() == spectrum.ErrNotConverged {
		e.notes = append(e.notes, fmt.Sprintf("Lanczos did not reach its tolerance in %d iterations: the top eigenvalues are estimates (bounds in the JSON export).", e.lz.Iter()))
	}
	e.lz = nil // free the Krylov basis
	e.startRuns()
	return true
}

// startRuns builds the main runs and the sweep once the spectrum is known.
func (e *Experiment) startRuns() {
	for s := 0; s < e.seeds; s++ {
		for j, m := range e.ms {
			rule := e.rules[0]
			if len(e.rules) == len(e.ms) {
				rule = e.rules[j]
			}
			stream := rng.StreamRun + uint64(s*maxRuns+j) // rng.Families: "critical runs"
			e.runs = append(e.runs, e.newRun(m, rule, rule.Eta(m, e.n, e.sp), s, stream, e.vals.Int("len"), e.eps))
		}
	}
	if e.sweepM > 0 {
		hat := steprule.Rule{Name: steprule.RuleHat, Mult: 1}
		base := hat.Eta(e.sweepM, e.n, e.sp)
		for i := range sweepPoints {
			f := sweepFactor(i - sweepPoints/2)
			r := steprule.Rule{Name: steprule.RuleHat, Mult: f}
			e.sweep = append(e.sweep, e.newRun(e.sweepM, r, f*base, 0, rng.StreamCriticalSweep, e.vals.Int("sweeplen"), 0))
		}
	}
	for _, r := range e.all() {
		e.units = append(e.units, r)
	}
	e.notes = append(e.notes, e.explain()...)
}

// sweepFactor is 2^(h/2), exactly: a power of two times √2 for odd h.
func sweepFactor(h int) float64 {
	f := math.Ldexp(1, h>>1) // floor(h/2)
	if h&1 != 0 {
		f *= math.Sqrt2
	}
	return f
}

func (e *Experiment) newRun(m int, rule steprule.Rule, eta float64, seed int, stream uint64, capT int, eps float64) *run {
	smp, err := sampler.New(e.vals.Get("sampler"), e.n, m, rng.New(e.vals.Uint64("sseed"), stream))
	if err != nil {
		panic(err) // Limits keeps m within the sampler's range
	}
	return newRun(kernel.NewSGDMulti(e.k, e.y, e.c, m, eta, smp), rule, seed, capT, eps, (m+1)*e.n*e.c)
}

// all lists the main runs, then the sweep.
func (e *Experiment) all() []*run {
	return append(append([]*run(nil), e.runs...), e.sweep...)
}

// Done implements lab.Experiment.
func (e *Experiment) Done() bool { return e.plan.Done() }

// Progress implements lab.Experiment: the kernel matrix and the spectrum
// count for a tenth each, the runs (their mean progress) for the rest.
func (e *Experiment) Progress() float64 { return e.shown.Of(e.plan.Progress()) }

// SetView implements lab.Experiment.
func (e *Experiment) SetView(v spec.Values) {
	e.vals.SetView(v)
}

// mStar is m* = β/(λ₁−λ_k)+1 (§2.5).
func (e *Experiment) mStar() float64 { return theory.MStar(e.sp.Beta, e.sp.L1, e.sp.Lk) }

// interpolates reports whether the model can fit the targets exactly: a
// Gaussian or Laplacian kernel matrix of distinct samples is positive
// definite; the linear model needs rank n (d ≥ n).
func (e *Experiment) interpolates() bool {
	if e.vals.Get("kernel") == Linear {
		return e.sp.K >= e.n
	}
	return true
}

// explain lists what a reader should know about this configuration.
func (e *Experiment) explain() []string {
	var notes []string
	if e.lkNote != "" {
		notes = append(notes, e.lkNote)
	}
	if !e.interpolates() {
		notes = append(notes, fmt.Sprintf("The linear model has rank %d < n = %d: it cannot interpolate these targets, the MSE stalls at the least-squares floor and the interpolation theory of §2 does not apply (t(m) is reached only for a loose eps).", e.sp.K, e.n))
	}
	if e.c > 1 {
		notes = append(notes, fmt.Sprintf("%d outputs (one-hot): %d independent kernel regressions that share the batches; the MSE is the mean over samples and outputs, and the rates of §2 are those of each output.", e.c, e.c))
	}
	if s := e.vals.Get("sampler"); s != sampler.Replace {
		notes = append(notes, "s(m) and m* are derived for sampling with replacement; this run uses "+s+".")
	}
	return notes
}

var _ lab.Splitter = (*Experiment)(nil)

// Units implements lab.Splitter: the main runs (seed-major), then the sweep,
// once the spectrum is known.
func (e *Experiment) Units() lab.Units {
	if e.stage() != phaseRuns {
		return nil
	}
	return e.units
}
