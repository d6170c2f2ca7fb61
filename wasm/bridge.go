//go:build js && wasm

// The figure page's JavaScript API, globalThis.sgdlab. Every function returns
// at once (nothing waits for a frame); pixel reads return Promises that Draw
// resolves. JSON travels as strings.
//
//	params()      → JSON [{lab, title, help, params: [{name, kind, default, min, max, choices, help, page, view, group}]}]
//	load(query)   → JSON {query (canonical), lab, values {name: value}, notices [string], error}
//	                rebuilds the experiment (status "ready") unless only view/page parameters changed
//	run(), pause(), step(), reset()
//	state()       → JSON {status: loading|ready|running|paused|done|error, progress 0…1, readout, error}
//	exportCSV(), exportJSON() → string
//	exportPNG()   → Promise<Uint8Array> (the figure as PNG)
//	canvasStats() → Promise<JSON {width, height, nonBackground}>
//
// After the first frames, globalThis.sgdlabReady = true and the window gets
// the event "sgdlab-ready".
package main

import (
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

// locked wraps f as a JS function that holds the app's lock.
func (a *app) locked(f func(args []js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) any {
		a.mu.Lock()
		defer a.mu.Unlock()
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
					reject.Invoke(js.Global().Get("Error").New("pixel read failed"))
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
	a := &app{d: newDriver()}
	a.install()
	ebiten.SetRunnableOnUnfocused(true)
	ebiten.SetWindowTitle("sgdlab figure")
	if err := ebiten.RunGame(&game{app: a, r: r}); err != nil {
		panic(err)
	}
}
