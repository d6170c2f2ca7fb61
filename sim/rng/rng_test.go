package rng

import (
	"math"
	"testing"
)

func TestGaussMoments(t *testing.T) {
	g := NewGauss(New(7, StreamData))
	const n = 200000
	var s1, s2, s4 float64
	for i := 0; i < n; i++ {
		x := g.Norm()
		s1 += x
		s2 += x * x
		s4 += x * x * x * x
	}
	mean, v, k := s1/n, s2/n, s4/n
	if math.Abs(mean) > 5/math.Sqrt(n) || math.Abs(v-1) > 0.02 || math.Abs(k-3) > 0.1 {
		t.Errorf("mean %v var %v fourth moment %v", mean, v, k)
	}
}

func TestStreamsDiffer(t *testing.T) {
	a, b := New(1, StreamData), New(1, StreamRun)
	if a.Uint64() == b.Uint64() {
		t.Error("streams of one seed coincide")
	}
	c, d := New(1, StreamData), New(1, StreamData)
	for i := 0; i < 10; i++ {
		if c.Uint64() != d.Uint64() {
			t.Fatal("same seed and stream differ")
		}
	}
}
