package lab

import (
	"cmp"
	"slices"
	"sync"
)

// Drive steps e to its end with up to jobs workers. Whenever the phase under
// way offers units (Splitter), they run on jobs goroutines — a worker takes
// the next unit, costliest first (ByCost), and runs it to its end in slices
// of work; with jobs ≤ 1 they run one after another, which keeps one unit's
// data in the caches instead of the page's way of sharing every Step among
// all of them. Then Step goes on: the phases that are one big step, and what
// comes between the units, run as they always do. The units are independent
// (Unit), so the result is the same bits for every jobs and as Step alone
// gives; labtest.Jobs checks it for every lab.
func Drive(e Experiment, work, jobs int) {
	sp, _ := e.(Splitter)
	for !e.Done() {
		if sp != nil {
			if us := sp.Units(); us.Stopped() < len(us) {
				us.Run(work, jobs)
			}
		}
		if e.Step(work) {
			return
		}
	}
}

// Run advances every unit to its end on up to jobs goroutines, each unit on
// one of them, in slices of work, taking the units in the order of ByCost.
func (us Units) Run(work, jobs int) {
	if jobs <= 1 {
		for _, i := range us.ByCost() {
			for us[i].Running() {
				us[i].Advance(work)
			}
		}
		return
	}
	next := make(chan Unit)
	var wg sync.WaitGroup
	for range min(max(1, jobs), len(us)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range next {
				for u.Running() {
					u.Advance(work)
				}
			}
		}()
	}
	for _, i := range us.ByCost() {
		if us[i].Running() {
			next <- us[i]
		}
	}
	close(next)
	wg.Wait()
}

// ByCost lists the indices of the units, costliest first (Coster; a unit
// without an estimate counts as 0), ties in index order.
func (us Units) ByCost() []int {
	idx := make([]int, len(us))
	cost := make([]float64, len(us))
	for i, u := range us {
		idx[i] = i
		if c, ok := u.(Coster); ok {
			cost[i] = c.Cost()
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(cost[b], cost[a]) })
	return idx
}

// Deal shares the units among k processes by their planned cost, the
// longest-processing-time rule: costliest first (ByCost), each unit goes to
// the process with the least cost dealt so far — on a tie the one with the
// fewest units, then the lowest number — so the busiest gets at most 4/3 of
// the best possible load. Unit except (−1: none) goes to none (a driver
// keeps it). Each share lists its units costliest first, the order that
// finishes soonest; the deal depends only on the units' costs and k, so
// every process can compute it.
func (us Units) Deal(k, except int) [][]int {
	shares := make([][]int, max(1, k))
	load := make([]float64, len(shares))
	for _, i := range us.ByCost() {
		if i == except {
			continue
		}
		var c float64
		if x, ok := us[i].(Coster); ok {
			c = x.Cost()
		}
		best := 0
		for s := range shares {
			if load[s] < load[best] || load[s] == load[best] && len(shares[s]) < len(shares[best]) {
				best = s
			}
		}
		shares[best] = append(shares[best], i)
		load[best] += c
	}
	return shares
}
