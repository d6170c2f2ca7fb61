package draw

import (
	"math"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"sgdlab/sim/plot"
)

// legendBox is the layout of a panel's legend: one entry per labelled series
// (a line sample and its label, wrapped onto as many lines as the width
// needs), in one column or, under the plot, side by side as they fit. Only
// when even that is too tall are entries left out, and a last line says how
// many.
type legendBox struct {
	fs     float64 // font size
	n      int     // labelled series
	more   int     // labelled series left out
	lineH  float64 // text line pitch
	pad    float64
	sample float64 // length of the line sample
	w, h   float64
	items  []legendItem
}

// legendItem is one entry, placed relative to the box's top-left corner.
type legendItem struct {
	series int // index in the panel's Series; -1 for the "+k more" line
	x, y   float64
	lines  []string
}

// entryGap is the space between entries, and labelGap the space between a
// sample and its label, at scale 1.
const entryGap, labelGap = 5, 6

// legendFor lays out p's legend at most maxW wide and maxH tall, entries
// side by side when flow is set; w is 0 when p has no labelled series or nothing fits.
func (r *Renderer) legendFor(p *plot.Panel, s, maxW, maxH float64, flow bool) legendBox {
	l := r.legendAt(p, s, sizeLegend*s, maxW, maxH, flow)
	if flow && l.more > 0 { // under the plot, a smaller type before leaving entries out
		if m := r.legendAt(p, s, sizeSmall*s, maxW, maxH, flow); m.w > 0 && m.more < l.more {
			return m
		}
		l = r.legendAt(p, s, sizeLegend*s, maxW, maxH, flow) // r's buffers hold the last layout
	}
	return l
}

// legendAt is legendFor with labels at font size fs.
func (r *Renderer) legendAt(p *plot.Panel, s, fs, maxW, maxH float64, flow bool) legendBox {
	_, lh := r.measure("Ag", fs)
	l := legendBox{fs: fs, lineH: lh, pad: 6 * s, sample: 24 * s}
	for i := range p.Series {
		if p.Series[i].Label != "" {
			l.n++
		}
	}
	r.legItems, r.legLines = r.legItems[:0], r.legLines[:0]
	if l.n == 0 {
		return legendBox{}
	}
	lead := l.sample + labelGap*s // a label's offset in its entry
	maxLabel := maxW - 2*l.pad - lead
	if maxLabel < 30*s {
		return legendBox{}
	}
	// Entry widths: the widest label, wrapped to maxLabel.
	widest := 0.0
	for i := range p.Series {
		if se := &p.Series[i]; se.Label != "" {
			w, _ := r.measure(se.Label, fs)
			widest = math.Max(widest, math.Min(w, maxLabel))
		}
	}
	// One entry per row, or, with flow, entries side by side as long as
	// they fit, each as wide as its own label.
	colGap, avail := 14*s, maxW-2*l.pad
	x, y, rowH := 0.0, 0.0, 0.0
	for i := range p.Series {
		se := &p.Series[i]
		if se.Label == "" {
			continue
		}
		start := len(r.legLines)
		r.legLines = r.wrap(r.legLines, se.Label, fs, widest)
		lines := r.legLines[start:]
		ew := 0.0
		for _, t := range lines {
			w, _ := r.measure(t, fs)
			ew = math.Max(ew, lead+w)
		}
		if x > 0 && (!flow || x+ew > avail) { // a new row
			x, y, rowH = 0, y+rowH+entryGap*s, 0
		}
		eh := float64(len(lines)) * lh
		if y+math.Max(rowH, eh)+2*l.pad > maxH { // does not fit: stop here
			break
		}
		r.legItems = append(r.legItems, legendItem{series: i, x: x, y: y, lines: lines})
		l.w = math.Max(l.w, 2*l.pad+x+ew)
		rowH = math.Max(rowH, eh)
		x += ew + colGap
	}
	if x > 0 {
		y += rowH + entryGap*s
	}
	shown := len(r.legItems)
	if l.more = l.n - shown; l.more > 0 {
		// Make room for the "+k more" line, dropping entries as needed.
		for len(r.legItems) > 0 && y+lh+2*l.pad > maxH {
			last := r.legItems[len(r.legItems)-1]
			r.legItems = r.legItems[:len(r.legItems)-1]
			y = last.y
		}
		if y+lh+2*l.pad > maxH {
			return legendBox{}
		}
		l.more = l.n - len(r.legItems)
		start := len(r.legLines)
		r.legLines = append(r.legLines, "+"+strconv.Itoa(l.more)+" more")
		r.legItems = append(r.legItems, legendItem{series: -1, x: 0, y: y, lines: r.legLines[start:]})
		y += lh + entryGap*s
	}
	l.items = r.legItems
	if l.more > 0 {
		w, _ := r.measure(r.legLines[len(r.legLines)-1], fs)
		l.w = math.Max(l.w, 2*l.pad+w)
	}
	l.h = y - entryGap*s + 2*l.pad
	return l
}

// wrap appends to dst the lines of s broken at spaces so that each is at
// most w wide at size; a word wider than w alone is shortened with an
// ellipsis.
func (r *Renderer) wrap(dst []string, s string, size, w float64) []string {
	for {
		if tw, _ := r.measure(s, size); tw <= w {
			return append(dst, s)
		}
		// The longest prefix ending before a space that fits.
		cut := -1
		for i := 0; i < len(s); i++ {
			if s[i] != ' ' {
				continue
			}
			if tw, _ := r.measure(s[:i], size); tw > w {
				break
			}
			cut = i
		}
		if cut <= 0 { // the first word alone is too wide
			word, rest, _ := strings.Cut(s, " ")
			dst = append(dst, r.fit(word, size, w))
			s = strings.TrimLeft(rest, " ")
		} else {
			dst = append(dst, s[:cut])
			s = strings.TrimLeft(s[cut:], " ")
		}
		if s == "" {
			return dst
		}
	}
}

// legend draws p's legend l in box: a line sample per labelled series, drawn
// as the series is (dashed, dotted, faint), and its label; inside the plot on
// a translucent white box.
func (r *Renderer) legend(dst *ebiten.Image, p *plot.Panel, f *frameOf, l legendBox, box rect, inside bool) {
	s, fs := f.s, l.fs
	if inside {
		vector.FillRect(dst, float32(box.X), float32(box.Y), float32(box.W), float32(box.H), veil, false)
		vector.StrokeRect(dst, float32(f.snap(box.X)), float32(f.snap(box.Y)), float32(math.Round(box.W)), float32(math.Round(box.H)), float32(f.lineW), grid, false)
	}
	x0, y0 := box.X+l.pad, box.Y+l.pad
	for _, it := range l.items {
		if it.series < 0 {
			continue
		}
		se := &p.Series[it.series]
		y := y0 + it.y + l.lineH/2
		a, b := pt{x0 + it.x, y}, pt{x0 + it.x + l.sample, y}
		st := styleOf(se, s, true)
		r.dash.reset()
		if st.on > 0 {
			r.dash.dashes([]pt{a, b}, st.on, st.off)
		} else {
			r.dash.segment(a, b)
		}
		r.strokes.add(&r.dash, st.w, st.c)
	}
	r.strokes.flush(dst)
	for _, it := range l.items {
		x, c := x0+it.x+l.sample+labelGap*s, ink
		if it.series < 0 {
			x, c = x0+it.x, muted
		}
		for k, t := range it.lines {
			r.text(dst, t, fs, x, y0+it.y+l.lineH*(float64(k)+0.5), text.AlignStart, text.AlignCenter, c)
		}
	}
}

// notesFor lays out p's notes, each wrapped to at most maxW wide; w is 0
// when p has none.
func (r *Renderer) notesFor(p *plot.Panel, s, maxW float64) (lines []string, w, h float64) {
	if len(p.Notes) == 0 {
		return nil, 0, 0
	}
	fs, pad := sizeNote*s, 5*s
	_, lh := r.measure("Ag", fs)
	r.noteLines = r.noteLines[:0]
	for _, n := range p.Notes {
		r.noteLines = r.wrap(r.noteLines, n, fs, maxW-2*pad)
	}
	for _, n := range r.noteLines {
		nw, _ := r.measure(n, fs)
		w = math.Max(w, nw)
	}
	return r.noteLines, w + 2*pad, float64(len(r.noteLines))*lh + 2*pad
}

// notes draws the note lines in box; inside the plot on a translucent white
// box.
func (r *Renderer) notes(dst *ebiten.Image, lines []string, f *frameOf, box rect, inside bool) {
	fs, pad := sizeNote*f.s, 5*f.s
	_, lh := r.measure("Ag", fs)
	if inside {
		vector.FillRect(dst, float32(box.X), float32(box.Y), float32(box.W), float32(box.H), veil, false)
	}
	for i, n := range lines {
		r.text(dst, n, fs, box.X+pad, box.Y+pad+float64(i)*lh, text.AlignStart, text.AlignStart, muted)
	}
}
