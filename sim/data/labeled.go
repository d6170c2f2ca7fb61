package data

import (
	"fmt"
	"math/rand/v2"

	"sgdlab/sim/shard"
)

// Labeled is a dataset read from shards: samples X (n×d, row-major, scaled
// to their real values), class labels (nil for regression) and real targets
// (nil for classification).
type Labeled struct {
	N, D    int
	Classes int
	X       []float64
	Labels  []int
	Targets []float64
}

// FromShards concatenates decoded shards of one dataset. It reports a clear
// error when the shards disagree on d, classes or element type.
func FromShards(parts []*shard.Shard) (*Labeled, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("data: no shards")
	}
	first := parts[0]
	l := &Labeled{D: first.D, Classes: first.Classes}
	for k, s := range parts {
		if s.D != first.D || s.Classes != first.Classes {
			return nil, fmt.Errorf("data: shard %d has d=%d classes=%d, shard 0 has d=%d classes=%d", k, s.D, s.Classes, first.D, first.Classes)
		}
		row := make([]float64, s.D)
		for i := 0; i < s.N; i++ {
			l.X = append(l.X, s.Row(row, i)...)
			if s.Classes > 0 {
				l.Labels = append(l.Labels, int(s.Labels[i]))
			} else {
				l.Targets = append(l.Targets, float64(s.Targets[i]))
			}
		}
		l.N += s.N
	}
	return l, nil
}

// Row returns sample i, aliasing X.
func (l *Labeled) Row(i int) []float64 { return l.X[i*l.D : (i+1)*l.D] }

// Subset selections.
const (
	PerClass = "perclass" // the first n/classes samples of each class, in dataset order
	Random   = "random"   // n samples drawn uniformly without replacement from a seeded stream
	First    = "first"    // the first n samples
)

// Select returns the indices of an n-sample subset. PerClass takes the first
// ⌊n/C⌋ samples of every class, then fills up to n with the next unused
// samples in dataset order (so n need not be a multiple of C); it needs labels.
// Random draws with r by a partial Fisher–Yates shuffle and sorts nothing:
// the order of the draw is the order of the subset.
func (l *Labeled) Select(how string, n int, r *rand.Rand) ([]int, error) {
	if n < 1 || n > l.N {
		return nil, fmt.Errorf("data: subset of %d from %d samples", n, l.N)
	}
	switch how {
	case First:
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	case Random:
		if r == nil {
			panic("data: Random selection needs a source")
		}
		perm := make([]int, l.N)
		for i := range perm {
			perm[i] = i
		}
		for k := 0; k < n; k++ {
			j := k + r.IntN(l.N-k)
			perm[k], perm[j] = perm[j], perm[k]
		}
		return perm[:n], nil
	case PerClass:
		if l.Classes == 0 {
			return nil, fmt.Errorf("data: per-class selection needs class labels")
		}
		per := n / l.Classes
		taken := make([]int, l.Classes)
		used := make([]bool, l.N)
		var idx []int
		for i, c := range l.Labels {
			if taken[c] < per {
				taken[c]++
				used[i] = true
				idx = append(idx, i)
			}
		}
		for i := 0; i < l.N && len(idx) < n; i++ {
			if !used[i] {
				idx = append(idx, i)
			}
		}
		return idx, nil
	}
	return nil, fmt.Errorf("data: unknown selection %q", how)
}

// Target encodings.
const (
	OneHot     = "onehot"     // C columns, 1 for the class, 0 elsewhere
	PlusMinus  = "pm1"        // one column: +1 for classes < C/2 (or the chosen positive class), −1 otherwise
	Regression = "regression" // one column: the real target
)

// Encode returns the targets of the samples idx as an n×cols matrix
// (row-major). For PlusMinus, positive lists the classes encoded as +1; nil
// means the lower half of the classes.
func (l *Labeled) Encode(idx []int, how string, positive []int) (y []float64, cols int, err error) {
	switch how {
	case Regression:
		if l.Targets == nil {
			return nil, 0, fmt.Errorf("data: this dataset has classes, not a regression target")
		}
		for _, i := range idx {
			y = append(y, l.Targets[i])
		}
		return y, 1, nil
	case OneHot:
		if l.Classes == 0 {
			return nil, 0, fmt.Errorf("data: one-hot targets need classes")
		}
		y = make([]float64, len(idx)*l.Classes)
		for k, i := range idx {
			y[k*l.Classes+l.Labels[i]] = 1
		}
		return y, l.Classes, nil
	case PlusMinus:
		if l.Classes < 2 {
			return nil, 0, fmt.Errorf("data: ±1 targets need at least two classes")
		}
		pos := make([]bool, l.Classes)
		if positive == nil {
			for c := 0; c < l.Classes/2; c++ {
				pos[c] = true
			}
		}
		for _, c := range positive {
			if c < 0 || c >= l.Classes {
				return nil, 0, fmt.Errorf("data: class %d out of range", c)
			}
			pos[c] = true
		}
		for _, i := range idx {
			v := -1.0
			if pos[l.Labels[i]] {
				v = 1
			}
			y = append(y, v)
		}
		return y, 1, nil
	}
	return nil, 0, fmt.Errorf("data: unknown target encoding %q", how)
}
