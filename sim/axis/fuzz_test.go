package axis

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// checkTicks fails t unless ts is a valid tick list for [a, b]: finite values,
// strictly increasing, inside the range, labels exact and distinct, bounded.
func checkTicks(t *testing.T, name string, a, b float64, ts []Tick) {
	t.Helper()
	lo, hi := math.Min(a, b), math.Max(a, b)
	seen := map[string]bool{}
	if len(ts) > 1000 {
		t.Fatalf("%s(%v, %v): %d ticks", name, a, b, len(ts))
	}
	for i, tk := range ts {
		if !finite(tk.Value) || tk.Value < lo || tk.Value > hi {
			t.Fatalf("%s(%v, %v): tick %v out of range", name, a, b, tk)
		}
		if i > 0 && !(tk.Value > ts[i-1].Value) {
			t.Fatalf("%s(%v, %v): ticks not increasing at %d: %v", name, a, b, i, ts)
		}
		if tk.Label == "" {
			continue
		}
		if seen[tk.Label] {
			t.Fatalf("%s(%v, %v): label %q twice: %v", name, a, b, tk.Label, ts)
		}
		seen[tk.Label] = true
		if len(ts) == 1 {
			continue // the degenerate range's label is rounded
		}
		if v, err := strconv.ParseFloat(tk.Label, 64); err != nil || v != tk.Value {
			t.Fatalf("%s(%v, %v): label %q is not the value %v", name, a, b, tk.Label, tk.Value)
		}
	}
}

func countLabels(ts []Tick) int {
	n := 0
	for _, t := range ts {
		if t.Label != "" {
			n++
		}
	}
	return n
}

// wide reports whether [a, b] is wide enough, relative to its magnitude, for
// ticks to be told apart.
func wide(a, b float64) bool {
	d := math.Abs(b/2 - a/2)
	return d > 1e-10*math.Max(math.Abs(a), math.Abs(b)) && d > 1e-290
}

func FuzzTicks(f *testing.F) {
	f.Add(0.0, 1.0, uint8(5))
	f.Add(1e-300, 1e300, uint8(8))
	f.Add(-5.0, 1e-9, uint8(1))
	f.Add(0.3, 0.4, uint8(3))
	f.Add(5e-324, 1e-320, uint8(4))
	f.Add(-math.MaxFloat64, math.MaxFloat64, uint8(2))
	f.Add(1.0, math.Nextafter(1, 2), uint8(5))
	f.Fuzz(func(t *testing.T, a, b float64, n uint8) {
		if !finite(a) || !finite(b) {
			if Linear(a, b, int(n)) != nil || LogN(a, b, int(n)) != nil {
				t.Fatalf("ticks for the non-finite range [%v, %v]", a, b)
			}
			return
		}
		lin := Linear(a, b, int(n))
		checkTicks(t, "Linear", a, b, lin)
		if a != b && wide(a, b) && len(lin) < 2 {
			t.Fatalf("Linear(%v, %v, %d): fewer than 2 ticks: %v", a, b, n, lin)
		}
		if !(a > 0 && b > 0) {
			if LogN(a, b, int(n)) != nil {
				t.Fatalf("log ticks for the non-positive range [%v, %v]", a, b)
			}
			return
		}
		lg := LogN(a, b, int(n))
		checkTicks(t, "LogN", a, b, lg)
		if wide(a, b) && countLabels(lg) < 2 {
			t.Fatalf("LogN(%v, %v, %d): fewer than 2 labels: %v", a, b, n, lg)
		}
	})
}

func FuzzRange(f *testing.F) {
	f.Add(0.0, 0.0, 1.0, false)
	f.Add(5e-324, 5e-324, 1.0, true)
	f.Add(math.MaxFloat64, -math.MaxFloat64, math.NaN(), false)
	f.Add(math.MaxFloat64, math.MaxFloat64, math.MaxFloat64, true)
	f.Fuzz(func(t *testing.T, a, b, c float64, log bool) {
		vs := []float64{a, b, c}
		lo, hi, ok := Range(log, vs)
		any := false
		for _, v := range vs {
			if finite(v) && (!log || v > 0) {
				any = true
				if v < lo || v > hi {
					t.Fatalf("Range(%v, %v) = [%v, %v] misses %v", log, vs, lo, hi, v)
				}
			}
		}
		if ok != any {
			t.Fatalf("Range(%v, %v): ok = %v", log, vs, ok)
		}
		if ok && (!finite(lo) || !finite(hi) || !(lo < hi) || (log && !(lo > 0))) {
			t.Fatalf("Range(%v, %v) = [%v, %v]", log, vs, lo, hi)
		}
	})
}

// TestTicksSweep checks the fuzz properties on ranges of every magnitude and
// relative width, which random bit patterns rarely produce.
func TestTicksSweep(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		a := math.Pow(10, r.Float64()*640-320)
		if r.IntN(3) == 0 {
			a = -a
		}
		b := a + math.Abs(a)*math.Pow(10, r.Float64()*40-20)
		if !finite(b) {
			continue
		}
		n := 1 + r.IntN(12)
		lin := Linear(a, b, n)
		checkTicks(t, "Linear", a, b, lin)
		if wide(a, b) && len(lin) < 2 {
			t.Fatalf("Linear(%v, %v, %d): fewer than 2 ticks: %v", a, b, n, lin)
		}
		if a > 0 {
			lg := LogN(a, b, n)
			checkTicks(t, "LogN", a, b, lg)
			if wide(a, b) && countLabels(lg) < 2 {
				t.Fatalf("LogN(%v, %v, %d): fewer than 2 labels: %v", a, b, n, lg)
			}
		}
	}
}
