package theory

import (
	"fmt"
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// Hand-computed values. Spectrum β = 1, λ_1 = 0.15, λ_k = 0.01, n = 100 (the
// paper's MNIST-like numbers with a made-up λ_k).
func TestClosedForms(t *testing.T) {
	const beta, l1, lk = 1.0, 0.15, 0.01
	tests := []struct {
		name      string
		got, want float64
	}{
		// m_0 = 1/0.14 + 1
		{"MStar", MStar(beta, l1, lk), 1/0.14 + 1},
		{"MStarApprox", MStarApprox(beta, l1), 1/0.15 + 1},
		// g(λ=0.15; m=4, η=2) = (1−0.3)² + (4·0.15/4)(0.85) = 0.49 + 0.1275
		{"GDir", GDir(0.15, 4, 2, beta), 0.6175},
		// m=4 ≤ m_0: η* = 4/(1+3·0.01) = 3.883495…, g* = 1 − 0.04/1.03
		{"EtaOpt small m", EtaOpt(4, beta, l1, lk), 4 / 1.03},
		{"GOpt small m", GOpt(4, beta, l1, lk), 1 - 0.04/1.03},
		// m=20 > m_0: η* = 40/(1+19·0.16) = 40/4.04, g* = 1 − 4·20·19·0.0015/4.04²
		{"EtaOpt big m", EtaOpt(20, beta, l1, lk), 40 / 4.04},
		{"GOpt big m", GOpt(20, beta, l1, lk), 1 - 2.28/(4.04*4.04)},
		// m_1 = 1/(0.15 − 0.01) + 1 with n = 100 (β/n = 0.01)
		{"M1", M1(beta, l1, 100), 1/0.14 + 1},
		{"EtaHat small m", EtaHat(4, beta, l1, 100), 4 / 1.03},
		{"EtaHat big m", EtaHat(20, beta, l1, 100), 40 / 4.04},
		{"Speedup small m", Speedup(4, beta, l1, lk), 4 / 1.03},
		{"Speedup big m", Speedup(20, beta, l1, lk), 4 * 20 * 19 * 0.15 / (4.04 * 4.04)},
		{"Ceiling", SpeedupCeiling(beta, l1), 4 / 0.15},
		{"EtaMax", EtaMax(4, beta, l1), 8 / 1.45},
		// Bernoulli, n=100, λ_1=0.02, λ_k=0.01: m=10 → c = 0.09 ≥ 0.01: η = 1/0.1
		{"EtaBernoulli narrow", EtaBernoulli(10, 100, 0.02, 0.01), 10},
		{"GBernoulli narrow", GBernoulli(10, 100, 0.02, 0.01), 1 - 0.01/0.1},
		// m=100 (GD): c = 0, crossing: η = 2/0.03, g = ((0.01)/(0.03))²
		{"EtaBernoulli GD", EtaBernoulli(100, 100, 0.02, 0.01), 2 / 0.03},
		{"GBernoulli GD", GBernoulli(100, 100, 0.02, 0.01), 1.0 / 9},
		// orthonormal samples, n=50: λ = 1/50, η* = m, g* = 1 − m/n
		{"ortho eta", EtaBernoulli(5, 50, 0.02, 0.02), 5},
		{"ortho g", GBernoulli(5, 50, 0.02, 0.02), 0.9},
	}
	for _, tt := range tests {
		if !near(tt.got, tt.want) {
			t.Errorf("%s = %.15g, want %.15g", tt.name, tt.got, tt.want)
		}
	}
}

// The optimal steps must minimise their rate: no nearby step does better.
func TestOptimaAreOptimal(t *testing.T) {
	const beta, l1, lk = 1.0, 0.15, 0.01
	for _, m := range []int{1, 2, 4, 8, 16, 64} {
		eta := EtaOpt(m, beta, l1, lk)
		g := Rate(m, eta, beta, l1, lk)
		if !near(g, GOpt(m, beta, l1, lk)) {
			t.Errorf("m=%d: Rate(η*) = %v, GOpt = %v", m, g, GOpt(m, beta, l1, lk))
		}
		for _, f := range []float64{0.9, 0.99, 1.01, 1.1} {
			if Rate(m, f*eta, beta, l1, lk) < g-1e-15 {
				t.Errorf("m=%d: %v·η* beats η*", m, f)
			}
		}
	}
	for _, m := range []int{1, 3, 10, 30, 100} {
		for _, sp := range [][2]float64{{0.02, 0.01}, {0.5, 0.001}, {0.011, 0.01}} {
			eta := EtaBernoulli(m, 100, sp[0], sp[1])
			g := BernoulliRate(m, 100, eta, sp[0], sp[1])
			if !near(g, GBernoulli(m, 100, sp[0], sp[1])) {
				t.Errorf("m=%d %v: rate %v, g* %v", m, sp, g, GBernoulli(m, 100, sp[0], sp[1]))
			}
			for _, f := range []float64{0.95, 1.05} {
				if BernoulliRate(m, 100, f*eta, sp[0], sp[1]) < g-1e-15 {
					t.Errorf("m=%d %v: %v·η beats η*", m, sp, f)
				}
			}
		}
	}
}

func ExampleGOpt() {
	// The paper's MNIST numbers: β = 1, λ_1 = 0.15; say λ_k = 0.001.
	fmt.Printf("m* = %.2f\n", MStar(1, 0.15, 0.001))
	for _, m := range []int{1, 8, 64} {
		fmt.Printf("m=%d  η*=%.3f  speed-up=%.2f\n", m, EtaOpt(m, 1, 0.15, 0.001), Speedup(m, 1, 0.15, 0.001))
	}
	// Output:
	// m* = 7.71
	// m=1  η*=1.000  speed-up=1.00
	// m=8  η*=7.778  speed-up=7.94
	// m=64  η*=12.175  speed-up=21.89
}

// c_b of Lemma 1 (§4): 1 at b = 1, 0 at b = n, decreasing in b, 0 for n = 1.
func TestCB(t *testing.T) {
	for _, tc := range []struct {
		n, b int
		want float64
	}{{1, 1, 0}, {2, 1, 1}, {2, 2, 0}, {7, 1, 1}, {7, 7, 0}, {7, 2, 5.0 / 12}, {100, 10, 90.0 / 990}} {
		if got := CB(tc.n, tc.b); !near(got, tc.want) {
			t.Errorf("CB(%d, %d) = %v, want %v", tc.n, tc.b, got, tc.want)
		}
	}
	for _, n := range []int{2, 7, 100} {
		for b := 1; b < n; b++ {
			if !(CB(n, b+1) < CB(n, b)) {
				t.Errorf("c_b not decreasing at n=%d b=%d", n, b)
			}
		}
	}
}
