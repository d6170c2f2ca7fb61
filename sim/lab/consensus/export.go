package consensus

import (
	"io"
	"math"

	"sgdlab/sim/lab"
)

// WriteCSV implements lab.Experiment: one row per recorded point of every
// run — run,round,error,data,disagree,avgerror — then one row per sweep
// point as sweep,mu,sigma_min,sigma_max,r_pred,r_measured.
func (e *Experiment) WriteCSV(w io.Writer) error {
	c := lab.NewCSV(w, "run,round,error,data,disagree,avgerror")
	for _, r := range e.runs() {
		for k := range r.x {
			c.Text(r.name).Floats(r.x[k], r.errs[k], r.loss[k], r.dis[k], r.avg[k]).End()
		}
	}
	if len(e.sweep) > 0 {
		c.Header("sweep,mu,sigma_min,sigma_max,r_pred,r_measured")
		for _, p := range e.sweep {
			if p.done {
				c.Text("sweep").Floats(p.mu, p.an.SigmaMin, p.an.SigmaMax, p.rBest(), p.measuredOrNaN()).End()
			}
		}
	}
	return c.Flush()
}

func (p *point) measuredOrNaN() float64 {
	if p.ok {
		return p.measured
	}
	return math.NaN()
}

type jsonRun struct {
	Name     string      `json:"name"`
	Eta      lab.Float   `json:"eta"`
	Status   string      `json:"status"`
	Measured lab.Float   `json:"rate_measured"`
	Round    []lab.Float `json:"round"`
	Error    []lab.Float `json:"error"`
	Data     []lab.Float `json:"data"`
	Disagree []lab.Float `json:"disagree"`
	AvgError []lab.Float `json:"avgerror"`
}

type jsonPoint struct {
	Mu       lab.Float `json:"mu"`
	SigmaMin lab.Float `json:"sigma_min"`
	SigmaMax lab.Float `json:"sigma_max"`
	RPred    lab.Float `json:"r_pred"`
	RFixed   lab.Float `json:"r_pred_fixed_eta"`
	RMeas    lab.Float `json:"r_measured"`
}

// WriteJSON implements lab.Experiment: the canonical link, the theory, the
// readout, every run's series and the sweep.
func (e *Experiment) WriteJSON(w io.Writer) error {
	th := map[string]any{
		"lambda2_L": lab.Float(e.lap.lo), "lambdamax_L": lab.Float(e.lap.hi),
		"lambdamin_H": lab.Float(e.hsp.Lk), "beta": lab.Float(e.beta),
		"sigma_min": lab.Float(e.an.SigmaMin), "sigma_max": lab.Float(e.an.SigmaMax), "null": e.an.Null,
		"eta": lab.Float(e.eta), "interpolation": e.interp,
	}
	if e.an.SigmaMax > 0 {
		th["rate"] = lab.Float(e.an.Rate(e.eta))
		th["bound"] = lab.Float(1 - float64(e.eta*e.hsp.Lk))
	}
	if r, ok := e.measured(); ok {
		th["rate_measured"] = lab.Float(r)
	}
	doc := struct {
		lab.Envelope
		Theory any         `json:"theory"`
		Runs   []jsonRun   `json:"runs"`
		Sweep  []jsonPoint `json:"sweep,omitempty"`
	}{Envelope: lab.Envelope{Lab: "consensus", Link: e.vals.Encode(), Readout: e.Readout()}, Theory: th}
	for _, r := range e.runs() {
		m, _ := rate(r.x, r.errs)
		doc.Runs = append(doc.Runs, jsonRun{Name: r.name, Eta: lab.Float(r.eta), Status: r.status, Measured: lab.Float(m),
			Round: lab.Floats(r.x), Error: lab.Floats(r.errs), Data: lab.Floats(r.loss), Disagree: lab.Floats(r.dis), AvgError: lab.Floats(r.avg)})
	}
	for _, p := range e.sweep {
		if p.done {
			doc.Sweep = append(doc.Sweep, jsonPoint{Mu: lab.Float(p.mu), SigmaMin: lab.Float(p.an.SigmaMin), SigmaMax: lab.Float(p.an.SigmaMax),
				RPred: lab.Float(p.rBest()), RFixed: lab.Float(p.an.Rate(e.eta)), RMeas: lab.Float(p.measuredOrNaN())})
		}
	}
	return lab.WriteJSON(w, doc)
}
