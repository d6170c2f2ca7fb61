package polyfit

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// Exact data of known polynomials in 1/b are recovered.
func TestRecovers(t *testing.T) {
	bs := []float64{1, 2, 4, 8, 16, 32, 64, 128}
	for _, tc := range []struct {
		lo   int
		want []float64
	}{
		{0, []float64{-0.01, 1.2}},        // Lemma 1 shape: a + c/b
		{1, []float64{3, -1.5, 0.25}},     // no constant: c₁/b + c₂/b² + c₃/b³
		{1, []float64{2}},                 // pure 1/b
		{0, []float64{0.5, 0.1, 2, -0.3}}, // cubic with constant
	} {
		t.Run(fmt.Sprint(tc.lo, tc.want), func(t *testing.T) {
			want := Poly{Lo: tc.lo, C: tc.want}
			var x, y, w []float64
			for _, b := range bs {
				x = append(x, 1/b)
				v := want.Eval(1 / b)
				y = append(y, v)
				w = append(w, 1/(v*v))
			}
			got, err := Fit(x, y, w, tc.lo, tc.lo+len(tc.want)-1)
			if err != nil {
				t.Fatal(err)
			}
			for k := range tc.want {
				if math.Abs(got.C[k]-tc.want[k]) > 1e-8*math.Max(1, math.Abs(tc.want[k])) {
					t.Errorf("coefficient %d: %v, want %v", tc.lo+k, got.C[k], tc.want[k])
				}
			}
		})
	}
}

// With noise the least-squares line is the one the normal equations give.
func TestLine(t *testing.T) {
	x := []float64{0, 1, 2, 3}
	y := []float64{1, 3, 2, 5}
	p, err := Fit(x, y, nil, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	// slope = cov/var = 1.1, intercept = ȳ − 1.1·x̄ = 2.75 − 1.65 = 1.1
	if math.Abs(p.C[0]-1.1) > 1e-12 || math.Abs(p.C[1]-1.1) > 1e-12 {
		t.Errorf("line %v", p.C)
	}
}

func TestRank(t *testing.T) {
	if _, err := Fit([]float64{1, 1, 1}, []float64{1, 2, 3}, nil, 0, 1); !errors.Is(err, ErrRank) {
		t.Errorf("repeated x: %v", err)
	}
	if _, err := Fit([]float64{1, 2}, []float64{1, 2}, nil, 0, 2); !errors.Is(err, ErrRank) {
		t.Errorf("too few points: %v", err)
	}
	if _, err := Fit([]float64{1}, []float64{1, 2}, nil, 0, 0); err == nil {
		t.Error("size mismatch accepted")
	}
}

func ExampleFit() {
	// var(b) = 0.02 + 1.5/b, sampled at b = 1, 2, 4, 8
	var x, y []float64
	for _, b := range []float64{1, 2, 4, 8} {
		x, y = append(x, 1/b), append(y, 0.02+1.5/b)
	}
	p, _ := Fit(x, y, nil, 0, 1)
	fmt.Printf("%.3f + %.3f/b\n", p.C[0], p.C[1])
	// Output: 0.020 + 1.500/b
}
