package consensus

import (
	"fmt"
	"math"

	"sgdlab/sim/dgd"
	"sgdlab/sim/lab"
	"sgdlab/sim/pmath"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
	"sgdlab/sim/sgd"
	"sgdlab/sim/steprule"
)

// Records per curve and the most frames kept for the scrubber.
const (
	maxRecords = 400
	maxFrames  = 150
)

// Run statuses.
const (
	running  = "running"
	finished = "finished"
	diverged = "diverged"
)

// run is one algorithm on the network (or a centralised baseline) with its
// recorded curves, and, for the main run, frames of per-node errors and
// per-edge disagreements.
type run struct {
	name   string
	color  uint32
	alg    dgd.Algorithm
	eta    float64
	total  int // gradient evaluations planned: len·n
	every  int // gradient evaluations between records
	next   int
	status string
	err0   float64

	x                    []float64 // rounds: gradient evaluations / n
	errs, loss, dis, avg []float64
	m                    dgd.Metrics
	frames               bool
	frameEvery           int // records between frames
	fx                   []float64
	fStep                []int
	fNode, fEdge         [][]float64
	nodeMax, edgeMax     float64
	steps                int
	n                    int
	wInf                 []float64
	edgeBuf              func(dst []float64)
	nodeErr              func(dst []float64)
	edges                int
	diverAt              float64
	cost                 int        // work units of one gradient evaluation: about (1 + degree)·d
	own                  *runResult // its own state while a snapshot from elsewhere is shown (lab.Partial)
}

var _ lab.Unit = (*run)(nil)

// newRun plans the recording of alg over len rounds of n evaluations.
func newRun(name string, color uint32, alg dgd.Algorithm, eta float64, n, rounds int, wInf []float64) *run {
	r := &run{name: name, color: color, alg: alg, eta: eta, n: n, total: rounds * n, status: running, wInf: wInf}
	r.every = max(1, r.total/maxRecords)
	r.record()
	r.err0 = r.m.Error
	return r
}

// withFrames makes the run keep frames of the node and edge values, at most
// maxFrames and at most budget floats.
func (r *run) withFrames(nodes, edges int, budget int, nodeErr, edgeDis func(dst []float64)) {
	r.frames, r.nodeErr, r.edgeBuf, r.edges = true, nodeErr, edgeDis, edges
	frames := min(maxFrames, max(2, budget/max(1, nodes+edges)))
	records := r.total/r.every + 1
	r.frameEvery = max(1, (records+frames-2)/(frames-1))
	r.fx, r.fStep, r.fNode, r.fEdge = nil, nil, nil, nil
	r.frame(nodes)
}

// frame stores the current node errors and edge disagreements.
func (r *run) frame(nodes int) {
	node := make([]float64, nodes)
	r.nodeErr(node)
	edge := make([]float64, r.edges)
	r.edgeBuf(edge)
	for _, v := range node {
		r.nodeMax = math.Max(r.nodeMax, v)
	}
	for _, v := range edge {
		r.edgeMax = math.Max(r.edgeMax, v)
	}
	r.fx = append(r.fx, r.round())
	r.fStep = append(r.fStep, r.steps)
	r.fNode = append(r.fNode, node)
	r.fEdge = append(r.fEdge, edge)
}

func (r *run) round() float64 { return float64(r.alg.Updates()) / float64(r.n) }

// record appends the metrics now.
func (r *run) record() {
	r.alg.Measure(&r.m, r.wInf)
	r.x = append(r.x, r.round())
	r.errs = append(r.errs, r.m.Error)
	r.loss = append(r.loss, r.m.Data)
	r.dis = append(r.dis, r.m.Disagree)
	r.avg = append(r.avg, r.m.AvgError)
	r.next += r.every
}

// advance does steps until about work gradient evaluations are spent or the
// run ends; it returns the evaluations spent.
func (r *run) advance(work int) int {
	start := r.alg.Updates()
	for r.status == running && r.alg.Updates()-start < work {
		r.alg.Step()
		r.steps++
		u := r.alg.Updates()
		if u < r.next && u < r.total {
			continue
		}
		r.record()
		if r.frames && (len(r.x)-1)%r.frameEvery == 0 {
			r.frame(len(r.fNode[0]))
		}
		last := r.m.Error
		switch {
		case math.IsNaN(last) || math.IsInf(last, 0) || last > 1e30*math.Max(r.err0, 1e-300):
			r.status, r.diverAt = diverged, r.round()
		case u >= r.total:
			r.status = finished
			if r.frames && r.fStep[len(r.fStep)-1] != r.steps {
				r.frame(len(r.fNode[0]))
			}
		}
	}
	return r.alg.Updates() - start
}

// Advance implements lab.Unit: about work/cost gradient evaluations, at
// least one.
func (r *run) Advance(work int) bool {
	r.advance(max(1, work/r.cost))
	return r.Running()
}

// Running implements lab.Unit.
func (r *run) Running() bool { return r.status == running }

// Cost implements lab.Coster: the planned gradient evaluations times their
// cost.
func (r *run) Cost() float64 { return float64(r.total) * float64(r.cost) }

// Progress implements lab.Unit: the fraction of the planned evaluations.
func (r *run) Progress() float64 {
	if r.status != running {
		return 1
	}
	return float64(r.alg.Updates()) / float64(r.total)
}

// rate is R per step from the tail of a curve of Σ‖w_i − w∞‖² (which
// decays like R^(2t), THEORY §3): exp(lab.LogSlope/2), t in steps; false
// when the tail is too short to fit.
func rate(steps []float64, errs []float64) (float64, bool) {
	s, _, ok := lab.LogSlope(steps, errs)
	if !ok {
		return math.NaN(), false
	}
	return pmath.Exp(s / 2), true
}

// runsTask builds the main run and the baselines once the step is known,
// then shares work (gradient evaluations × d) among them, its units.
func (e *Experiment) runsTask() lab.Task {
	t := lab.Task{Name: "runs", Weight: 0.6, Progress: func() float64 { return e.runUnits.Progress() }}
	t.Step = func(work int) bool {
		if e.main == nil {
			if err := e.startRuns(); err != nil {
				e.fail(err)
				return true
			}
			// A gradient evaluation costs about (1 + degree)·d.
			cost := max(1, (e.ds.N+2*len(e.g.Edges))*e.ds.D/e.ds.N)
			for _, r := range e.runs() {
				r.cost = cost
				e.runUnits = append(e.runUnits, r)
			}
		}
		if e.pending != nil {
			// σ_min is still being estimated: half the work goes to it.
			work = max(1, work/2)
			e.finishAnalysis(work)
		}
		return e.runUnits.Step(work) && e.pending == nil
	}
	return t
}

// runs lists the main run, then the baselines.
func (e *Experiment) runs() []*run {
	if e.main == nil {
		return nil
	}
	return append([]*run{e.main}, e.bases...)
}

// startRuns builds the algorithm of the spec and the baselines.
func (e *Experiment) startRuns() error {
	v := e.vals
	n, d := e.ds.N, e.ds.D
	mu := v.Float("mu")
	ar := rng.New(v.Uint64("aseed"), rng.StreamConsensusAlgo)
	var alg dgd.Algorithm
	switch v.Get("algo") {
	case AlgoSync:
		alg = dgd.NewSync(e.g, e.ds, e.eta, mu, e.w0)
	case AlgoAsync:
		alg = dgd.NewAsync(e.g, e.ds, e.eta, mu, v.Float("frac"), ar, e.w0)
	case AlgoGossip:
		alg = dgd.NewGossip(e.g, e.ds, e.eta, mu, ar, e.w0)
	case AlgoDecoupled:
		alg = dgd.NewDecoupled(e.g, e.ds, e.eta, v.Int("avg"), e.w0)
	default:
		return fmt.Errorf("unknown algorithm %q", v.Get("algo"))
	}
	rounds := v.Int("len")
	e.main = newRun(v.Get("algo"), 0x0072B2, alg, e.eta, n, rounds, e.wInf)
	lim := browserLimits
	if n > browserLimits.N {
		lim = nativeLimits
	}
	e.main.withFrames(n, len(e.g.Edges), lim.Frames,
		func(dst []float64) { dgd.NodeErrors(dst, alg.Nodes(), e.wInf, d) },
		func(dst []float64) { dgd.EdgeDisagreements(dst, e.g, alg.Nodes(), d) })
	// Baselines start at mean_i w_i(0): their limit is the same w∞.
	var mean []float64
	if e.w0 != nil {
		mean = make([]float64, d)
		for i := range n {
			for j := range d {
				mean[j] += e.w0[i*d+j] / float64(n)
			}
		}
	}
	sp := e.hsp
	hat := steprule.Rule{Name: steprule.RuleHat, Mult: 1}
	base := v.Get("base")
	if base == "gd" || base == "both" {
		smp, _ := sampler.New(sampler.Subset, n, n, rng.New(v.Uint64("aseed"), rng.StreamConsensusSGD))
		eta := hat.Eta(n, n, sp)
		e.bases = append(e.bases, newRun("GD (centralised)", 0x000000, dgd.NewCentral(sgd.New(e.ds, n, eta, smp, mean), n), eta, n, rounds, e.wInf))
	}
	if base == "sgd" || base == "both" {
		m := min(v.Int("m"), n)
		smp, _ := sampler.New(sampler.Replace, n, m, rng.New(v.Uint64("aseed"), rng.StreamConsensusSGD))
		eta := hat.Eta(m, n, sp)
		e.bases = append(e.bases, newRun(fmt.Sprintf("SGD m=%d (centralised)", m), 0xCC79A7, dgd.NewCentral(sgd.New(e.ds, m, eta, smp, mean), n), eta, n, rounds, e.wInf))
	}
	return nil
}
