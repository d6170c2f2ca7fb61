package critical

import (
	"encoding/json"
	"io"
	"math"
	"strconv"
)

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// WriteCSV implements lab.Experiment: one row per recorded point of every
// run, kind,m,seed,rule,eta,t,grads,epoch,mse,rel with floats in shortest
// round-trip form (kind is "run" or "sweep").
func (e *Experiment) WriteCSV(w io.Writer) error {
	b := []byte("kind,m,seed,rule,eta,t,grads,epoch,mse,rel\n")
	for _, set := range []struct {
		kind string
		runs []*run
	}{{"run", e.runs}, {"sweep", e.sweep}} {
		for _, r := range set.runs {
			for k, t := range r.tr.T {
				row := r.tr.Rows[k]
				b = append(b, set.kind...)
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(r.m), 10)
				b = append(b, ',')
				b = strconv.AppendInt(b, int64(r.seed+1), 10)
				b = append(b, ',')
				b = append(b, r.rule.String()...)
				for _, x := range []float64{r.eta, float64(t), row[colGrads], row[colGrads] / float64(e.n), row[colMSE], row[colMSE] / r.mse0} {
					b = append(b, ',')
					b = append(b, fmtFloat(x)...)
				}
				b = append(b, '\n')
			}
		}
	}
	_, err := w.Write(b)
	return err
}

// jnum is a float that encodes non-finite values as null.
type jnum float64

func (x jnum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return []byte("null"), nil
	}
	return []byte(fmtFloat(float64(x))), nil
}

func jnums(xs []float64) []jnum {
	out := make([]jnum, len(xs))
	for i, x := range xs {
		out[i] = jnum(x)
	}
	return out
}

type jsonRun struct {
	Kind   string `json:"kind"`
	M      int    `json:"m"`
	Seed   int    `json:"seed"`
	Rule   string `json:"rule"`
	Eta    jnum   `json:"eta"`
	Status string `json:"status"`
	HitT   *int   `json:"t_eps"`
	T      []int  `json:"t"`
	Grads  []jnum `json:"grads"`
	MSE    []jnum `json:"mse"`
}

type jsonPoint struct {
	M       int  `json:"m"`
	Reached int  `json:"seeds_reached"`
	TMean   jnum `json:"t_mean"`
	Grads   jnum `json:"grads_mean"`
	Speedup jnum `json:"speedup"`
	Lo      jnum `json:"speedup_min"`
	Hi      jnum `json:"speedup_max"`
	STheory jnum `json:"s_theory"`
}

// WriteJSON implements lab.Experiment: the canonical link, the spectrum, the
// readout, the speed-up measurement and every run's series.
func (e *Experiment) WriteJSON(w io.Writer) error {
	doc := struct {
		Lab      string      `json:"lab"`
		Link     string      `json:"link"`
		Spectrum any         `json:"spectrum"`
		Readout  any         `json:"readout"`
		Speedup  []jsonPoint `json:"speedup"`
		Runs     []jsonRun   `json:"runs"`
	}{Lab: "critical", Link: e.vals.Encode(), Readout: e.Readout()}
	if e.top != nil {
		doc.Spectrum = map[string]any{"beta": jnum(e.sp.Beta), "lambda1": jnum(e.sp.L1), "lambda2": jnum(e.sp.L2),
			"lambdak": jnum(e.sp.Lk), "lambdak_is_bound": e.bounds != nil, "top": jnums(e.top), "top_bounds": jnums(e.bounds),
			"mstar": jnum(e.mStar()), "ceiling": jnum(4 * e.sp.Beta / e.sp.L1)}
	}
	if len(e.runs) > 0 {
		for _, p := range measure(e.runs, e.ms, e.seeds) {
			doc.Speedup = append(doc.Speedup, jsonPoint{M: p.m, Reached: p.reached, TMean: jnum(p.tMean), Grads: jnum(p.grads),
				Speedup: jnum(p.speedup), Lo: jnum(p.lo), Hi: jnum(p.hi), STheory: jnum(e.speedupTheory(p.m))})
		}
	}
	for _, set := range []struct {
		kind string
		runs []*run
	}{{"run", e.runs}, {"sweep", e.sweep}} {
		for _, r := range set.runs {
			jr := jsonRun{Kind: set.kind, M: r.m, Seed: r.seed + 1, Rule: r.rule.String(), Eta: jnum(r.eta), Status: r.status, T: r.tr.T}
			if r.hitT > 0 {
				h := r.hitT
				jr.HitT = &h
			}
			for _, row := range r.tr.Rows {
				jr.Grads = append(jr.Grads, jnum(row[colGrads]))
				jr.MSE = append(jr.MSE, jnum(row[colMSE]))
			}
			doc.Runs = append(doc.Runs, jr)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}
