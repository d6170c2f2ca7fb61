package draw

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"sgdlab/sim/axis"
	"sgdlab/sim/plot"
)

// rgb converts a 0xRRGGBB colour.
func rgb(c uint32) color.RGBA { return color.RGBA{uint8(c >> 16), uint8(c >> 8), uint8(c), 255} }

// frameOf is the layout of one panel.
type frameOf struct {
	plot          rect // the data area
	xt, yt        []axis.Tick
	sx, sy        axis.Scale
	m             mapping
	s             float64 // device scale
	tickLen       float64
	lineW         float64 // hairline width, whole pixels
	titleY, xlabY float64
	ylabX         float64

	leg      legendBox
	legAt    where
	legBox   rect
	notes    []string // the note lines, wrapped
	notesW   float64
	notesH   float64
	notesOut bool // the notes stand below everything else, at notesBox
	notesBox rect
}

// where is the place of a panel's legend.
type where int

const (
	inCorner where = iota // inside the plot, in a corner clear of the data
	atRight               // right of the plot
	below                 // under the x-axis label, in columns
)

// layout places the plot area inside pr, leaving room for the title, the tick
// labels and the axis labels, for the legend where legAt says and for the
// notes below when notesOut is set; ok is false when too little room is
// left. A legend or notes inside the plot are sized here and placed by plan.
func (r *Renderer) layout(p *plot.Panel, pr rect, sx, sy axis.Scale, s float64, legAt where, notesOut bool) (f frameOf, ok bool) {
	f.s, f.sx, f.sy, f.legAt, f.notesOut = s, sx, sy, legAt, notesOut
	f.tickLen, f.lineW = 4*s, math.Max(1, math.Round(s))
	pad := 8 * s
	_, hTitle := r.measure("Ag", sizeTitle*s)
	_, hLabel := r.measure("Ag", sizeLabel*s)
	_, hTick := r.measure("0", sizeTick*s)

	top := pr.Y + pad
	if p.Title != "" {
		f.titleY = top
		top += hTitle + 6*s
	}
	bottom := pr.bottom() - pad
	if notesOut {
		f.notes, f.notesW, f.notesH = r.notesFor(p, s, pr.W-2*pad)
		f.notesBox = rect{pr.X + pad - 5*s, bottom - f.notesH, f.notesW, f.notesH}
		bottom -= f.notesH + 2*s
	}
	if legAt == below {
		f.leg = r.legendFor(p, s, pr.W-2*pad, 0.5*(bottom-top), true)
		if f.leg.w == 0 {
			return f, false
		}
		f.legBox = rect{pr.X + pad, bottom - f.leg.h, f.leg.w, f.leg.h}
		bottom -= f.leg.h + 4*s
	}
	bottom -= f.tickLen + 3*s + hTick
	if p.X.Label != "" {
		bottom -= hLabel + 4*s
		f.xlabY = bottom + f.tickLen + 3*s + hTick + 4*s
	}
	h := bottom - top
	if h < 30*s {
		return f, false
	}
	f.yt = sy.Ticks(clamp(int(h/(34*s)), 2, 10))
	wTicks := 0.0
	for _, t := range f.yt {
		if t.Label != "" {
			w, _ := r.measure(t.Label, sizeTick*s)
			wTicks = math.Max(wTicks, w)
		}
	}
	left := pr.X + pad + wTicks + 5*s + f.tickLen
	if p.Y.Label != "" {
		f.ylabX = pr.X + pad + hLabel/2
		left += hLabel + 6*s
	}
	right := pr.right() - pad - 10*s // half of the last x label may stick out
	if legAt == atRight {
		f.leg = r.legendFor(p, s, 0.4*pr.W, bottom-top, false)
		if f.leg.w == 0 {
			return f, false
		}
		right = pr.right() - pad - f.leg.w - 12*s
		f.legBox = rect{right + 12*s, top, f.leg.w, f.leg.h}
	}
	if right-left < 30*s {
		return f, false
	}
	f.plot = rect{left, top, right - left, bottom - top}
	if legAt == inCorner {
		f.leg = r.legendFor(p, s, 0.5*f.plot.W, f.plot.H-16*s, false)
	}
	if !notesOut {
		f.notes, f.notesW, f.notesH = r.notesFor(p, s, 0.6*f.plot.W)
	}
	f.xt = sx.Ticks(clamp(int(f.plot.W/(75*s)), 2, 10))
	f.m = mapping{
		x: newAxisMap(sx.Min, sx.Max, sx.Log, f.plot.X, f.plot.right()),
		y: newAxisMap(sy.Min, sy.Max, sy.Log, f.plot.bottom(), f.plot.Y),
	}
	return f, true
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// snap moves a hairline coordinate onto the pixel grid so it stays crisp.
func (f *frameOf) snap(v float64) float64 {
	if int(f.lineW)%2 == 1 {
		return math.Floor(v) + 0.5
	}
	return math.Round(v)
}

// panel draws one panel in pr.
func (r *Renderer) panel(dst *ebiten.Image, p *plot.Panel, pr rect, s float64) {
	if p.Net != nil {
		r.network(dst, p, pr, s)
		return
	}
	f, has, ok := r.plan(p, pr, s)
	if p.Title != "" {
		x, w := pr.X+8*s, pr.W-16*s
		if ok {
			x, w = f.plot.X, pr.right()-f.plot.X-8*s
		}
		r.text(dst, r.fit(p.Title, sizeTitle*s, w), sizeTitle*s, x, f.titleY, text.AlignStart, text.AlignStart, ink)
	}
	if !ok {
		return
	}
	r.shades(dst, p, &f)
	r.grid(dst, &f)
	if has {
		sub := dst.SubImage(image.Rect(int(math.Floor(f.plot.X)), int(math.Floor(f.plot.Y)),
			int(math.Ceil(f.plot.right())), int(math.Ceil(f.plot.bottom())))).(*ebiten.Image)
		r.curves(sub, p, &f)
	}
	r.axes(dst, p, &f)
	if !has {
		r.text(dst, "no data yet", 16*s, f.plot.X+f.plot.W/2, f.plot.Y+f.plot.H/2, text.AlignCenter, text.AlignCenter, muted)
		return
	}
	fs := sizeTick * s
	for _, l := range r.labels {
		r.boxedText(dst, l.text, fs, l.box.X, l.box.Y, 2*s, l.c)
	}
	if f.leg.w > 0 {
		r.legend(dst, p, &f, f.leg, f.legBox, f.legAt == inCorner)
	}
	if f.notesW > 0 {
		r.notes(dst, f.notes, &f, f.notesBox, !f.notesOut)
	}
}

// shadeAlpha is the opacity of a Shade's tint.
const shadeAlpha = 0.12

// shades fills the panel's vertical bands (clipped to the plot area) and
// writes each label at the foot of its band when it fits (the top is where
// marker labels go).
func (r *Renderer) shades(dst *ebiten.Image, p *plot.Panel, f *frameOf) {
	pl := f.plot
	for _, sh := range p.Shades {
		x0, x1, ok := shadeSpan(sh, f)
		if !ok {
			continue
		}
		c := rgb(sh.Color)
		a := func(v uint8) uint8 { return uint8(float64(v)*shadeAlpha + 0.5) }
		tint := color.RGBA{a(c.R), a(c.G), a(c.B), a(255)}
		vector.FillRect(dst, float32(x0), float32(pl.Y), float32(x1-x0), float32(pl.H), tint, false)
		if b, ok := r.shadeLabel(sh, f); ok {
			r.text(dst, sh.Label, sizeNote*f.s, b.X, b.Y, text.AlignStart, text.AlignStart, muted)
		}
	}
}

// grid draws the grid lines: strong at labelled ticks, faint at the other
// decades of a log axis and at minor ticks when they are not too dense.
func (r *Renderer) grid(dst *ebiten.Image, f *frameOf) {
	pl, w := f.plot, float32(f.lineW)
	for pass := 0; pass < 2; pass++ { // faint lines first, then strong ones
		for axisN, ts := range [][]axis.Tick{f.xt, f.yt} {
			extent := pl.W
			if axisN == 1 {
				extent = pl.H
			}
			// Faint lines only where they are not too dense.
			faintOK := extent/float64(len(ts)+1) >= 10*f.s
			for _, t := range ts {
				strong := t.Label != ""
				if (pass == 1) != strong || (!strong && !faintOK) {
					continue
				}
				c := faint
				if strong {
					c = grid
				}
				if axisN == 0 {
					x, ok := f.m.x.at(t.Value)
					if !ok {
						continue
					}
					x = f.snap(x)
					vector.StrokeLine(dst, float32(x), float32(pl.Y), float32(x), float32(pl.bottom()), w, c, false)
				} else {
					y, ok := f.m.y.at(t.Value)
					if !ok {
						continue
					}
					y = f.snap(y)
					vector.StrokeLine(dst, float32(pl.X), float32(y), float32(pl.right()), float32(y), w, c, false)
				}
			}
		}
	}
}

// axes draws the frame, tick marks, tick labels and axis labels.
func (r *Renderer) axes(dst *ebiten.Image, p *plot.Panel, f *frameOf) {
	pl, w, s := f.plot, float32(f.lineW), f.s
	x0, y0, x1, y1 := float32(f.snap(pl.X)), float32(f.snap(pl.Y)), float32(f.snap(pl.right())), float32(f.snap(pl.bottom()))
	vector.StrokeLine(dst, x0, y0, x1, y0, w, frame, false)
	vector.StrokeLine(dst, x0, y1, x1, y1, w, frame, false)
	vector.StrokeLine(dst, x0, y0-w/2, x0, y1+w/2, w, frame, false)
	vector.StrokeLine(dst, x1, y0-w/2, x1, y1+w/2, w, frame, false)
	fs := sizeTick * s
	// x ticks and labels, thinned so they do not overlap.
	r.pos, r.size = r.pos[:0], r.size[:0]
	// Unlabelled tick marks only where they do not merge into a bar.
	sparseX := pl.W/float64(len(f.xt)+1) >= 3*s
	sparseY := pl.H/float64(len(f.yt)+1) >= 3*s
	for _, t := range f.xt {
		x, ok := f.m.x.at(t.Value)
		if !ok || (t.Label == "" && !sparseX) {
			continue
		}
		l := f.tickLen
		if !t.Major {
			l /= 2
		}
		x = f.snap(x)
		vector.StrokeLine(dst, float32(x), y1, float32(x), y1+float32(l), w, frame, false)
		if t.Label != "" {
			tw, _ := r.measure(t.Label, fs)
			r.pos, r.size = append(r.pos, x), append(r.size, tw)
		}
	}
	k, i := labelStride(r.pos, r.size, 8*s), 0
	for _, t := range f.xt {
		if t.Label == "" {
			continue
		}
		if i%k == 0 {
			x, _ := f.m.x.at(t.Value)
			r.text(dst, t.Label, fs, x, pl.bottom()+f.tickLen+3*s, text.AlignCenter, text.AlignStart, muted)
		}
		i++
	}
	// y ticks and labels.
	r.pos, r.size = r.pos[:0], r.size[:0]
	_, th := r.measure("0", fs)
	for _, t := range f.yt {
		y, ok := f.m.y.at(t.Value)
		if !ok || (t.Label == "" && !sparseY) {
			continue
		}
		l := f.tickLen
		if !t.Major {
			l /= 2
		}
		y = f.snap(y)
		vector.StrokeLine(dst, x0-float32(l), float32(y), x0, float32(y), w, frame, false)
		if t.Label != "" {
			r.pos, r.size = append(r.pos, y), append(r.size, th)
		}
	}
	k, i = labelStride(r.pos, r.size, 4*s), 0
	for _, t := range f.yt {
		if t.Label == "" {
			continue
		}
		if i%k == 0 {
			y, _ := f.m.y.at(t.Value)
			r.text(dst, t.Label, fs, pl.X-f.tickLen-5*s, y, text.AlignEnd, text.AlignCenter, muted)
		}
		i++
	}
	if p.X.Label != "" {
		l := r.fit(p.X.Label, sizeLabel*s, pl.W)
		r.text(dst, l, sizeLabel*s, pl.X+pl.W/2, f.xlabY, text.AlignCenter, text.AlignStart, ink)
	}
	if p.Y.Label != "" {
		l := r.fit(p.Y.Label, sizeLabel*s, pl.H)
		r.textUp(dst, l, sizeLabel*s, f.ylabX, pl.Y+pl.H/2, ink)
	}
}
