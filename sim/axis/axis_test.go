package axis

import (
	"fmt"
	"math"
	"testing"
)

func labels(ts []Tick) []string {
	var l []string
	for _, t := range ts {
		if t.Label != "" {
			l = append(l, t.Label)
		}
	}
	return l
}

func TestLinear(t *testing.T) {
	tests := []struct {
		min, max float64
		n        int
		want     string
	}{
		{0, 1, 5, "[0.0 0.2 0.4 0.6 0.8 1.0]"},
		{0, 20, 4, "[0 5 10 15 20]"},
		{0.1, 0.35, 5, "[0.10 0.15 0.20 0.25 0.30 0.35]"},
		{-3, 3, 6, "[-3 -2 -1 0 1 2 3]"},
		{0, 5120, 5, "[0 1000 2000 3000 4000 5000]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(labels(Linear(tt.min, tt.max, tt.n))); got != tt.want {
			t.Errorf("Linear(%v,%v,%d) = %s, want %s", tt.min, tt.max, tt.n, got, tt.want)
		}
	}
}

func TestLog(t *testing.T) {
	tests := []struct {
		min, max float64
		want     string
	}{
		{1e-4, 1, "[1e-4 0.001 0.01 0.1 1]"},
		{1e-30, 1, "[1e-28 1e-24 1e-20 1e-16 1e-12 1e-8 1e-4 1]"},
		{0.3, 4, "[0.5 1 2]"},
		{2e-7, 9e-7, "[2e-07 5e-07]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(labels(Log(tt.min, tt.max))); got != tt.want {
			t.Errorf("Log(%v,%v) = %s, want %s", tt.min, tt.max, got, tt.want)
		}
	}
}

func TestScaleAndRange(t *testing.T) {
	s := Scale{Min: 1e-3, Max: 10, Log: true}
	if math.Abs(s.At(0.01)-0.25) > 1e-12 || !math.IsNaN(s.At(0)) {
		t.Error("log scale")
	}
	lo, hi, ok := Range(true, []float64{0, math.NaN(), 1e-5, 2, math.Inf(1)})
	if !ok || lo != 1e-5 || hi != 2 {
		t.Errorf("Range = %v %v %v", lo, hi, ok)
	}
	if _, _, ok := Range(true, []float64{0, -1}); ok {
		t.Error("no positive values but ok")
	}
	if lo, hi, _ := Range(false, []float64{3, 3}); !(lo < 3 && hi > 3) {
		t.Error("degenerate linear range")
	}
}

func FuzzTicks(f *testing.F) {
	f.Add(0.0, 1.0)
	f.Add(1e-300, 1e300)
	f.Add(-5.0, 1e-9)
	f.Fuzz(func(t *testing.T, a, b float64) {
		for _, ts := range [][]Tick{Linear(a, b, 5), Log(a, b)} {
			for i, tk := range ts {
				if math.IsNaN(tk.Value) || (i > 0 && tk.Value < ts[i-1].Value && tk.Major == ts[i-1].Major) {
					t.Fatalf("bad ticks for [%v,%v]: %v", a, b, ts)
				}
			}
		}
	})
}

func ExampleLog() {
	for _, t := range Log(1e-3, 1) {
		if t.Major {
			fmt.Print(t.Label, " ")
		}
	}
	fmt.Println()
	// Output: 0.001 0.01 0.1 1
}
