package axis

import (
	"math"
	"testing"
)

func TestLogGrid(t *testing.T) {
	g := LogGrid(2, 2048, 11)
	if len(g) != 11 || g[0] != 2 || g[10] != 2048 {
		t.Fatalf("LogGrid(2, 2048, 11) = %v", g)
	}
	for i := range g {
		if want := 2 * math.Pow(2, float64(i)); math.Abs(g[i]-want) > 1e-9*want {
			t.Errorf("g[%d] = %v, want %v", i, g[i], want)
		}
	}
	if g := LogGrid(5, 5, 10); len(g) != 1 || g[0] != 5 {
		t.Errorf("LogGrid(5, 5, 10) = %v", g)
	}
}
