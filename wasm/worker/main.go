//go:build js && wasm

// Command worker is the simulation-only program of the page's Web Workers
// (web/static/worker.js loads it): no figure, no ebiten, only the labs. The
// figure program (wasm/) starts W of them on the link it runs; each builds
// the same experiment and steps it, and whenever a phase of independent
// units (lab.Units) is under way, it runs its share of them to their ends,
// posts each result as bytes (lab.Portable's MarshalUnit) and installs the
// results of the other units, forwarded by the figure program
// (UnmarshalUnit), before it steps on — so every later phase sees exactly
// what the figure's experiment sees.
//
// The logic is package sgdlab/wasm/share (tested natively with the figure's
// driver); this program is its messages. Worker w of W runs the units at
// positions w, w+W, w+2W, … of Units.ByCost() (costliest first, dealt
// round-robin): both sides can compute it, so it is never sent.
//
// # Messages
//
// From the figure program (postMessage to the worker):
//
//	{type: "start", query, w, count}     build the link's experiment and run
//	{type: "result", phase, unit, bytes} the result of unit of the phase-th
//	                                     units phase (counted from 0)
//	{type: "pause"}, {type: "resume"}    stop advancing until resume (the page's Pause and Run)
//
// To it:
//
//	{type: "progress", phase, unit, progress, slope, bytes} now and then (every
//	        150 ms) while a unit runs; slope is d(experiment progress)/d(mean
//	        unit progress) of the phase (0 while unknown), so the figure
//	        program can add the units' progress to its progress bar; bytes
//	        is a snapshot of the unit (lab.Partial: what is new since its
//	        last one), which the figure shows until the result comes
//	{type: "result", phase, unit, bytes} a unit of its share has stopped
//	{type: "done"}                       the experiment is done here
//	{type: "error", message}             the worker cannot go on
//
// Datasets are fetched by the worker itself (the same paths as the page's,
// so the HTTP cache serves them) and checked against their manifests.
package main

import (
	"fmt"
	"sync"
	"syscall/js"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
	"sgdlab/wasm/share"
)

// inbox holds the messages received and not yet handled.
type inbox struct {
	mu   sync.Mutex
	msgs []js.Value
	note chan struct{}
}

func (in *inbox) put(v js.Value) {
	in.mu.Lock()
	in.msgs = append(in.msgs, v)
	in.mu.Unlock()
	select {
	case in.note <- struct{}{}:
	default:
	}
}

// take returns the messages received so far; with wait it blocks (and lets
// the worker's event loop deliver messages) until there is one.
func (in *inbox) take(wait bool) []js.Value {
	for {
		in.mu.Lock()
		m := in.msgs
		in.msgs = nil
		in.mu.Unlock()
		if len(m) > 0 || !wait {
			return m
		}
		<-in.note
	}
}

var box = &inbox{note: make(chan struct{}, 1)}

func post(m map[string]any) { js.Global().Call("postMessage", js.ValueOf(m)) }

func fail(format string, args ...any) {
	post(map[string]any{"type": "error", "message": fmt.Sprintf(format, args...)})
}

// await waits for a JS Promise.
func await(p js.Value) (js.Value, error) {
	type res struct {
		v   js.Value
		err error
	}
	ch := make(chan res, 1)
	var ok, bad js.Func
	ok = js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- res{v: a[0]}; return nil })
	bad = js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- res{err: fmt.Errorf("%s", a[0].Call("toString").String())}
		return nil
	})
	p.Call("then", ok, bad)
	r := <-ch
	ok.Release()
	bad.Release()
	return r.v, r.err
}

// fetchBytes fetches a file relative to the worker script.
func fetchBytes(path string) ([]byte, error) {
	resp, err := await(js.Global().Call("fetch", path))
	if err != nil {
		return nil, err
	}
	if !resp.Get("ok").Bool() {
		return nil, fmt.Errorf("HTTP %d", resp.Get("status").Int())
	}
	ab, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	u := js.Global().Get("Uint8Array").New(ab)
	b := make([]byte, u.Get("length").Int())
	js.CopyBytesToGo(b, u)
	return b, nil
}

func bytesOf(v js.Value) []byte {
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}

func bytesJS(b []byte) js.Value {
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	return u
}

// receive hands the figure's results to k, and pauses or resumes it.
func receive(k *share.Worker, msgs []js.Value) error {
	for _, m := range msgs {
		switch m.Get("type").String() {
		case "pause":
			k.SetPaused(true)
			continue
		case "resume":
			k.SetPaused(false)
			continue
		case "result":
		default:
			continue
		}
		if err := k.Receive(share.Result{Phase: m.Get("phase").Int(), Unit: m.Get("unit").Int(), Bytes: bytesOf(m.Get("bytes"))}); err != nil {
			return err
		}
	}
	return nil
}

// run steps k to its end: between slices it takes the messages received
// (a slice of work never waits for them), and while it waits for other
// units' results it blocks, which lets the worker's event loop deliver them.
func run(k *share.Worker) error {
	for {
		st, err := k.Next(50 * time.Millisecond)
		if err != nil {
			return err
		}
		switch st {
		case share.Done:
			return nil
		case share.Waiting, share.Paused:
			err = receive(k, box.take(true))
		default:
			err = receive(k, box.take(false))
		}
		if err != nil {
			return err
		}
	}
}

func start(m js.Value) error {
	l, vals, _ := lab.Parse(m.Get("query").String(), false)
	st := data.NewStore()
	get := func(p string) ([]byte, error) {
		b, err := fetchBytes(p)
		if err != nil {
			return nil, fmt.Errorf("could not fetch %s: %v", p, err)
		}
		return b, nil
	}
	if err := st.Load(l.DataNeeds(vals), get); err != nil {
		return err
	}
	e, err := l.Build(vals, st)
	if err != nil {
		return err
	}
	k, err := share.New(e, m.Get("w").Int(), m.Get("count").Int())
	if err != nil {
		return err
	}
	k.OnProgress = func(p share.Progress) {
		m := map[string]any{"type": "progress", "phase": p.Phase, "unit": p.Unit, "progress": p.Progress, "slope": p.Slope}
		if p.Partial != nil {
			m["bytes"] = bytesJS(p.Partial)
		}
		post(m)
	}
	k.OnResult = func(r share.Result) {
		post(map[string]any{"type": "result", "phase": r.Phase, "unit": r.Unit, "bytes": bytesJS(r.Bytes)})
	}
	return run(k)
}

func main() {
	js.Global().Set("sgdlabWorkerReceive", js.FuncOf(func(_ js.Value, a []js.Value) any {
		box.put(a[0])
		return nil
	}))
	// worker.js kept what arrived before this program ran.
	if q := js.Global().Get("sgdlabWorkerQueue"); q.Type() == js.TypeObject {
		for i := range q.Length() {
			box.put(q.Index(i))
		}
	}
	for {
		msgs := box.take(true)
		for i, m := range msgs {
			if m.Get("type").String() != "start" {
				continue
			}
			for _, later := range msgs[i+1:] { // a pause sent right after the start
				box.put(later)
			}
			err := func() (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("internal error: %v", r)
					}
				}()
				return start(m)
			}()
			if err != nil {
				fail("%v", err)
			} else {
				post(map[string]any{"type": "done"})
			}
			select {} // one link per worker: the figure program terminates it
		}
	}
}
