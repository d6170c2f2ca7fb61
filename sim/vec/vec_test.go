package vec

import (
	"fmt"
	"testing"
)

func TestKernels(t *testing.T) {
	for _, n := range []int{0, 1, 3, 4, 5, 8, 13} {
		x, y := make([]float64, n), make([]float64, n)
		var dot, d2 float64
		for i := range x {
			x[i], y[i] = float64(i+1), float64(2*i-3)
			dot += x[i] * y[i]
			d2 += (x[i] - y[i]) * (x[i] - y[i])
		}
		if got := Dot(x, y); got != dot {
			t.Errorf("n=%d Dot=%v want %v", n, got, dot)
		}
		if got := Dist2(x, y); got != d2 {
			t.Errorf("n=%d Dist2=%v want %v", n, got, d2)
		}
		z := append([]float64(nil), y...)
		Axpy(z, 2, x)
		for i := range z {
			if z[i] != y[i]+2*x[i] {
				t.Fatalf("Axpy[%d]", i)
			}
		}
	}
}

func TestLengthMismatchPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Dot([]float64{1}, []float64{1, 2})
}

func ExampleDot() {
	fmt.Println(Dot([]float64{1, 2, 3}, []float64{4, 5, 6}))
	// Output: 32
}

func BenchmarkDot784(b *testing.B) {
	x, y := make([]float64, 784), make([]float64, 784)
	for i := range x {
		x[i], y[i] = float64(i), 1/float64(i+1)
	}
	b.ReportAllocs()
	for b.Loop() {
		Dot(x, y)
	}
}
