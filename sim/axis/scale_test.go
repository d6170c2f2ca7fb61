package axis

import (
	"math"
	"testing"
)

func TestScale(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		s    Scale
		v, u float64
	}{
		{Scale{Min: 0, Max: 10}, 2.5, 0.25},
		{Scale{Min: -1, Max: 1}, 3, 2},
		{Scale{Min: 1e-3, Max: 10, Log: true}, 0.01, 0.25},
		{Scale{Min: 1e-3, Max: 10, Log: true}, 1e5, 2},
		{Scale{Min: 1e-3, Max: 10, Log: true}, 0, nan},
		{Scale{Min: 1e-3, Max: 10, Log: true}, -1, nan},
		{Scale{Min: 0, Max: 1}, math.Inf(1), nan},
		{Scale{Min: 0, Max: 1}, nan, nan},
	}
	for _, tt := range tests {
		u := tt.s.At(tt.v)
		if math.IsNaN(tt.u) {
			if !math.IsNaN(u) {
				t.Errorf("%+v.At(%v) = %v, want NaN", tt.s, tt.v, u)
			}
			continue
		}
		if math.Abs(u-tt.u) > 1e-12 {
			t.Errorf("%+v.At(%v) = %v, want %v", tt.s, tt.v, u, tt.u)
		}
		if back := tt.s.Value(u); math.Abs(back-tt.v) > 1e-9*math.Abs(tt.v) {
			t.Errorf("%+v.Value(%v) = %v, want %v", tt.s, u, back, tt.v)
		}
	}
}

func TestRange(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name   string
		log    bool
		values [][]float64
		lo, hi float64 // 0, 0: not ok
	}{
		{"linear pads 4%", false, [][]float64{{-1, 1}, {nan, inf}}, -1.08, 1.08},
		{"linear from 0 stays at 0", false, [][]float64{{0, 2, 10}}, 0, 10.4},
		{"single value", false, [][]float64{{5}}, 4.5, 5.5},
		{"zero", false, [][]float64{{0, 0}}, -1, 1},
		{"nothing finite", false, [][]float64{{nan, -inf}}, 0, 0},
		{"empty", false, nil, 0, 0},
		{"log pads 4% of decades", true, [][]float64{{1e-10, 1, 0, -3, nan}}, 1e-10 / math.Pow(10, 0.4), math.Pow(10, 0.4)},
		{"log narrow: one decade", true, [][]float64{{1, 1}}, math.Pow(10, -0.5), math.Pow(10, 0.5)},
		{"log nothing positive", true, [][]float64{{0, -1}}, 0, 0},
		{"huge", false, [][]float64{{-math.MaxFloat64, math.MaxFloat64}}, -math.MaxFloat64, math.MaxFloat64},
	}
	for _, tt := range tests {
		lo, hi, ok := Range(tt.log, tt.values...)
		if tt.lo == 0 && tt.hi == 0 {
			if ok {
				t.Errorf("%s: Range = %v, %v, want not ok", tt.name, lo, hi)
			}
			continue
		}
		if !ok || !near(lo, tt.lo) || !near(hi, tt.hi) {
			t.Errorf("%s: Range = %v, %v, %v, want %v, %v", tt.name, lo, hi, ok, tt.lo, tt.hi)
		}
	}
}

func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}
