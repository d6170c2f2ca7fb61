package draw

import (
	"fmt"
	"math"
	"os"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"sgdlab/sim/lab"
	"sgdlab/sim/lab/labtest"
	"sgdlab/sim/plot"

	_ "sgdlab/sim/lab/all"
)

// checkClear plans p in pr at scale s and checks, independently of the
// planner's own geometry, that a legend or notes inside the plot cover no
// drawn point of any series (every segment walked pixel by pixel, and the
// crosses at series ends), that a legend outside the plot stays out of it
// and inside the panel, and that the marker and end labels overlap neither
// the legend, the notes nor each other.
func checkClear(t *testing.T, name string, r *Renderer, p *plot.Panel, pr rect, s float64) {
	t.Helper()
	f, has, ok := r.plan(p, pr, s)
	if !ok || !has {
		return
	}
	var boxes []rect
	var what []string
	if f.leg.w > 0 {
		if f.legAt == inCorner {
			boxes, what = append(boxes, f.legBox), append(what, "legend")
		} else if f.legBox.overlaps(f.plot) || f.legBox.X < pr.X || f.legBox.right() > pr.right()+0.5 || f.legBox.bottom() > pr.bottom()+0.5 {
			t.Errorf("%s: legend %v outside the plot %v is not clear of it within the panel %v", name, f.legBox, f.plot, pr)
		}
		if f.leg.more > 0 {
			t.Errorf("%s: %d legend entries left out", name, f.leg.more)
		}
	}
	if f.notesW > 0 && !f.notesOut {
		boxes, what = append(boxes, f.notesBox), append(what, "notes")
	}
	for k, b := range boxes {
		for i := range p.Series {
			se := &p.Series[i]
			if q, ok := coveredPoint(se, f.m, b, f.plot); ok {
				t.Errorf("%s: the %s %v covers series %d (%q) at %v", name, what[k], b, i, se.Label, q)
				break
			}
			if q, ok := endPoint(se, &f); ok && se.End != "" && b.inset(-4.5*s).contains(q) {
				t.Errorf("%s: the %s %v covers the cross of series %d (%q) at %v", name, what[k], b, i, se.Label, q)
			}
		}
	}
	for i, l := range r.labels {
		for k, b := range boxes {
			if l.box.overlaps(b) {
				t.Errorf("%s: label %q %v overlaps the %s %v", name, l.text, l.box, what[k], b)
			}
		}
		for _, m := range r.labels[:i] {
			if l.box.overlaps(m.box) {
				t.Errorf("%s: labels %q %v and %q %v overlap", name, l.text, l.box, m.text, m.box)
			}
		}
	}
}

// coveredPoint walks every segment of se between drawable points, one pixel
// at a time, and returns the first point inside b (within the plot area).
func coveredPoint(se *plot.Series, m mapping, b, plotArea rect) (pt, bool) {
	var prev pt
	have := false
	for i := range min(len(se.X), len(se.Y)) {
		q, ok := m.at(se.X[i], se.Y[i])
		if !ok {
			have = false
			continue
		}
		if !have {
			if b.contains(q) && plotArea.contains(q) {
				return q, true
			}
			prev, have = q, true
			continue
		}
		n := math.Ceil(math.Max(math.Abs(q.X-prev.X), math.Abs(q.Y-prev.Y)))
		n = math.Min(n, 1e5)
		for k := 1.0; k <= n; k++ {
			c := pt{prev.X + (q.X-prev.X)*k/n, prev.Y + (q.Y-prev.Y)*k/n}
			if b.contains(c) && plotArea.contains(c) {
				return c, true
			}
		}
		prev = q
	}
	return pt{}, false
}

// figureSizes are the figure's sizes in CSS pixels: the lab page at
// 1400×900 and at 960 px (one column), the 800×500 embed, and a phone at
// 390 px, where the page gives every panel phonePanelHeight (h here is
// the least height).
var figureSizes = []struct {
	name string
	w, h float64
}{
	{"page", 1006, 538},
	{"narrow page", 920, 538},
	{"embed", 800, 466},
	{"phone", 354, 338},
}

// TestPresetsLegendClear runs every preset the page offers and checks its
// figure at every size, at device scales 1 and 2, after the first Step,
// after 8 and 64 and at the end (the run stops after 64 Steps of 2^15 units
// of work: the slow presets are checked part way): no legend or notes over
// data, no label over another.
func TestPresetsLegendClear(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every preset")
	}
	root := os.DirFS("../../web/static")
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		for _, pre := range l.Presets {
			if pre.CLI {
				continue
			}
			t.Run(pre.Query, func(t *testing.T) {
				t.Parallel()
				r := newTestRenderer(t)
				e, _ := labtest.Build(t, pre.Query, root)
				for call := 1; ; call++ {
					done := e.Step(1 << 15)
					if done || call == 1 || call == 8 || call == 64 {
						checkFigure(t, r, e.Figure(), fmt.Sprintf("step %d", call))
					}
					if done || call == 64 {
						break
					}
				}
			})
		}
	}
}

// phonePanelHeight is the height per panel the page gives the figure on a
// phone (web/static/app.js, phonePanel).
const phonePanelHeight = 260

// checkFigure runs checkClear on every plot panel of fig at every size, and
// checkGlyphs on its text.
func checkFigure(t *testing.T, r *Renderer, fig plot.Figure, when string) {
	t.Helper()
	checkGlyphs(t, fig, when)
	for _, sz := range figureSizes {
		h := sz.h
		if sz.name == "phone" {
			h = math.Max(h, phonePanelHeight*float64(len(fig.Panels)))
		}
		for _, s := range []float64{1, 2} {
			r.split(&fig, rect{0, 0, sz.w * s, h * s}, s)
			for i, pr := range r.panels {
				if fig.Panels[i].Net == nil {
					checkClear(t, fmt.Sprintf("%s, %s ×%v, panel %d", when, sz.name, s, i), r, &fig.Panels[i], pr, s)
				}
			}
		}
	}
}

var goFont = func() *sfnt.Font {
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		panic(err)
	}
	return f
}()

// checkGlyphs fails on any character of fig's text that the Go font has no
// glyph for once the renderer's stand-ins and markup are applied (it would
// show as a box, as "∝" once did).
func checkGlyphs(t *testing.T, fig plot.Figure, when string) {
	t.Helper()
	texts := []string{fig.Caption}
	for _, p := range fig.Panels {
		texts = append(texts, p.Title, p.X.Label, p.Y.Label)
		texts = append(texts, p.Notes...)
		for _, s := range p.Series {
			texts = append(texts, s.Label, s.End)
		}
		for _, m := range p.Markers {
			texts = append(texts, m.Label)
		}
		for _, sh := range p.Shades {
			texts = append(texts, sh.Label)
		}
		if p.Net != nil {
			texts = append(texts, p.Net.NodeLabel, p.Net.EdgeLabel)
		}
	}
	var buf sfnt.Buffer
	for _, text := range texts {
		for _, sp := range spans(nil, glyphs.Replace(text)) {
			for _, c := range sp.s {
				if i, err := goFont.GlyphIndex(&buf, c); (err != nil || i == 0) && c != ' ' {
					t.Errorf("%s: %q has %q (%U), which the Go font lacks", when, text, c, c)
				}
			}
		}
	}
}
