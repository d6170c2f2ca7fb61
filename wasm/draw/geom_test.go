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
	if got, ok := placeNear(cands, nil, bounds); got != cands[1] || !ok {
		t.Errorf("got %v, want %v", got, cands[1])
	}
	// The second is taken by another label: the third.
	if got, ok := placeNear(cands, []rect{{40, 5, 40, 10}}, bounds); got != cands[2] || !ok {
		t.Errorf("got %v, want %v", got, cands[2])
	}
	// None free: the first, moved down into a free spot.
	if got, ok := placeNear(cands, []rect{{0, 0, 100, 45}}, bounds); got != (rect{80, 50, 20, 10}) || !ok {
		t.Errorf("got %v", got)
	}
	// No room anywhere: not ok.
	if _, ok := placeNear(cands, []rect{{0, 0, 100, 100}}, bounds); ok {
		t.Error("placed over a full area")
	}
}
