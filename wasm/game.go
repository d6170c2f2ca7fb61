//go:build js && wasm

package main

import (
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"sgdlab/wasm/draw"
)

// sliceBudget is the simulation time per Update. At 60 frames a second that is
// one Update per frame, 10 ms of the 16.7, leaving the rest to drawing and the
// page, which stays responsive; when frames are
// slow (software WebGL), ebiten runs up to 5 catch-up Updates per frame, so
// the run still progresses while the main thread would be idle anyway.
const sliceBudget = 10 * time.Millisecond

// game is the ebiten Game: Update steps the driver, Draw renders the figure
// into an offscreen canvas only when something changed, and serves pending
// pixel requests (PNG export, canvas stats) from that canvas.
type game struct {
	app      *app
	r        *draw.Renderer
	canvas   *ebiten.Image
	frames   int
	lastDraw time.Time
}

func (g *game) Update() error {
	g.app.mu.Lock()
	defer g.app.mu.Unlock()
	g.app.d.Tick(sliceBudget)
	return nil
}

func (g *game) Draw(screen *ebiten.Image) {
	a := g.app
	a.mu.Lock()
	defer a.mu.Unlock()
	w, h := screen.Bounds().Dx(), screen.Bounds().Dy()
	resized := g.canvas == nil || g.canvas.Bounds().Dx() != w || g.canvas.Bounds().Dy() != h
	if resized {
		if g.canvas != nil {
			g.canvas.Deallocate()
		}
		g.canvas = ebiten.NewImage(w, h)
	}
	// While running, redraw at most ~15 times a second (software WebGL is slow).
	due := a.d.status != stRunning || time.Since(g.lastDraw) > 66*time.Millisecond
	if resized || (a.d.dirty && due) || len(a.pixelReqs) > 0 && a.d.dirty {
		if exp := a.d.exp; exp != nil {
			// A panic in the figure or the renderer must not end the program.
			a.d.guard(func() { g.r.Draw(g.canvas, exp.Figure(), ebiten.Monitor().DeviceScaleFactor()) })
		} else {
			g.canvas.Fill(white)
		}
		a.d.dirty = false
		g.lastDraw = time.Now()
	}
	screen.DrawImage(g.canvas, nil)
	for _, req := range a.pixelReqs {
		req(g.canvas)
	}
	a.pixelReqs = a.pixelReqs[:0]
	g.frames++
	if g.frames == 3 {
		a.ready()
	}
}

func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	return int(float64(outsideWidth) * s), int(float64(outsideHeight) * s)
}
