package batch

import (
	"io"

	"sgdlab/sim/lab"
	"sgdlab/sim/theory"
)

func mStar(e *Experiment) float64 { return theory.MStar(e.sp.Beta, e.sp.L1, e.sp.Lk) }

// WriteCSV implements lab.Experiment: one row per recorded point,
// run,m,rule,eta,t,grads,epoch,perr,mse with floats in shortest round-trip form.
func (e *Experiment) WriteCSV(w io.Writer) error {
	c := lab.NewCSV(w, "run,m,rule,eta,t,grads,epoch,perr,mse")
	for j, r := range e.runs {
		for k, t := range r.Trace.T {
			row := r.Trace.Rows[k]
			c.Int(j).Int(r.m).Text(r.rule.String()).
				Floats(r.eta, float64(t), row[colGrads], row[colGrads]/float64(e.ds.N), row[colPerr], row[colMSE]).End()
		}
	}
	return c.Flush()
}

type jsonRun struct {
	M         int         `json:"m"`
	Rule      string      `json:"rule"`
	Eta       lab.Float   `json:"eta"`
	Predicted *lab.Float  `json:"predicted_g"`
	Status    string      `json:"status"`
	StopT     int         `json:"stop_t"`
	T         []int       `json:"t"`
	Grads     []lab.Float `json:"grads"`
	Perr      []lab.Float `json:"perr"`
	MSE       []lab.Float `json:"mse"`
}

// WriteJSON implements lab.Experiment: the canonical link, the spectrum, the
// readout and every run's series.
func (e *Experiment) WriteJSON(w io.Writer) error {
	doc := struct {
		lab.Envelope
		Spectrum any       `json:"spectrum"`
		Runs     []jsonRun `json:"runs"`
	}{Envelope: lab.Envelope{Lab: "batch", Link: e.vals.Encode(), Readout: e.Readout()}}
	doc.Spectrum = map[string]any{"beta": lab.Float(e.sp.Beta), "lambda1": lab.Float(e.sp.L1), "lambda2": lab.Float(e.sp.L2), "lambdak": lab.Float(e.sp.Lk), "k": e.sp.K, "mstar": lab.Float(mStar(e))}
	for _, r := range e.runs {
		jr := jsonRun{M: r.m, Rule: r.rule.String(), Eta: lab.Float(r.eta), Status: r.Status, StopT: r.StopT, T: r.Trace.T}
		if g, ok := e.predicted(r); ok {
			x := lab.Float(g)
			jr.Predicted = &x
		}
		for _, row := range r.Trace.Rows {
			jr.Grads = append(jr.Grads, lab.Float(row[colGrads]))
			jr.Perr = append(jr.Perr, lab.Float(row[colPerr]))
			jr.MSE = append(jr.MSE, lab.Float(row[colMSE]))
		}
		doc.Runs = append(doc.Runs, jr)
	}
	return lab.WriteJSON(w, doc)
}
