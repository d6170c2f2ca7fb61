package main

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/wasm/share"
)

// fakeWorkers runs the workers' side (package share) in this process: each
// Poll gives every live worker a slice of time, then returns what they said.
type fakeWorkers struct {
	t       *testing.T
	store   *data.Store
	ws      []*share.Worker
	state   []share.State
	inbox   [][]share.Result
	out     []workerMsg
	results int // results the workers posted
	live    int
	fail    error // Start fails with it
	paused  bool
	log     []workerMsg   // every message posted
	every   time.Duration // the workers' interval of progress reports and snapshots
}

func (f *fakeWorkers) Start(query string, count int) error {
	f.Stop()
	if f.fail != nil {
		return f.fail
	}
	l, vals, _ := lab.Parse(query, false)
	f.ws, f.state, f.inbox = make([]*share.Worker, count), make([]share.State, count), make([][]share.Result, count)
	for w := range count {
		e, err := l.Build(vals, f.store)
		if err != nil {
			f.t.Fatal(err)
		}
		k, err := share.New(e, w, count)
		if err != nil {
			f.t.Fatal(err)
		}
		k.Every = f.every
		k.OnProgress = func(p share.Progress) {
			f.out = append(f.out, workerMsg{W: w, Type: "progress", Phase: p.Phase, Unit: p.Unit, Progress: p.Progress, Slope: p.Slope, Bytes: p.Partial})
		}
		k.OnResult = func(r share.Result) {
			f.results++
			f.out = append(f.out, workerMsg{W: w, Type: "result", Phase: r.Phase, Unit: r.Unit, Bytes: r.Bytes})
		}
		f.ws[w] = k
	}
	f.live = count
	return nil
}

func (f *fakeWorkers) Stop() { f.ws, f.live, f.paused = nil, 0, false }

func (f *fakeWorkers) Pause(on bool) {
	f.paused = on
	for _, k := range f.ws {
		k.SetPaused(on)
	}
}

func (f *fakeWorkers) Send(w, phase, unit int, b []byte) {
	f.inbox[w] = append(f.inbox[w], share.Result{Phase: phase, Unit: unit, Bytes: b})
}

func (f *fakeWorkers) Poll() []workerMsg {
	for w, k := range f.ws {
		for _, r := range f.inbox[w] {
			if err := k.Receive(r); err != nil {
				f.t.Fatal(err)
			}
		}
		f.inbox[w] = nil
		if f.state[w] == share.Done {
			continue
		}
		st, err := k.Next(time.Millisecond)
		if err != nil {
			f.t.Fatal(err)
		}
		if st == share.Paused {
			continue
		}
		if f.state[w] = st; st == share.Done {
			f.out = append(f.out, workerMsg{W: w, Type: "done"})
		}
	}
	out := f.out
	f.out = nil
	f.log = append(f.log, out...)
	return out
}

// runDriver runs link to its end on a page with count workers (0: none)
// and returns the driver.
func runDriver(t *testing.T, link string, count int, fw *fakeWorkers) *driver {
	t.Helper()
	d := newDriver()
	if fw != nil {
		fw.t, fw.store = t, d.store
		d.crew.pool = fw
	}
	d.SetWorkers(count)
	res := d.Load(link)
	if len(res.Fetch) > 0 {
		if r := fetchAll(t, d, res.Fetch, ""); r.Error != "" {
			t.Fatal(r.Error)
		}
	}
	d.Run()
	last := 0.0
	for i := 0; i < 1000000 && d.status == stRunning; i++ {
		d.Tick(time.Duration(1+i%3) * time.Millisecond)
		var st stateJSON
		if err := json.Unmarshal([]byte(d.State()), &st); err != nil {
			t.Fatal(err)
		}
		if st.Progress < last {
			t.Fatalf("progress went back from %v to %v", last, st.Progress)
		}
		last = st.Progress
	}
	if d.status != stDone {
		t.Fatalf("%s with %d workers: status %s %s", link, count, d.status, d.err)
	}
	return d
}

// The page with workers gives the CSV, the JSON and the readout of the page
// alone, for 1 and 3 workers, and stops them at the end — though it showed
// the workers' snapshots of their running units on the way (the fake
// workers post one after every slice).
func TestWorkersSameNumbers(t *testing.T) {
	for _, link := range []string{
		"v=1&n=24&d=40&m=1,5,n&eta=hat,opt,2hat&len=4&sampler=shuffle",
		"v=1&lab=critical&n=200&m=1,4,16,64&seeds=2&sweep=0",
		"v=1&lab=critical&n=150&m=1,8&seeds=1&sweep=6",
		"v=1&lab=armijo&model=kernel&n=50&b=2,8&seeds=1&tau=0.9&kmax=300",
		"v=1&lab=consensus&topo=ring&n=12&d=24&sweep=5&mulo=0.001&muhi=100&sweeplen=500&len=10",
		"v=1&lab=variance",
	} {
		ref := runDriver(t, link, 0, nil)
		for _, count := range []int{1, 3} {
			fw := &fakeWorkers{}
			d := runDriver(t, link, count, fw)
			if fw.results == 0 {
				t.Errorf("%s with %d workers: no unit ran in a worker", link, count)
			}
			if st := d.crew.stats; st.Shown == 0 || st.Failed > 0 {
				t.Errorf("%s with %d workers: snapshots %+v", link, count, st)
			}
			if fw.live != 0 || d.crew.active != 0 {
				t.Errorf("%s with %d workers: workers left running at the end", link, count)
			}
			for _, csv := range []bool{true, false} {
				if a, b := ref.export(csv), d.export(csv); a == "" || a != b {
					t.Errorf("%s with %d workers: the export (csv %v) differs", link, count, csv)
				}
			}
			if a, b := ref.State(), d.State(); a != b {
				t.Errorf("%s with %d workers: the state differs:\n%s\n%s", link, count, a, b)
			}
		}
	}
}

// Pause pauses the workers and Run lets them go on; the Step button (and a
// new worker count) stops them while units show their snapshots: the page
// puts the units' own state back and runs them itself, and the numbers are
// those of the page alone.
func TestWorkersPauseAndStep(t *testing.T) {
	const link = "v=1&lab=variance"
	ref := runDriver(t, link, 0, nil)
	for _, how := range []string{"step", "setWorkers"} {
		fw := &fakeWorkers{t: t}
		d := newDriver()
		fw.store = d.store
		d.crew.pool = fw
		d.SetWorkers(2)
		if res := d.Load(link); len(res.Fetch) > 0 {
			if r := fetchAll(t, d, res.Fetch, ""); r.Error != "" {
				t.Fatal(r.Error)
			}
		}
		d.Run()
		showing := func() bool {
			for _, w := range d.crew.showing {
				if w >= 0 {
					return true
				}
			}
			return false
		}
		for i := 0; i < 100000 && !showing(); i++ {
			d.Tick(time.Millisecond)
		}
		if !showing() || d.status != stRunning {
			t.Fatalf("%s: no snapshot shown while running (status %s)", how, d.status)
		}
		d.Pause()
		if !fw.paused {
			t.Errorf("%s: Pause left the workers going", how)
		}
		var before stateJSON
		json.Unmarshal([]byte(d.State()), &before)
		results := fw.results
		for range 50 {
			d.Tick(time.Millisecond)
			fw.Poll() // a paused worker does nothing when asked
		}
		if fw.results != results {
			t.Errorf("%s: paused workers posted %d results", how, fw.results-results)
		}
		d.Run()
		if fw.paused {
			t.Errorf("%s: Run left the workers paused", how)
		}
		var after stateJSON
		json.Unmarshal([]byte(d.State()), &after)
		if after.Progress < before.Progress {
			t.Errorf("%s: progress went back from %v to %v", how, before.Progress, after.Progress)
		}
		for i := 0; i < 100000 && !showing(); i++ {
			d.Tick(time.Millisecond)
		}
		if how == "step" {
			d.StepOnce()
			d.Run()
		} else {
			d.SetWorkers(1)
		}
		if d.crew.active != 0 || showing() {
			t.Fatalf("%s: workers %d still running or units still showing snapshots", how, d.crew.active)
		}
		for i := 0; i < 1000000 && d.status == stRunning; i++ {
			d.Tick(time.Millisecond)
		}
		if d.status != stDone {
			t.Fatalf("%s: status %s %s", how, d.status, d.err)
		}
		for _, csv := range []bool{true, false} {
			if a, b := ref.export(csv), d.export(csv); a == "" || a != b {
				t.Errorf("%s: the export (csv %v) differs from the page alone's", how, csv)
			}
		}
	}
}

// The consensus lab's main run, whose frames the node graph plays, stays
// on the page: the workers never post its snapshots or its result.
func TestWorkersKeepAnimated(t *testing.T) {
	const link = "v=1&lab=consensus&topo=ring&n=12&d=24&sweep=0&len=40&base=both"
	fw := &fakeWorkers{}
	var mainSeen bool
	runDriver(t, link, 2, fw)
	if fw.results == 0 {
		t.Fatal("no unit ran in a worker")
	}
	for _, m := range fw.log {
		if m.Phase == 0 && m.Unit == 0 && (m.Type == "result" || m.Type == "progress") {
			mainSeen = true
		}
	}
	if mainSeen {
		t.Error("a worker ran the main run, which the page keeps")
	}
}

// Without Web Workers the page runs alone and says why; a new link stops
// the workers of the last one.
func TestWorkersFallbackAndStop(t *testing.T) {
	const link = "v=1&n=24&d=40&m=1,5,n&len=4"
	fw := &fakeWorkers{fail: errors.New("no Worker")}
	d := runDriver(t, link, 2, fw)
	var st stateJSON
	json.Unmarshal([]byte(d.State()), &st)
	if st.Workers != 0 || st.Note == "" {
		t.Errorf("fallback: workers %d, note %q", st.Workers, st.Note)
	}
	d = newDriver()
	d.SetWorkers(2)
	d.Run()
	if d.crew.note == "" {
		// no experiment: nothing to say
	}
	d.Load(link)
	d.Run()
	if d.crew.note == "" {
		t.Error("a page without workers gave no notice")
	}
	fw = &fakeWorkers{t: t, store: d.store}
	d = newDriver()
	d.crew.pool = fw
	d.SetWorkers(2)
	for i := range 20 {
		d.Load(link + "&seed=" + string(rune('1'+i%9)))
		d.Run()
		d.Tick(time.Millisecond)
		if fw.live > 2 {
			t.Fatalf("%d workers live", fw.live)
		}
	}
	d.Reset()
	if fw.live != 0 {
		t.Errorf("reset left %d workers", fw.live)
	}
}

func TestWorkerCap(t *testing.T) {
	for _, c := range []struct {
		link string
		want int
	}{
		{"v=1&lab=critical&n=4096", 4},
		{"v=1&lab=critical&n=2896", 8},
		{"v=1&lab=critical&n=300", 8},
		{"v=1&lab=armijo&model=kernel&n=4096", 4},
		{"v=1&lab=armijo&n=4096", 8},
		{"v=1&lab=batch", 8},
	} {
		l, vals, _ := lab.Parse(c.link, false)
		if got := workerCap(l, vals, 8); got != c.want {
			t.Errorf("%s: %d workers, want %d", c.link, got, c.want)
		}
	}
	if defaultWorkers(1) != 1 || defaultWorkers(2) != 1 || defaultWorkers(4) != 3 || defaultWorkers(64) != 8 {
		t.Error("defaultWorkers")
	}
}
