package batch

import (
	"fmt"
	"math"
	"strconv"
	"strings"

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

var ruleNames = []string{RuleOpt, RuleHat, RuleBern}

// Rule chooses a run's step: Mult × (the named closed form), or the fixed
// step Fixed when Name is empty.
type Rule struct {
	Name  string
	Mult  float64
	Fixed float64
}

// parseRule reads "hat", "2hat", "0.5*opt", "bern" or a fixed step "0.01".
func parseRule(s string) (Rule, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, name := range ruleNames {
		if pre, ok := strings.CutSuffix(s, name); ok {
			pre = strings.TrimSuffix(strings.TrimSpace(pre), "*")
			if pre == "" {
				return Rule{Name: name, Mult: 1}, nil
			}
			k, err := strconv.ParseFloat(pre, 64)
			if err != nil || !(k > 0) || math.IsInf(k, 0) || k > 1e6 {
				return Rule{}, fmt.Errorf("%q: the multiplier must be a positive number", s)
			}
			return Rule{Name: name, Mult: k}, nil
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || !(x > 0) || math.IsInf(x, 0) || x > 1e12 {
		return Rule{}, fmt.Errorf("%q is not a step rule (opt, hat, bern, k·rule like 2hat, or a positive step like 0.01)", s)
	}
	return Rule{Fixed: x}, nil
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

// checkList canonicalises a comma-separated list of at most maxRuns items,
// each canonicalised by item; what names the items in the error.
func checkList(s, what string, item func(string) (string, error)) (string, error) {
	parts := strings.Split(s, ",")
	if len(parts) > maxRuns {
		return "", fmt.Errorf("at most %d %s", maxRuns, what)
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

// checkRules canonicalises the eta parameter: a comma-separated list of rules.
func checkRules(s string) (string, error) {
	return checkList(s, "step rules", func(p string) (string, error) {
		r, err := parseRule(p)
		return r.String(), err
	})
}

// parseRules reads a canonical eta value.
func parseRules(s string) []Rule {
	var rs []Rule
	for _, p := range strings.Split(s, ",") {
		r, err := parseRule(p)
		if err != nil {
			panic("batch: uncanonical rule " + p)
		}
		rs = append(rs, r)
	}
	return rs
}

// checkBatches canonicalises the m parameter: batch sizes or "n", comma-separated.
func checkBatches(s string) (string, error) {
	return checkList(s, "batch sizes", func(p string) (string, error) {
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

// parseBatches resolves a canonical m value for n samples.
func parseBatches(s string, n int) []int {
	var ms []int
	for _, p := range strings.Split(s, ",") {
		if p == "n" {
			ms = append(ms, n)
			continue
		}
		m, err := strconv.Atoi(p)
		if err != nil {
			panic("batch: uncanonical batch size " + p)
		}
		ms = append(ms, m)
	}
	return ms
}
