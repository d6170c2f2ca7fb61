package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/plot"
	"sgdlab/sim/spec"
)

func TestDriverLifecycle(t *testing.T) {
	d := newDriver()
	res := d.Load("v=1&n=20&d=30&m=1,n&len=3&bogus=1")
	if res.Error != "" || d.status != stReady || len(res.Notices) != 1 || !strings.Contains(res.Query, "m=1,n") {
		t.Fatalf("load: %+v status %s", res, d.status)
	}
	d.StepOnce()
	if d.status != stPaused {
		t.Errorf("after step: %s", d.status)
	}
	d.Run()
	for i := 0; i < 1000 && d.status == stRunning; i++ {
		d.Tick(2 * time.Millisecond)
	}
	if d.status != stDone {
		t.Fatalf("status %s", d.status)
	}
	var st stateJSON
	if err := json.Unmarshal([]byte(d.State()), &st); err != nil || st.Progress != 1 || len(st.Readout.Rows) != 2 {
		t.Fatalf("state %v %+v", err, st)
	}
	// A view-only change keeps the finished runs.
	exp := d.exp
	d.Load(res.Query + "&y=mse")
	if d.exp != exp || d.status != stDone {
		t.Error("view change rebuilt the experiment")
	}
	d.Load(strings.Replace(res.Query, "len=3", "len=4", 1))
	if d.exp == exp || d.status != stReady {
		t.Error("run change kept the experiment")
	}
	d.Reset()
	if d.status != stReady {
		t.Error("reset")
	}
}

func TestParamsJSON(t *testing.T) {
	var labs []map[string]any
	if err := json.Unmarshal([]byte(paramsJSON()), &labs); err != nil || len(labs) == 0 {
		t.Fatal(err)
	}
}

// panicky is an experiment whose Step panics after a few calls, as a bug in a
// lab would.
type panicky struct{ steps int }

func (p *panicky) Step(int) bool {
	if p.steps++; p.steps > 2 {
		panic("index out of range [3] with length 3")
	}
	return false
}
func (p *panicky) Done() bool                  { return false }
func (p *panicky) Progress() float64           { return 0 }
func (p *panicky) Readout() lab.Readout        { return lab.Readout{} }
func (p *panicky) Figure() plot.Figure         { return plot.Figure{} }
func (p *panicky) SetView(spec.Values)         { panic("view") }
func (p *panicky) WriteCSV(w io.Writer) error  { return nil }
func (p *panicky) WriteJSON(w io.Writer) error { return nil }

func init() {
	lab.Register(&lab.Lab{Name: "zpanic", Title: "panics", Params: &spec.Set{Lab: "zpanic", Params: []spec.Param{
		{Name: "k", Kind: spec.Int, Default: "1", Min: 0, Max: 9},
		{Name: "look", Kind: spec.Int, Default: "1", Min: 0, Max: 9, View: true},
	}}, New: func(v spec.Values, _ *data.Store) (lab.Experiment, error) {
		if v.Int("k") == 0 {
			panic("k=0")
		}
		return &panicky{}, nil
	}})
}

// A panic in a lab turns into status error; the driver keeps working.
func TestDriverSurvivesPanics(t *testing.T) {
	d := newDriver()
	if res := d.Load("v=1&lab=zpanic&k=0"); res.Error == "" || d.status != stError || !strings.Contains(d.err, "k=0") {
		t.Fatalf("panic in New: %+v, status %s %q", res, d.status, d.err)
	}
	if res := d.Load("v=1&lab=zpanic&k=1"); res.Error != "" || d.status != stReady {
		t.Fatalf("load after a panic: %+v, status %s", res, d.status)
	}
	d.Run()
	for i := 0; i < 10 && d.status == stRunning; i++ {
		d.Tick(time.Millisecond)
	}
	if d.status != stError || !strings.Contains(d.err, "index out of range") {
		t.Fatalf("panic in Step: status %s %q", d.status, d.err)
	}
	var st stateJSON
	if err := json.Unmarshal([]byte(d.State()), &st); err != nil || st.Status != stError || st.Error == "" {
		t.Fatalf("state after a panic: %v %+v", err, st)
	}
	d.Reset()
	if d.status != stReady {
		t.Fatalf("reset after a panic: %s", d.status)
	}
	d.Load("v=1&lab=zpanic&k=1&look=2") // SetView panics
	if d.status != stError {
		t.Fatalf("panic in SetView: status %s", d.status)
	}
}

// The numbers do not depend on how the driver slices the work: one iteration
// per call (the Step button) and time-budgeted ticks export the same CSV.
func TestDriverSlicingDoesNotChangeNumbers(t *testing.T) {
	const link = "v=1&n=24&d=40&m=1,5,n&eta=hat,opt,2hat&len=4&sampler=shuffle"
	byStep := newDriver()
	byStep.Load(link)
	for i := 0; i < 100000 && byStep.status != stDone; i++ {
		byStep.StepOnce()
	}
	byTick := newDriver()
	byTick.Load(link)
	byTick.Run()
	for i := 0; i < 100000 && byTick.status == stRunning; i++ {
		byTick.Tick(time.Duration(1+i%3) * time.Millisecond)
	}
	if byStep.status != stDone || byTick.status != stDone {
		t.Fatalf("status %s and %s", byStep.status, byTick.status)
	}
	a, b := byStep.export(true), byTick.export(true)
	if a == "" || a != b {
		t.Errorf("the CSV depends on the slicing (%d and %d bytes)", len(a), len(b))
	}
	if byStep.State() != byTick.State() {
		t.Errorf("the state depends on the slicing:\n%s\n%s", byStep.State(), byTick.State())
	}
}

func init() {
	lab.Register(&lab.Lab{Name: "zdata", Title: "reads MNIST", Params: &spec.Set{Lab: "zdata", Params: []spec.Param{
		{Name: "n", Kind: spec.Int, Default: "100", Min: 1, Max: 10000},
	}}, Needs: func(v spec.Values) []data.Need {
		return []data.Need{{Dataset: "mnist", Samples: v.Int("n")}}
	}, New: func(v spec.Values, st *data.Store) (lab.Experiment, error) {
		l, err := st.Labeled("mnist", v.Int("n"))
		if err != nil {
			return nil, err
		}
		if l.N < v.Int("n") {
			return nil, fmt.Errorf("got %d samples", l.N)
		}
		return &panicky{}, nil
	}})
}

// fetchAll plays the page: fetch every listed file from web/static and hand it over.
func fetchAll(t *testing.T, d *driver, fetch []data.Fetch, corrupt string) dataResult {
	t.Helper()
	var res dataResult
	for round := 0; len(fetch) > 0; round++ {
		if round > 3 {
			t.Fatalf("more than 3 rounds of fetching: %+v", fetch)
		}
		for _, f := range fetch {
			b, err := os.ReadFile(filepath.Join("..", "web", "static", f.Path))
			if err != nil {
				t.Fatal(err)
			}
			if f.Path == corrupt {
				b[len(b)/2] ^= 0x40
			}
			if res = d.AddData(f.Dataset, f.File, b); res.Error != "" {
				return res
			}
		}
		fetch = res.Fetch
	}
	return res
}

// A lab that reads a dataset waits (status loading) for its files, builds once
// they are there, and reports a corrupt shard by name without crashing.
func TestDriverLoadsData(t *testing.T) {
	d := newDriver()
	res := d.Load("v=1&lab=zdata&n=2500")
	if d.status != stLoading || len(res.Fetch) != 1 || res.Fetch[0].Path != "data/mnist/manifest.json" {
		t.Fatalf("first load: status %s, %+v", d.status, res)
	}
	bad := fetchAll(t, d, res.Fetch, "data/mnist/shard-001.bin")
	if d.status != stError || !strings.Contains(bad.Error, "shard-001.bin") || !strings.Contains(d.err, "does not match its manifest") {
		t.Fatalf("corrupt shard: status %s, %q, %+v", d.status, d.err, bad)
	}
	res = d.Load("v=1&lab=zdata&n=2500") // the page retries: only the bad shard is missing
	if d.status != stLoading || len(res.Fetch) != 1 || res.Fetch[0].File != "shard-001.bin" {
		t.Fatalf("retry: status %s, %+v", d.status, res)
	}
	if r := fetchAll(t, d, res.Fetch, ""); r.Error != "" || d.status != stReady || d.exp == nil {
		t.Fatalf("after the data: status %s %q, %+v", d.status, d.err, r)
	}
	if res := d.Load("v=1&lab=zdata&n=10"); len(res.Fetch) != 0 || d.status != stReady {
		t.Fatalf("data already there: status %s, %+v", d.status, res)
	}
	d.DataFailed("data/x.bin", "404 Not Found")
	if d.status != stError || !strings.Contains(d.err, "data/x.bin: 404") {
		t.Fatalf("dataFailed: %s %q", d.status, d.err)
	}
}

// The state says what is computed while running or paused, and nothing
// before Run or when done; left is −1 until an estimate exists.
func TestStatePhaseAndLeft(t *testing.T) {
	d := newDriver()
	d.Load("v=1&n=20&d=30&m=1,n&len=3")
	state := func() stateJSON {
		var st stateJSON
		if err := json.Unmarshal([]byte(d.State()), &st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := state(); st.Status != stReady || st.Phase != "" || st.Left != -1 {
		t.Errorf("ready: %+v", st)
	}
	d.StepOnce()
	if st := state(); st.Status != stPaused || st.Phase != "SGD: 0 of 2 batch sizes done" || st.Left != -1 {
		t.Errorf("after a step: status %s, phase %q, left %d", st.Status, st.Phase, st.Left)
	}
	d.Run()
	d.Tick(time.Microsecond)
	if st := state(); st.Status == stRunning && (st.Phase == "" || st.Left != -1) {
		t.Errorf("running: phase %q, left %d", st.Phase, st.Left)
	}
	for i := 0; i < 1000 && d.status == stRunning; i++ {
		d.Tick(2 * time.Millisecond)
	}
	if st := state(); st.Status != stDone || st.Phase != "" || st.Left != -1 || st.Progress != 1 {
		t.Errorf("done: %+v", st)
	}
}

// The time left: none before 2 s and 2 %, then close to the truth for steady
// progress; when the rate changes the estimate follows within a few seconds
// without jumps; background gaps do not count as running time.
func TestLeftEstimate(t *testing.T) {
	var l leftEstimate
	l.reset()
	t0 := time.Unix(1000, 0)
	const frame = 16 * time.Millisecond
	// 40 s of work: 1 %/s for the first 10 s, then 3 %/s (10 % + 30 % … ).
	progress := func(s float64) float64 {
		if s < 10 {
			return s / 100
		}
		return min(1, 0.1+float64(0.03*(s-10)))
	}
	truth := func(s float64) float64 {
		if s < 10 {
			return 10 - s + 30
		}
		return (1 - progress(s)) / 0.03
	}
	prev := -1.0
	for f := 0; ; f++ {
		now := time.Duration(f) * frame
		s := now.Seconds()
		p := progress(s)
		if p >= 1 {
			break
		}
		l.observe(t0.Add(now), p)
		got := l.left
		switch {
		case s < 2 || p < 0.02:
			if got != -1 {
				t.Fatalf("t=%.2fs p=%.3f: estimate %g before 2 s and 2 %%", s, p, got)
			}
		case s > 2.2 && s < 10:
			// the rate is 1 %/s so far: the estimate says 90 − s
			if want := 100 - s; math.Abs(got-want) > 1 {
				t.Fatalf("t=%.2fs: %g s left, want %g", s, got, want)
			}
		case s > 22: // 6 s window + 3 s smoothing after the change at 10 s
			if want := truth(s); math.Abs(got-want) > 0.1*want+1 {
				t.Fatalf("t=%.2fs: %g s left, want %g", s, got, want)
			}
		}
		if prev >= 0 && got >= 0 && math.Abs(got-prev) > 2 {
			t.Fatalf("t=%.2fs: the estimate jumps from %g to %g", s, prev, got)
		}
		prev = got
	}
	// A gap of a minute (the tab in the background) counts as leftMaxGap.
	run := l.run
	l.observe(t0.Add(time.Duration(1<<30)*frame), 0.99)
	if l.run-run != leftMaxGap {
		t.Errorf("a long gap counts %v", l.run-run)
	}
	l.reset()
	if l.seconds() != -1 || len(l.samples) != 0 || l.run != 0 {
		t.Errorf("reset: %+v", l)
	}
}
