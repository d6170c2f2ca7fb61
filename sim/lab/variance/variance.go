// Package variance is the gradient-variance lab (Qian & Klabjan; THEORY §4):
// for every batch size b, R independent SGD runs from ONE fixed start with
// the same step schedule (an ensemble), and at recorded steps the variance of
// the mini-batch gradient given the start, var(g_t | F₀), the variance of the
// full gradient, the expected loss, and — for least squares — Lemma 1's
// closed-form Var(g_t | w_t) averaged over the runs, each with a standard
// error. Views: log variance vs t per b, variance vs b at one t with a
// polynomial fit in 1/b, expected loss vs t, and a check of monotonicity in b.
package variance

import (
	"fmt"
	"math"

	"sgdlab/sim/data"
	"sgdlab/sim/ensemble"
	"sgdlab/sim/lab"
	"sgdlab/sim/model"
	"sgdlab/sim/rng"
	"sgdlab/sim/spec"
	"sgdlab/sim/steprule"
)

// Experiment is the lab's lab.Experiment.
type Experiment struct {
	shown lab.Shown // Progress, never decreasing
	vals  spec.Values
	m     model.Model
	lin   *model.LinReg // nil for the online model
	n, d  int
	desc  string
	w0    []float64
	bs    []int
	ens   []*ensemble.Ensemble
	cost  []float64 // per step of one run, per batch size
	units lab.Units // one group per batch size, in the order of bs
	notes []string
	own   []*result // an ensemble's own steps and points while a snapshot from elsewhere is shown (lab.Partial)
}

var _ lab.Experiment = (*Experiment)(nil)

// New builds the model, the start and one ensemble per batch size.
func New(v spec.Values, st *data.Store) (lab.Experiment, error) {
	e := &Experiment{vals: v}
	switch {
	case v.Get("model") == TwoLayer:
		p, h, o := v.Int("p"), v.Int("h"), v.Int("o")
		teacher := model.Product(p, h, o, model.DrawTwoLayer(p, h, o, rng.New(v.Uint64("tseed"), rng.StreamVarianceTeacher)))
		e.m = model.NewTwoLayer(p, h, o, teacher)
		e.w0 = model.DrawTwoLayer(p, h, o, rng.New(v.Uint64("wseed"), rng.StreamVarianceW0))
		e.n = onlineN
		e.desc = fmt.Sprintf("two-layer linear network %d-%d-%d (teacher-student, online)", p, h, o)
	case v.Get("model") == MLP:
		m, err := imageMLP(v, st)
		if err != nil {
			return nil, err
		}
		e.m, e.n = m, m.N
		e.w0 = m.Init(rng.New(v.Uint64("wseed"), rng.StreamVarianceW0))
		e.desc = fmt.Sprintf("MLP %s (ReLU, softmax cross-entropy) on the first %d %s images", v.Get("hidden"), m.N, v.Get("images"))
	default:
		ds, desc, err := lab.LeastSquares(v, st)
		if err != nil {
			return nil, err
		}
		e.lin = model.NewLinReg(ds)
		e.m, e.n, e.desc = e.lin, ds.N, desc
		e.w0 = make([]float64, ds.D)
		g := rng.NewGauss(rng.New(v.Uint64("wseed"), rng.StreamVarianceW0))
		for i := range e.w0 {
			e.w0[i] = g.Norm() / math.Sqrt(float64(ds.D))
		}
	}
	e.d = e.m.Dim()
	e.bs = steprule.ParseBatches(v.Get("b"), e.n)
	steps := v.Int("steps")
	points := maxPoints
	if v.Get("model") == MLP {
		points = mlpPoints
	}
	every := max(1, (steps+points-1)/points)
	c := v.Float("c")
	alpha := func(int) float64 { return c }
	if v.Get("rule") == "inv" {
		alpha = func(t int) float64 { return c / float64(t+1) }
	}
	for j, b := range e.bs {
		m := e.m
		if j > 0 {
			m = e.m.Clone()
		}
		en, err := ensemble.New(ensemble.Config{Model: m, B: b, Runs: v.Int("runs"), Steps: steps, Alpha: alpha, W0: e.w0,
			Seed: v.Uint64("sseed"), Stream: rng.StreamRun + uint64(j)*rng.StrideVariance, Every: every})
		if err != nil {
			return nil, err
		}
		e.ens = append(e.ens, en)
		e.cost = append(e.cost, stepCost(v, b)*float64(v.Int("runs")))
		e.units = append(e.units, group{en, e.cost[j], float64(steps)})
	}
	return e, nil
}

// imageMLP is the MLP of the spec on the first nimg images.
func imageMLP(v spec.Values, st *data.Store) (*model.MLP, error) {
	n := v.Int("nimg")
	l, err := lab.Images(st, v.Get("images"), n)
	if err != nil {
		return nil, err
	}
	return model.NewMLP(lab.MLPSizes(v.Get("hidden")), l.X[:n*l.D], l.Labels[:n])
}

// Step implements lab.Experiment: every unfinished ensemble takes steps
// worth about work/len multiply-adds.
func (e *Experiment) Step(work int) bool { return e.units.Step(work) }

// Done implements lab.Experiment.
func (e *Experiment) Done() bool { return e.units.Stopped() == len(e.units) }

// Progress implements lab.Experiment: the mean over batch sizes of the
// steps done, never decreasing.
func (e *Experiment) Progress() float64 { return e.shown.Of(e.units.Progress()) }

// group is the ensemble of one batch size as a lab.Unit: its runs advance
// together, a step of all of them costing cost multiply-adds.
type group struct {
	en          *ensemble.Ensemble
	cost, steps float64
}

// Advance implements lab.Unit: steps worth about work multiply-adds, at
// least one.
func (g group) Advance(work int) bool {
	for spent := 0.0; !g.en.Done(); spent += g.cost {
		g.en.Step()
		if spent+g.cost >= float64(work) {
			break
		}
	}
	return !g.en.Done()
}

// Running implements lab.Unit.
func (g group) Running() bool { return !g.en.Done() }

// Cost implements lab.Coster: the multiply-adds of all the steps.
func (g group) Cost() float64 { return g.cost * g.steps }

// Progress implements lab.Unit: the steps done.
func (g group) Progress() float64 { return float64(g.en.T()) / max(1, g.steps) }

// SetView implements lab.Experiment.
func (e *Experiment) SetView(v spec.Values) {
	e.vals.SetView(v)
}

var _ lab.Splitter = (*Experiment)(nil)

// Units implements lab.Splitter: one ensemble per batch size.
func (e *Experiment) Units() lab.Units { return e.units }
