package lab

import "sync"

// Drive steps e to its end with up to jobs workers; jobs ≤ 1 is Step alone,
// the page's way. Whenever the phase under way offers units (Splitter), they
// advance on jobs goroutines — a worker takes the next unit in index order
// and runs it to its end in slices of work — and then Step goes on: the
// phases that are one big step, and what comes between the units, run as
// they always do. The units are independent (Unit), so the result is the
// same bits for every jobs; labtest.Jobs checks it for every lab.
func Drive(e Experiment, work, jobs int) {
	sp, _ := e.(Splitter)
	for !e.Done() {
		if sp != nil && jobs > 1 {
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
// one of them, in slices of work, taking the units in index order.
func (us Units) Run(work, jobs int) {
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
	for _, u := range us {
		if u.Running() {
			next <- u
		}
	}
	close(next)
	wg.Wait()
}
