// Package sampler draws the mini-batches B_t of SGD (THEORY §2.1): with
// replacement, uniform subsets, independent Bernoulli membership, or a walk
// through a fresh random permutation each epoch. Every sampler draws from the
// *rand.Rand it is given and nothing else.
package sampler
