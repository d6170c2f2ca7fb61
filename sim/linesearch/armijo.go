// Package linesearch is the backtracking Armijo line search that chooses SGD's
// step on the mini-batch of each iteration (Tsukada & Iiduka; THEORY §5), and
// the fit of the steps-to-target model K(b) = C₁b/(ε²b − C₂) with its
// critical batch size b* = 2C₂/ε².
//
// One search, for a batch B with loss f_B and gradient g at θ: start from a
// trial step α and, while
//
//	f_B(θ − αg) > f_B(θ) − c·α·‖g‖²,
//
// set α ← δα; then θ ← θ − αg. Both sides use the same batch. The trial step
// is Vaswani et al.'s reset α_trial = min(α_{k−1}·γ^{b/n}, α_max) (Grow), or
// α_max every time (Max), or — the variant THEORY §5 warns against —
// min(α_{k−1}·γ, α_max) (Full). The search follows gonum's
// optimize.Backtracking step for step (the same trial steps, the same
// condition, the same 1e-20 floor) but is written here with the condition's
// product rounded explicitly: gonum's ArmijoConditionMet computes
// f0 + c·α·g₀ in one expression, which arm64 fuses into an FMA, so the
// accepted step could differ by CPU (the rounding discipline is in sim/doc.go).
//
// The K(b) fit (fit.go) stays here rather than in sim/theory: it is the model
// of THEORY §5 for SGD with this search, and it is a least-squares fit to
// measured steps, while sim/theory holds closed forms that compute nothing
// from data. The errors keep the prefix "armijo:", which the lab's readouts
// show (and its goldens record).
package linesearch

import (
	"fmt"
	"math"

	"sgdlab/sim/pmath"
)

// Reset is the rule for the first trial step of a search.
type Reset int

const (
	// Grow: α_trial = min(α_{k−1}·γ^{b/n}, α_max) (painless SGD's reset).
	Grow Reset = iota
	// Max: α_trial = α_max every step.
	Max
	// Full: α_trial = min(α_{k−1}·γ, α_max), growing by a whole γ each step.
	Full
)

// Resets names the rules as links spell them, in Reset order.
var Resets = []string{"grow", "max", "full"}

// String implements fmt.Stringer.
func (r Reset) String() string {
	if r >= 0 && int(r) < len(Resets) {
		return Resets[r]
	}
	return fmt.Sprintf("Reset(%d)", int(r))
}

// ParseReset returns the rule a link names.
func ParseReset(s string) (Reset, error) {
	for i, n := range Resets {
		if n == s {
			return Reset(i), nil
		}
	}
	return 0, fmt.Errorf("armijo: no reset rule %q (rules: %v)", s, Resets)
}

// Params are the line search's constants.
type Params struct {
	C        float64 // sufficient-decrease constant c ∈ (0, 1)
	Delta    float64 // backtracking factor δ ∈ (0, 1)
	Gamma    float64 // growth factor γ ≥ 1 of the trial step
	AlphaMax float64 // largest trial step α_max > 0
	Reset    Reset
	// MaxEvals bounds the evaluations of one search (0: no bound beyond
	// minStep).
	MaxEvals int
}

// minStep is the smallest trial step: a search whose step shrinks below it
// fails (gonum's optimize.Backtracking uses the same floor).
const minStep = 1e-20

// Paper returns the constants of Tsukada & Iiduka's experiments: c = 0.05,
// δ = 0.9, γ = 2, α_max = 10, with the Grow reset.
func Paper() Params { return Params{C: 0.05, Delta: 0.9, Gamma: 2, AlphaMax: 10, Reset: Grow} }

// Check reports constants outside their ranges.
func (p Params) Check() error {
	switch {
	case !(p.C > 0 && p.C < 1):
		return fmt.Errorf("armijo: c = %g must lie in (0, 1)", p.C)
	case !(p.Delta > 0 && p.Delta < 1):
		return fmt.Errorf("armijo: δ = %g must lie in (0, 1)", p.Delta)
	case !(p.Gamma >= 1) || math.IsInf(p.Gamma, 1):
		return fmt.Errorf("armijo: γ = %g must be ≥ 1 and finite", p.Gamma)
	case !(p.AlphaMax > 0) || math.IsInf(p.AlphaMax, 1):
		return fmt.Errorf("armijo: α_max = %g must be positive and finite", p.AlphaMax)
	case p.Reset < Grow || p.Reset > Full:
		return fmt.Errorf("armijo: unknown reset %d", int(p.Reset))
	case p.MaxEvals < 0:
		return fmt.Errorf("armijo: MaxEvals = %d is negative", p.MaxEvals)
	}
	return nil
}

// Search is the line search of one SGD run: it remembers the last accepted
// step for the next trial.
type Search struct {
	p      Params
	growth float64 // the trial step's factor: γ^{b/n}, 1 or γ
	prev   float64 // the last accepted step; 0 before the first
}

// New returns the search of a run with batch size b on n samples.
func New(p Params, b, n int) (*Search, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	if b < 1 || n < 1 {
		return nil, fmt.Errorf("armijo: batch size %d and n = %d must be ≥ 1", b, n)
	}
	s := &Search{p: p, growth: 1}
	switch p.Reset {
	case Grow:
		s.growth = pmath.Pow(p.Gamma, float64(b)/float64(n))
	case Full:
		s.growth = p.Gamma
	}
	return s, nil
}

// Trial is the first step the next search tries.
func (s *Search) Trial() float64 {
	if s.prev == 0 || s.p.Reset == Max {
		return s.p.AlphaMax
	}
	return math.Min(s.prev*s.growth, s.p.AlphaMax)
}

// Result is the outcome of one search.
type Result struct {
	// Alpha is the accepted step; 0 when the gradient was zero or the
	// search failed (then θ must stay).
	Alpha float64
	// Evals counts the evaluations of f_B at trial points (f_B(θ) and the
	// gradient are the caller's, not counted here).
	Evals int
	// Backtracks = Evals − 1 for an accepted step: how often α shrank.
	Backtracks int
	// Failed: no trial step up to the bound satisfied the condition (or
	// f_B(θ), ‖g‖² were not finite).
	Failed bool
}

// Search finds the step for a batch whose loss at θ is f0 and whose gradient
// has squared norm g2; value(α) must return f_B(θ − αg). A zero gradient (it
// happens when a model interpolates the batch) takes no step and evaluates
// nothing. The number of evaluations is bounded: the search gives up once
// α < 1e-20 (≈ 460 evaluations from α = 10 with δ = 0.9), and MaxEvals when set.
func (s *Search) Search(f0, g2 float64, value func(alpha float64) float64) Result {
	if g2 == 0 && !math.IsNaN(f0) && !math.IsInf(f0, 0) {
		return Result{}
	}
	if !(g2 > 0) || math.IsInf(g2, 1) || math.IsNaN(f0) || math.IsInf(f0, 0) {
		return Result{Failed: true}
	}
	alpha := s.Trial()
	var r Result
	for {
		f := value(alpha)
		r.Evals++
		// Armijo: f_B(θ − αg) ≤ f_B(θ) + c·α·(−‖g‖²), the product rounded
		// before the sum.
		if f <= f0+float64(s.p.C*alpha*(-g2)) {
			r.Alpha = alpha
			r.Backtracks = r.Evals - 1
			s.prev = alpha
			return r
		}
		alpha *= s.p.Delta
		if alpha < minStep {
			r.Failed = true
			return r
		}
		if s.p.MaxEvals > 0 && r.Evals >= s.p.MaxEvals {
			r.Failed = true
			return r
		}
	}
}
