package lab

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"sgdlab/sim/data"
	"sgdlab/sim/plot"
	"sgdlab/sim/spec"
)

// Experiment is a running lab. It owns no loop and no clock: the driver calls
// Step with a work budget until Done. The numbers an Experiment produces depend
// only on its spec, never on how the work was sliced into Step calls.
type Experiment interface {
	// Step advances every unfinished run by at least one iteration and by
	// about work/runs units (gradient evaluations, for SGD) each, and reports
	// whether the experiment has finished. Step(1) is the page's Step button.
	Step(work int) (done bool)
	// Done reports whether every run has stopped.
	Done() bool
	// Progress is the fraction of the planned work done, in [0, 1].
	Progress() float64
	// Readout is the panel of numbers the page shows and the CLI prints.
	Readout() Readout
	// Figure is the current picture.
	Figure() plot.Figure
	// SetView applies new values of the View parameters (spec.Param.View)
	// without touching the runs; the other parameters of vals are ignored.
	SetView(vals spec.Values)
	// WriteCSV writes the recorded series, one row per recorded point.
	WriteCSV(w io.Writer) error
	// WriteJSON writes the spec, the readout and the series as one JSON document.
	WriteJSON(w io.Writer) error
}

// Interactive is implemented by experiments whose figure answers the
// pointer: a click on node of a network panel, or a drag along its scrubber
// to the fraction frac of the recorded frames. Each returns the View
// parameter to change and its new value (ok false: nothing to change); the
// driver applies it like a link that changes only that view parameter, so
// the page's link records it.
type Interactive interface {
	ClickNode(panel, node int) (name, value string, ok bool)
	Scrub(panel int, frac float64) (name, value string, ok bool)
}

// Phaser is implemented by experiments that can say what they are
// computing: Phase is a short phrase for people about the phase Step works
// on now (it is under way once Step has been called, next otherwise), e.g.
// "computing the 2000×2000 kernel matrix" or "kernel SGD: 5 of 8 batch
// sizes done", and "" once Done. Counts in it may change with every Step
// call; its words change only when a new phase starts. The page shows it
// beside the progress while the experiment runs.
type Phaser interface {
	Phase() string
}

// Splitter is implemented by experiments whose phases include lists of
// independent units (see Unit): Units returns the units of the phase under
// way, or nil when it has none (a phase that is one big step, or units not
// built yet — they are built by the phase's first Step). A driver may
// advance them in any order, on any worker, each to its end or a slice at a
// time, and then go on with Step: the results are the same bits as Step's
// own order gives (labtest.OrderFree checks it for every lab).
type Splitter interface {
	Units() Units
}

// Item is one named number of a readout, already formatted.
type Item struct {
	Key   string `json:"key"`   // stable identifier, e.g. "lambda1"
	Label string `json:"label"` // what the page shows, e.g. "λ₁"
	Value string `json:"value"`
	Help  string `json:"help,omitempty"`
}

// Readout is what the page's readout panel shows and the CLI prints: named
// values, a table with one row per run, and notes (warnings, explanations).
type Readout struct {
	Items   []Item     `json:"items"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Notes   []string   `json:"notes"`
}

// Lab is a registered kind of experiment.
type Lab struct {
	Name  string
	Title string
	Help  string
	// Theory is the section of docs/theory.md the lab is about ("2.5"): the
	// page links the lab's title to it (THEORY §n, anchor sn-m).
	Theory string
	// Params is the lab's parameter table; Params.Lab == Name.
	Params *spec.Set
	// Limits are cross-parameter checks and the size limits that protect the
	// browser; native drivers may pass big=true to allow larger problems.
	// It may change vals (through vals.Set) and returns notices for what it changed.
	Limits func(vals spec.Values, big bool) []spec.Notice
	// Presets are links worth showing (the paper's figures, classic cases):
	// ordinary link queries, listed in the page and the README.
	Presets []Preset
	// Needs lists the datasets (and how much of each) the spec reads; nil
	// when the lab reads none. A driver provides them in a data.Store.
	Needs func(vals spec.Values) []data.Need
	// New builds the experiment from vals and the datasets Needs listed, all
	// in st; an error means the spec cannot be run at all (the message is for
	// the user).
	New func(vals spec.Values, st *data.Store) (Experiment, error)
	// Memory is the link's memory plan: about how many bytes the experiment
	// holds at its peak — the data it reads, its matrices, the runs' state
	// and records — the sizes its Limits bound. A cluster job asks for it
	// (sgdlab -slurm's --mem); nil: not planned.
	Memory func(vals spec.Values) float64
	// Work is the link's planned work (Work); nil: not planned. A cluster
	// job's time limit comes from it (sgdlab -slurm's --time).
	Work func(vals spec.Values) Work
}

// Work is a link's planned work in multiply-adds: Shared is what every
// shard of a cluster job computes besides its units (the data, a kernel
// matrix, a spectrum), Units the units' total — an upper bound for runs
// that stop at a target before their cap.
type Work struct {
	Shared, Units float64
}

// PlannedWork is l.Work(vals), or the zero Work when the lab plans none.
func (l *Lab) PlannedWork(vals spec.Values) Work {
	if l.Work == nil {
		return Work{}
	}
	return l.Work(vals)
}

// MemoryPlan is l.Memory(vals), or 0 when the lab plans none.
func (l *Lab) MemoryPlan(vals spec.Values) float64 {
	if l.Memory == nil {
		return 0
	}
	return l.Memory(vals)
}

// Preset is a named link: Query is a link query without the leading '?'.
// CLI marks presets meant for the CLI with -big (sizes past the browser's limits).
type Preset struct {
	Title string `json:"title"`
	Query string `json:"query"`
	CLI   bool   `json:"cli,omitempty"`
}

// DataNeeds is l.Needs(vals), or nil for a lab that reads no dataset.
func (l *Lab) DataNeeds(vals spec.Values) []data.Need {
	if l.Needs == nil {
		return nil
	}
	return l.Needs(vals)
}

// Build checks that st holds every dataset the spec needs and builds the
// experiment; st may be nil for a lab that reads none.
func (l *Lab) Build(vals spec.Values, st *data.Store) (Experiment, error) {
	needs := l.DataNeeds(vals)
	if len(needs) > 0 {
		if st == nil {
			return nil, fmt.Errorf("lab %s: datasets %v are needed but none are loaded", l.Name, needs)
		}
		if m := st.Missing(needs); len(m) > 0 {
			return nil, fmt.Errorf("lab %s: %s of dataset %s is not loaded", l.Name, m[0].File, m[0].Dataset)
		}
	}
	return l.New(vals, st)
}

var registry = map[string]*Lab{}

// Register adds a lab; it panics on a duplicate name (a programmer error).
func Register(l *Lab) {
	if _, dup := registry[l.Name]; dup {
		panic("lab: duplicate lab " + l.Name)
	}
	if l.Params.Lab != l.Name {
		panic("lab: params of " + l.Name + " name lab " + l.Params.Lab)
	}
	registry[l.Name] = l
}

// Names lists the registered labs in sorted order.
func Names() []string {
	var ns []string
	for n := range registry {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// Get returns a registered lab.
func Get(name string) (*Lab, bool) { l, ok := registry[name]; return l, ok }

// Default is the lab a link without lab= opens.
const Default = "batch"

// fallback is the lab a link without a known lab= opens: Default, or the
// first registered lab in a program that does not register Default.
func fallback() string {
	if _, ok := registry[Default]; ok || len(registry) == 0 {
		return Default
	}
	return Names()[0]
}

// Parse reads a link: it picks the lab from lab= (the default lab when absent
// or unknown, with a notice), then parses and limits the lab's parameters.
// It panics only when no lab is registered (a programmer error).
func Parse(query string, big bool) (*Lab, spec.Values, []spec.Notice) {
	var notes []spec.Notice
	name := fallback()
	if q, err := parseLab(query); err == nil && q != "" {
		if _, ok := registry[q]; ok {
			name = q
		} else {
			notes = append(notes, spec.Notice{Param: "lab", Given: q, Used: name, Reason: "no such lab; the labs are " + strings.Join(Names(), ", ")})
		}
	}
	l, ok := registry[name]
	if !ok {
		panic("lab: no lab is registered")
	}
	vals, n := l.Params.Parse(query)
	for _, x := range n {
		if x.Param == "lab" && len(notes) > 0 {
			continue // already said
		}
		notes = append(notes, x)
	}
	if l.Limits != nil {
		notes = append(notes, l.Limits(vals, big)...)
	}
	return l, vals, notes
}
