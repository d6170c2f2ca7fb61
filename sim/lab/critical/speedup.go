package critical

import "math"

// point is the measurement at one batch size over the seeds: the iterations
// t(m) to reach eps, the speed-up t(1)/t(m) and the gradient evaluations to eps.
type point struct {
	m       int
	reached int // seeds whose run reached eps
	seeds   int
	tMean   float64 // mean of t(m) over the seeds that reached eps
	grads   float64 // mean gradient evaluations to eps, likewise
	// speed-up: ratio of the mean iterations t̄(1)/t̄(m), and the least and
	// greatest per-seed ratio t_s(1)/t_s(m) over seeds where both reached eps
	// (the band). NaN without m = 1 in the list or without data.
	speedup, lo, hi float64
}

// measure summarises main runs laid out as runs[s·len(ms)+j] (seed s, batch
// size ms[j]). The speed-up is measured against the run of m = 1 with the
// same seed (the first m = 1 in the list).
func measure(runs []*run, ms []int, seeds int) []point {
	base := -1
	for j, m := range ms {
		if m == 1 && base < 0 {
			base = j
		}
	}
	t := func(s, j int) float64 {
		r := runs[s*len(ms)+j]
		if r.HitT == 0 {
			return math.NaN()
		}
		return float64(r.HitT)
	}
	pts := make([]point, len(ms))
	for j, m := range ms {
		p := point{m: m, seeds: seeds, speedup: math.NaN(), lo: math.NaN(), hi: math.NaN()}
		var sumT, sumG float64
		for s := range seeds {
			if ts := t(s, j); ts > 0 {
				p.reached++
				sumT += ts
				sumG += float64(runs[s*len(ms)+j].sgd.Grads)
			}
		}
		if p.reached > 0 {
			p.tMean, p.grads = sumT/float64(p.reached), sumG/float64(p.reached)
		} else {
			p.tMean, p.grads = math.NaN(), math.NaN()
		}
		pts[j] = p
	}
	if base < 0 {
		return pts
	}
	for j := range pts {
		p := &pts[j]
		var s1, sm float64
		var both int
		for s := range seeds {
			a, b := t(s, base), t(s, j)
			if !(a > 0 && b > 0) {
				continue
			}
			both++
			s1 += a
			sm += b
			q := a / b
			if both == 1 {
				p.lo, p.hi = q, q
			}
			p.lo, p.hi = math.Min(p.lo, q), math.Max(p.hi, q)
		}
		if both > 0 {
			p.speedup = s1 / sm
		}
	}
	return pts
}
