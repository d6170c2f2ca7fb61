package armijo

import (
	"math"
	"math/rand/v2"

	"sgdlab/sim/linesearch"
	"sgdlab/sim/model"
	"sgdlab/sim/pmath"
	"sgdlab/sim/vec"
)

// A run of the lab: one optimiser at one batch size and seed, a lab.Unit
// that alternates steps with evaluations of the target and replays from its
// last failed evaluation to find the first step that hits it (see the
// package doc).

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

	own *result // its own state while a snapshot from elsewhere is shown (lab.Partial)
}

// unit is a run as a lab.Unit of its experiment (whose model and scratch
// buffers it uses).
type unit struct {
	e *Experiment
	r *run
}

// Advance implements lab.Unit: actions (a step or an evaluation) until
// about work per-sample passes are spent, at least one.
func (u unit) Advance(work int) bool {
	s := u.e.pool.Get()
	defer u.e.pool.Put(s)
	for spent := int64(0); !u.r.done && spent < int64(work); {
		spent += u.e.action(u.r, s)
	}
	return !u.r.done
}

// Running implements lab.Unit.
func (u unit) Running() bool { return !u.r.done }

// Cost implements lab.Coster: the per-sample passes of kmax steps at batch
// size b without line-search evaluations (a bound on the steps; the runs of
// larger b cost more).
func (u unit) Cost() float64 { return float64(3*u.r.b) * float64(u.e.vals.Int("kmax")) }

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

// scratch is the working space of a run's actions: the model (whose
// buffers its calls fill), the gradient and trial point, and the batch
// sampler's index lists. Nothing in it lasts from one action to the next, so
// runs that advance at once each take their own from the experiment's pool.
type scratch struct {
	f                model.Finite
	g, trial         []float64
	idx, perm, swaps []int
}

// newScratch is the pool's constructor: the first uses the model itself,
// the others a clone of e.proto, a clone that no run ever uses (cloning
// reads the model's buffers, which the model's user may be writing).
func (e *Experiment) newScratch() *scratch {
	s := &scratch{f: e.f, g: make([]float64, e.d), trial: make([]float64, e.d), perm: make([]int, e.n)}
	if e.scratches > 0 {
		s.f = e.proto.CloneFinite()
	}
	e.scratches++
	for i := range s.perm {
		s.perm[i] = i
	}
	return s
}

// action advances r by one step or one evaluation and returns its cost in
// per-sample passes.
func (e *Experiment) action(r *run, s *scratch) int64 {
	if r.needEval {
		r.needEval = false
		return e.evaluate(r, s)
	}
	e.step(r, s)
	r.needEval = r.t >= r.next
	return int64(3*r.b) + int64(r.b)*int64(r.evals[r.t-1])
}

// batch draws a uniform b-subset into s.idx by a partial Fisher–Yates
// shuffle of the identity, undone afterwards, so a batch depends only on the
// run's random stream.
func (s *scratch) batch(r *rand.Rand, b int) []int {
	s.idx, s.swaps = s.idx[:0], s.swaps[:0]
	n := len(s.perm)
	for k := range b {
		j := k + r.IntN(n-k)
		s.perm[k], s.perm[j] = s.perm[j], s.perm[k]
		s.idx = append(s.idx, s.perm[k])
		s.swaps = append(s.swaps, j)
	}
	for k := b - 1; k >= 0; k-- {
		j := s.swaps[k]
		s.perm[k], s.perm[j] = s.perm[j], s.perm[k]
	}
	return s.idx
}

// step takes one SGD step of r: the batch gradient, then the Armijo search
// on the same batch (or the constant step).
func (e *Experiment) step(r *run, s *scratch) {
	idx := s.batch(r.r, r.b)
	loss, g2 := s.f.LossGrad(s.g, r.w, idx)
	r.grads += int64(r.b)
	alpha, evals := e.vals.Float("eta"), int32(0)
	if r.opt == optArmijo {
		res := r.search.Search(loss, g2, func(a float64) float64 {
			for i, wi := range r.w {
				s.trial[i] = wi - float64(a*s.g[i])
			}
			return s.f.Loss(s.trial, idx)
		})
		r.lsEvals += int64(res.Evals) * int64(r.b)
		alpha, evals = res.Alpha, int32(res.Evals)
		if res.Failed {
			r.fails++
		}
		if res.Alpha > 0 {
			copy(r.w, s.trial) // the last trial point is the accepted one
		}
	} else {
		vec.Axpy(r.w, -alpha, s.g)
	}
	r.alpha, r.evals, r.bloss = append(r.alpha, alpha), append(r.evals, evals), append(r.bloss, loss)
	r.t++
}

// evaluate checks the target after r.t steps (see the package comment).
func (e *Experiment) evaluate(r *run, s *scratch) int64 {
	v := e.vals
	var grad []float64
	cost := int64(e.n)
	if v.Get("target") == TargetGrad {
		grad, cost = s.g, 3*cost
	}
	loss, acc, g2 := s.f.Eval(grad, r.w)
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
