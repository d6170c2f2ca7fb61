package lab

// Unit is one independent piece of an experiment's work: a run of one batch
// size and seed, a point of a sweep, a group of an ensemble. A unit owns its
// state and its random stream (named by its index in the spec), and reads
// only what its experiment computed before the units started (the data, a
// kernel matrix, a step size), so its result does not depend on when, where
// or beside which other units it advances.
type Unit interface {
	// Advance spends about work units (the lab's cost measure, the same as
	// Experiment.Step's) and reports whether the unit is still going; it
	// does at least one step of an unfinished unit.
	Advance(work int) (running bool)
	// Running reports whether the unit has more to do.
	Running() bool
	// Progress is the unit's fraction done in [0, 1] (1 once stopped).
	Progress() float64
}

// Coster is implemented by units that can estimate their work before they
// run (in Advance's units): a driver that runs units at once starts the
// costliest first, so that no long unit is left to run alone at the end,
// and a driver that deals units out to machines balances their shares.
// The estimate orders work; it never changes a number.
type Coster interface {
	Cost() float64
}

// Units is an experiment's list of independent units in their fixed index
// order: the order of the spec (batch sizes × seeds, sweep points, groups),
// which is the order of every readout row, CSV row and JSON entry made from
// them. The merged result is read from the units by index, so it is the
// same whichever units advanced first, in how many slices, or on which
// core or machine.
type Units []Unit

// Step shares work equally among the units still going, in index order, and
// reports whether all have stopped.
func (us Units) Step(work int) bool {
	active := 0
	for _, u := range us {
		if u.Running() {
			active++
		}
	}
	if active == 0 {
		return true
	}
	per := max(1, work/active)
	left := false
	for _, u := range us {
		if u.Running() {
			left = u.Advance(per) || left
		}
	}
	return !left
}

// Stopped counts the units that have stopped.
func (us Units) Stopped() int {
	k := 0
	for _, u := range us {
		if !u.Running() {
			k++
		}
	}
	return k
}

// Progress is the mean of the units' progress (0 for no units: not yet
// planned).
func (us Units) Progress() float64 {
	if len(us) == 0 {
		return 0
	}
	var p float64
	for _, u := range us {
		p += u.Progress()
	}
	return p / float64(len(us))
}

// Task is a plan phase that steps the units until all have stopped.
func (us Units) Task(name string, weight float64) Task {
	return Task{Name: name, Weight: weight, Step: us.Step, Progress: us.Progress}
}

// StepFirst gives all the work to the first unit still going (units that
// hold much memory while they run go one after another), and reports
// whether all have stopped.
func (us Units) StepFirst(work int) bool {
	for _, u := range us {
		if u.Running() {
			u.Advance(max(1, work))
			break
		}
	}
	return us.Stopped() == len(us)
}

// Phased is implemented by experiments whose plan offers more than one list
// of units, one after another (Splitter): UnitsPhases says how many, from
// the link alone, before the experiment runs. A later list may read the
// results of an earlier one, so a driver that runs only some units of each
// list on a machine (a shard of a cluster job, sim/lab/part) runs every unit
// of the lists before the last, and its share of the last.
type Phased interface {
	UnitsPhases() int
}

// UnitsPhases is e's number of lists of units: UnitsPhases of a Phased
// experiment, 1 for any other Splitter and 0 for an experiment without units.
func UnitsPhases(e Experiment) int {
	switch x := e.(type) {
	case Phased:
		return x.UnitsPhases()
	case Splitter:
		return 1
	}
	return 0
}
