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
	notes []string
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
func (e *Experiment) Step(work int) bool {
	active := 0
	for _, en := range e.ens {
		if !en.Done() {
			active++
		}
	}
	if active == 0 {
		return true
	}
	per := float64(max(1, work/active))
	for j, en := range e.ens {
		for spent := 0.0; !en.Done(); spent += e.cost[j] {
			en.Step()
			if spent+e.cost[j] >= per {
				break
			}
		}
	}
	return e.Done()
}

// Done implements lab.Experiment.
func (e *Experiment) Done() bool {
	for _, en := range e.ens {
		if !en.Done() {
			return false
		}
	}
	return true
}

// Progress implements lab.Experiment.
func (e *Experiment) Progress() float64 { return e.shown.Of(e.progress()) }

// progress is the estimate behind Progress, which never lets it go back.
func (e *Experiment) progress() float64 {
	var p float64
	steps := float64(max(1, e.vals.Int("steps")))
	for _, en := range e.ens {
		p += float64(en.T()) / steps
	}
	return p / float64(len(e.ens))
}

// SetView implements lab.Experiment.
func (e *Experiment) SetView(v spec.Values) {
	e.vals.SetView(v)
}
