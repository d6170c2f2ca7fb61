package critical

import (
	"io"

	"sgdlab/sim/lab"
)

// runSet is the runs of one kind: "run" (the main runs) or "sweep".
type runSet struct {
	kind string
	runs []*run
}

func (e *Experiment) kinds() []runSet { return []runSet{{"run", e.runs}, {"sweep", e.sweep}} }

// WriteCSV implements lab.Experiment: one row per recorded point of every
// run, kind,m,seed,rule,eta,t,grads,epoch,mse,rel with floats in shortest
// round-trip form (kind is "run" or "sweep").
func (e *Experiment) WriteCSV(w io.Writer) error {
	c := lab.NewCSV(w, "kind,m,seed,rule,eta,t,grads,epoch,mse,rel")
	for _, set := range e.kinds() {
		for _, r := range set.runs {
			for k, t := range r.Trace.T {
				row := r.Trace.Rows[k]
				c.Text(set.kind).Int(r.m).Int(r.seed+1).Text(r.rule.String()).
					Floats(r.eta, float64(t), row[colGrads], row[colGrads]/float64(e.n), row[colMSE], row[colMSE]/r.E0).End()
			}
		}
	}
	return c.Flush()
}

type jsonRun struct {
	Kind   string      `json:"kind"`
	M      int         `json:"m"`
	Seed   int         `json:"seed"`
	Rule   string      `json:"rule"`
	Eta    lab.Float   `json:"eta"`
	Status string      `json:"status"`
	HitT   *int        `json:"t_eps"`
	T      []int       `json:"t"`
	Grads  []lab.Float `json:"grads"`
	MSE    []lab.Float `json:"mse"`
}

type jsonPoint struct {
	M       int       `json:"m"`
	Reached int       `json:"seeds_reached"`
	TMean   lab.Float `json:"t_mean"`
	Grads   lab.Float `json:"grads_mean"`
	Speedup lab.Float `json:"speedup"`
	Lo      lab.Float `json:"speedup_min"`
	Hi      lab.Float `json:"speedup_max"`
	STheory lab.Float `json:"s_theory"`
}

// WriteJSON implements lab.Experiment: the canonical link, the spectrum, the
// readout, the speed-up measurement and every run's series.
func (e *Experiment) WriteJSON(w io.Writer) error {
	doc := struct {
		lab.Envelope
		Spectrum any         `json:"spectrum"`
		Speedup  []jsonPoint `json:"speedup"`
		Runs     []jsonRun   `json:"runs"`
	}{Envelope: lab.Envelope{Lab: "critical", Link: e.vals.Encode(), Readout: e.Readout()}}
	if e.top != nil {
		doc.Spectrum = map[string]any{"beta": lab.Float(e.sp.Beta), "lambda1": lab.Float(e.sp.L1), "lambda2": lab.Float(e.sp.L2),
			"lambdak": lab.Float(e.sp.Lk), "lambdak_is_bound": e.bounds != nil, "top": lab.Floats(e.top), "top_bounds": lab.Floats(e.bounds),
			"mstar": lab.Float(e.mStar()), "ceiling": lab.Float(4 * e.sp.Beta / e.sp.L1)}
	}
	if len(e.runs) > 0 {
		for _, p := range measure(e.runs, e.ms, e.seeds) {
			doc.Speedup = append(doc.Speedup, jsonPoint{M: p.m, Reached: p.reached, TMean: lab.Float(p.tMean), Grads: lab.Float(p.grads),
				Speedup: lab.Float(p.speedup), Lo: lab.Float(p.lo), Hi: lab.Float(p.hi), STheory: lab.Float(e.speedupTheory(p.m))})
		}
	}
	for _, set := range e.kinds() {
		for _, r := range set.runs {
			jr := jsonRun{Kind: set.kind, M: r.m, Seed: r.seed + 1, Rule: r.rule.String(), Eta: lab.Float(r.eta), Status: r.Status, T: r.Trace.T}
			if r.HitT > 0 {
				h := r.HitT
				jr.HitT = &h
			}
			for _, row := range r.Trace.Rows {
				jr.Grads = append(jr.Grads, lab.Float(row[colGrads]))
				jr.MSE = append(jr.MSE, lab.Float(row[colMSE]))
			}
			doc.Runs = append(doc.Runs, jr)
		}
	}
	return lab.WriteJSON(w, doc)
}
