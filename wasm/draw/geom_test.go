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

func TestClipSegment(t *testing.T) {
	r := rect{0, 0, 10, 10}
	tests := []struct {
		a, b pt
		want string
	}{
		{pt{1, 1}, pt{2, 2}, "{1 1} {2 2} true"},
		{pt{-10, 5}, pt{20, 5}, "{0 5} {10 5} true"},
		{pt{5, -5}, pt{5, 5}, "{5 0} {5 5} true"},
		{pt{-1, -1}, pt{-2, 20}, "false"},
		{pt{20, 20}, pt{20, 20}, "false"},
	}
	for _, tt := range tests {
		a, b, ok := clipSegment(tt.a, tt.b, r)
		got := fmt.Sprint(a, " ", b, " ", ok)
		if !ok {
			got = "false"
		}
		if got != tt.want {
			t.Errorf("clipSegment(%v, %v) = %s, want %s", tt.a, tt.b, got, tt.want)
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

func TestSplitPanels(t *testing.T) {
	wide := splitPanels(nil, rect{0, 0, 100, 50}, 2)
	if fmt.Sprint(wide) != "[{0 0 50 50} {50 0 50 50}]" {
		t.Errorf("side by side: %v", wide)
	}
	tall := splitPanels(nil, rect{0, 0, 50, 100}, 2)
	if fmt.Sprint(tall) != "[{0 0 50 50} {0 50 50 50}]" {
		t.Errorf("stacked: %v", tall)
	}
	if n := len(splitPanels(nil, rect{0, 0, 50, 100}, 0)); n != 0 {
		t.Errorf("no panels: %d rects", n)
	}
}

func TestLabelStride(t *testing.T) {
	tests := []struct {
		pos, size []float64
		want      int
	}{
		{[]float64{0, 100, 200}, []float64{40, 40, 40}, 1},
		{[]float64{0, 30, 60, 90}, []float64{40, 40, 40, 40}, 2},
		{[]float64{300, 200, 100}, []float64{10, 10, 10}, 1}, // decreasing (y axis)
		{nil, nil, 1},
	}
	for _, tt := range tests {
		if got := labelStride(tt.pos, tt.size, 5); got != tt.want {
			t.Errorf("labelStride(%v, %v) = %d, want %d", tt.pos, tt.size, got, tt.want)
		}
	}
}

func TestPlace(t *testing.T) {
	bounds := rect{0, 0, 100, 100}
	placed := []rect{{10, 10, 50, 10}}
	if got := place(rect{20, 12, 30, 10}, placed, bounds); got != (rect{20, 22, 30, 10}) {
		t.Errorf("moved down: %v", got)
	}
	if got := place(rect{90, 95, 30, 10}, nil, bounds); got != (rect{70, 90, 30, 10}) {
		t.Errorf("clamped: %v", got)
	}
	// No room below: moves up.
	placed = []rect{{0, 80, 100, 20}}
	if got := place(rect{0, 85, 10, 10}, placed, bounds); got != (rect{0, 65, 10, 10}) {
		t.Errorf("moved up: %v", got)
	}
}

func TestOccupancy(t *testing.T) {
	var o occupancy
	r := rect{0, 0, 100, 100}
	for c := range o.boxes {
		o.boxes[c] = corner(c).box(r, 30, 20, 5)
	}
	if o.boxes[bottomLeft] != (rect{5, 75, 30, 20}) || o.boxes[topRight] != (rect{65, 5, 30, 20}) {
		t.Fatalf("boxes %v", o.boxes)
	}
	if c := o.quietest(topRight, topLeft); c != topRight {
		t.Errorf("empty: %v", c)
	}
	o.count([]pt{{70, 10}, {80, 10}, {90, 10}, {10, 10}, {10, 80}})
	// Top right holds 3 points, top left and bottom left 1 each.
	if c := o.quietest(topRight, topLeft, bottomLeft); c != topLeft {
		t.Errorf("busy top right: got %v, want top left", c)
	}
	if c := o.quietest(topRight, bottomRight); c != bottomRight {
		t.Errorf("got %v, want the empty bottom right", c)
	}
}

func TestCountNonWhite(t *testing.T) {
	pix := []byte{255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 254, 255, 255, 255, 255, 128}
	if n := countNonWhite(pix); n != 3 {
		t.Errorf("countNonWhite = %d, want 3", n)
	}
}

func TestPlaceNear(t *testing.T) {
	bounds := rect{0, 0, 100, 100}
	cands := []rect{{90, 10, 20, 10}, {50, 10, 20, 10}, {50, 30, 20, 10}}
	// The first candidate sticks out; the second is taken.
	if got := placeNear(cands, nil, bounds); got != cands[1] {
		t.Errorf("got %v, want %v", got, cands[1])
	}
	// The second is taken by another label: the third.
	if got := placeNear(cands, []rect{{40, 5, 40, 10}}, bounds); got != cands[2] {
		t.Errorf("got %v, want %v", got, cands[2])
	}
	// None free: the first, moved down into a free spot.
	if got := placeNear(cands, []rect{{0, 0, 100, 45}}, bounds); got != (rect{80, 50, 20, 10}) {
		t.Errorf("got %v", got)
	}
}
