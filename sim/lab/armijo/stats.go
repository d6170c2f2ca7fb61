package armijo

import (
	"math"

	"sgdlab/sim/linesearch"
)

// cell summarises the runs of one optimiser at one batch size over seeds.
type cell struct {
	b                  int
	runs, reached, div int
	done               bool    // every seed has stopped
	k, kMin, kMax      float64 // steps to target over the seeds that reached it
	n, nLS             float64 // mean N = K·b and with the line search's evaluations
	alpha, evals       float64 // mean accepted step and evaluations per step (Armijo, seeds that reached)
	fails              int
}

// cells returns the summary of optimiser opt for every batch size.
func (e *Experiment) cells(opt int) []cell {
	cs := make([]cell, len(e.bs))
	for j, b := range e.bs {
		c := &cs[j]
		c.b, c.done = b, true
		c.kMin, c.kMax = math.Inf(1), math.Inf(-1)
		var steps, evals float64
		var alpha float64
		for _, r := range e.runs {
			if r.opt != opt || r.j != j {
				continue
			}
			c.runs++
			c.done = c.done && r.done
			c.fails += r.fails
			if r.diverged {
				c.div++
			}
			if !r.reached {
				continue
			}
			c.reached++
			k := float64(r.k)
			c.k += k
			c.kMin, c.kMax = math.Min(c.kMin, k), math.Max(c.kMax, k)
			c.n += float64(r.grads)
			c.nLS += float64(r.grads + r.lsEvals)
			for s := range r.k {
				alpha += r.alpha[s]
				evals += float64(r.evals[s])
			}
			steps += k
		}
		if c.reached > 0 {
			inv := 1 / float64(c.reached)
			c.k, c.n, c.nLS = c.k*inv, c.n*inv, c.nLS*inv
		}
		if steps > 0 {
			c.alpha, c.evals = alpha/steps, evals/steps
		}
	}
	return cs
}

// complete reports whether every seed of c reached the target.
func (c cell) complete() bool { return c.done && c.runs > 0 && c.reached == c.runs }

// fitEps is the ε the fitted constants are stated for: the target's ε for a
// gradient-norm target (the theory's), else 1 (b* does not depend on it).
func (e *Experiment) fitEps() float64 {
	if e.vals.Get("target") == TargetGrad {
		return e.vals.Float("eps")
	}
	return 1
}

// fit fits K(b) to the batch sizes where every seed reached the target.
func (e *Experiment) fit(cs []cell) (linesearch.KFit, error) {
	var b, k []float64
	for _, c := range cs {
		if c.complete() {
			b, k = append(b, float64(c.b)), append(k, c.k)
		}
	}
	return linesearch.FitK(b, k, e.fitEps())
}

// argminN is the batch size with the least mean N among those where every
// seed reached the target (withLS: counting the line search's evaluations);
// −1 when none did.
func argminN(cs []cell, withLS bool) int {
	best := -1
	for j, c := range cs {
		if !c.complete() {
			continue
		}
		if best < 0 || nOf(c, withLS) < nOf(cs[best], withLS) {
			best = j
		}
	}
	return best
}

func nOf(c cell, withLS bool) float64 {
	if withLS {
		return c.nLS
	}
	return c.n
}
