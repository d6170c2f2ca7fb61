// Package ensemble runs many independent SGD runs of one model from one
// starting point with the same step schedule, advanced together, and
// estimates at recorded steps the variances conditional on the start
// (THEORY §4): var(g_t | F₀) = E‖g_t‖² − ‖E g_t‖² of the mini-batch
// gradient, var(∇L(w_t) | F₀) of the full gradient, and the mean loss, each
// with a standard error from batch means over groups of runs.
//
// Determinism: run r draws its batches from PCG(seed, stream + r) and the
// statistics are reduced in run order from per-run buffers, so neither the
// order in which runs are advanced nor how the work is sliced changes a bit.
// Natively a large step shares the runs among GOMAXPROCS goroutines
// (contiguous chunks of runs, each with its own clone of the model for the
// full gradients), with the same bits for any number of threads.
package ensemble

import (
	"errors"
	"fmt"
	"math"

	"sgdlab/sim/internal/par"
	"sgdlab/sim/model"
	"sgdlab/sim/rng"
	"sgdlab/sim/vec"
)

// Config describes an ensemble.
type Config struct {
	Model  model.Model
	B      int                 // batch size
	Runs   int                 // R ≥ 2
	Steps  int                 // SGD steps per run
	Alpha  func(t int) float64 // step α_t, t = 0, 1, …
	W0     []float64           // the common start (copied)
	Seed   uint64              // run r uses PCG(Seed, Stream + r)
	Stream uint64
	Every  int // record every Every steps (and step 0); ≥ 1
	Groups int // groups of runs for the standard errors (2 ≤ Groups ≤ Runs; 0: min(20, Runs/2), at least 2)
}

// CondVarer is a model that knows Var(g | w) of its batches in closed form
// (Lemma 1 for least squares): FullCond sets dst = ∇L(w) and returns L(w)
// and Var(g | w) for batch size b.
type CondVarer interface {
	FullCond(dst, w []float64, b int) (loss, condVar float64)
}

// Point is the statistics over the runs at step T.
type Point struct {
	T               int
	VarG, SEG       float64 // var(g_T | F₀) and its standard error
	VarFull, SEFull float64 // var(∇L(w_T) | F₀)
	Loss, SELoss    float64 // E[L(w_T) | F₀]
	CondVar, SECond float64 // E[Var(g_T | w_T) | F₀] (NaN unless the model is a CondVarer)
	NormMeanG       float64 // ‖E g_T‖²
	Diverged        int     // runs whose w stopped being finite
}

// Ensemble is the stepper.
type Ensemble struct {
	c       Config
	d       int
	w, g, f []float64 // R×d: parameters, this step's gradients, full gradients
	bat     []model.Batcher
	loss    []float64
	cond    []float64
	t       int
	order   []int
	pts     []Point
	scratch []float64

	// The split of a large step among goroutines (see Step).
	team   par.Team
	nw     int           // chunks of the step under way
	a      float64       // its α_t
	rec    bool          // whether it records
	bad    []bool        // per run: w stopped being finite (when recording)
	models []model.Model // models[k] is chunk k's (models[0] the Config's)
}

// New checks c and starts the ensemble at step 0.
func New(c Config) (*Ensemble, error) {
	if c.Model == nil || c.Alpha == nil {
		return nil, errors.New("ensemble: a model and a step schedule are needed")
	}
	d := c.Model.Dim()
	if c.Runs < 2 || c.B < 1 || c.Steps < 0 || c.Every < 1 || len(c.W0) != d {
		return nil, fmt.Errorf("ensemble: need R ≥ 2, b ≥ 1, steps ≥ 0, every ≥ 1 and len(w0) = %d; got R=%d b=%d steps=%d every=%d len(w0)=%d",
			d, c.Runs, c.B, c.Steps, c.Every, len(c.W0))
	}
	if c.Groups == 0 {
		c.Groups = max(2, min(20, c.Runs/2))
	}
	if c.Groups < 2 || c.Groups > c.Runs {
		return nil, fmt.Errorf("ensemble: need 2 ≤ groups ≤ R, got %d", c.Groups)
	}
	e := &Ensemble{c: c, d: d, w: make([]float64, c.Runs*d), g: make([]float64, c.Runs*d), f: make([]float64, c.Runs*d),
		loss: make([]float64, c.Runs), cond: make([]float64, c.Runs), scratch: make([]float64, d),
		bad: make([]bool, c.Runs), models: []model.Model{c.Model}}
	for r := range c.Runs {
		copy(e.row(e.w, r), c.W0)
		e.bat = append(e.bat, c.Model.NewBatcher(c.B, rng.New(c.Seed, c.Stream+uint64(r))))
		e.order = append(e.order, r)
	}
	return e, nil
}

func (e *Ensemble) row(a []float64, r int) []float64 { return a[r*e.d : (r+1)*e.d] }

// SetOrder sets the order in which runs are advanced within a step (a
// permutation of 0…R−1); the results do not depend on it.
func (e *Ensemble) SetOrder(perm []int) { copy(e.order, perm) }

// Done reports whether every run has taken its steps.
func (e *Ensemble) Done() bool { return e.t >= e.c.Steps }

// T is the number of steps taken.
func (e *Ensemble) T() int { return e.t }

// Points returns the statistics recorded so far.
func (e *Ensemble) Points() []Point { return e.pts }

// SetResult makes the ensemble one that has taken t steps and recorded pts:
// the result of an ensemble of the same Config that ran elsewhere. The
// parameters of its runs are not moved; only Points and T are read after.
func (e *Ensemble) SetResult(t int, pts []Point) { e.t, e.pts = t, pts }

// Step advances every run by one SGD step w ← w − α_t g_t, recording the
// statistics of step t first when it is due; it reports Done.
//
// Each run's numbers (its gradient g_t, and when recording its full
// gradient, loss and conditional variance at w_t, then its new w) depend on
// that run alone, so the runs are advanced in chunks, natively on
// GOMAXPROCS goroutines (par.Team); the statistics are then reduced over
// the runs in run order, on the calling goroutine.
func (e *Ensemble) Step() bool {
	if e.Done() {
		return true
	}
	e.rec = e.t%e.c.Every == 0
	e.a = e.c.Alpha(e.t)
	if e.nw = e.workers(); e.nw <= 1 {
		for _, r := range e.order {
			e.advance(e.c.Model, r)
		}
	} else {
		for len(e.models) < e.nw {
			e.models = append(e.models, e.c.Model.Clone())
		}
		e.team.Do((*chunks)(e), e.nw)
	}
	if e.rec {
		e.record()
	}
	e.t++
	return e.Done()
}

// ensembleWork is the least work (multiply-adds, estimated) a goroutine of
// Step gets, ensembleRuns the fewest runs, and recordBatch the batch size
// whose gradient the estimate takes to cost as much as a full gradient.
const (
	ensembleWork = 1 << 17
	ensembleRuns = 16
	recordBatch  = 256
)

// workers returns the number of goroutines for this step: GOMAXPROCS
// natively (1 in wasm), fewer for a small step.
func (e *Ensemble) workers() int {
	b := e.c.B
	if e.rec {
		b += recordBatch
	}
	work := e.c.Runs * e.d * b
	if work < 2*ensembleWork {
		return 1
	}
	return min(par.Procs(), work/ensembleWork, e.c.Runs/ensembleRuns)
}

// chunks is an Ensemble as the par.Chunker of its step: chunk k advances
// the runs of chunk k of e.nw (contiguous) with model e.models[k].
type chunks Ensemble

func (c *chunks) Chunk(k int) {
	e := (*Ensemble)(c)
	lo, hi := par.Range(e.c.Runs, e.nw, k, 1)
	for r := lo; r < hi; r++ {
		e.advance(e.models[k], r)
	}
}

// advance does run r's part of the step: its gradient g_t; when recording,
// whether w_t is finite and its full gradient, loss (and conditional
// variance) at w_t by m (the Config's model or a clone: the same numbers);
// then w ← w − α_t g_t.
func (e *Ensemble) advance(m model.Model, r int) {
	w, g := e.row(e.w, r), e.row(e.g, r)
	e.bat[r].Grad(g, w)
	if e.rec {
		e.bad[r] = !finite(w)
		if cv, ok := m.(CondVarer); ok {
			e.loss[r], e.cond[r] = cv.FullCond(e.row(e.f, r), w, e.c.B)
		} else {
			e.loss[r] = m.Full(e.row(e.f, r), w)
		}
	}
	vec.Axpy(w, -e.a, g)
}

// record reduces the statistics of the step in run order from the per-run
// gradients, full gradients, losses (and conditional variances) that
// advance left.
func (e *Ensemble) record() {
	_, isCV := e.c.Model.(CondVarer)
	p := Point{T: e.t, CondVar: math.NaN(), SECond: math.NaN()}
	for _, b := range e.bad {
		if b {
			p.Diverged++
		}
	}
	p.VarG, p.SEG, p.NormMeanG = e.vecVar(e.g)
	p.VarFull, p.SEFull, _ = e.vecVar(e.f)
	p.Loss, p.SELoss = meanSE(e.loss)
	if isCV {
		p.CondVar, p.SECond = meanSE(e.cond)
	}
	e.pts = append(e.pts, p)
}

func finite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// group returns the runs [lo, hi) of group k.
func (e *Ensemble) group(k int) (lo, hi int) {
	R, K := e.c.Runs, e.c.Groups
	return k * R / K, (k + 1) * R / K
}

// vecVar returns the unbiased (1/(R−1)) Σ_r ‖v_r − v̄‖² over the rows of a
// (two passes, run order), its standard error from the same estimate in
// each group (batch means: sd over groups / √K), and ‖v̄‖².
func (e *Ensemble) vecVar(a []float64) (v, se, mean2 float64) {
	R, K := e.c.Runs, e.c.Groups
	mean := e.scratch
	vec.Zero(mean)
	for r := range R {
		vec.Axpy(mean, 1/float64(R), e.row(a, r))
	}
	for r := range R {
		v += vec.Dist2(e.row(a, r), mean)
	}
	v /= float64(R - 1)
	mean2 = vec.Norm2(mean)
	var gs []float64
	for k := range K {
		lo, hi := e.group(k)
		if hi-lo < 2 {
			return v, math.NaN(), mean2
		}
		vec.Zero(mean)
		for r := lo; r < hi; r++ {
			vec.Axpy(mean, 1/float64(hi-lo), e.row(a, r))
		}
		var gv float64
		for r := lo; r < hi; r++ {
			gv += vec.Dist2(e.row(a, r), mean)
		}
		gs = append(gs, gv/float64(hi-lo-1))
	}
	_, se = meanSE(gs)
	return v, se, mean2
}

// meanSE returns the mean of xs and its standard error (the standard
// deviation over √len(xs)).
func meanSE(xs []float64) (m, se float64) {
	for _, v := range xs {
		m += v
	}
	m /= float64(len(xs))
	var ss float64
	for _, v := range xs {
		ss += float64((v - m) * (v - m))
	}
	return m, math.Sqrt(ss / float64(len(xs)-1) / float64(len(xs)))
}
