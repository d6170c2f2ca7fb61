package draw

import (
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"sgdlab/sim/plot"
)

// legendBox is the layout of a panel's legend: one row per labelled series
// (a line sample and the label), the last row reading "+k more" when not all
// of them fit.
type legendBox struct {
	n, rows  int     // labelled series, rows shown
	rowH     float64 // row pitch
	pad      float64
	sample   float64 // length of the line sample
	maxLabel float64 // widest label; longer ones are shortened
	w, h     float64
}

// legendFor lays out p's legend with labels at most maxLabel wide and the box
// at most maxH tall; w is 0 when p has no labelled series.
func (r *Renderer) legendFor(p *plot.Panel, s, maxLabel, maxH float64) legendBox {
	fs := sizeLegend * s
	_, lh := r.measure("Ag", fs)
	l := legendBox{rowH: lh + 5*s, pad: 6 * s, sample: 24 * s, maxLabel: math.Max(maxLabel, 40*s)}
	for i := range p.Series {
		if p.Series[i].Label != "" {
			l.n++
		}
	}
	l.rows = max(0, min(l.n, int((maxH-2*l.pad+5*s)/l.rowH)))
	if l.rows == 0 {
		return legendBox{}
	}
	wl, row := 0.0, 0
	for i := range p.Series {
		se := &p.Series[i]
		if se.Label == "" || row == l.entries() {
			continue
		}
		w, _ := r.measure(se.Label, fs)
		wl = math.Max(wl, math.Min(w, l.maxLabel))
		row++
	}
	if l.rows < l.n {
		w, _ := r.measure(l.more(), fs)
		wl = math.Max(wl, w)
	}
	l.w = 2*l.pad + l.sample + 6*s + wl
	l.h = float64(l.rows)*l.rowH + 2*l.pad - 5*s
	return l
}

// entries returns the number of series rows (rows less the "+k more" row).
func (l legendBox) entries() int {
	if l.rows < l.n {
		return l.rows - 1
	}
	return l.rows
}

// more is the text of the last row when not every series fits.
func (l legendBox) more() string { return "+" + strconv.Itoa(l.n-l.entries()) + " more" }

// legend draws p's legend l in box: a line sample per labelled series
// (dashed for dashed ones) and its label; inside the plot, on a translucent
// white box.
func (r *Renderer) legend(dst *ebiten.Image, p *plot.Panel, f *frameOf, l legendBox, box rect, inside bool) {
	s, fs := f.s, sizeLegend*f.s
	if inside {
		vector.FillRect(dst, float32(box.X), float32(box.Y), float32(box.W), float32(box.H), veil, false)
		vector.StrokeRect(dst, float32(f.snap(box.X)), float32(f.snap(box.Y)), float32(math.Round(box.W)), float32(math.Round(box.H)), float32(f.lineW), grid, false)
	}
	y := func(row int) float64 { return box.Y + l.pad + l.rowH*float64(row) + (l.rowH-5*s)/2 }
	row := 0
	for i := range p.Series {
		se := &p.Series[i]
		if se.Label == "" || row == l.entries() {
			continue
		}
		a, b := pt{box.X + l.pad, y(row)}, pt{box.X + l.pad + l.sample, y(row)}
		st := styleOf(se, s, true)
		r.dash.reset()
		if st.on > 0 {
			r.dash.dashes([]pt{a, b}, st.on, st.off)
		} else {
			r.dash.segment(a, b)
		}
		r.strokes.add(&r.dash, st.w, st.c)
		row++
	}
	r.strokes.flush(dst)
	row = 0
	x := box.X + l.pad + l.sample + 6*s
	for i := range p.Series {
		se := &p.Series[i]
		if se.Label == "" || row == l.entries() {
			continue
		}
		r.text(dst, r.fit(se.Label, fs, l.maxLabel), fs, x, y(row), text.AlignStart, text.AlignCenter, ink)
		row++
	}
	if l.rows < l.n {
		r.text(dst, l.more(), fs, x, y(row), text.AlignStart, text.AlignCenter, muted)
	}
}

// notesSize returns the size of the box holding p's notes, each at most
// maxW wide.
func (r *Renderer) notesSize(p *plot.Panel, s, maxW float64) (w, h float64) {
	if len(p.Notes) == 0 {
		return 0, 0
	}
	fs, pad := sizeNote*s, 5*s
	_, lh := r.measure("Ag", fs)
	for _, n := range p.Notes {
		nw, _ := r.measure(n, fs)
		w = math.Max(w, nw)
	}
	w = math.Min(w, maxW-2*pad)
	return w + 2*pad, float64(len(p.Notes))*lh + 2*pad
}

// notes draws p's notes, one per line, in box; inside the plot on a
// translucent white box.
func (r *Renderer) notes(dst *ebiten.Image, p *plot.Panel, f *frameOf, box rect, inside bool) {
	fs, pad := sizeNote*f.s, 5*f.s
	_, lh := r.measure("Ag", fs)
	if inside {
		vector.FillRect(dst, float32(box.X), float32(box.Y), float32(box.W), float32(box.H), veil, false)
	}
	for i, n := range p.Notes {
		r.text(dst, r.fit(n, fs, box.W-2*pad), fs, box.X+pad, box.Y+pad+float64(i)*lh, text.AlignStart, text.AlignStart, muted)
	}
}
