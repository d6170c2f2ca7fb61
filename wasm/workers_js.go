//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"sync"
	"syscall/js"
)

// jsWorkers are the figure's Web Workers (web/static/worker.js running
// dist/worker.wasm; the messages are in wasm/worker). Their messages arrive
// as events between frames and wait here for the driver's Poll.
type jsWorkers struct {
	mu      sync.Mutex
	ws      []js.Value
	fns     []js.Func
	gen     int // Start's count: messages of terminated workers are dropped
	msgs    []workerMsg
	live    int // workers started and not terminated
	started int // workers started since the page opened
}

// newJSWorkers returns the page's workers, or why it has none.
func newJSWorkers() (*jsWorkers, error) {
	if js.Global().Get("Worker").Type() != js.TypeFunction {
		return nil, errors.New("this browser has no Web Workers")
	}
	if p := js.Global().Get("location").Get("protocol"); p.Type() == js.TypeString && p.String() == "file:" {
		return nil, errors.New("a page opened from a file cannot start Web Workers")
	}
	return &jsWorkers{}, nil
}

// newWorker calls new Worker(url), turning an exception (a CSP that forbids
// it) into an error.
func newWorker(url string) (w js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return js.Global().Get("Worker").New(url), nil
}

func (f *jsWorkers) Start(query string, count int) error {
	f.Stop()
	f.mu.Lock()
	f.gen++
	gen := f.gen
	f.mu.Unlock()
	for w := range count {
		wk, err := newWorker("worker.js")
		if err != nil {
			f.Stop()
			return err
		}
		onMsg := js.FuncOf(func(_ js.Value, a []js.Value) any {
			f.put(gen, decode(w, a[0].Get("data")))
			return nil
		})
		onErr := js.FuncOf(func(_ js.Value, a []js.Value) any {
			msg := "the worker stopped"
			if m := a[0].Get("message"); m.Type() == js.TypeString && m.String() != "" {
				msg = m.String()
			}
			a[0].Call("preventDefault")
			f.put(gen, workerMsg{W: w, Type: "error", Message: msg})
			return nil
		})
		wk.Set("onmessage", onMsg)
		wk.Set("onerror", onErr)
		wk.Call("postMessage", js.ValueOf(map[string]any{"type": "start", "query": query, "w": w, "count": count}))
		f.mu.Lock()
		f.ws, f.fns = append(f.ws, wk), append(f.fns, onMsg, onErr)
		f.live++
		f.started++
		f.mu.Unlock()
	}
	return nil
}

func (f *jsWorkers) put(gen int, m workerMsg) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if gen == f.gen && len(f.ws) > 0 {
		f.msgs = append(f.msgs, m)
	}
}

// decode reads a worker's message.
func decode(w int, v js.Value) workerMsg {
	m := workerMsg{W: w, Type: v.Get("type").String()}
	num := func(k string) float64 {
		if x := v.Get(k); x.Type() == js.TypeNumber {
			return x.Float()
		}
		return 0
	}
	m.Phase, m.Unit, m.Progress, m.Slope = int(num("phase")), int(num("unit")), num("progress"), num("slope")
	if s := v.Get("message"); s.Type() == js.TypeString {
		m.Message = s.String()
	}
	if b := v.Get("bytes"); b.Type() == js.TypeObject {
		m.Bytes = make([]byte, b.Get("length").Int())
		js.CopyBytesToGo(m.Bytes, b)
	}
	return m
}

func (f *jsWorkers) Stop() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, wk := range f.ws {
		wk.Set("onmessage", js.Null())
		wk.Set("onerror", js.Null())
		wk.Call("terminate")
	}
	for _, fn := range f.fns {
		fn.Release()
	}
	f.live -= len(f.ws)
	f.ws, f.fns, f.msgs = nil, nil, nil
	f.gen++
}

func (f *jsWorkers) Send(w, phase, unit int, b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if w < 0 || w >= len(f.ws) {
		return
	}
	u := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(u, b)
	f.ws[w].Call("postMessage", js.ValueOf(map[string]any{"type": "result", "phase": phase, "unit": unit, "bytes": u}),
		js.ValueOf([]any{u.Get("buffer")}))
}

func (f *jsWorkers) Pause(on bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := "resume"
	if on {
		t = "pause"
	}
	for _, wk := range f.ws {
		wk.Call("postMessage", js.ValueOf(map[string]any{"type": t}))
	}
}

func (f *jsWorkers) Poll() []workerMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.msgs
	f.msgs = nil
	return m
}

// counts is what sgdlab.workers() reports of them.
func (f *jsWorkers) counts() (live, started int) {
	if f == nil {
		return 0, 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.live, f.started
}
