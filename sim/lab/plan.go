package lab

// Task is one phase of an experiment's Plan: the kernel matrix, a
// spectrum, the runs, a sweep. Step spends about work units on it and
// reports whether the phase is over; Progress (nil: none) is its own
// fraction done in [0, 1], and Weight its share of the experiment's
// progress bar.
type Task struct {
	Name     string
	Weight   float64
	Step     func(work int) (done bool)
	Progress func() float64
	done     bool
}

// Plan is an experiment's phases in order. Step gives the work to the first
// unfinished phase; a phase that fails stops the plan (Fail), and the
// experiment is then done with the error said in its notes. A lab builds
// its plan in New, or adds phases as earlier ones find what comes next
// (Add may be called from a Step).
type Plan struct {
	tasks   []Task
	started bool
	err     error
}

// Add appends phases to the plan.
func (p *Plan) Add(t ...Task) { p.tasks = append(p.tasks, t...) }

// Step implements the stepper of lab.Experiment: the first unfinished phase
// gets the work (at least 1); it reports whether the plan is over.
func (p *Plan) Step(work int) bool {
	p.started = true
	for i := range p.tasks {
		if p.err != nil {
			break
		}
		if t := &p.tasks[i]; !t.done {
			t.done = t.Step(max(1, work))
			break
		}
	}
	return p.Done()
}

// Done reports whether every phase is over or one failed.
func (p *Plan) Done() bool {
	if p.err != nil {
		return true
	}
	for _, t := range p.tasks {
		if !t.done {
			return false
		}
	}
	return true
}

// Started reports whether Step has been called.
func (p *Plan) Started() bool { return p.started }

// Fail stops the plan with err (the first error is kept).
func (p *Plan) Fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// Err is the error that stopped the plan, or nil.
func (p *Plan) Err() error { return p.err }

// Current is the name of the phase under way (or next, or the one that
// failed), "" when every phase is over.
func (p *Plan) Current() string {
	for _, t := range p.tasks {
		if !t.done {
			return t.Name
		}
	}
	return ""
}

// Progress is Σ weight·fraction / Σ weight over the phases (a finished
// phase counts whole), 1 once the plan is over.
func (p *Plan) Progress() float64 {
	if p.Done() {
		return 1
	}
	var done, all float64
	for _, t := range p.tasks {
		all += t.Weight
		switch {
		case t.done:
			done += t.Weight
		case t.Progress != nil:
			done += float64(t.Weight * min(1, max(0, t.Progress())))
		}
	}
	if all == 0 {
		return 0
	}
	return done / all
}
