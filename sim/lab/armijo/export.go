package armijo

import (
	"io"

	"sgdlab/sim/lab"
)

// WriteCSV implements lab.Experiment: one row per run and step,
// opt,b,seed,k,alpha,evals,batch_loss,loss,accuracy,grad_norm — the last
// three where the target was evaluated after step k (empty elsewhere; k = 0
// is the start).
func (e *Experiment) WriteCSV(w io.Writer) error {
	c := lab.NewCSV(w, "opt,b,seed,k,alpha,evals,batch_loss,loss,accuracy,grad_norm")
	for _, r := range e.runs {
		pi := 0
		for k := 0; k <= r.t; k++ {
			c.Text(optNames[r.opt]).Int(r.b).Int(r.seed).Int(k)
			if k > 0 {
				c.Float(r.alpha[k-1]).Int(int(r.evals[k-1])).Float(r.bloss[k-1])
			} else {
				c.Text("").Text("").Text("")
			}
			for pi < len(r.pts) && r.pts[pi].T < k {
				pi++
			}
			if pi < len(r.pts) && r.pts[pi].T == k {
				p := r.pts[pi]
				c.Floats(p.Loss, p.Acc, p.Grad)
			} else {
				c.Text("").Text("").Text("")
			}
			c.End()
		}
	}
	return c.Flush()
}

type jsonRun struct {
	Opt      string      `json:"opt"`
	B        int         `json:"b"`
	Seed     int         `json:"seed"`
	Reached  bool        `json:"reached"`
	Diverged bool        `json:"diverged"`
	K        int         `json:"k"`
	Grads    int64       `json:"sample_gradients"`
	LSEvals  int64       `json:"line_search_sample_evaluations"`
	Failed   int         `json:"failed_searches"`
	EvalCost int64       `json:"target_check_sample_passes"`
	EvalT    []int       `json:"eval_step"`
	Loss     []lab.Float `json:"loss"`
	Acc      []lab.Float `json:"accuracy"`
	Grad     []lab.Float `json:"grad_norm"`
	Alpha    []lab.Float `json:"alpha"`
	Evals    []int32     `json:"evals"`
}

// WriteJSON implements lab.Experiment: the link, the readout and every run.
func (e *Experiment) WriteJSON(w io.Writer) error {
	doc := struct {
		lab.Envelope
		Runs []jsonRun `json:"runs"`
	}{Envelope: lab.Envelope{Lab: "armijo", Link: e.vals.Encode(), Readout: e.Readout()}}
	for _, r := range e.runs {
		j := jsonRun{Opt: optNames[r.opt], B: r.b, Seed: r.seed, Reached: r.reached, Diverged: r.diverged, K: r.k,
			Grads: r.grads, LSEvals: r.lsEvals, Failed: r.fails, EvalCost: r.evalCost, Evals: r.evals}
		for _, p := range r.pts {
			j.EvalT = append(j.EvalT, p.T)
			j.Loss, j.Acc, j.Grad = append(j.Loss, lab.Float(p.Loss)), append(j.Acc, lab.Float(p.Acc)), append(j.Grad, lab.Float(p.Grad))
		}
		for _, a := range r.alpha {
			j.Alpha = append(j.Alpha, lab.Float(a))
		}
		doc.Runs = append(doc.Runs, j)
	}
	return lab.WriteJSON(w, doc)
}
