package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
	"sgdlab/sim/spec"
	"sgdlab/wasm/share"
)

// Run states reported to the page.
const (
	stLoading = "loading"
	stReady   = "ready"
	stRunning = "running"
	stPaused  = "paused"
	stDone    = "done"
	stError   = "error"
)

// driver owns the current experiment and advances it in time slices. It knows
// nothing of the browser or of ebiten, so it is tested natively.
type driver struct {
	lab    *lab.Lab
	vals   spec.Values
	exp    lab.Experiment
	status string
	err    string
	work   int  // work budget per Step call, adapted to the time slice
	dirty  bool // the figure changed since it was last drawn
	store  *data.Store
	fetch  []data.Fetch // files the current spec still needs (status loading)
	left   leftEstimate // the time left of a running experiment
	panels int          // panels of the figure drawn last
	crew   crew         // the Web Workers (crew.go)
}

// initialWork is the work budget of a new experiment's first Step call.
const initialWork = 64

func newDriver() *driver {
	d := &driver{status: stLoading, work: initialWork, store: data.NewStore()}
	d.newRun()
	return d
}

// loadResult is what load() returns to the page.
type loadResult struct {
	Query   string            `json:"query"`
	Lab     string            `json:"lab"`
	Values  map[string]string `json:"values"`
	Notices []string          `json:"notices"`
	Error   string            `json:"error"`
	// Fetch lists the data files the page must fetch and hand to addData
	// before the experiment can be built (status loading meanwhile).
	Fetch []data.Fetch `json:"fetch"`
}

// Load reads a link. When only view or page parameters differ from the
// current experiment's, the runs are kept; otherwise the experiment is rebuilt
// (status ready) — or status error with a message if it cannot be built.
func (d *driver) Load(query string) loadResult {
	l, vals, notes := lab.Parse(query, false)
	res := loadResult{Query: vals.Encode(), Lab: l.Name, Values: map[string]string{}, Notices: []string{}}
	for _, p := range l.Params.All() {
		res.Values[p.Name] = vals.Get(p.Name)
	}
	for _, n := range notes {
		res.Notices = append(res.Notices, n.String())
	}
	if d.exp != nil && d.lab == l && sameRun(d.vals, vals) {
		d.vals = vals
		d.guard(func() { d.exp.SetView(vals) })
		d.dirty = true
		return res
	}
	d.lab, d.vals = l, vals
	if d.needData() {
		res.Fetch = d.fetch
		return res
	}
	if err := d.build(); err != nil {
		res.Error = err.Error()
	}
	return res
}

// Interact applies a pointer action on the figure (lab.Interactive) as a
// change of one view parameter, and returns the new canonical link for the
// page ("" when nothing changed).
func (d *driver) Interact(f func(lab.Interactive) (name, value string, ok bool)) string {
	in, isIn := d.exp.(lab.Interactive)
	if d.exp == nil || !isIn {
		return ""
	}
	var name, value string
	var ok bool
	d.guard(func() { name, value, ok = f(in) })
	if !ok || d.vals.Get(name) == value {
		return ""
	}
	d.vals.Set(name, value)
	d.guard(func() { d.exp.SetView(d.vals) })
	d.dirty = true
	return d.vals.Encode()
}

// needData reports whether the current spec still needs data files; if so
// the experiment is dropped, the status is loading and d.fetch lists them.
func (d *driver) needData() bool {
	d.fetch = d.store.Missing(d.lab.DataNeeds(d.vals))
	if len(d.fetch) == 0 {
		return false
	}
	d.exp, d.status, d.err, d.dirty = nil, stLoading, "", true
	d.newRun()
	return true
}

// dataResult is what addData returns to the page.
type dataResult struct {
	Fetch []data.Fetch `json:"fetch"` // what is still missing (empty: built)
	Error string       `json:"error"`
}

// AddData takes the bytes of one fetched data file (a manifest or a shard).
// A file that is corrupt or does not match its manifest sets status error
// with a message that names it. Once nothing is missing the experiment is
// built. Files of a dataset the current spec no longer needs are kept for later.
func (d *driver) AddData(dataset, file string, b []byte) dataResult {
	if err := d.store.Add(dataset, file, b); err != nil {
		msg := "could not load the data: " + err.Error()
		d.exp, d.status, d.err, d.dirty = nil, stError, msg, true
		d.newRun()
		return dataResult{Fetch: []data.Fetch{}, Error: msg}
	}
	if d.lab == nil || d.status != stLoading {
		return dataResult{Fetch: []data.Fetch{}}
	}
	if d.needData() {
		return dataResult{Fetch: d.fetch}
	}
	res := dataResult{Fetch: []data.Fetch{}}
	if err := d.build(); err != nil {
		res.Error = err.Error()
	}
	return res
}

// DataFailed records that the page could not fetch a data file.
func (d *driver) DataFailed(path, why string) {
	d.exp, d.status, d.err, d.dirty = nil, stError, fmt.Sprintf("could not fetch %s: %s", path, why), true
	d.newRun()
}

// sameRun reports whether a and b differ only in View and Page parameters.
func sameRun(a, b spec.Values) bool {
	for _, p := range a.Params().All() {
		if !p.View && !p.Page && a.Get(p.Name) != b.Get(p.Name) {
			return false
		}
	}
	return true
}

func (d *driver) build() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while building the experiment: %v", r)
		}
		if err != nil {
			d.exp, d.status, d.err = nil, stError, err.Error()
		}
		d.dirty = true
		d.newRun()
	}()
	exp, err := d.lab.Build(d.vals, d.store)
	if err != nil {
		return err
	}
	// Start the work budget small: the last experiment's may be far too big
	// for this one (and stall the page for one long frame). Tick doubles it.
	d.exp, d.status, d.err, d.work = exp, stReady, "", initialWork
	d.left.reset()
	return nil
}

// Run starts or resumes; the first Run of an experiment starts the
// workers (crew.go) when the page has them.
func (d *driver) Run() {
	if d.exp != nil && (d.status == stReady || d.status == stPaused) {
		d.status = stRunning
		d.left.reset() // a pause or Step presses would skew the rate
		d.guard(d.startWorkers)
		d.guard(func() { d.pauseWorkers(false) })
	}
}

// Pause stops stepping until Run, in the workers too.
func (d *driver) Pause() {
	if d.status == stRunning {
		d.status = stPaused
		d.guard(func() { d.pauseWorkers(true) })
	}
}

// StepOnce advances every unfinished run by one iteration.
func (d *driver) StepOnce() {
	if d.exp == nil || d.status == stDone || d.status == stError {
		return
	}
	if d.status == stRunning {
		d.status = stPaused
	}
	d.guard(func() {
		// One iteration breaks the workers' sequence of Step calls (crew.go).
		if d.crew.active > 0 {
			d.stopWorkers("the Step button runs the experiment on the page alone")
		}
		d.crew.stepped = true
		if d.exp.Step(1) {
			d.status = stDone
		} else if d.status == stReady {
			d.status = stPaused
		}
		d.track()
	})
	d.settle()
	d.dirty = true
}

// Reset rebuilds the experiment from the same link.
func (d *driver) Reset() {
	if d.lab != nil && !d.needData() {
		d.build()
	}
}

// guard runs f, turning a panic into status error so the page stays alive.
func (d *driver) guard(f func()) {
	defer func() {
		if r := recover(); r != nil {
			d.status, d.err = stError, fmt.Sprintf("internal error: %v", r)
		}
	}()
	f()
}

// Tick steps a running experiment for about budget wall time. The work per
// Step call adapts to the clock; the numbers do not depend on it.
func (d *driver) Tick(budget time.Duration) {
	if d.status != stRunning || d.exp == nil {
		return
	}
	start := time.Now()
	d.guard(func() {
		d.poll()
		// While workers run the units phase under way, the page only
		// installs their results (poll), runs the unit it keeps, if any,
		// and draws.
		for time.Since(start) < budget {
			t0 := time.Now()
			fixed := false // Step(share.StepWork): nothing to adapt
			if d.waiting() {
				u := d.kept()
				if u == nil {
					break
				}
				if !u.Advance(d.work) {
					d.share() // its result goes to the workers
				}
			} else {
				work := d.work
				if d.crew.active > 0 {
					work, fixed = share.StepWork, true // the workers' sequence of calls (crew.go)
				}
				d.crew.stepped = true
				if d.exp.Step(work) {
					d.status = stDone
					break
				}
				d.track()
			}
			switch dt := time.Since(t0); {
			case fixed:
			case dt < budget/8 && d.work < 1<<26:
				d.work *= 2
			case dt > budget/2 && d.work > 1:
				d.work /= 2
			}
		}
		if d.status == stRunning {
			d.left.observe(time.Now(), d.progress())
		}
	})
	d.settle()
	d.dirty = true
}

// settle stops the workers once the experiment is done or failed.
func (d *driver) settle() {
	if d.status == stDone || d.status == stError {
		d.stopWorkers("")
	}
}

// Time left. The estimate is made from the wall time of the run (while
// status running; a gap of more than leftMaxGap between two Ticks — a tab
// in the background, a long frame — counts as leftMaxGap) and the progress
// p(t) at that time, sampled every leftSample:
//
//	rate  = (p(t) − p(t − w)) / w        over the window w ≤ leftWindow
//	raw   = (1 − p(t)) / rate
//	left  = L' + a·(raw − L'),  L' = max(0, left_prev − Δt),  a = min(1, Δt/leftTau)
//
// where Δt is the time since the last estimate: the estimate counts down by
// itself and is pulled towards raw with time constant leftTau, so a burst
// of progress (a phase ending) moves it gradually. The first estimate is
// raw itself. There is none (−1) before leftMinRun of running and
// leftMinProgress, or when the progress has not moved over the window.
// Run (after ready or paused) starts afresh.
const (
	leftWindow      = 6 * time.Second
	leftSample      = 100 * time.Millisecond
	leftMaxGap      = time.Second
	leftTau         = 3 * time.Second
	leftMinRun      = 2 * time.Second
	leftMinProgress = 0.02
)

// leftEstimate estimates the wall time left of a running experiment.
type leftEstimate struct {
	last    time.Time     // the last observation (zero: none since reset)
	run     time.Duration // running time since reset
	samples []leftSampleT // (running time, progress), oldest first
	left    float64       // seconds; −1: unknown
	at      time.Duration // run at which left was computed
}

type leftSampleT struct {
	t time.Duration
	p float64
}

func (l *leftEstimate) reset() { *l = leftEstimate{samples: l.samples[:0], left: -1} }

// observe records progress p at wall time now and updates the estimate.
func (l *leftEstimate) observe(now time.Time, p float64) {
	if !l.last.IsZero() {
		l.run += min(leftMaxGap, max(0, now.Sub(l.last)))
	}
	l.last = now
	if n := len(l.samples); n > 0 && l.run-l.samples[n-1].t < leftSample {
		return
	}
	l.samples = append(l.samples, leftSampleT{l.run, p})
	// Keep one sample at or before the window's start, so the rate spans it.
	k := 0
	for k+1 < len(l.samples) && l.run-l.samples[k+1].t >= leftWindow {
		k++
	}
	l.samples = append(l.samples[:0], l.samples[k:]...)
	old := l.samples[0]
	if l.run < leftMinRun || p < leftMinProgress || p <= old.p || l.run <= old.t {
		l.left = -1
		return
	}
	rate := (p - old.p) / (l.run - old.t).Seconds()
	raw := (1 - p) / rate
	if l.left < 0 {
		l.left = raw
	} else {
		dt := (l.run - l.at).Seconds()
		prev := math.Max(0, l.left-dt)
		a := math.Min(1, dt/leftTau.Seconds())
		l.left = prev + float64(a*(raw-prev))
	}
	l.at = l.run
}

// seconds is the estimate in whole seconds, −1 when there is none.
func (l *leftEstimate) seconds() int {
	if l.left < 0 {
		return -1
	}
	return int(math.Round(l.left))
}

// stateJSON is what state() returns (see the bridge's doc).
type stateJSON struct {
	Status   string       `json:"status"`
	Progress float64      `json:"progress"`
	Phase    string       `json:"phase"`  // lab.Phaser's phrase while running or paused, else ""
	Left     int          `json:"left"`   // estimated seconds left while running, −1 unknown
	Panels   int          `json:"panels"` // panels of the figure drawn last (the page sizes the figure by it on a phone)
	Readout  *lab.Readout `json:"readout"`
	Error    string       `json:"error"`
	Workers  int          `json:"workers"`    // Web Workers running the experiment's units (0: the page alone)
	Note     string       `json:"workerNote"` // why the run goes without workers, or ""
}

func (d *driver) State() string {
	s := stateJSON{Status: d.status, Error: d.err, Left: -1, Panels: d.panels, Workers: d.crew.active, Note: d.crew.note}
	if d.exp != nil {
		d.guard(func() {
			s.Progress = d.progress()
			if ph, ok := d.exp.(lab.Phaser); ok && (d.status == stRunning || d.status == stPaused) {
				s.Phase = ph.Phase()
			}
			ro := d.exp.Readout()
			s.Readout = &ro
		})
		s.Status = d.status
		if s.Status == stRunning {
			s.Left = d.left.seconds()
		}
	}
	return mustJSON(s)
}

// paramsJSON lists every lab's parameter table for the page's controls.
func paramsJSON() string {
	type param struct {
		Name    string   `json:"name"`
		Kind    string   `json:"kind"`
		Default string   `json:"default"`
		Min     float64  `json:"min"`
		Max     float64  `json:"max"`
		Choices []string `json:"choices,omitempty"`
		Help    string   `json:"help"`
		Page    bool     `json:"page"`
		View    bool     `json:"view"`
		Group   string   `json:"group"`
	}
	type labJSON struct {
		Lab     string       `json:"lab"`
		Title   string       `json:"title"`
		Help    string       `json:"help"`
		Theory  string       `json:"theory"` // section of docs/theory.md, "2.5"
		Params  []param      `json:"params"`
		Presets []lab.Preset `json:"presets"`
	}
	kinds := map[spec.Kind]string{spec.Int: "int", spec.Float: "float", spec.Bool: "bool", spec.Enum: "enum", spec.Seed: "seed", spec.Custom: "custom"}
	var out []labJSON
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		lj := labJSON{Lab: name, Title: l.Title, Help: l.Help, Theory: l.Theory, Presets: append([]lab.Preset{}, l.Presets...)}
		for _, p := range l.Params.All() {
			lj.Params = append(lj.Params, param{p.Name, kinds[p.Kind], p.Default, p.Min, p.Max, p.Choices, p.Help, p.Page, p.View, p.Group})
		}
		out = append(out, lj)
	}
	return mustJSON(out)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf(`{"error":%q}`, err.Error())
	}
	return string(b)
}

// export returns the experiment's CSV (csv true) or JSON, or "" without one.
func (d *driver) export(csv bool) string {
	if d.exp == nil {
		return ""
	}
	var b strings.Builder
	var err error
	d.guard(func() {
		if csv {
			err = d.exp.WriteCSV(&b)
		} else {
			err = d.exp.WriteJSON(&b)
		}
	})
	if err != nil {
		return ""
	}
	return b.String()
}
