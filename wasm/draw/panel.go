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
	legOut   bool // the legend stands right of the plot, at legBox
	legBox   rect
	notesW   float64
	notesH   float64
	notesOut bool // the notes stand below the axis label, at notesBox
	notesBox rect
}

// layout places the plot area inside pr, leaving room for the title, the tick
// labels and the axis labels, and for the legend and the notes when they
// would cover too much of the plot; ok is false when too little room is left.
func (r *Renderer) layout(p *plot.Panel, pr rect, sx, sy axis.Scale, s float64) (f frameOf, ok bool) {
	f.s, f.sx, f.sy = s, sx, sy
	f.tickLen, f.lineW = 4*s, math.Max(1, math.Round(s))
	pad := 8 * s
	_, hTitle := r.measure("Ag", sizeTitle*s)
	_, hLabel := r.measure("Ag", sizeLabel*s)
	_, hTick := r.measure("0", sizeTick*s)

	// Legend and notes go outside when they would hide much of the plot.
	estW, estH := pr.W-100*s, pr.H-90*s
	leg := r.legendFor(p, s, 0.4*pr.W, pr.H-2*pad)
	f.legOut = leg.rows > 0 && leg.w*leg.h > 0.2*estW*estH && leg.w <= 0.45*estW
	if f.legOut {
		estW -= leg.w + 12*s
	}
	f.notesW, f.notesH = r.notesSize(p, s, pr.W-2*pad)
	f.notesOut = f.notesW > 0 && (f.notesW > 0.6*estW || f.notesW*f.notesH > 0.12*estW*estH)

	top := pr.Y + pad
	if p.Title != "" {
		f.titleY = top
		top += hTitle + 6*s
	}
	bottom := pr.bottom() - pad
	if f.notesOut {
		f.notesBox = rect{pr.X + pad - 5*s, bottom - f.notesH, f.notesW, f.notesH}
		bottom -= f.notesH + 2*s
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
	if f.legOut {
		right = pr.right() - pad - leg.w - 12*s
	}
	if right-left < 30*s {
		return f, false
	}
	f.plot = rect{left, top, right - left, bottom - top}
	if f.legOut {
		f.leg = r.legendFor(p, s, 0.4*pr.W, f.plot.H)
		f.legBox = rect{right + 12*s, top, f.leg.w, f.leg.h}
	} else {
		f.leg = r.legendFor(p, s, 0.5*f.plot.W, f.plot.H-16*s)
	}
	if !f.notesOut {
		f.notesW, f.notesH = r.notesSize(p, s, f.plot.W-12*s)
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
	sx, sy, has := scales(p)
	f, ok := r.layout(p, pr, sx, sy, s)
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
	// Candidate corners for the legend and the notes inside the plot.
	var leg, notes occupancy
	for c := range leg.boxes {
		leg.boxes[c] = corner(c).box(f.plot, f.leg.w, f.leg.h, 8*s)
		notes.boxes[c] = corner(c).box(f.plot, f.notesW, f.notesH, 6*s)
	}
	if has {
		sub := dst.SubImage(image.Rect(int(math.Floor(f.plot.X)), int(math.Floor(f.plot.Y)),
			int(math.Ceil(f.plot.right())), int(math.Ceil(f.plot.bottom())))).(*ebiten.Image)
		r.curves(sub, p, &f, &leg, &notes)
	}
	r.axes(dst, p, &f)
	if !has {
		r.text(dst, "no data yet", 16*s, f.plot.X+f.plot.W/2, f.plot.Y+f.plot.H/2, text.AlignCenter, text.AlignCenter, muted)
		return
	}
	// The legend takes the quietest corner, the notes the quietest corner
	// clear of it; labels keep clear of both.
	r.placed = r.placed[:0]
	legBox := f.legBox
	if f.leg.rows > 0 && !f.legOut {
		legBox = leg.boxes[leg.quietest(topRight, topLeft, bottomRight, bottomLeft)]
		r.placed = append(r.placed, legBox)
	}
	notesBox := f.notesBox
	if f.notesW > 0 && !f.notesOut {
		var prefs [4]corner
		n := 0
		for _, c := range []corner{bottomLeft, bottomRight, topLeft, topRight} {
			if !(f.leg.rows > 0 && !f.legOut && notes.boxes[c].overlaps(legBox)) {
				prefs[n] = c
				n++
			}
		}
		if n == 0 {
			prefs[0], n = bottomLeft, 1
		}
		notesBox = notes.boxes[notes.quietest(prefs[:n]...)]
		r.placed = append(r.placed, notesBox)
	}
	r.markerLabels(dst, p, &f)
	r.endLabels(dst, p, &f)
	if f.leg.rows > 0 {
		r.legend(dst, p, &f, f.leg, legBox, !f.legOut)
	}
	if f.notesW > 0 {
		r.notes(dst, p, &f, notesBox, !f.notesOut)
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
		x0, ok0 := f.m.x.at(sh.X0)
		x1, ok1 := f.m.x.at(sh.X1)
		if !ok0 {
			x0 = pl.X
		}
		if !ok1 {
			x1 = pl.right()
		}
		x0, x1 = math.Max(math.Min(x0, x1), pl.X), math.Min(math.Max(x0, x1), pl.right())
		if !(x1 > x0) {
			continue
		}
		c := rgb(sh.Color)
		a := func(v uint8) uint8 { return uint8(float64(v)*shadeAlpha + 0.5) }
		tint := color.RGBA{a(c.R), a(c.G), a(c.B), a(255)}
		vector.FillRect(dst, float32(x0), float32(pl.Y), float32(x1-x0), float32(pl.H), tint, false)
		if sh.Label != "" {
			size := sizeNote * f.s
			if tw, _ := r.measure(sh.Label, size); tw <= x1-x0-8*f.s {
				r.text(dst, sh.Label, size, (x0+x1)/2, pl.bottom()-4*f.s, text.AlignCenter, text.AlignEnd, muted)
			}
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
