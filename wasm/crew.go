package main

import (
	"strconv"

	"sgdlab/sim/lab"
	"sgdlab/wasm/share"
)

// The figure's Web Workers, as the driver sees them. While a phase of
// independent units (lab.Units) is under way and workers run the link, the
// figure's experiment does not run those units itself: it installs their
// results as the workers post them (lab.Portable's UnmarshalUnit) and
// forwards each to the other workers, which install it too before they step
// on, so every later phase — on the page and in every worker — sees the same
// numbers as a run by Step alone. The serial phases (a kernel matrix, a
// spectrum) run on the page as before; each worker computes them too, for
// itself (the simplest way to give it what its units read). The worker's
// side and the messages are in wasm/worker.
//
// Worker w of W runs its share of Units.Deal(W, kept) (planned cost, LPT),
// which both sides compute, but for the unit the page keeps (share.Kept:
// the one the figure animates, the consensus lab's main run), which the
// page runs itself while the workers run the others, so the node graph
// gets every frame. While a worker runs a unit it posts a snapshot of it
// now and then (lab.Partial), which the page shows for display only — the
// curve grows as if the unit ran here — until the result replaces it; if
// the workers stop before that, the page puts the unit's own state back
// (ShowPartial(i, nil)) and runs it itself.

// workers starts and stops the page's Web Workers (bridge: Worker objects;
// tests: experiments in the same process).
type workers interface {
	// Start terminates the workers of an earlier link and starts count
	// workers on query; an error says why none could start.
	Start(query string, count int) error
	// Stop terminates them all.
	Stop()
	// Send hands worker w the result of unit of the phase-th units phase.
	Send(w, phase, unit int, b []byte)
	// Poll returns the messages received since the last call.
	Poll() []workerMsg
	// Pause pauses the workers (on) or lets them go on.
	Pause(on bool)
}

// workerMsg is a message from worker W (see wasm/worker): Type is
// "progress", "result", "done" or "error"; Bytes is a result, or the
// snapshot a progress message may carry.
type workerMsg struct {
	W        int
	Type     string
	Phase    int
	Unit     int
	Progress float64
	Slope    float64
	Bytes    []byte
	Message  string
}

// maxWorkers is the most workers the page starts.
const maxWorkers = 8

// defaultWorkers is the page's default: one core is left to the page.
func defaultWorkers(cores int) int { return max(1, min(cores-1, maxWorkers)) }

// kernelBudget bounds the memory of the copies of a large matrix the
// workers hold, each its own (the n×n kernel matrix of the critical lab and
// of the Armijo lab's kernel model, 8n² bytes; both labs allow n ≤ 4096 in
// the browser): 512 MiB in all, so n = 4096 (134 MB a copy)
// gets 4 workers and n ≤ 2896 all 8. The page holds one more copy.
const kernelBudget = 512 << 20

// workerCap is how many workers the link may have for the memory each
// one's copy of the lab's data takes.
func workerCap(l *lab.Lab, vals interface{ Get(string) string }, want int) int {
	if l != nil && (l.Name == "critical" || l.Name == "armijo" && vals.Get("model") == "kernel") {
		if n, err := strconv.Atoi(vals.Get("n")); err == nil && n > 0 {
			return max(1, min(want, kernelBudget/(8*n*n)))
		}
	}
	return want
}

// crew is the driver's state of the workers of the current experiment.
type crew struct {
	pool    workers
	noPool  string // why pool is nil
	want    int    // workers wanted (the page's setting); 0: none
	active  int    // workers running the current experiment (0: none)
	note    string // why the last experiment ran without workers ("" when it did not)
	phase   int    // units phases entered (−1: none yet)
	units   lab.Units
	sent    []bool              // unit's result went to the workers
	from    []int               // worker that computed the unit (−1: the page)
	remote  []float64           // unit's progress in its worker
	slope   float64             // d(progress)/d(mean unit progress) of the phase, 0 unknown
	pending map[int][]workerMsg // results of phases the page has not reached
	shown   float64             // the progress shown, never decreasing within a run
	stepped bool                // the page's experiment has been stepped
	showing []int               // the worker whose snapshots unit shows (lab.Partial), −1: none
	stats   partialStats
}

// partialStats counts the snapshots the page received (for the benchmark of
// message sizes; sgdlab.workers() reports them) since the page opened.
type partialStats struct {
	Count  int `json:"partials"`      // snapshots received
	Shown  int `json:"partialsShown"` // … and shown
	Bytes  int `json:"partialBytes"`  // their bytes in all
	Max    int `json:"partialMax"`    // the largest
	Failed int `json:"partialFailed"` // could not be shown (ShowPartial failed)
}

// newRun forgets the workers' state for a new experiment (after stopping them).
func (d *driver) newRun() {
	d.crew.showing = nil // the units shown belong to the experiment replaced
	d.stopWorkers("")
	f := &d.crew
	f.phase, f.units, f.shown, f.pending, f.note, f.stepped = -1, nil, 0, nil, "", false
}

// stopWorkers terminates the workers; note (when not "") says why the run
// goes on without them.
func (d *driver) stopWorkers(note string) {
	f := &d.crew
	if f.active > 0 && f.pool != nil {
		f.pool.Stop()
	}
	f.active = 0
	d.putBack()
	if note != "" {
		f.note = note
	}
}

// putBack returns the units that show a worker's snapshot to their own
// state, from which the page can run them.
func (d *driver) putBack() {
	f := &d.crew
	p, ok := d.exp.(lab.Partial)
	if ok && share.SameUnits(d.curUnits(), f.units) {
		for i, w := range f.showing {
			if w >= 0 {
				if err := p.ShowPartial(i, nil); err != nil {
					d.status, d.err = stError, "internal error: "+err.Error()
				}
			}
		}
	}
	f.showing = nil
}

// pause pauses the workers (on) or lets them go on.
func (d *driver) pauseWorkers(on bool) {
	if f := &d.crew; f.active > 0 {
		f.pool.Pause(on)
	}
}

// kept is the unit of the phase under way that the page runs itself while
// its workers run the others (share.Kept), or nil.
func (d *driver) kept() lab.Unit {
	f := &d.crew
	if f.active == 0 {
		return nil
	}
	us := d.curUnits()
	if k := share.Kept(d.exp); k >= 0 && k < len(us) && us[k].Running() {
		return us[k]
	}
	return nil
}

// SetWorkers sets how many workers later runs use (0: none); workers
// already running for another count are stopped, and the experiment goes
// on alone.
func (d *driver) SetWorkers(n int) {
	n = max(0, min(n, maxWorkers))
	if n != d.crew.want {
		d.stopWorkers("")
	}
	d.crew.want = n
}

// startWorkers starts the workers on the current experiment when the page
// has them and the experiment has not been stepped yet: from then on every
// Step call, on the page and in the workers, is Step(share.StepWork) while
// no units phase is under way, so all count the same units phases.
func (d *driver) startWorkers() {
	f := &d.crew
	if f.active > 0 || f.want == 0 || d.exp == nil {
		return
	}
	if _, ok := d.exp.(lab.Portable); !ok {
		return
	}
	if f.pool == nil {
		f.note = "no Web Workers (" + f.noPool + "): the simulation runs on one core"
		return
	}
	if f.stepped {
		return
	}
	n := workerCap(d.lab, d.vals, f.want)
	if err := f.pool.Start(d.vals.Encode(), n); err != nil {
		f.note = "no Web Workers (" + err.Error() + "): the simulation runs on one core"
		return
	}
	f.active, f.note = n, ""
	d.track()
}

func (d *driver) curUnits() lab.Units {
	if sp, ok := d.exp.(lab.Splitter); ok {
		return sp.Units()
	}
	return nil
}

// track notices a new units phase after a Step and shares what the page knows.
func (d *driver) track() {
	f := &d.crew
	us := d.curUnits()
	if len(us) > 0 && !share.SameUnits(us, f.units) {
		f.phase++
		f.units = us
		f.sent = make([]bool, len(us))
		f.from = make([]int, len(us))
		f.remote = make([]float64, len(us))
		f.showing = make([]int, len(us))
		for i := range f.from {
			f.from[i], f.showing[i] = -1, -1
		}
		f.slope = 0
		for _, m := range f.pending[f.phase] {
			if m.Type == "result" {
				d.install(m)
			} else {
				d.showPartial(m)
			}
		}
		delete(f.pending, f.phase)
	}
	d.share()
}

// install puts a worker's result into the experiment.
func (d *driver) install(m workerMsg) {
	f := &d.crew
	p := d.exp.(lab.Portable)
	// A unit may come twice: a worker whose share was done took it too
	// (share.Worker.steal), and the result is the same bits either way.
	if m.Unit < 0 || m.Unit >= len(f.units) || !f.units[m.Unit].Running() {
		return
	}
	if err := p.UnmarshalUnit(m.Unit, m.Bytes); err != nil {
		d.stopWorkers("a worker's result could not be read (" + err.Error() + "): the simulation goes on on one core")
		return
	}
	f.from[m.Unit] = m.W
	f.showing[m.Unit] = -1 // the result replaced the snapshot
}

// showPartial shows a worker's snapshot of a unit still running on it.
func (d *driver) showPartial(m workerMsg) {
	f := &d.crew
	p, ok := d.exp.(lab.Partial)
	if !ok || m.Unit < 0 || m.Unit >= len(f.units) || !f.units[m.Unit].Running() {
		return
	}
	// A unit shows one worker's snapshots: each carries what is new since
	// that worker's last, so two workers running the unit (one took it,
	// share.Worker.steal) cannot be mixed; the first to post keeps it.
	if w := f.showing[m.Unit]; w >= 0 && w != m.W {
		return
	}
	if err := p.ShowPartial(m.Unit, m.Bytes); err != nil {
		// Display only: the result still comes.
		f.stats.Failed++
		return
	}
	f.showing[m.Unit] = m.W
	f.stats.Shown++
}

// share sends the results of the stopped units of the phase under way that
// the workers have not had to every worker but the one that made it.
func (d *driver) share() {
	f := &d.crew
	if f.active == 0 || len(f.units) == 0 || !share.SameUnits(d.curUnits(), f.units) {
		return
	}
	p := d.exp.(lab.Portable)
	for i, u := range f.units {
		if f.sent[i] || u.Running() {
			continue
		}
		b, err := p.MarshalUnit(i)
		if err != nil {
			d.stopWorkers("a unit's result could not be encoded (" + err.Error() + "): the simulation goes on on one core")
			return
		}
		for w := range f.active {
			if w != f.from[i] {
				f.pool.Send(w, f.phase, i, b)
			}
		}
		f.sent[i] = true
	}
}

// poll handles the workers' messages.
func (d *driver) poll() {
	f := &d.crew
	if f.active == 0 {
		return
	}
	d.track() // the units of a phase may be there before any Step (built with the experiment)
	for _, m := range f.pool.Poll() {
		if f.active == 0 {
			return
		}
		switch m.Type {
		case "error":
			d.stopWorkers("a worker failed (" + m.Message + "): the simulation goes on on one core")
		case "progress":
			if m.Phase == f.phase && m.Unit >= 0 && m.Unit < len(f.remote) {
				f.remote[m.Unit] = max(f.remote[m.Unit], m.Progress)
				if m.Slope > 0 {
					f.slope = m.Slope
				}
			}
			if len(m.Bytes) == 0 {
				break
			}
			f.stats.Count++
			f.stats.Bytes += len(m.Bytes)
			f.stats.Max = max(f.stats.Max, len(m.Bytes))
			switch {
			case m.Phase == f.phase && share.SameUnits(d.curUnits(), f.units):
				d.showPartial(m)
				d.dirty = true
			case m.Phase > f.phase:
				if f.pending == nil {
					f.pending = map[int][]workerMsg{}
				}
				f.pending[m.Phase] = append(f.pending[m.Phase], m)
			}
		case "result":
			switch {
			case m.Phase == f.phase && share.SameUnits(d.curUnits(), f.units):
				d.install(m)
			case m.Phase > f.phase:
				if f.pending == nil {
					f.pending = map[int][]workerMsg{}
				}
				f.pending[m.Phase] = append(f.pending[m.Phase], m)
			}
		}
	}
	d.share()
}

// waiting reports whether the page leaves the phase under way to the
// workers (but for the unit it keeps, kept).
func (d *driver) waiting() bool {
	f := &d.crew
	if f.active == 0 {
		return false
	}
	us := d.curUnits()
	return len(us) > 0 && us.Stopped() < len(us)
}

// progress is the experiment's progress with the units the workers are
// running counted at their reported progress; never decreasing within a run.
func (d *driver) progress() float64 {
	f := &d.crew
	p := d.exp.Progress()
	if f.active > 0 && f.slope > 0 && len(f.units) > 0 && share.SameUnits(d.curUnits(), f.units) {
		var extra float64
		for i, u := range f.units {
			if u.Running() {
				extra += max(0, f.remote[i]-u.Progress())
			}
		}
		// An estimate: it never reaches 1, which only the end may show.
		p = min(p+f.slope*extra/float64(len(f.units)), max(p, 0.999))
	}
	f.shown = max(f.shown, p)
	return f.shown
}
