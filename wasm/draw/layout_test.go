package draw

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"sgdlab/sim/axis"
	"sgdlab/sim/plot"
)

// These tests measure text with the Go font but never touch the GPU, so they
// run natively without a display.

func TestScales(t *testing.T) {
	nan := math.NaN()
	pad := math.Pow(10, 0.08) // 4% of two decades
	tests := []struct {
		name   string
		p      plot.Panel
		sx, sy axis.Scale
		ok     bool
	}{
		{"empty linear", plot.Panel{}, axis.Scale{Min: 0, Max: 1}, axis.Scale{Min: 0, Max: 1}, false},
		{"empty log", plot.Panel{Y: plot.Axis{Log: true}}, axis.Scale{Min: 0, Max: 1}, axis.Scale{Min: 0.01, Max: 1, Log: true}, false},
		{"fixed axes win", plot.Panel{
			X:      plot.Axis{Min: 0, Max: 50},
			Y:      plot.Axis{Min: 1e-6, Max: 1, Log: true},
			Series: []plot.Series{{X: []float64{1, 2}, Y: []float64{5, 1e-9}}},
		}, axis.Scale{Min: 0, Max: 50}, axis.Scale{Min: 1e-6, Max: 1, Log: true}, true},
		{"points need both coordinates", plot.Panel{
			Y:      plot.Axis{Log: true},
			Series: []plot.Series{{X: []float64{0, 1, 2, 3, nan}, Y: []float64{1, 0, nan, 100, 5}}},
		}, axis.Scale{Min: 0, Max: 3.12}, axis.Scale{Min: 1 / pad, Max: 100 * pad, Log: true}, true},
		{"a log axis with Min 0 is automatic", plot.Panel{
			X:      plot.Axis{Min: 0, Max: 10, Log: true},
			Series: []plot.Series{{X: []float64{1, 100}, Y: []float64{1, 1}}},
		}, axis.Scale{Min: 1 / pad, Max: 100 * pad, Log: true}, axis.Scale{Min: 0.9, Max: 1.1}, true},
		{"markers widen the range", plot.Panel{
			Series:  []plot.Series{{X: []float64{0, 10}, Y: []float64{0, 10}}},
			Markers: []plot.Marker{{X: 20, Y: nan}, {X: nan, Y: -10}},
		}, axis.Scale{Min: 0, Max: 20.8}, axis.Scale{Min: -10.8, Max: 10.8}, true},
	}
	for _, tt := range tests {
		sx, sy, ok := scales(&tt.p)
		if !sameScale(sx, tt.sx) || !sameScale(sy, tt.sy) || ok != tt.ok {
			t.Errorf("%s: scales %v, %v, %v, want %v, %v, %v", tt.name, sx, sy, ok, tt.sx, tt.sy, tt.ok)
		}
	}
}

func sameScale(a, b axis.Scale) bool {
	near := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Max(math.Abs(x), math.Abs(y)) }
	return a.Log == b.Log && near(a.Min, b.Min) && near(a.Max, b.Max)
}

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// batchPanel is a panel like the batch-size lab's: log y, long labels,
// notes.
func batchPanel(series int) plot.Panel {
	p := plot.Panel{
		Title: "mini-batch SGD, n=256, d=512, replace sampling",
		X:     plot.Axis{Label: "epochs", Min: 0, Max: 50},
		Y:     plot.Axis{Label: "training MSE", Log: true},
		Notes: []string{"m=8 diverged at t=40", "dashed: E[MSE_t] ≤ λ₁·g^t·‖Pδ₀‖² (THEORY §2.2/§2.6)"},
	}
	for i := range series {
		p.Series = append(p.Series, plot.Series{
			Label: fmt.Sprintf("m=%d, η̂(m), η=%.3g", 1<<i, 0.1*float64(i+1)),
			Color: plot.Color(i), X: []float64{0, 50}, Y: []float64{1, 1e-12},
		})
	}
	return p
}

func TestLayout(t *testing.T) {
	r := newTestRenderer(t)
	p := batchPanel(6) // diagonal lines from the top left to the bottom right
	for _, s := range []float64{1, 2} {
		pr := rect{0, 0, 1000 * s, 540 * s}
		f, _, ok := r.plan(&p, pr, s)
		if !ok {
			t.Fatalf("scale %v: no room", s)
		}
		pl := f.plot
		if pl.X < 40*s || pl.Y < 20*s || pl.right() > pr.right() || pl.bottom() > pr.bottom()-40*s || pl.W < 0.8*pr.W || pl.H < 0.75*pr.H {
			t.Errorf("scale %v: plot area %v in %v", s, pl, pr)
		}
		if f.legAt != inCorner || f.notesOut {
			t.Errorf("scale %v: legend at %v, notes outside %v in a wide plot with empty corners", s, f.legAt, f.notesOut)
		}
		if want := corner(topRight).box(pl, f.leg.w, f.leg.h, 8*s); f.legBox != want {
			t.Errorf("scale %v: legend at %v, want the empty top right %v", s, f.legBox, want)
		}
		if labelled(f.xt) < 2 || labelled(f.yt) < 2 {
			t.Errorf("scale %v: ticks %v, %v", s, f.xt, f.yt)
		}
		checkClear(t, fmt.Sprintf("scale %v", s), r, &p, pr, s)
	}
	// Narrow and short: every entry still shown, clear of the data.
	pr := rect{0, 0, 480, 300}
	f, _, ok := r.plan(&p, pr, 1)
	if !ok || f.leg.more != 0 {
		t.Fatalf("small panel: ok %v, %d legend entries left out", ok, f.leg.more)
	}
	checkClear(t, "small panel", r, &p, pr, 1)
	// Too small for axes.
	if _, _, ok := r.plan(&p, rect{0, 0, 80, 60}, 1); ok {
		t.Error("80×60 panel laid out")
	}
}

// TestLegendAvoidsData: the legend takes the first empty corner, and stands
// outside the plot when every corner holds data.
func TestLegendAvoidsData(t *testing.T) {
	r := newTestRenderer(t)
	line := func(label string, x0, y0, x1, y1 float64) plot.Series {
		return plot.Series{Label: label, X: []float64{x0, x1}, Y: []float64{y0, y1}}
	}
	tests := []struct {
		name   string
		series []plot.Series
		at     where
		c      corner
	}{
		{"rising: top left", []plot.Series{line("a", 0, 0, 1, 1), line("b", 0, 0.1, 1, 0.9)}, inCorner, topLeft},
		{"falling: top right", []plot.Series{line("a", 0, 1, 1, 0)}, inCorner, topRight},
		{"peak: bottom right", []plot.Series{{Label: "a", X: []float64{0, 0.5, 1}, Y: []float64{1, 0, 1}}, line("b", 0, 0, 0.3, 0.6)}, inCorner, bottomRight},
		{"top and bottom full: right of the plot", []plot.Series{line("a", 0, 1, 1, 1), line("b", 0, 0.1, 1, 0.1)}, atRight, 0},
		{"narrow, top and bottom full: under the plot", []plot.Series{line("a long label for a narrow panel", 0, 1, 1, 1), line("b", 0, 0.1, 1, 0.1)}, below, 0},
		{"a cross in the empty corner", []plot.Series{{Label: "a", X: []float64{0, 0.5, 1}, Y: []float64{0, 0.5, 1}}, {Label: "b", X: []float64{0, 0.95}, Y: []float64{0.5, 0.95}, End: "diverged"},
			line("c", 0, 1, 0.4, 1), line("d", 0.6, 0.05, 1, 0.05)}, atRight, 0},
	}
	for _, tt := range tests {
		p := plot.Panel{Series: tt.series}
		pr := rect{0, 0, 900, 500}
		if tt.at == below {
			pr.W = 400
		}
		f, _, ok := r.plan(&p, pr, 1)
		if !ok {
			t.Fatalf("%s: no room", tt.name)
		}
		if f.legAt != tt.at || (tt.at == inCorner && f.legBox != tt.c.box(f.plot, f.leg.w, f.leg.h, 8)) {
			t.Errorf("%s: legend at %v in %v, want %v corner %v", tt.name, f.legAt, f.legBox, tt.at, tt.c)
		}
		checkClear(t, tt.name, r, &p, pr, 1)
	}
}

func TestLegendWrap(t *testing.T) {
	r := newTestRenderer(t)
	p := batchPanel(10)
	p.Series = append(p.Series, plot.Series{Color: 1}) // unlabelled: not listed
	l := r.legendFor(&p, 1, 1000, 1000, false)
	if l.n != 10 || len(l.items) != 10 || l.more != 0 {
		t.Errorf("tall: %d of %d entries, %d more", len(l.items), l.n, l.more)
	}
	for _, it := range l.items {
		if len(it.lines) != 1 {
			t.Errorf("wide: %q wrapped", it.lines)
		}
	}
	// Narrow: every label wraps onto lines no wider than allowed.
	l = r.legendFor(&p, 1, 120, 1000, false)
	if len(l.items) != 10 || l.more != 0 || l.w > 120 {
		t.Errorf("narrow: %d entries, %d more, %v wide", len(l.items), l.more, l.w)
	}
	for _, it := range l.items {
		if len(it.lines) < 2 || strings.Contains(strings.Join(it.lines, ""), "…") {
			t.Errorf("narrow: %q", it.lines)
		}
		for _, ln := range it.lines {
			if w, _ := r.measure(ln, sizeLegend); w > 120-2*l.pad-l.sample-labelGap {
				t.Errorf("narrow: line %q is %v px", ln, w)
			}
		}
	}
	// Columns under a plot.
	l = r.legendFor(&p, 1, 1000, 1000, true)
	if len(l.items) != 10 || l.items[1].y != 0 || l.items[1].x == 0 || l.w > 1000 {
		t.Errorf("columns: %+v", l.items[:2])
	}
	// Short: a last line counts what is left out.
	l = r.legendFor(&p, 1, 1000, 5.5*(l.lineH+entryGap), false)
	last := l.items[len(l.items)-1]
	if last.series != -1 || last.lines[0] != fmt.Sprintf("+%d more", l.more) || l.more+len(l.items)-1 != 10 {
		t.Errorf("short: %d entries, last %+v", len(l.items), last)
	}
	if l := r.legendFor(&plot.Panel{}, 1, 200, 1000, false); l.w != 0 {
		t.Errorf("no labelled series: %+v", l)
	}
}

func labelled(ts []axis.Tick) int {
	n := 0
	for _, t := range ts {
		if t.Label != "" {
			n++
		}
	}
	return n
}

func TestFit(t *testing.T) {
	r := newTestRenderer(t)
	s := "a long title that does not fit"
	if got := r.fit(s, 12, 1000); got != s {
		t.Errorf("fits: %q", got)
	}
	got := r.fit(s, 12, 80)
	if w, _ := r.measure(got, 12); w > 80 || len(got) < 4 || got[len(got)-len("…"):] != "…" {
		t.Errorf("fit to 80 px: %q (%v px)", got, w)
	}
	if got := r.fit(s, 12, 1); got != "" {
		t.Errorf("fit to 1 px: %q", got)
	}
}

// Figure text markup: scripts and a hat are spans of their own; a caret not
// opening "{…}" stays plain text.
func TestSpans(t *testing.T) {
	tests := []struct {
		in   string
		want []span
		flat string
	}{
		{"plain", []span{{s: "plain"}}, "plain"},
		{"predicted R^{2t}, R = 0.9", []span{{s: "predicted R"}, {s: "2t", shift: 1}, {s: ", R = 0.9"}}, "predicted R^(2t), R = 0.9"},
		{"η̂(m)", []span{{s: "η", hat: true}, {s: "(m)"}}, "η^(m)"},
		{"2η̂(m)", []span{{s: "2"}, {s: "η", hat: true}, {s: "(m)"}}, "2η^(m)"},
		{"w_{i} a^b", []span{{s: "w"}, {s: "i", shift: -1}, {s: " a^b"}}, "w_(i) a^b"},
		{"\u0302x^{", []span{{s: "x"}, {s: "^{"}}, "x^{"}, // a stray hat is dropped, an open brace is text
	}
	for _, tt := range tests {
		got := spans(nil, tt.in)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("spans(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if f := flat(tt.in); f != tt.flat {
			t.Errorf("flat(%q) = %q, want %q", tt.in, f, tt.flat)
		}
	}
	// Measured, a hat and scripts take no more room than their letters.
	r := newTestRenderer(t)
	hat, _ := r.measure("η̂(m)", 12)
	bare, _ := r.measure("η(m)", 12)
	sup, _ := r.measure("R^{2t}", 12)
	raw, _ := r.measure("R2t", 12)
	if hat != bare || !(sup < raw) {
		t.Errorf("η̂(m) %v px vs η(m) %v; R^{2t} %v px vs R2t %v", hat, bare, sup, raw)
	}
}
