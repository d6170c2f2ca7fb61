package linesearch

import (
	"fmt"
	"math"
	"testing"
)

// quad is f(θ) = ½aθ² at θ with gradient aθ: value(α) = ½a(θ − α·aθ)².
func quad(a, theta float64) (f0, g2 float64, value func(float64) float64) {
	g := a * theta
	return 0.5 * a * theta * theta, g * g, func(al float64) float64 {
		t := theta - al*g
		return 0.5 * a * t * t
	}
}

func TestSearchSatisfiesArmijo(t *testing.T) {
	for _, tc := range []struct {
		a, theta float64
		p        Params
	}{
		{1, 3, Paper()},
		{100, -0.5, Paper()},
		{1e-3, 2, Paper()},
		{7, 1, Params{C: 0.5, Delta: 0.5, Gamma: 1, AlphaMax: 1, Reset: Max}},
		{2, 1, Params{C: 0.05, Delta: 0.9, Gamma: 2, AlphaMax: 10, Reset: Full}},
	} {
		t.Run(fmt.Sprintf("a=%g/%v", tc.a, tc.p.Reset), func(t *testing.T) {
			s, err := New(tc.p, 4, 100)
			if err != nil {
				t.Fatal(err)
			}
			theta := tc.theta
			for k := range 20 {
				f0, g2, value := quad(tc.a, theta)
				trial := s.Trial()
				calls := 0
				r := s.Search(f0, g2, func(al float64) float64 { calls++; return value(al) })
				if g2 == 0 {
					break
				}
				if r.Failed {
					t.Fatalf("step %d: failed on a smooth quadratic", k)
				}
				if calls != r.Evals || r.Backtracks != r.Evals-1 {
					t.Fatalf("step %d: %d calls, result %+v", k, calls, r)
				}
				if f := value(r.Alpha); f > f0-tc.p.C*r.Alpha*g2 {
					t.Fatalf("step %d: α = %g breaks Armijo: %g > %g", k, r.Alpha, f, f0-tc.p.C*r.Alpha*g2)
				}
				// The accepted step is the trial shrunk Backtracks times.
				if want := trial * math.Pow(tc.p.Delta, float64(r.Backtracks)); math.Abs(r.Alpha-want) > 1e-12*want {
					t.Fatalf("step %d: α = %g, want trial·δ^%d = %g", k, r.Alpha, r.Backtracks, want)
				}
				// And it is the first such: one more δ⁻¹ breaks the condition.
				if r.Backtracks > 0 {
					big := r.Alpha / tc.p.Delta
					if value(big) <= f0-tc.p.C*big*g2 && big <= trial*(1+1e-12) {
						t.Fatalf("step %d: α/δ = %g also satisfies Armijo", k, big)
					}
				}
				theta -= r.Alpha * tc.a * theta
			}
		})
	}
}

func TestTrialResets(t *testing.T) {
	p := Paper()
	for _, tc := range []struct {
		reset Reset
		want  float64 // the trial after accepting α = 1
	}{
		{Grow, math.Pow(2, 8.0/64)},
		{Max, 10},
		{Full, 2},
	} {
		p.Reset = tc.reset
		s, err := New(p, 8, 64)
		if err != nil {
			t.Fatal(err)
		}
		if s.Trial() != 10 {
			t.Errorf("%v: first trial %g, want α_max", tc.reset, s.Trial())
		}
		// f(θ − αg) = 0 accepts the first trial; force α = 1 by a value
		// that accepts only α ≤ 1.
		s.Search(1, 1, func(al float64) float64 {
			if al <= 1 {
				return 0
			}
			return 2
		})
		got := s.Trial()
		if tc.reset != Max {
			// the accepted step was 10·0.9^k ≤ 1: the largest such is 0.9^22·10
			acc := 10 * math.Pow(0.9, 22)
			tc.want = math.Min(10, acc*(tc.want))
		}
		if math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%v: trial after the search %g, want %g", tc.reset, got, tc.want)
		}
	}
}

func TestSearchZeroGradientAndFailure(t *testing.T) {
	s, _ := New(Paper(), 1, 10)
	called := false
	r := s.Search(1, 0, func(float64) float64 { called = true; return 0 })
	if r != (Result{}) || called {
		t.Errorf("zero gradient: %+v, evaluated %v; want no step, no evaluation", r, called)
	}
	// A function that never decreases: the search must give up, bounded.
	r = s.Search(1, 1, func(float64) float64 { return 2 })
	if !r.Failed || r.Alpha != 0 || r.Evals > 500 {
		t.Errorf("never-decreasing f: %+v; want failure within 500 evaluations", r)
	}
	// NaN (an overflowing model) counts as not decreasing.
	p := Paper()
	p.MaxEvals = 7
	s, _ = New(p, 1, 10)
	r = s.Search(1, 1, func(float64) float64 { return math.NaN() })
	if !r.Failed || r.Evals != 7 {
		t.Errorf("NaN with MaxEvals 7: %+v", r)
	}
	for _, bad := range [][2]float64{{math.NaN(), 1}, {1, math.NaN()}, {math.Inf(1), 1}, {1, math.Inf(1)}, {1, -1}} {
		if r := s.Search(bad[0], bad[1], func(float64) float64 { return 0 }); !r.Failed {
			t.Errorf("f0, g2 = %v: %+v, want failure", bad, r)
		}
	}
	if s.Trial() != p.AlphaMax {
		t.Errorf("failures changed the trial step to %g", s.Trial())
	}
}

func TestParamsCheck(t *testing.T) {
	for _, p := range []Params{
		{C: 0, Delta: 0.9, Gamma: 2, AlphaMax: 10},
		{C: 1, Delta: 0.9, Gamma: 2, AlphaMax: 10},
		{C: 0.1, Delta: 1, Gamma: 2, AlphaMax: 10},
		{C: 0.1, Delta: 0.5, Gamma: 0.5, AlphaMax: 10},
		{C: 0.1, Delta: 0.5, Gamma: 2, AlphaMax: 0},
		{C: 0.1, Delta: 0.5, Gamma: 2, AlphaMax: math.Inf(1)},
		{C: math.NaN(), Delta: 0.5, Gamma: 2, AlphaMax: 1},
		{C: 0.1, Delta: 0.5, Gamma: 2, AlphaMax: 1, Reset: 9},
	} {
		if _, err := New(p, 1, 1); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	if _, err := New(Paper(), 0, 1); err == nil {
		t.Error("b = 0 accepted")
	}
	for i, n := range Resets {
		if r, err := ParseReset(n); err != nil || int(r) != i || r.String() != n {
			t.Errorf("ParseReset(%q) = %v, %v", n, r, err)
		}
	}
	if _, err := ParseReset("sometimes"); err == nil {
		t.Error("unknown reset accepted")
	}
}

func TestFitKRecoversConstants(t *testing.T) {
	for _, tc := range []struct{ c1, c2, eps float64 }{
		{2, 3, 0.5}, {1e4, 50, 1}, {300, 0.2, 0.1},
	} {
		var bs, ks []float64
		for b := 1.0; b <= 4096; b *= 2 {
			if tc.eps*tc.eps*b > tc.c2 {
				bs = append(bs, b)
				ks = append(ks, tc.c1*b/(tc.eps*tc.eps*b-tc.c2))
			}
		}
		f, err := FitK(bs, ks, tc.eps)
		if err != nil {
			t.Fatal(err)
		}
		want := 2 * tc.c2 / (tc.eps * tc.eps)
		if rel(f.C1, tc.c1) > 1e-9 || rel(f.C2, tc.c2) > 1e-9 || rel(f.BStar, want) > 1e-9 || f.RMS > 1e-9 {
			t.Errorf("%+v: fit %+v", tc, f)
		}
		// b* minimises the fitted N.
		if !(f.N(f.BStar) < f.N(f.BStar*1.1) && f.N(f.BStar) < f.N(f.BStar/1.1)) {
			t.Errorf("%+v: N(b*) = %g is not a minimum", tc, f.N(f.BStar))
		}
		if k := f.K(bs[2]); rel(k, ks[2]) > 1e-9 {
			t.Errorf("K(%g) = %g, want %g", bs[2], k, ks[2])
		}
	}
	// Noisy points: the constants within a few per cent.
	bs := []float64{8, 16, 32, 64, 128, 256, 512}
	ks := make([]float64, len(bs))
	noise := []float64{1.03, 0.98, 1.01, 0.97, 1.02, 0.99, 1.0}
	for i, b := range bs {
		ks[i] = 1000 * b / (b - 4) * noise[i]
	}
	f, err := FitK(bs, ks, 1)
	if err != nil || rel(f.C1, 1000) > 0.03 || math.Abs(f.BStar-8) > 3 || f.RMS > 0.03 || f.RMS < 0.005 {
		t.Errorf("noisy fit %+v, %v; want C₁ ≈ 1000, b* ≈ 8", f, err)
	}
}

func TestFitKErrors(t *testing.T) {
	if _, err := FitK([]float64{4}, []float64{10}, 1); err == nil {
		t.Error("one point fitted")
	}
	if _, err := FitK([]float64{4, 8, 16}, []float64{10, math.Inf(1), 0}, 1); err == nil {
		t.Error("one usable point fitted")
	}
	// Steps growing with b: no positive asymptote.
	if _, err := FitK([]float64{1, 2, 4}, []float64{1, 4, 1e6}, 1); err == nil {
		t.Error("K growing without bound fitted")
	}
	if _, err := FitK([]float64{1, 2}, []float64{1}, 1); err == nil {
		t.Error("mismatched lengths accepted")
	}
	// K flat in b: C₂ = 0, b* = 0 — every b has the same K, so b = 1 is cheapest.
	f, err := FitK([]float64{1, 2, 4}, []float64{50, 50, 50}, 1)
	if err != nil || math.Abs(f.BStar) > 1e-9 {
		t.Errorf("flat K: %+v, %v", f, err)
	}
}

func rel(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

// The paper's line search on f(θ) = ½‖θ‖²·4 from θ = 1: the first search
// starts at α_max = 10 and backtracks to the first α ≤ 0.475 (where
// 2(1 − 4α)² ≤ 2 − 0.05·α·16); the next trial grows by γ^{b/n} = 2^{1/100}.
func ExampleSearch_Search() {
	s, _ := New(Paper(), 1, 100)
	f0, g2, value := quad(4, 1)
	r := s.Search(f0, g2, value)
	fmt.Printf("α = %.4f after %d backtracks; next trial %.4f\n", r.Alpha, r.Backtracks, s.Trial())
	// Output: α = 0.4710 after 29 backtracks; next trial 0.4743
}
