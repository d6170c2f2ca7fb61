package consensus

import (
	"errors"
	"fmt"

	"sgdlab/sim/dgd"
	"sgdlab/sim/lab"
)

var (
	_ lab.Partial  = (*Experiment)(nil)
	_ lab.Animator = (*Experiment)(nil)
)

// Animated implements lab.Animator: the node graph plays the main run's
// frames, unit 0 of the runs.
func (e *Experiment) Animated() int {
	if us := e.Units(); len(us) > 0 && e.main != nil && us[0] == lab.Unit(e.main) {
		return 0
	}
	return -1
}

// frameMark packs the records and the frames a snapshot of a run carried
// into one mark (a run keeps at most maxFrames+1 frames).
const frameMark = 1024

// runPartial is a snapshot of a run: its curves and frames since the
// earlier snapshots (both are only appended) and its counts.
type runPartial struct {
	From, FFrom             int
	X, Errs, Loss, Dis, Avg []float64
	FX                      []float64
	FStep                   []int
	FNode, FEdge            [][]float64
	NodeMax, EdgeMax        float64
	Steps                   int
	PFrom                   int // a point of the sweep: its steps since the earlier snapshots
	An                      dgd.Analysis
	Iter                    int
	OK                      bool
	Err                     string
	PSteps, PDiffs          []float64
	Point                   bool
}

// MarshalPartial implements lab.Partial: unit i so far — a run's curves
// and frames, or a point's analysis and recorded steps — carrying what is
// new since mark.
func (e *Experiment) MarshalPartial(i, mark int) ([]byte, int, error) {
	r, p, err := e.unit(i)
	if err != nil {
		return nil, 0, err
	}
	var s runPartial
	next := 0
	if r != nil {
		from, x := lab.Since(r.x, mark/frameMark)
		ffrom, fx := lab.Since(r.fx, mark%frameMark)
		s = runPartial{From: from, X: x, Errs: r.errs[from:], Loss: r.loss[from:], Dis: r.dis[from:], Avg: r.avg[from:],
			FFrom: ffrom, FX: fx, FStep: r.fStep[ffrom:], FNode: r.fNode[ffrom:], FEdge: r.fEdge[ffrom:],
			NodeMax: r.nodeMax, EdgeMax: r.edgeMax, Steps: r.steps}
		next = len(r.x)*frameMark + len(r.fx)
	} else {
		from, steps := lab.Since(p.steps, mark)
		s = runPartial{Point: true, PFrom: from, PSteps: steps, PDiffs: p.diffs[from:], An: p.an.Analysis, Iter: p.an.iter, OK: p.an.ok}
		if p.an.err != nil {
			s.Err = p.an.err.Error()
		}
		next = len(p.steps)
	}
	b, err := lab.EncodeResult(s)
	return b, next, err
}

// ShowPartial implements lab.Partial: unit i shows a snapshot made
// elsewhere and keeps its own state aside (nil puts it back).
func (e *Experiment) ShowPartial(i int, b []byte) error {
	r, p, err := e.unit(i)
	if err != nil {
		return err
	}
	if b == nil {
		switch {
		case r != nil && r.own != nil:
			r.set(*r.own)
			r.own = nil
		case p != nil && p.own != nil:
			p.set(*p.own)
			p.own = nil
		}
		return nil
	}
	var s runPartial
	if err := lab.DecodeResult(b, &s); err != nil {
		return fmt.Errorf("consensus: unit %d: %w", i, err)
	}
	if s.Point != (p != nil) {
		return fmt.Errorf("consensus: unit %d: a snapshot of another kind of unit", i)
	}
	if r != nil {
		var shown runResult
		if r.own == nil {
			own := r.result()
			r.own = &own
		} else {
			shown = r.result()
		}
		ok := true
		ext := func(dst *[]float64, old []float64, from int, tail []float64) {
			v, good := lab.Extend(old, from, tail)
			*dst, ok = v, ok && good
		}
		var res runResult
		ext(&res.X, shown.X, s.From, s.X)
		ext(&res.Errs, shown.Errs, s.From, s.Errs)
		ext(&res.Loss, shown.Loss, s.From, s.Loss)
		ext(&res.Dis, shown.Dis, s.From, s.Dis)
		ext(&res.Avg, shown.Avg, s.From, s.Avg)
		ext(&res.FX, shown.FX, s.FFrom, s.FX)
		fs, ok1 := lab.Extend(shown.FStep, s.FFrom, s.FStep)
		fn, ok2 := lab.Extend(shown.FNode, s.FFrom, s.FNode)
		fe, ok3 := lab.Extend(shown.FEdge, s.FFrom, s.FEdge)
		if !ok || !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("consensus: run %d: a snapshot shown out of order", i)
		}
		res.FStep, res.FNode, res.FEdge = fs, fn, fe
		res.NodeMax, res.EdgeMax, res.Steps = s.NodeMax, s.EdgeMax, s.Steps
		res.Status = running // only the final result stops a run
		r.set(res)
		return nil
	}
	var shown pointResult
	if p.own == nil {
		own := p.result()
		p.own = &own
	} else {
		shown = p.result()
	}
	steps, ok1 := lab.Extend(shown.Steps, s.PFrom, s.PSteps)
	diffs, ok2 := lab.Extend(shown.Diffs, s.PFrom, s.PDiffs)
	if !ok1 || !ok2 {
		return fmt.Errorf("consensus: μ point %d: a snapshot shown out of order", i)
	}
	// Only the final result ends a point.
	p.set(pointResult{An: s.An, Iter: s.Iter, OK: s.OK, Err: s.Err, Steps: steps, Diffs: diffs})
	return nil
}

// result is what the run shows now.
func (r *run) result() runResult {
	return runResult{X: r.x, Errs: r.errs, Loss: r.loss, Dis: r.dis, Avg: r.avg, FX: r.fx, FStep: r.fStep,
		FNode: r.fNode, FEdge: r.fEdge, NodeMax: r.nodeMax, EdgeMax: r.edgeMax, Status: r.status, DiverAt: r.diverAt, Steps: r.steps}
}

// set makes the run show res.
func (r *run) set(res runResult) {
	r.x, r.errs, r.loss, r.dis, r.avg = res.X, res.Errs, res.Loss, res.Dis, res.Avg
	r.fx, r.fStep, r.fNode, r.fEdge, r.nodeMax, r.edgeMax = res.FX, res.FStep, res.FNode, res.FEdge, res.NodeMax, res.EdgeMax
	r.status, r.diverAt, r.steps = res.Status, res.DiverAt, res.Steps
}

// result is what the point shows now.
func (p *point) result() pointResult {
	res := pointResult{An: p.an.Analysis, Iter: p.an.iter, OK: p.an.ok, Steps: p.steps, Diffs: p.diffs, Measured: p.measured, Measures: p.ok, Done: p.done}
	if p.an.err != nil {
		res.Err = p.an.err.Error()
	}
	return res
}

// set makes the point show res (its iterate, if any, is not touched).
func (p *point) set(res pointResult) {
	p.an = analysis{Analysis: res.An, iter: res.Iter, ok: res.OK}
	if res.Err != "" {
		p.an.err = errors.New(res.Err)
	}
	p.steps, p.diffs, p.measured, p.ok, p.done = res.Steps, res.Diffs, res.Measured, res.Measures, res.Done
}
