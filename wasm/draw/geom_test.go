package draw

import (
	"fmt"
	"testing"
)

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

func TestSplitPanels(t *testing.T) {
	wide := splitPanels(nil, rect{0, 0, 100, 50}, 2)
	if fmt.Sprint(wide) != "[{0 0 50 50} {50 0 50 50}]" {
		t.Errorf("side by side: %v", wide)
	}
	tall := splitPanels(nil, rect{0, 0, 50, 100}, 2)
	if fmt.Sprint(tall) != "[{0 0 50 50} {0 50 50 50}]" {
		t.Errorf("stacked: %v", tall)
	}
	if four := splitPanels(nil, rect{0, 0, 900, 600}, 4); fmt.Sprint(four) != "[{0 0 450 300} {450 0 450 300} {0 300 450 300} {450 300 450 300}]" {
		t.Errorf("four: %v", four)
	}
	if three := splitPanels(nil, rect{0, 0, 1200, 300}, 3); fmt.Sprint(three) != "[{0 0 400 300} {400 0 400 300} {800 0 400 300}]" {
		t.Errorf("three in a row: %v", three)
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
