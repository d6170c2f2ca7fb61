// Package kernel holds positive-definite kernels, their matrices, and SGD on
// the coefficients of a kernel model f = Σ_j α_j k(x_j, ·) as a stepper —
// THEORY §2.1 in the kernel's feature space.
package kernel
