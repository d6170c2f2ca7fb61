// Package share is a Web Worker's part of an experiment whose units phases
// are shared among workers (wasm/worker runs it in the browser; the figure
// program's tests run it in process): worker w of n builds the same
// experiment as the page, steps it, and at each units phase (lab.Units)
// runs its share — the units Units.Deal gives worker w of n by their
// planned cost (the page computes it too), costliest first, leaving out the
// unit the page keeps (Kept: the one its figure animates), then units of
// other shares that their workers would come to last (steal) — to their
// ends, reports each result as bytes (lab.Portable's MarshalUnit) and,
// while a unit runs, a snapshot of it now and then (lab.Partial, for
// display), and installs the results of the other units that the page
// forwards (UnmarshalUnit) before it steps on, so every later phase sees
// what the page's experiment sees.
package share

import (
	"fmt"
	"time"

	"sgdlab/sim/lab"
)

// Result is the result of unit Unit of the Phase-th units phase (counted
// from 0 since the experiment was built).
type Result struct {
	Phase, Unit int
	Bytes       []byte
}

// Progress is how far unit Unit of the Phase-th units phase has got; Slope
// is d(experiment progress)/d(mean unit progress) of the phase (0 while
// unknown), with which the page adds the units' progress to its own.
// Partial, when the experiment is lab.Partial, is a snapshot of the unit
// (MarshalPartial: what is new since the unit's last snapshot), which the
// page shows until the result comes.
type Progress struct {
	Phase, Unit int
	Progress    float64
	Slope       float64
	Partial     []byte
}

// State is what Next leaves the worker doing.
type State int

const (
	Busy    State = iota // more to do: call Next again
	Waiting              // its share is done and none is left to take; it waits for other units' results (Receive)
	Done                 // the experiment is done
	Paused               // paused (SetPaused): call Next again after SetPaused(false)
)

// Worker is one worker's experiment.
type Worker struct {
	exp     lab.Experiment
	port    lab.Portable
	w, n    int
	phase   int // the units phase entered last (−1: none)
	units   lab.Units
	mine    []int // its units of the phase still to run, in order
	pending map[int][]Result
	work    int
	slope   float64
	last    time.Time
	part    lab.Partial // nil: the experiment shows no snapshots
	marks   map[int]int // the marks of the units' snapshots in this phase
	paused  bool
	// Every is the interval of Progress reports (progressEvery by default).
	Every time.Duration
	// OnProgress and OnResult are called as units advance and stop.
	OnProgress func(Progress)
	OnResult   func(Result)
}

// New makes worker w of n (0 ≤ w < n) of the experiment e, which must be
// lab.Portable.
func New(e lab.Experiment, w, n int) (*Worker, error) {
	p, ok := e.(lab.Portable)
	if !ok {
		return nil, fmt.Errorf("%T cannot share its units", e)
	}
	if n < 1 || w < 0 || w >= n {
		return nil, fmt.Errorf("worker %d of %d", w, n)
	}
	k := &Worker{exp: e, port: p, w: w, n: n, phase: -1, pending: map[int][]Result{}, work: 64, Every: progressEvery}
	k.part, _ = e.(lab.Partial)
	return k, nil
}

// SetPaused pauses the worker (Next does nothing until SetPaused(false)).
func (k *Worker) SetPaused(on bool) { k.paused = on }

// Receive takes the result of a unit computed elsewhere: it is installed
// when it belongs to the phase under way, kept for a later phase, dropped
// for an earlier one.
func (k *Worker) Receive(r Result) error {
	switch {
	case r.Phase > k.phase:
		k.pending[r.Phase] = append(k.pending[r.Phase], r)
	case r.Phase == k.phase && r.Unit >= 0 && r.Unit < len(k.units):
		return k.port.UnmarshalUnit(r.Unit, r.Bytes)
	}
	return nil
}

// SameUnits reports whether a and b are the same list of units, by their
// first unit (the page counts units phases the same way as a worker).
func SameUnits(a, b lab.Units) (eq bool) {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	defer func() {
		if recover() != nil {
			eq = false
		}
	}()
	return a[0] == b[0]
}

// Share lists the units of us that worker w of n runs, in the order it
// runs them: all but the unit the page keeps (kept, −1: none), dealt by
// planned cost (Units.Deal, the longest-processing-time rule), costliest
// first, so no worker is left with a long unit at the end.
func Share(us lab.Units, w, n, kept int) []int { return us.Deal(n, kept)[w] }

// Kept is the unit of the phase under way that the page runs itself: the
// one its figure animates (lab.Animator), so that the figure keeps every
// frame; −1 for none.
func Kept(e lab.Experiment) int {
	if a, ok := e.(lab.Animator); ok {
		return a.Animated()
	}
	return -1
}

// StepWork is the work of every Step call of a shared experiment, on the
// page and in each worker. A units phase is noticed after a Step call
// (Units is non-nil and some unit runs), and a phase whose units are built
// and finished within one call would go unnoticed: with the same calls on
// both sides, from the same start, every side notices the same phases, so
// they count them alike (the phase number is in every message).
const StepWork = 1 << 14

// sliceTime is how long a unit advances between looks at the clock, and
// progressEvery the interval of Progress reports (each with a snapshot of
// the unit: the page redraws its curves at that rate).
const (
	sliceTime     = 20 * time.Millisecond
	progressEvery = 150 * time.Millisecond
)

// Next works for about budget (at least one slice) and says what is left.
func (k *Worker) Next(budget time.Duration) (State, error) {
	start := time.Now()
	for {
		if k.paused {
			return Paused, nil
		}
		if k.exp.Done() {
			return Done, nil
		}
		if us := k.port.Units(); len(us) > 0 && !SameUnits(us, k.units) {
			if err := k.enter(us); err != nil {
				return Busy, err
			}
		}
		if us := k.units; len(us) > 0 && SameUnits(k.port.Units(), us) && us.Stopped() < len(us) {
			for len(k.mine) > 0 && !us[k.mine[0]].Running() {
				k.mine = k.mine[1:]
			}
			if len(k.mine) == 0 {
				i := k.steal()
				if i < 0 {
					return Waiting, nil
				}
				k.mine = []int{i}
			}
			if err := k.advance(k.mine[0]); err != nil {
				return Busy, err
			}
		} else {
			k.exp.Step(StepWork)
		}
		if time.Since(start) >= budget {
			return Busy, nil
		}
	}
}

// enter starts the next units phase.
func (k *Worker) enter(us lab.Units) error {
	k.phase++
	k.units, k.slope, k.marks = us, 0, map[int]int{}
	// The share is fixed; costliest first finishes soonest, and the page
	// shows every running unit's curve as it grows (its snapshots).
	k.mine = Share(us, k.w, k.n, Kept(k.exp))
	for _, r := range k.pending[k.phase] {
		if err := k.Receive(r); err != nil {
			return err
		}
	}
	delete(k.pending, k.phase)
	return nil
}

// steal picks a unit of another worker's share once its own is done — the
// planned costs that dealt the shares are estimates (a run that stops at a
// target is planned to its cap), so a share may end long before another:
// the last unit, in its owner's order, of the share with the most planned
// work still running here, when that share has two or more such units
// (its owner may be at the first; it comes to the last one last). −1:
// none. Whoever finishes a unit first posts its result, the page forwards
// it, and the other installs it and drops the unit (Receive), so a unit
// run twice costs time, never a bit: its result is the same anywhere.
func (k *Worker) steal() int {
	us := k.units
	unit, most := -1, -1.0
	for v, sh := range us.Deal(k.n, Kept(k.exp)) {
		if v == k.w {
			continue
		}
		left, load := 0, 0.0
		last := -1
		for _, i := range sh {
			if us[i].Running() {
				left++
				load += cost(us[i])
				last = i
			}
		}
		if left >= 2 && load > most {
			unit, most = last, load
		}
	}
	return unit
}

// cost is a unit's planned cost (lab.Coster), 1 without an estimate.
func cost(u lab.Unit) float64 {
	if c, ok := u.(lab.Coster); ok {
		return c.Cost()
	}
	return 1
}

// advance runs unit i for about sliceTime, and reports its result once it stops.
func (k *Worker) advance(i int) error {
	us, u := k.units, k.units[i]
	p0, m0 := k.exp.Progress(), us.Progress()
	t0 := time.Now()
	u.Advance(k.work)
	switch dt := time.Since(t0); {
	case dt < sliceTime/4 && k.work < 1<<26:
		k.work *= 2
	case dt > sliceTime && k.work > 1:
		k.work /= 2
	}
	if p1, m1 := k.exp.Progress(), us.Progress(); k.slope == 0 && m1 > m0 && p1 > p0 {
		k.slope = (p1 - p0) / (m1 - m0)
	}
	if u.Running() {
		if k.OnProgress != nil && time.Since(k.last) >= k.Every {
			k.last = time.Now()
			p := Progress{Phase: k.phase, Unit: i, Progress: u.Progress(), Slope: k.slope}
			if k.part != nil {
				b, next, err := k.part.MarshalPartial(i, k.marks[i])
				if err != nil {
					return err
				}
				p.Partial, k.marks[i] = b, next
			}
			k.OnProgress(p)
		}
		return nil
	}
	b, err := k.port.MarshalUnit(i)
	if err != nil {
		return err
	}
	if k.OnResult != nil {
		k.OnResult(Result{k.phase, i, b})
	}
	return nil
}
