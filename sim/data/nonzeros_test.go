package data

import (
	"fmt"
	"math"
	"testing"
)

func TestNonzeros(t *testing.T) {
	nan, negz := math.NaN(), math.Copysign(0, -1)
	tests := []struct {
		name string
		x    []float64
		d    int
		off  string
		idx  string
		val  string
	}{
		{"empty", nil, 3, "[0]", "[]", "[]"},
		{"all zero", []float64{0, 0, 0, 0}, 2, "[0 0 0]", "[]", "[]"},
		{"dense", []float64{1, 2, 3, 4}, 2, "[0 2 4]", "[0 1 0 1]", "[1 2 3 4]"},
		{"sparse", []float64{0, 5, 0, 0, 0, 0, 7, 0, 8}, 3, "[0 1 1 3]", "[1 0 2]", "[5 7 8]"},
		{"−0 is zero, NaN is not", []float64{negz, nan, 0, -1}, 4, "[0 2]", "[1 3]", "[NaN -1]"},
		{"one column", []float64{0, 2, 0}, 1, "[0 0 1 1]", "[0]", "[2]"},
	}
	for _, tt := range tests {
		z := NewNonzeros(tt.x, tt.d)
		val := z.Values(tt.x, tt.d)
		if got := fmt.Sprint(z.Off); got != tt.off {
			t.Errorf("%s: Off = %s, want %s", tt.name, got, tt.off)
		}
		if got := fmt.Sprint(z.Idx); got != tt.idx {
			t.Errorf("%s: Idx = %s, want %s", tt.name, got, tt.idx)
		}
		if got := fmt.Sprint(val); got != tt.val {
			t.Errorf("%s: Values = %s, want %s", tt.name, got, tt.val)
		}
		for i := range len(z.Off) - 1 {
			for _, p := range z.Row(i) {
				if v := tt.x[i*tt.d+int(p)]; v == 0 {
					t.Errorf("%s: row %d lists the zero at %d", tt.name, i, p)
				}
			}
		}
	}
	for _, bad := range []struct {
		x []float64
		d int
	}{{[]float64{1, 2, 3}, 2}, {nil, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewNonzeros(%v, %d) did not panic", bad.x, bad.d)
				}
			}()
			NewNonzeros(bad.x, bad.d)
		}()
	}
}
