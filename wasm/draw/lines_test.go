package draw

import (
	"fmt"
	"math"
	"testing"
)

// all returns the lines of l as slices.
func all(l *lines) [][]pt {
	var out [][]pt
	for i := range l.n() {
		out = append(out, l.line(i))
	}
	return out
}

// identity maps data to the screen unchanged.
var identity = mapping{x: axisMap{a: 1}, y: axisMap{a: 1}}

func TestProject(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	clip := rect{0, 0, 10, 10}
	logY := mapping{x: axisMap{a: 1}, y: newAxisMap(1, 1e4, true, 0, 4)}
	tests := []struct {
		name   string
		m      mapping
		xs, ys []float64
		tol    float64
		want   string
	}{
		{"breaks at NaN and Inf", identity, []float64{0, 1, 2, 3, 4, 5}, []float64{1, nan, 2, 3, inf, 4}, 0,
			"[[{0 1}] [{2 2} {3 3}] [{5 4}]]"},
		{"breaks at non-positive on log", logY, []float64{0, 1, 2, 3}, []float64{10, 100, 0, 1000}, 0,
			"[[{0 1} {1 2}] [{3 3}]]"},
		{"clips where it leaves and re-enters", identity, []float64{5, 5, 5, 5}, []float64{5, 15, 20, 5}, 0,
			"[[{5 5} {5 10}] [{5 10} {5 5}]]"},
		{"crosses the box", identity, []float64{-5, 15}, []float64{5, 5}, 0, "[[{0 5} {10 5}]]"},
		{"misses the box", identity, []float64{-5, 15}, []float64{-1, -1}, 0, "[]"},
		{"thins close points, keeps the last", identity, []float64{0, 0.1, 0.2, 1, 1.1}, []float64{0, 0, 0, 0, 0}, 0.5,
			"[[{0 0} {1 0} {1.1 0}]]"},
		{"ragged lengths", identity, []float64{1, 2, 3}, []float64{1, 2}, 0, "[[{1 1} {2 2}]]"},
	}
	for _, tt := range tests {
		var l lines
		l.tol = tt.tol
		l.project(tt.xs, tt.ys, tt.m, clip)
		if got := fmt.Sprint(all(&l)); got != tt.want && !(got == "[]" && tt.want == "[]") {
			t.Errorf("%s: got %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestProjectHugeValues(t *testing.T) {
	// A diverging run on a fixed axis: 1e300 must neither overflow nor vanish.
	var l lines
	m := mapping{x: axisMap{a: 1}, y: axisMap{a: -100, b: 100}} // y: 0 → 100, 1 → 0
	l.project([]float64{0, 1, 2}, []float64{0.5, 1e300, -1e300}, m, rect{0, 0, 100, 100})
	ls := all(&l)
	if len(ls) != 2 {
		t.Fatalf("got %v", ls)
	}
	for _, line := range ls {
		for _, p := range line {
			if math.IsNaN(p.X) || math.IsNaN(p.Y) || p.Y < 0 || p.Y > 100 {
				t.Errorf("point %v outside the clip", p)
			}
		}
	}
}

func TestDashes(t *testing.T) {
	tests := []struct {
		src  []pt
		want string
	}{
		{[]pt{{0, 0}, {25, 0}}, "[[{0 0} {6 0}] [{10 0} {16 0}] [{20 0} {25 0}]]"},
		// A dash turns the corner.
		{[]pt{{0, 0}, {4, 0}, {4, 10}}, "[[{0 0} {4 0} {4 2}] [{4 6} {4 10}]]"},
		// The last dash would be a point: dropped.
		{[]pt{{0, 0}, {10, 0}}, "[[{0 0} {6 0}]]"},
		{[]pt{{0, 0}}, "[]"},
	}
	for _, tt := range tests {
		var l lines
		l.dashes(tt.src, 6, 4)
		if got := fmt.Sprint(all(&l)); got != tt.want && !(got == "[]" && tt.want == "[]") {
			t.Errorf("dashes(%v) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestAxisMap(t *testing.T) {
	lin := newAxisMap(0, 10, false, 100, 200)
	lg := newAxisMap(1e-3, 10, true, 400, 0) // y grows downwards
	tests := []struct {
		m    axisMap
		v    float64
		want float64
		ok   bool
	}{
		{lin, 5, 150, true},
		{lin, -10, 0, true},
		{lin, math.NaN(), 0, false},
		{lg, 0.01, 300, true},
		{lg, 10, 0, true},
		{lg, 0, 0, false},
		{lg, -1, 0, false},
	}
	for _, tt := range tests {
		got, ok := tt.m.at(tt.v)
		if ok != tt.ok || (ok && math.Abs(got-tt.want) > 1e-9) {
			t.Errorf("%+v.at(%v) = %v, %v, want %v, %v", tt.m, tt.v, got, ok, tt.want, tt.ok)
		}
	}
}
