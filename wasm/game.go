//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"sgdlab/sim/lab"
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
	drawCost time.Duration // running mean of the time a redraw takes
	lastShow time.Time     // when the last frame was shown
	frameGap time.Duration // running mean of the time between frames
	redraws  int           // figures rendered (frames counts every Draw)

	hoverPanel, hoverNode int
	scrubbing             bool // the pointer went down on a scrubber
	touches               []ebiten.TouchID
}

func (g *game) Update() error {
	g.app.mu.Lock()
	defer g.app.mu.Unlock()
	g.pointer()
	g.app.d.Tick(g.slice())
	return nil
}

// slice is the simulation time of one Update: room is left for a redraw
// within a 60 Hz frame (the slice shrinks to 6 ms as redraws cost up to
// 8 ms); when a redraw costs more, 60 Hz is out of reach anyway (software
// WebGL) and the simulation keeps its full slice.
//
// When frames themselves come slowly (software WebGL rasterising on the CPU:
// 4 a second on the CI machines), ebiten's at most 5 catch-up Updates a frame
// would leave the simulation 20 % of the time; then each Update takes an
// eighth of the frame gap, up to 40 ms, so the simulation gets about 40 % and
// the page still handles input between slices.
//
// While Web Workers share the run, the page steps only what it keeps (the
// animated unit, the serial phases) and a worker takes a core the
// rasteriser used: then the simulation takes a sixteenth of the gap, so
// the node graph keeps the frame rate it has without workers.
func (g *game) slice() time.Duration {
	if g.frameGap > 100*time.Millisecond {
		share := time.Duration(8)
		if g.app.d.crew.active > 0 {
			share = 16
		}
		return min(40*time.Millisecond, max(sliceBudget, g.frameGap/share))
	}
	if g.drawCost > 8*time.Millisecond {
		return sliceBudget
	}
	return min(sliceBudget, 14*time.Millisecond-g.drawCost)
}

// pointer turns the mouse (or a touch) into hover, click and scrub actions
// on the figure drawn last: hovering a node shows its tooltip, a click on a
// node pins its curve, pressing or dragging on the scrubber picks a frame.
// Clicks and drags change a view parameter; the page hears of the new link
// through globalThis.sgdlabNotify (figure.js), called outside the lock.
func (g *game) pointer() {
	s := ebiten.Monitor().DeviceScaleFactor()
	cx, cy := ebiten.CursorPosition()
	pressed := inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
	held := ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft)
	g.touches = inpututil.AppendJustPressedTouchIDs(g.touches[:0])
	if len(g.touches) > 0 {
		cx, cy = ebiten.TouchPosition(g.touches[0])
		pressed, held = true, true
	} else if ids := ebiten.AppendTouchIDs(g.touches[:0]); len(ids) > 0 {
		cx, cy = ebiten.TouchPosition(ids[0])
		held = true
	}
	x, y := float64(cx)*s, float64(cy)*s
	d := g.app.d
	panel, node := g.r.NodeAt(x, y)
	if panel != g.hoverPanel || node != g.hoverNode {
		g.hoverPanel, g.hoverNode = panel, node
		g.r.SetHover(panel, node)
		d.dirty = true
	}
	var link string
	sp, frac, onScrub := g.r.ScrubAt(x, y)
	switch {
	case pressed && onScrub:
		g.scrubbing = true
	case !held:
		g.scrubbing = false
	}
	switch {
	case g.scrubbing && onScrub:
		link = d.Interact(func(in lab.Interactive) (string, string, bool) { return in.Scrub(sp, frac) })
	case pressed && node >= 0:
		link = d.Interact(func(in lab.Interactive) (string, string, bool) { return in.ClickNode(panel, node) })
	}
	if link != "" {
		if f := js.Global().Get("sgdlabNotify"); f.Type() == js.TypeFunction {
			f.Invoke(link)
		}
	}
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
	// While running, redraw every frame when drawing is cheap (a GPU) and
	// less often when it is not (software WebGL): wait at least three times
	// the recent cost of a redraw, at most 66 ms (15 redraws a second).
	gap := min(66*time.Millisecond, 3*g.drawCost)
	due := a.d.status != stRunning || time.Since(g.lastDraw) >= gap
	if resized || (a.d.dirty && due) || len(a.pixelReqs) > 0 && a.d.dirty {
		t0 := time.Now()
		if exp := a.d.exp; exp != nil {
			// A panic in the figure or the renderer must not end the program.
			a.d.guard(func() {
				fig := exp.Figure()
				a.d.panels = len(fig.Panels)
				g.r.Draw(g.canvas, fig, ebiten.Monitor().DeviceScaleFactor())
			})
		} else {
			g.canvas.Fill(white)
		}
		a.d.dirty = false
		g.lastDraw = time.Now()
		g.drawCost = (3*g.drawCost + g.lastDraw.Sub(t0)) / 4
		g.redraws++
	}
	screen.DrawImage(g.canvas, nil)
	now := time.Now()
	if !g.lastShow.IsZero() {
		g.frameGap = (3*g.frameGap + now.Sub(g.lastShow)) / 4
	}
	g.lastShow = now
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
