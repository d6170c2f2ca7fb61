// Package linalg holds the dense symmetric linear algebra the simulator needs —
// eigenvalues of a symmetric matrix and a Cholesky solve — in plain Go using only
// +, −, ×, ÷ and sqrt, so that results are bit-identical natively and in wasm.
// gonum's EigenSym is the test oracle; it calls assembly natively (and
// math.Hypot, which is assembly on amd64), so its last bits differ between targets.
package linalg
