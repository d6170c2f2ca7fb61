package sampler

import (
	"fmt"
	"math/rand/v2"
)

// Names of the samplers, as in links.
const (
	Replace   = "replace"
	Subset    = "subset"
	Bernoulli = "bernoulli"
	Shuffle   = "shuffle"
)

// Names lists the samplers in the order the page offers them.
var Names = []string{Replace, Subset, Bernoulli, Shuffle}

// Sampler draws batch indices in [0, n).
type Sampler interface {
	// Next appends the next batch to dst[:0] and returns it. Indices may repeat
	// (Replace). The batch may be empty (Bernoulli).
	Next(dst []int) []int
}

// New returns the sampler called name for n samples and batch size m ≥ 1.
// Subset and Bernoulli need m ≤ n.
func New(name string, n, m int, r *rand.Rand) (Sampler, error) {
	if n < 1 || m < 1 {
		return nil, fmt.Errorf("sampler: need n ≥ 1 and m ≥ 1, got n=%d m=%d", n, m)
	}
	switch name {
	case Replace:
		return &replace{n: n, m: m, r: r}, nil
	case Subset, Bernoulli:
		if m > n {
			return nil, fmt.Errorf("sampler: %s needs m ≤ n, got m=%d n=%d", name, m, n)
		}
		if name == Subset {
			return &subset{perm: identity(n), m: m, r: r}, nil
		}
		return &bernoulli{n: n, p: float64(m) / float64(n), r: r}, nil
	case Shuffle:
		return &shuffle{perm: identity(n), pos: n, m: m, r: r}, nil
	}
	return nil, fmt.Errorf("sampler: unknown sampler %q", name)
}

func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// replace draws m indices uniformly with replacement.
type replace struct {
	n, m int
	r    *rand.Rand
}

func (s *replace) Next(dst []int) []int {
	dst = dst[:0]
	for k := 0; k < s.m; k++ {
		dst = append(dst, s.r.IntN(s.n))
	}
	return dst
}

// subset draws a uniform m-subset by a partial Fisher–Yates shuffle of a
// permutation kept between calls (any permutation is a valid start).
type subset struct {
	perm []int
	m    int
	r    *rand.Rand
}

func (s *subset) Next(dst []int) []int {
	dst = dst[:0]
	n := len(s.perm)
	for k := 0; k < s.m; k++ {
		j := k + s.r.IntN(n-k)
		s.perm[k], s.perm[j] = s.perm[j], s.perm[k]
		dst = append(dst, s.perm[k])
	}
	return dst
}

// bernoulli includes each index independently with probability p = m/n.
type bernoulli struct {
	n int
	p float64
	r *rand.Rand
}

func (s *bernoulli) Next(dst []int) []int {
	dst = dst[:0]
	for i := 0; i < s.n; i++ {
		if s.r.Float64() < s.p {
			dst = append(dst, i)
		}
	}
	return dst
}

// shuffle walks a random permutation in chunks of m; when it runs out it draws
// a fresh permutation and continues, so every batch has exactly m indices and
// every index appears once per n consecutive draws.
type shuffle struct {
	perm []int
	pos  int
	m    int
	r    *rand.Rand
}

func (s *shuffle) Next(dst []int) []int {
	dst = dst[:0]
	for k := 0; k < s.m; k++ {
		if s.pos == len(s.perm) {
			s.r.Shuffle(len(s.perm), func(i, j int) { s.perm[i], s.perm[j] = s.perm[j], s.perm[i] })
			s.pos = 0
		}
		dst = append(dst, s.perm[s.pos])
		s.pos++
	}
	return dst
}
