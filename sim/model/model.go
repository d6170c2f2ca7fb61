// Package model holds the losses whose stochastic gradients the labs study,
// behind one interface: a model draws mini-batch gradients from a run's own
// random stream and computes its full (or population) gradient and loss.
// Hot paths are destination-first and allocation-free after construction.
package model

import "math/rand/v2"

// Model is a differentiable loss L on R^Dim.
type Model interface {
	// Dim is the number of parameters.
	Dim() int
	// NewBatcher returns the source of mini-batch gradients for batch size b
	// of one run, drawing its batches from r.
	NewBatcher(b int, r *rand.Rand) Batcher
	// Full sets dst = ∇L(w) and returns L(w). It may use the model's
	// scratch, so it is not safe for concurrent use; Clone gives a copy
	// with its own scratch for another goroutine.
	Full(dst, w []float64) float64
	// Clone returns a model sharing the data but not the scratch.
	Clone() Model
}

// Batcher draws one mini-batch per call and sets g to its gradient at w.
type Batcher interface {
	Grad(g, w []float64)
}
