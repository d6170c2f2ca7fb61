package batch

import (
	"fmt"
	"math"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
	"sgdlab/sim/sgd"
	"sgdlab/sim/spec"
	"sgdlab/sim/spectrum"
	"sgdlab/sim/steprule"
	"sgdlab/sim/theory"
	"sgdlab/sim/vec"
)

// Experiment is the batch lab's lab.Experiment.
type Experiment struct {
	shown lab.Shown // Progress, never decreasing
	vals  spec.Values
	ds    *data.Dataset
	sp    spectrum.Spectrum
	unit  bool // every ‖x_i‖ = 1 (§2.6 applies)
	samp  string
	runs  []*run
	units lab.Units // the runs, in the order of the batch sizes
	notes []string
}

var _ lab.Experiment = (*Experiment)(nil)

// New builds the data, its spectrum and one run per batch size.
func New(v spec.Values) (lab.Experiment, error) {
	n, d := v.Int("n"), v.Int("d")
	ds, err := data.Synthesize(data.Synth{
		N: n, D: d, Spectrum: v.Get("spectrum"), Rho: v.Float("rho"), Alpha: v.Float("alpha"),
		Normalize: v.Bool("normalize"), Noise: v.Float("noise"), Seed: v.Uint64("dseed"),
	})
	if err != nil {
		return nil, err
	}
	sp, err := spectrum.Of(ds)
	if err != nil {
		return nil, err
	}
	e := &Experiment{vals: v, ds: ds, sp: sp, samp: v.Get("sampler"), unit: unitNorm(ds)}
	ms := steprule.ParseBatches(v.Get("m"), n)
	rules := steprule.ParseRules(v.Get("eta"))
	for j, m := range ms {
		rule := rules[0]
		if len(rules) == len(ms) {
			rule = rules[j]
		}
		smp, err := sampler.New(e.samp, n, m, rng.New(v.Uint64("sseed"), rng.StreamRun+uint64(j)))
		if err != nil {
			return nil, err
		}
		s := sgd.New(ds, m, rule.Eta(m, n, sp), smp, nil)
		r := newRun(ds, s, rule, planned(v, n, m), v.Float("eps"))
		e.runs, e.units = append(e.runs, r), append(e.units, r)
	}
	e.notes = e.explain()
	return e, nil
}

// unitNorm reports whether every sample has unit norm (to 1e-9).
func unitNorm(ds *data.Dataset) bool {
	for i := 0; i < ds.N; i++ {
		if math.Abs(vec.Norm2(ds.Row(i))-1) > 1e-9 {
			return false
		}
	}
	return true
}

// explain lists what a reader should know about this configuration.
func (e *Experiment) explain() []string {
	var notes []string
	n, d := e.ds.N, e.ds.D
	switch {
	case d < n && !e.ds.Interpolates:
		notes = append(notes, fmt.Sprintf("d = %d < n = %d with label noise: no w interpolates the data, the interpolation assumption of THEORY §1 fails; ‖Pδ‖² is measured to the least-squares solution and SGD with a constant step stalls at a noise floor.", d, n))
	case d < n:
		notes = append(notes, fmt.Sprintf("d = %d < n = %d: generic targets cannot be interpolated; here y = Xw* is realisable by construction, so SGD still converges (add noise to see the assumption fail).", d, n))
	case e.vals.Float("noise") > 0:
		notes = append(notes, "Label noise with d ≥ n: an interpolant still exists (w* fits the noise).")
	}
	if e.samp == sampler.Bernoulli && !e.unit {
		notes = append(notes, "Bernoulli sampling: the theory of §2.6 needs unit-norm samples — tick normalize to see its bound; no overlay is drawn.")
	}
	if e.samp == sampler.Subset || e.samp == sampler.Shuffle {
		notes = append(notes, "The dashed bound is §2.2's, derived for sampling with replacement; "+e.samp+" draws without replacement within a batch.")
	}
	notes = append(notes, fmt.Sprintf("Eigenvalues of H count as nonzero above %g·λ₁.", spectrum.RelTol))
	return notes
}

// predicted returns the per-iteration factor g of E‖Pδ‖² the theory gives for a
// run (§2.6 for Bernoulli on unit-norm samples, else §2.2), and whether one applies.
func (e *Experiment) predicted(r *run) (float64, bool) {
	sp := e.sp
	switch {
	case !e.ds.Interpolates: // §2 assumes an interpolant
		return 0, false
	case e.samp == sampler.Bernoulli && e.unit:
		return theory.BernoulliRate(r.m, e.ds.N, r.eta, sp.L1, sp.Lk), true
	case e.samp == sampler.Bernoulli:
		return 0, false
	}
	return theory.Rate(r.m, r.eta, sp.Beta, sp.L1, sp.Lk), true
}

// Step implements lab.Experiment: the runs are the units.
func (e *Experiment) Step(work int) bool { return e.units.Step(work) }

// Done implements lab.Experiment.
func (e *Experiment) Done() bool { return e.units.Stopped() == len(e.units) }

// Progress implements lab.Experiment: the mean over runs of the fraction
// done, never decreasing.
func (e *Experiment) Progress() float64 { return e.shown.Of(e.units.Progress()) }

// SetView implements lab.Experiment.
func (e *Experiment) SetView(v spec.Values) {
	e.vals.SetView(v)
}

var _ lab.Splitter = (*Experiment)(nil)

// Units implements lab.Splitter: the runs, one per batch size.
func (e *Experiment) Units() lab.Units { return e.units }
