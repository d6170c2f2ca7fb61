package draw

import (
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"sgdlab/sim/plot"
)

// dashPattern returns the dash and gap lengths for a stroke of width w.
func dashPattern(w, s float64) (on, off float64) {
	return math.Max(6*s, 3*w), math.Max(4*s, 2*w)
}

// style is how a series is stroked: width w and colour c, and, when on > 0,
// dashes of on pixels with gaps of off.
type style struct {
	w       float64
	c       color.RGBA
	on, off float64
}

// styleOf returns the stroke of se at device scale s: its Width (1.5 when
// unset) within [0.5, 12] (within [1.5, 3] for a legend sample, so that it
// reads at its short length; a dotted one stays thin), dashed or dotted as
// asked, and mixed 55% with white when Faint.
func styleOf(se *plot.Series, s float64, sample bool) style {
	w := se.Width
	if !(w > 0) {
		w = 1.5
	}
	switch {
	case se.Dotted:
		w = math.Min(math.Max(w, 1), 2)
	case sample:
		w = math.Min(math.Max(w, 1.5), 3)
	default:
		w = math.Min(math.Max(w, 0.5), 12)
	}
	st := style{w: w * s, c: rgb(se.Color)}
	switch {
	case se.Dotted:
		st.on, st.off = st.w, 2*st.w+s
	case se.Dashed:
		st.on, st.off = dashPattern(st.w, s)
	}
	if sample && st.on > 0 {
		st.on, st.off = st.on*0.75, st.off*0.75
	}
	if se.Faint {
		st.c = pale(st.c, 0.45)
	}
	return st
}

// pale mixes c with white, keeping the fraction k of c.
func pale(c color.RGBA, k float64) color.RGBA {
	m := func(v uint8) uint8 { return uint8(float64(v)*k + 255*(1-k) + 0.5) }
	return color.RGBA{m(c.R), m(c.G), m(c.B), 255}
}

// curves draws the reference lines, the series (as plan projected them) and
// the crosses at End points onto dst (the plot area).
func (r *Renderer) curves(dst *ebiten.Image, p *plot.Panel, f *frameOf) {
	s := f.s
	// Reference markers, dashed, under the curves.
	for _, m := range p.Markers {
		a, b, _, ok := markerLine(m, p, f)
		if !ok {
			continue
		}
		r.dash.reset()
		on, off := dashPattern(1, s)
		r.dash.dashes([]pt{a, b}, on, off)
		r.strokes.add(&r.dash, 1.25*s, rgb(m.Color))
	}
	for i := range p.Series {
		se := &p.Series[i]
		st := styleOf(se, s, false)
		from, to := r.projAt[i], r.projAt[i+1]
		for j := from; j < to; j++ {
			if l := r.proj.line(j); len(l) == 1 {
				vector.FillCircle(dst, float32(l[0].X), float32(l[0].Y), float32(st.w), st.c, true)
			}
		}
		if st.on > 0 {
			r.dash.reset()
			for j := from; j < to; j++ {
				r.dash.dashes(r.proj.line(j), st.on, st.off)
			}
			r.strokes.add(&r.dash, st.w, st.c)
		} else {
			r.strokes.addLines(&r.proj, from, to, st.w, st.c)
		}
		c := st.c
		if q, ok := endPoint(se, f); ok && se.End != "" {
			d := 4.5 * s
			r.dash.reset()
			r.dash.segment(pt{q.X - d, q.Y - d}, pt{q.X + d, q.Y + d})
			r.dash.segment(pt{q.X - d, q.Y + d}, pt{q.X + d, q.Y - d})
			r.strokes.add(&r.dash, 2.25*s, c)
		}
	}
	r.strokes.flush(dst)
}

// markerLine returns the screen line of a reference marker (from its top or
// left end): vertical for a drawable X and non-drawable Y, horizontal the
// other way round; ok is false when it is neither or lies outside the plot.
func markerLine(m plot.Marker, p *plot.Panel, f *frameOf) (a, b pt, vertical, ok bool) {
	pl := f.plot
	switch {
	case drawable(m.X, p.X.Log) && !drawable(m.Y, p.Y.Log):
		x, ok := f.m.x.at(m.X)
		if !ok || x < pl.X || x > pl.right() {
			return a, b, false, false
		}
		return pt{x, pl.Y}, pt{x, pl.bottom()}, true, true
	case drawable(m.Y, p.Y.Log) && !drawable(m.X, p.X.Log):
		y, ok := f.m.y.at(m.Y)
		if !ok || y < pl.Y || y > pl.bottom() {
			return a, b, false, false
		}
		return pt{pl.X, y}, pt{pl.right(), y}, false, true
	}
	return a, b, false, false
}

// endPoint returns the screen position of the last drawable point of se,
// moved into the plot area.
func endPoint(se *plot.Series, f *frameOf) (pt, bool) {
	for i := min(len(se.X), len(se.Y)) - 1; i >= 0; i-- {
		if q, ok := f.m.at(se.X[i], se.Y[i]); ok {
			q.X = math.Max(f.plot.X, math.Min(q.X, f.plot.right()))
			q.Y = math.Max(f.plot.Y, math.Min(q.Y, f.plot.bottom()))
			return q, true
		}
	}
	return pt{}, false
}
