package part

import (
	"slices"

	"sgdlab/sim/lab"
)

// Assign deals the units of us to k shards by their planned cost
// (lab.Coster) with Units.Deal — the longest-processing-time rule, whose
// busiest shard has at most 4/3 of the best possible load. It depends only
// on the link (the units and their costs) and k. Shard s gets shares[s],
// in index order; a shard may get none when k exceeds the number of units.
func Assign(us lab.Units, k int) (shares [][]int) {
	shares = us.Deal(k, -1)
	for _, sh := range shares {
		slices.Sort(sh)
	}
	return shares
}

// Loads is each shard's planned cost under Assign(us, k): the sum of its
// units' costs.
func Loads(us lab.Units, k int) []float64 {
	loads := make([]float64, max(1, k))
	for s, sh := range Assign(us, k) {
		for _, i := range sh {
			if x, ok := us[i].(lab.Coster); ok {
				loads[s] += x.Cost()
			}
		}
	}
	return loads
}
