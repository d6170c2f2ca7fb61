// Package steprule reads the step rules and batch-size lists of links: a
// rule names a closed-form step of THEORY §2 (η*(m) §2.3, η̂(m) §2.4, the
// Bernoulli η* §2.6), a multiple of one, or a fixed step.
package steprule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"sgdlab/sim/sampler"
	"sgdlab/sim/spec"
	"sgdlab/sim/spectrum"
	"sgdlab/sim/theory"
)

// Step-rule names, as in links.
const (
	RuleOpt  = "opt"  // η*(m), THEORY §2.3
	RuleHat  = "hat"  // η̂(m), THEORY §2.4
	RuleBern = "bern" // Bernoulli η*, THEORY §2.6
)

// Names are the closed-form rules.
var Names = []string{RuleOpt, RuleHat, RuleBern}

// Rule chooses a run's step: Mult × (the named closed form), or the fixed
// step Fixed when Name is empty.
type Rule struct {
	Name  string
	Mult  float64
	Fixed float64
}

// Parse reads "hat", "2hat", "0.5*opt", "bern" or a fixed step "0.01".
func Parse(s string) (Rule, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, name := range Names {
		if pre, ok := strings.CutSuffix(s, name); ok {
			pre = strings.TrimSuffix(strings.TrimSpace(pre), "*")
			if pre == "" {
				return Rule{Name: name, Mult: 1}, nil
			}
			k, err := strconv.ParseFloat(pre, 64)
			if tooLarge(k, err, maxMult) {
				return Rule{}, fmt.Errorf("%q: the multiplier is too large (at most %g)", s, maxMult)
			}
			if err != nil || !(k > 0) {
				return Rule{}, fmt.Errorf("%q: the multiplier must be a positive number", s)
			}
			return Rule{Name: name, Mult: k}, nil
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if tooLarge(x, err, maxFixed) {
		return Rule{}, fmt.Errorf("%q is too large for a step (a fixed step is at most %g)", s, maxFixed)
	}
	if err != nil || !(x > 0) {
		return Rule{}, fmt.Errorf("%q is not a step rule (opt, hat, bern, k·rule like 2hat, or a positive step like 0.01)", s)
	}
	return Rule{Fixed: x}, nil
}

// The largest multiplier of a named rule and the largest fixed step.
const (
	maxMult  = 1e6
	maxFixed = 1e12
)

// tooLarge reports whether a parsed number is positive and above limit,
// counting numbers past float64's range (ParseFloat's ErrRange with +Inf).
func tooLarge(x float64, err error, limit float64) bool {
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return false
	}
	return x > limit
}

func (r Rule) String() string {
	switch {
	case r.Name == "":
		return spec.FormatFloat(r.Fixed)
	case r.Mult == 1:
		return r.Name
	}
	return spec.FormatFloat(r.Mult) + r.Name
}

// Describe names the rule for people: "η̂(m) §2.4", "2·η*(m) §2.3", "fixed".
func (r Rule) Describe() string {
	var base string
	switch r.Name {
	case "":
		return "fixed"
	case RuleOpt:
		base = "η*(m) §2.3"
	case RuleHat:
		base = "η̂(m) §2.4"
	case RuleBern:
		base = "Bernoulli η* §2.6"
	}
	if r.Mult != 1 {
		return spec.FormatFloat(r.Mult) + "·" + base
	}
	return base
}

// Eta evaluates the rule for batch size m on n samples with spectrum sp.
func (r Rule) Eta(m, n int, sp spectrum.Spectrum) float64 {
	switch r.Name {
	case RuleOpt:
		return r.Mult * theory.EtaOpt(m, sp.Beta, sp.L1, sp.Lk)
	case RuleHat:
		return r.Mult * theory.EtaHat(m, sp.Beta, sp.L1, n)
	case RuleBern:
		return r.Mult * theory.EtaBernoulli(min(m, n), n, sp.L1, sp.Lk)
	}
	return r.Fixed
}

// CheckList canonicalises a comma-separated list of at most maxItems items,
// each canonicalised by item; what names the items in the error.
func CheckList(s, what string, maxItems int, item func(string) (string, error)) (string, error) {
	parts := strings.Split(s, ",")
	if len(parts) > maxItems {
		return "", fmt.Errorf("at most %d %s", maxItems, what)
	}
	for i, p := range parts {
		c, err := item(p)
		if err != nil {
			return "", err
		}
		parts[i] = c
	}
	return strings.Join(parts, ","), nil
}

// CheckRules returns the spec.Param Check of an eta parameter: a
// comma-separated list of at most maxItems rules.
func CheckRules(maxItems int) func(string) (string, error) {
	return func(s string) (string, error) {
		return CheckList(s, "step rules", maxItems, func(p string) (string, error) {
			r, err := Parse(p)
			return r.String(), err
		})
	}
}

// ParseRules reads a canonical eta value (one that passed CheckRules).
func ParseRules(s string) []Rule {
	var rs []Rule
	for _, p := range strings.Split(s, ",") {
		r, err := Parse(p)
		if err != nil {
			panic("steprule: uncanonical rule " + p)
		}
		rs = append(rs, r)
	}
	return rs
}

// CheckBatches returns the spec.Param Check of an m parameter: at most
// maxItems batch sizes in 1…maxM or "n", comma-separated.
func CheckBatches(maxItems, maxM int) func(string) (string, error) {
	return func(s string) (string, error) {
		return CheckList(s, "batch sizes", maxItems, func(p string) (string, error) {
			p = strings.ToLower(strings.TrimSpace(p))
			if p == "n" {
				return p, nil
			}
			m, err := strconv.Atoi(p)
			if err != nil || m < 1 || m > maxM {
				return "", fmt.Errorf("%q is not a batch size (1…%d or n)", p, maxM)
			}
			return strconv.Itoa(m), nil
		})
	}
}

// ParseBatches resolves a canonical m value for n samples.
func ParseBatches(s string, n int) []int {
	var ms []int
	for _, p := range strings.Split(s, ",") {
		if p == "n" {
			ms = append(ms, n)
			continue
		}
		m, err := strconv.Atoi(p)
		if err != nil {
			panic("steprule: uncanonical batch size " + p)
		}
		ms = append(ms, m)
	}
	return ms
}

// MaxBatch returns the largest batch size that the sampler allows on n
// samples — n for the samplers that draw without replacement (subset,
// bernoulli), factor·n for the others, past which batches only repeat
// samples — and the reason, for a notice.
func MaxBatch(samplerName string, n, factor int) (int, string) {
	if samplerName == sampler.Subset || samplerName == sampler.Bernoulli {
		return n, "the " + samplerName + " sampler needs m ≤ n"
	}
	return factor * n, fmt.Sprintf("batch sizes above %d·n only repeat samples", factor)
}

// ClampBatches replaces every size above mmax in the canonical list s (for n
// samples) by mmax, written "n" when mmax = n; changed reports whether any was.
// A clamped size equal to one the list already has is dropped rather than
// run twice: kept is then the indices of the sizes that stay, in order (nil
// when none was dropped), so that a list of one rule per size can follow
// (KeepRules).
func ClampBatches(s string, n, mmax int) (out string, changed bool, kept []int) {
	toks := strings.Split(s, ",")
	ms := ParseBatches(s, n)
	clamped := make([]bool, len(ms))
	for i, m := range ms {
		if m > mmax {
			toks[i], ms[i], clamped[i], changed = strconv.Itoa(mmax), mmax, true, true
			if mmax == n {
				toks[i] = "n"
			}
		}
	}
	var keep []string
	for i := range ms {
		dup := false
		for j := range ms {
			// a clamped size goes when an unclamped one has its value, or an
			// earlier clamped one does
			if j != i && ms[j] == ms[i] && clamped[i] && (!clamped[j] || j < i) {
				dup = true
				break
			}
		}
		if !dup {
			keep = append(keep, toks[i])
			kept = append(kept, i)
		}
	}
	if len(kept) == len(ms) {
		return strings.Join(toks, ","), changed, nil
	}
	return strings.Join(keep, ","), true, kept
}

// Merged is what a notice adds when ClampBatches dropped sizes (kept is not
// nil): "" otherwise.
func Merged(kept []int) string {
	if kept == nil {
		return ""
	}
	return "; sizes that became equal are merged"
}

// KeepRules keeps the rules of a canonical eta list that belong to the kept
// batch sizes (ClampBatches); a single rule, or a list of another length,
// is returned as it is.
func KeepRules(eta string, count int, kept []int) string {
	rs := strings.Split(eta, ",")
	if kept == nil || len(rs) != count || len(rs) == 1 {
		return eta
	}
	out := make([]string, len(kept))
	for i, k := range kept {
		out[i] = rs[k]
	}
	return strings.Join(out, ",")
}

// FitRules checks a canonical eta list against count batch sizes: one rule,
// or one per batch size. Otherwise it returns the first rule and the reason.
func FitRules(s string, count int) (out, reason string, ok bool) {
	rs := strings.Split(s, ",")
	if len(rs) == 1 || len(rs) == count {
		return s, "", true
	}
	return rs[0], fmt.Sprintf("%d step rules for %d batch sizes; give one rule or one per batch size", len(rs), count), false
}
