//go:build js && wasm

// Command wasm is the figure page's program: an ebiten game that advances the
// current experiment in time slices and draws its figure, and the JavaScript
// API through which the lab page drives it.
//
// # The bridge: globalThis.sgdlab
//
// Every function returns at once — nothing waits for a frame, since a Go
// callback that blocks hangs the page. Reads of pixels return Promises that
// the next Draw resolves. Arguments and results are plain JS values; JSON
// travels as strings (parse them with JSON.parse).
//
//	params()      → JSON [{lab, title, help, theory, params: [{name, kind, default, min, max,
//	                choices, help, page, view, group}], presets: [{title, query, cli}]}],
//	                every registered lab (cli presets need the CLI's -big);
//	                kind is "int", "float", "bool", "enum", "seed" or "custom";
//	                theory is the section of docs/theory.md the lab is about ("2.5").
//	load(query)   → JSON {query, lab, values: {name: value}, notices: [string], error}.
//	                query is a link's query (leading '?' optional; never fails:
//	                bad values are replaced and each change is a notice); the
//	                result's query is the canonical link (v=1&lab=…&embed=…&autoplay=…&…).
//	                When only view or page parameters differ from the current
//	                experiment's, the runs are kept (and keep running); otherwise
//	                the experiment is rebuilt with status "ready". error is ""
//	                or why the experiment cannot run (status "error").
//	run()         starts or resumes (from ready or paused).
//	pause()       pauses a running experiment.
//	step()        one iteration of every unfinished run (Step(1)); leaves status paused.
//	reset()       rebuilds the experiment from the same link (status ready).
//	state()       → JSON {status, progress, phase, left, readout, error}: status
//	                is one of loading|ready|running|paused|done|error, progress in
//	                [0, 1] (never decreasing within a run), phase what the lab is
//	                computing (lab.Phaser, e.g. "computing the 2000×2000 kernel
//	                matrix") while running or paused, else "", left the estimated
//	                seconds left while running, −1 when unknown (the first 2 s, the
//	                first 2 %, stalled progress; the formula is in driver.go),
//	                readout the lab's lab.Readout {items: [{key, label, value, help}],
//	                columns, rows, notes} or null, error "" or a message.
//	exportCSV()   → string: the recorded series as CSV ("" without an experiment).
//	exportJSON()  → string: spec, readout and series as one JSON document.
//	exportPNG()   → Promise<Uint8Array>: the figure as PNG, read inside Draw.
//	nodePos(panel, node) → JSON {x, y, ok}: where a node of a network panel
//	                was drawn last, in CSS pixels of the figure's window (for
//	                tests that click it).
//	perf()        → JSON {frames, redraws, drawMs}: ebiten frames shown, figures
//	                rendered, and the recent mean time of a render (for the
//	                frame-rate benchmark).
//	canvasStats() → Promise<string>: JSON {width, height, nonBackground}, the figure's
//	                size in device pixels and its count of non-white pixels.
//	setWorkers(n) sets how many Web Workers run the units phases of the runs
//	                started from now on (0: none, the page alone; at most 8); a
//	                run under way with another count goes on on the page alone.
//	                The default is the page's setting in localStorage
//	                "sgdlab-workers" (the lab page's Cores control): a number, or
//	                "auto" — also when unset — for min(cores − 1, 8), at least 1;
//	                never part of the link.
//	workers()     → JSON {setting, active, live, started, note, partials,
//	                partialsShown, partialBytes, partialMax, partialFailed}: the
//	                setting, the workers running the experiment, the Worker
//	                objects alive and started since the page opened, why the run
//	                goes without workers ("" when it does not; state() has it as
//	                workerNote), and the snapshots of running units the workers
//	                posted since the page opened (lab.Partial): how many, how
//	                many were shown, their bytes in all and the largest.
//
// # Web Workers
//
// On the first run of an experiment the figure starts its workers
// (workers_js.go, crew.go): each runs the same link in wasm/worker and
// takes its share of every units phase; the figure shows the snapshots of
// their running units as they come (every 150 ms), installs their results
// and runs only the serial phases (and the unit its figure animates)
// itself, so the page stays fluid while every core works. Pause pauses
// them too. A new link, reset, the Step button or the end of the
// run terminates them; when they cannot start (no Worker, a file: page, a
// CSP that forbids them) the figure runs alone and says why (workerNote).
//
// A panic inside the simulator never ends the program: the status becomes
// "error" with the message, and a call that panicked returns the JSON
// {"error": message}. After the first frames have been drawn,
// globalThis.sgdlabReady = true and the window receives the event
// "sgdlab-ready"; the lab page waits for either.
package main

import (
	"fmt"
	"image/color"
	"sync"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"sgdlab/wasm/draw"
)

var white = color.RGBA{255, 255, 255, 255}

// app is the state shared by the JS callbacks and the game loop.
type app struct {
	mu        sync.Mutex
	d         *driver
	pixelReqs []func(*ebiten.Image)
	isReady   bool
	r         *draw.Renderer // the game's renderer (hit testing reads the last figure)
	g         *game
	pool      *jsWorkers // nil: the page cannot start Web Workers
}

func (a *app) ready() {
	if a.isReady {
		return
	}
	a.isReady = true
	// Dispatch from a fresh task: listeners may call back into sgdlab, and
	// ready runs inside Draw with the lock held.
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Set("sgdlabReady", true)
		js.Global().Call("dispatchEvent", js.Global().Get("Event").New("sgdlab-ready"))
		f.Release()
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
}

// locked wraps f as a JS function that holds the app's lock. A panic in f
// would end the Go program (and every later call would throw): it becomes
// status error instead, and the call returns {"error": message}.
func (a *app) locked(f func(args []js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (ret any) {
		a.mu.Lock()
		defer a.mu.Unlock()
		defer func() {
			if r := recover(); r != nil {
				msg := fmt.Sprintf("internal error: %v", r)
				a.d.status, a.d.err = stError, msg
				ret = mustJSON(map[string]string{"error": msg})
			}
		}()
		return f(args)
	})
}

// pixels returns a Promise resolved with f(canvas) at the next Draw.
func (a *app) pixels(f func(*ebiten.Image) any) js.Value {
	var executor js.Func
	executor = js.FuncOf(func(this js.Value, args []js.Value) any {
		resolve, reject := args[0], args[1]
		a.mu.Lock()
		a.pixelReqs = append(a.pixelReqs, func(img *ebiten.Image) {
			defer func() {
				if r := recover(); r != nil {
					reject.Invoke(js.Global().Get("Error").New(fmt.Sprintf("reading the figure's pixels failed: %v", r)))
				}
			}()
			resolve.Invoke(f(img))
		})
		a.mu.Unlock()
		executor.Release()
		return nil
	})
	return js.Global().Get("Promise").New(executor)
}

func (a *app) install() {
	arg := func(args []js.Value) string {
		if len(args) == 0 || args[0].Type() != js.TypeString {
			return ""
		}
		return args[0].String()
	}
	api := map[string]any{
		"params": a.locked(func([]js.Value) any { return paramsJSON() }),
		"load":   a.locked(func(args []js.Value) any { return mustJSON(a.d.Load(arg(args))) }),
		"run":    a.locked(func([]js.Value) any { a.d.Run(); return nil }),
		"pause":  a.locked(func([]js.Value) any { a.d.Pause(); return nil }),
		"step":   a.locked(func([]js.Value) any { a.d.StepOnce(); return nil }),
		"reset":  a.locked(func([]js.Value) any { a.d.Reset(); return nil }),
		"state":  a.locked(func([]js.Value) any { return a.d.State() }),
	}
	api["addData"] = a.locked(func(args []js.Value) any {
		if len(args) < 3 || args[2].Type() != js.TypeObject {
			panic("addData(dataset, file, bytes) needs a Uint8Array")
		}
		// The page's Uint8Array comes from another realm (the parent
		// window), which CopyBytesToGo does not accept: copy it into one of ours.
		u := js.Global().Get("Uint8Array").New(args[2])
		b := make([]byte, u.Get("length").Int())
		js.CopyBytesToGo(b, u)
		return mustJSON(a.d.AddData(args[0].String(), args[1].String(), b))
	})
	api["dataFailed"] = a.locked(func(args []js.Value) any {
		if len(args) < 2 {
			panic("dataFailed(path, reason)")
		}
		a.d.DataFailed(args[0].String(), args[1].String())
		return nil
	})
	api["nodePos"] = a.locked(func(args []js.Value) any {
		if len(args) < 2 || args[0].Type() != js.TypeNumber || args[1].Type() != js.TypeNumber {
			panic("nodePos(panel, node) needs two numbers")
		}
		x, y, ok := a.r.NodePos(args[0].Int(), args[1].Int())
		s := ebiten.Monitor().DeviceScaleFactor()
		return mustJSON(map[string]any{"x": x / s, "y": y / s, "ok": ok})
	})
	api["perf"] = a.locked(func([]js.Value) any {
		return mustJSON(map[string]any{"frames": a.g.frames, "redraws": a.g.redraws, "drawMs": float64(a.g.drawCost.Microseconds()) / 1000})
	})
	api["setWorkers"] = a.locked(func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeNumber {
			panic("setWorkers(n) needs a number")
		}
		a.d.SetWorkers(args[0].Int())
		return nil
	})
	api["workers"] = a.locked(func([]js.Value) any {
		live, started := a.pool.counts()
		f := &a.d.crew
		st := f.stats
		return mustJSON(map[string]any{"setting": f.want, "active": f.active, "live": live, "started": started, "note": f.note,
			"partials": st.Count, "partialsShown": st.Shown, "partialBytes": st.Bytes, "partialMax": st.Max, "partialFailed": st.Failed})
	})
	api["exportCSV"] = a.locked(func([]js.Value) any { return a.d.export(true) })
	api["exportJSON"] = a.locked(func([]js.Value) any { return a.d.export(false) })
	api["exportPNG"] = js.FuncOf(func(js.Value, []js.Value) any {
		return a.pixels(func(img *ebiten.Image) any {
			b, err := draw.PNG(img)
			if err != nil {
				panic(err)
			}
			u := js.Global().Get("Uint8Array").New(len(b))
			js.CopyBytesToJS(u, b)
			return u
		})
	})
	api["canvasStats"] = js.FuncOf(func(js.Value, []js.Value) any {
		return a.pixels(func(img *ebiten.Image) any {
			return mustJSON(map[string]int{"width": img.Bounds().Dx(), "height": img.Bounds().Dy(), "nonBackground": draw.NonBackground(img)})
		})
	})
	js.Global().Set("sgdlab", js.ValueOf(api))
}

func main() {
	r, err := draw.New()
	if err != nil {
		panic(err)
	}
	a := &app{d: newDriver(), r: r}
	a.d.SetWorkers(workerSetting())
	if p, err := newJSWorkers(); err == nil {
		a.pool, a.d.crew.pool = p, p
	} else {
		a.d.crew.noPool = err.Error()
	}
	a.install()
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetWindowTitle("sgdlab figure")
	a.g = &game{app: a, r: r}
	if err := ebiten.RunGame(a.g); err != nil {
		panic(err)
	}
}

// workerSetting is the number of workers the page starts: localStorage
// "sgdlab-workers" (the lab page's Cores control) — a number, or "auto" for
// defaultWorkers of navigator.hardwareConcurrency, which is also the
// default when it is not set or cannot be read.
func workerSetting() (n int) {
	n = defaultWorkers(1)
	if c := js.Global().Get("navigator").Get("hardwareConcurrency"); c.Type() == js.TypeNumber {
		n = defaultWorkers(c.Int())
	}
	defer func() { recover() }() // a sandboxed frame may throw on localStorage
	if ls := js.Global().Get("localStorage"); ls.Type() == js.TypeObject {
		if v := ls.Call("getItem", "sgdlab-workers"); v.Type() == js.TypeString && v.String() != "auto" {
			var k int
			if _, err := fmt.Sscan(v.String(), &k); err == nil && k >= 0 {
				n = min(k, maxWorkers)
			}
		}
	}
	return n
}
