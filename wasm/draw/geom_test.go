package draw

import (
	"math"
	"testing"
)

func TestPolylinesBreakAtNaN(t *testing.T) {
	id := func(x, y float64) (float64, float64) { return x, y }
	ls := polylines([]float64{0, 1, 2, 3, 4}, []float64{1, math.NaN(), 2, 3, math.Inf(1)}, id)
	if len(ls) != 2 || len(ls[0]) != 1 || len(ls[1]) != 2 {
		t.Errorf("got %v", ls)
	}
}

func TestDashes(t *testing.T) {
	ds := dashes([]pt{{0, 0}, {25, 0}}, 6, 4)
	// 0-6, 10-16, 20-25
	if len(ds) != 3 || ds[1][0].X != 10 || ds[1][len(ds[1])-1].X != 16 || ds[2][len(ds[2])-1].X != 25 {
		t.Errorf("got %v", ds)
	}
}

func TestPanels(t *testing.T) {
	ps := panels(rect{0, 0, 100, 50}, 2)
	if ps[1].X != 50 || ps[1].W != 50 {
		t.Errorf("side by side: %v", ps)
	}
	ps = panels(rect{0, 0, 50, 100}, 2)
	if ps[1].Y != 50 {
		t.Errorf("stacked: %v", ps)
	}
}
