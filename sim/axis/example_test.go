package axis_test

import (
	"fmt"
	"math"
	"strings"

	"sgdlab/sim/axis"
)

// show prints the labels of ts.
func show(ts []axis.Tick) {
	var l []string
	for _, t := range ts {
		if t.Label != "" {
			l = append(l, t.Label)
		}
	}
	fmt.Println(strings.Join(l, " "))
}

func ExampleLinear() {
	show(axis.Linear(0.1, 0.35, 5))
	// Output: 0.10 0.15 0.20 0.25 0.30 0.35
}

func ExampleLog() {
	ts := axis.Log(1e-4, 10)
	show(ts)
	var major, minor int
	for _, t := range ts {
		if t.Major {
			major++
		} else {
			minor++
		}
	}
	fmt.Println(major, "decades,", minor, "minor ticks")
	// Output:
	// 1e-4 1e-3 0.01 0.1 1 10
	// 6 decades, 40 minor ticks
}

func ExampleLogN() {
	// Many decades: every third one is labelled.
	show(axis.LogN(1e-12, 1, 6))
	// Under a decade: labelled ticks at a linear step instead.
	show(axis.LogN(0.6, 1.5, 6))
	// Output:
	// 1e-12 1e-9 1e-6 1e-3 1
	// 0.6 0.8 1.0 1.2 1.4
}

func ExampleScale() {
	s := axis.Scale{Min: 1e-6, Max: 1, Log: true}
	// Axis positions are display-only (exempt from the rounding discipline
	// of sim/doc.go), so their last bit may depend on the CPU: print 6 digits.
	fmt.Printf("%.6g %.6g %.6g\n", s.At(1e-3), s.Value(0.5), s.At(0))
	// Output: 0.5 0.001 NaN
}

func ExampleRange() {
	lo, hi, ok := axis.Range(false, []float64{0, 3, 10}, []float64{7, math.Inf(1), math.NaN()})
	fmt.Println(lo, hi, ok)
	lo, hi, ok = axis.Range(true, []float64{0, -1})
	fmt.Println(lo, hi, ok)
	// Output:
	// 0 10.4 true
	// 0 0 false
}
