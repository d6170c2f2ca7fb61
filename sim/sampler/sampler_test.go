package sampler

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestStatistics checks each sampler's batch-size law, per-index inclusion
// frequency and (where it holds) the absence of duplicates.
func TestStatistics(t *testing.T) {
	const n, m, draws = 20, 5, 40000
	tests := []struct {
		name      string
		dupsOK    bool
		sizeExact bool
	}{
		{Replace, true, true},
		{Subset, false, true},
		{Bernoulli, false, false},
		{Shuffle, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(tt.name, n, m, rand.New(rand.NewPCG(1, 2)))
			if err != nil {
				t.Fatal(err)
			}
			count := make([]float64, n)
			var sizes, sizes2 float64
			var b []int
			for k := 0; k < draws; k++ {
				b = s.Next(b)
				if tt.sizeExact && len(b) != m {
					t.Fatalf("batch size %d, want %d", len(b), m)
				}
				sizes += float64(len(b))
				sizes2 += float64(len(b) * len(b))
				seen := map[int]bool{}
				for _, i := range b {
					if i < 0 || i >= n {
						t.Fatalf("index %d out of range", i)
					}
					if seen[i] && !tt.dupsOK {
						t.Fatalf("duplicate index %d in %v", i, b)
					}
					seen[i] = true
					count[i]++
				}
			}
			// Every index is in a batch with expected frequency m/n per draw.
			p := float64(m) / n
			se := math.Sqrt(p * (1 - p) / draws)
			for i, c := range count {
				if f := c / draws; math.Abs(f-p) > 5*se+1e-9 {
					t.Errorf("index %d frequency %.4f, want %.4f ± %.4f", i, f, p, 5*se)
				}
			}
			if tt.name == Bernoulli { // Binomial(n, m/n): mean m, variance m(1−m/n)
				mean := sizes / draws
				v := sizes2/draws - mean*mean
				if math.Abs(mean-m) > 0.05 || math.Abs(v-m*(1-p)) > 0.15 {
					t.Errorf("batch size mean %.3f var %.3f, want %v and %v", mean, v, m, m*(1-p))
				}
			}
		})
	}
}

// TestShuffleEpochs checks that n consecutive shuffle draws (m dividing n)
// cover every index exactly once.
func TestShuffleEpochs(t *testing.T) {
	s, _ := New(Shuffle, 12, 4, rand.New(rand.NewPCG(3, 4)))
	var b []int
	for e := 0; e < 10; e++ {
		seen := make([]int, 12)
		for k := 0; k < 3; k++ {
			b = s.Next(b)
			for _, i := range b {
				seen[i]++
			}
		}
		for i, c := range seen {
			if c != 1 {
				t.Fatalf("epoch %d: index %d seen %d times", e, i, c)
			}
		}
	}
}

// TestSubsetPairs checks uniformity beyond marginals: every pair of indices
// appears together with probability m(m−1)/(n(n−1)).
func TestSubsetPairs(t *testing.T) {
	const n, m, draws = 6, 3, 60000
	s, _ := New(Subset, n, m, rand.New(rand.NewPCG(5, 6)))
	var pair [n][n]float64
	var b []int
	for k := 0; k < draws; k++ {
		b = s.Next(b)
		for _, i := range b {
			for _, j := range b {
				if i < j {
					pair[i][j]++
				}
			}
		}
	}
	p := float64(m*(m-1)) / float64(n*(n-1))
	se := math.Sqrt(p * (1 - p) / draws)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if f := pair[i][j] / draws; math.Abs(f-p) > 5*se {
				t.Errorf("pair (%d,%d) frequency %.4f want %.4f", i, j, f, p)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct {
		name string
		n, m int
	}{{"nope", 5, 1}, {Subset, 5, 6}, {Bernoulli, 5, 6}, {Replace, 0, 1}, {Replace, 5, 0}} {
		if _, err := New(c.name, c.n, c.m, r); err == nil {
			t.Errorf("%s n=%d m=%d: no error", c.name, c.n, c.m)
		}
	}
	if _, err := New(Replace, 5, 9, r); err != nil {
		t.Errorf("replace with m > n: %v", err)
	}
}
