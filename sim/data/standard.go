package data

import (
	"fmt"
	"math"
)

// Standardized is the regression set of l as least squares wants it (THEORY
// §1): every feature and the target scaled to mean 0 and variance 1 over the
// n samples (a constant column becomes 0), and an intercept column of ones
// appended, so D = l.D + 1.
func Standardized(l *Labeled) (*Dataset, error) {
	if l.Targets == nil || l.N < 2 {
		return nil, fmt.Errorf("data: %d samples without a regression target cannot be standardised", l.N)
	}
	d := l.D + 1
	ds := &Dataset{N: l.N, D: d, X: make([]float64, l.N*d), Y: append([]float64(nil), l.Targets...)}
	for i := range l.N {
		copy(ds.X[i*d:], l.Row(i))
		ds.X[i*d+l.D] = 1
	}
	standardizeColumns(ds.X, l.N, d, l.D)
	standardizeColumns(ds.Y, l.N, 1, 1)
	return ds, nil
}

// standardizeColumns scales the first cols columns of the n×d matrix x to
// mean 0 and variance 1 (constant columns become 0).
func standardizeColumns(x []float64, n, d, cols int) {
	for j := range cols {
		var mean, ss float64
		for i := range n {
			mean += x[i*d+j]
		}
		mean /= float64(n)
		for i := range n {
			x[i*d+j] -= mean
			ss += float64(x[i*d+j] * x[i*d+j])
		}
		inv := 0.0
		if ss > 0 {
			inv = 1 / math.Sqrt(ss/float64(n))
		}
		for i := range n {
			x[i*d+j] *= inv
		}
	}
}
