package armijo

import (
	"errors"
	"fmt"
	"math"

	"sgdlab/sim/polyfit"
)

// KFit is the model of THEORY §5 fitted to measured steps to target:
//
//	K(b) = C₁b/(ε²b − C₂),   N(b) = K(b)·b = C₁b²/(ε²b − C₂),
//
// valid for b > C₂/ε², with the SFO-optimal (critical) batch size
// b* = 2C₂/ε². The model is linear in 1/b after inverting,
//
//	1/K = ε²/C₁ − (C₂/C₁)·(1/b) = A + S/b,
//
// so C₁ = ε²/A, C₂ = −S·ε²/A and b* = −2S/A, whatever ε is: ε only sets
// the scale of C₁ and C₂ (the paper's ε is the gradient-norm precision).
type KFit struct {
	Eps    float64 // the ε the constants are stated for
	A, S   float64 // 1/K = A + S/b
	C1, C2 float64
	BStar  float64 // 2C₂/ε²; ≤ 0 when K does not fall with b (N is then increasing)
}

// K is the fitted number of steps at batch size b (+Inf at or below C₂/ε²).
func (f KFit) K(b float64) float64 {
	inv := f.A + f.S/b
	if !(inv > 0) {
		return math.Inf(1)
	}
	return 1 / inv
}

// N is the fitted SFO complexity K(b)·b.
func (f KFit) N(b float64) float64 { return f.K(b) * b }

// ErrNoFit is returned when the measured K cannot determine the model.
var ErrNoFit = errors.New("armijo: K(b) needs at least two distinct batch sizes with finite K > 0")

// FitK fits K(b) = C₁b/(ε²b − C₂) to the points (b_i, K_i) by weighted least
// squares on 1/K = A + S/b with weights K_i², which makes each residual
// relative, (K_i − K̂_i)/K̂_i to first order. Points with K_i not finite and
// positive are skipped. An A ≤ 0 — no positive asymptote, steps that do not
// level off as b grows — is an error.
func FitK(b, k []float64, eps float64) (KFit, error) {
	if len(b) != len(k) {
		return KFit{}, fmt.Errorf("armijo: %d batch sizes and %d step counts", len(b), len(k))
	}
	if !(eps > 0) {
		return KFit{}, fmt.Errorf("armijo: ε = %g must be positive", eps)
	}
	var x, y, w []float64
	for i := range b {
		if k[i] > 0 && !math.IsInf(k[i], 1) && b[i] > 0 {
			x = append(x, 1/b[i])
			y = append(y, 1/k[i])
			w = append(w, k[i]*k[i])
		}
	}
	p, err := polyfit.Fit(x, y, w, 0, 1)
	if err != nil || len(x) < 2 {
		return KFit{}, ErrNoFit
	}
	f := KFit{Eps: eps, A: p.C[0], S: p.C[1]}
	if !(f.A > 0) {
		return f, fmt.Errorf("armijo: the fitted 1/K = %.4g + %.4g/b has no positive limit: K does not level off as b grows", f.A, f.S)
	}
	e2 := eps * eps
	f.C1 = e2 / f.A
	f.C2 = -f.S * e2 / f.A
	f.BStar = 2 * f.C2 / e2
	return f, nil
}
