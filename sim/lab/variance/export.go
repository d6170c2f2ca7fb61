package variance

import (
	"io"

	"sgdlab/sim/lab"
)

// WriteCSV implements lab.Experiment: one row per batch size and recorded
// step: b,t,var_g,se_g,var_full,se_full,loss,se_loss,condvar,se_condvar.
func (e *Experiment) WriteCSV(w io.Writer) error {
	c := lab.NewCSV(w, "b,t,var_g,se_g,var_full,se_full,loss,se_loss,condvar,se_condvar")
	for j, en := range e.ens {
		for _, p := range en.Points() {
			c.Floats(float64(e.bs[j]), float64(p.T), p.VarG, p.SEG, p.VarFull, p.SEFull, p.Loss, p.SELoss, p.CondVar, p.SECond).End()
		}
	}
	return c.Flush()
}

type jsonSeries struct {
	B       int         `json:"b"`
	T       []int       `json:"t"`
	VarG    []lab.Float `json:"var_g"`
	SEG     []lab.Float `json:"se_g"`
	VarFull []lab.Float `json:"var_full"`
	SEFull  []lab.Float `json:"se_full"`
	Loss    []lab.Float `json:"loss"`
	SELoss  []lab.Float `json:"se_loss"`
	CondVar []lab.Float `json:"condvar"`
}

// WriteJSON implements lab.Experiment: the link, the readout and every
// batch size's series.
func (e *Experiment) WriteJSON(w io.Writer) error {
	doc := struct {
		lab.Envelope
		Series []jsonSeries `json:"series"`
	}{Envelope: lab.Envelope{Lab: "variance", Link: e.vals.Encode(), Readout: e.Readout()}}
	for j, en := range e.ens {
		s := jsonSeries{B: e.bs[j]}
		for _, p := range en.Points() {
			s.T = append(s.T, p.T)
			s.VarG, s.SEG = append(s.VarG, lab.Float(p.VarG)), append(s.SEG, lab.Float(p.SEG))
			s.VarFull, s.SEFull = append(s.VarFull, lab.Float(p.VarFull)), append(s.SEFull, lab.Float(p.SEFull))
			s.Loss, s.SELoss = append(s.Loss, lab.Float(p.Loss)), append(s.SELoss, lab.Float(p.SELoss))
			s.CondVar = append(s.CondVar, lab.Float(p.CondVar))
		}
		doc.Series = append(doc.Series, s)
	}
	return lab.WriteJSON(w, doc)
}
