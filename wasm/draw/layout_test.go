package draw

import (
	"fmt"
	"math"
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
	p := batchPanel(6)
	sx, sy, _ := scales(&p)
	for _, s := range []float64{1, 2} {
		pr := rect{0, 0, 1000 * s, 540 * s}
		f, ok := r.layout(&p, pr, sx, sy, s)
		if !ok {
			t.Fatalf("scale %v: no room", s)
		}
		pl := f.plot
		if pl.X < 40*s || pl.Y < 20*s || pl.right() > pr.right() || pl.bottom() > pr.bottom()-40*s || pl.W < 0.8*pr.W || pl.H < 0.75*pr.H {
			t.Errorf("scale %v: plot area %v in %v", s, pl, pr)
		}
		if f.legOut || f.notesOut {
			t.Errorf("scale %v: legend or notes outside a wide plot", s)
		}
		if labelled(f.xt) < 2 || labelled(f.yt) < 2 {
			t.Errorf("scale %v: ticks %v, %v", s, f.xt, f.yt)
		}
	}
	// Narrow and short: legend right of the plot, notes below it.
	pr := rect{0, 0, 480, 300}
	f, ok := r.layout(&p, pr, sx, sy, 1)
	if !ok || !f.legOut || !f.notesOut {
		t.Fatalf("small panel: ok %v, legend outside %v, notes outside %v", ok, f.legOut, f.notesOut)
	}
	if f.legBox.X < f.plot.right() || f.legBox.right() > pr.right() || f.notesBox.Y < f.plot.bottom() || f.notesBox.bottom() > pr.bottom() {
		t.Errorf("small panel: plot %v, legend %v, notes %v", f.plot, f.legBox, f.notesBox)
	}
	// Too small for axes.
	if _, ok := r.layout(&p, rect{0, 0, 80, 60}, sx, sy, 1); ok {
		t.Error("80×60 panel laid out")
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

func TestLegendRows(t *testing.T) {
	r := newTestRenderer(t)
	p := batchPanel(10)
	p.Series = append(p.Series, plot.Series{Color: 1}) // unlabelled: not listed
	l := r.legendFor(&p, 1, 200, 1000)
	if l.n != 10 || l.rows != 10 || l.entries() != 10 {
		t.Errorf("tall: %+v", l)
	}
	l = r.legendFor(&p, 1, 200, 5.5*l.rowH)
	if l.rows != 5 || l.entries() != 4 || l.more() != "+6 more" {
		t.Errorf("short: rows %d, entries %d, %q", l.rows, l.entries(), l.more())
	}
	if l.w > 2*l.pad+l.sample+6+200 {
		t.Errorf("labels wider than allowed: %v", l.w)
	}
	if l := r.legendFor(&plot.Panel{}, 1, 200, 1000); l.rows != 0 || l.w != 0 {
		t.Errorf("no labelled series: %+v", l)
	}
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
