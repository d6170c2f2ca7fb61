// Package theory holds the closed forms of THEORY.md, one function per formula,
// each citing its section. They take the spectral numbers (β, λ_1, λ_k, n) as
// arguments and compute nothing from data.
package theory
