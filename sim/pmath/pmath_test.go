package pmath

import (
	"fmt"
	"math"
	"testing"
)

// ulps returns the distance between a and b in units in the last place.
func ulps(a, b float64) uint64 {
	x, y := math.Float64bits(a), math.Float64bits(b)
	if x > y {
		return x - y
	}
	return y - x
}

func TestAgainstMath(t *testing.T) {
	for _, x := range []float64{1e-300, 1e-10, 0.001, 0.5, 0.9999, 1, 1.0001, 2, math.E, 10, 123.456, 1e10, 1e300} {
		if d := ulps(Log(x), math.Log(x)); d > 1 {
			t.Errorf("Log(%g) = %v, math.Log = %v (%d ulp)", x, Log(x), math.Log(x), d)
		}
	}
	for _, x := range []float64{-700, -20, -1, -1e-9, 0, 1e-9, 0.5, 1, 2, 20, 700} {
		if d := ulps(Exp(x), math.Exp(x)); d > 1 {
			t.Errorf("Exp(%g) = %v, math.Exp = %v (%d ulp)", x, Exp(x), math.Exp(x), d)
		}
	}
	for _, c := range [][2]float64{{2, 10}, {3, -1.5}, {1000, 0.5}, {0.25, 2.5}} {
		got, want := Pow(c[0], c[1]), math.Pow(c[0], c[1])
		if math.Abs(got-want) > 1e-14*math.Abs(want) {
			t.Errorf("Pow(%g,%g) = %v, want %v", c[0], c[1], got, want)
		}
	}
}

func TestSpecial(t *testing.T) {
	if !math.IsInf(Log(0), -1) || !math.IsNaN(Log(-1)) || !math.IsInf(Exp(1000), 1) || Exp(-1000) != 0 {
		t.Error("special cases")
	}
	if !math.IsNaN(Pow(-1, 0.5)) || Pow(-1, 0) != 1 {
		t.Error("Pow special cases")
	}
}

func ExamplePow() {
	fmt.Println(Pow(2, 10), Log(1), Exp(0))
	// Output: 1024 0 1
}
