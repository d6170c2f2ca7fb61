package spec

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Version is the link format version written as v=… in every link.
const Version = 1

// MaxQuery is the longest query Parse reads; longer links are cut with a notice.
const MaxQuery = 4096

// MaxValue is the longest a Custom value may be once escaped for a link, so
// that a canonical link (whose escaping can triple a value's length) stays
// within MaxQuery and re-parses as it is.
const MaxValue = 512

// Kind is the type of a parameter's value.
type Kind int

const (
	Int    Kind = iota // decimal integer in [Min, Max]
	Float              // finite float in [Min, Max]
	Bool               // 0 or 1 (true/false/yes/no accepted)
	Enum               // one of Choices
	Seed               // unsigned 64-bit decimal integer
	Custom             // checked and canonicalised by Check
)

// Param is one parameter of a lab's link.
type Param struct {
	Name    string
	Help    string
	Kind    Kind
	Default string  // canonical form
	Min     float64 // Int, Float: inclusive range
	Max     float64
	Choices []string // Enum
	// Check canonicalises a Custom value or reports why it is invalid.
	Check func(string) (string, error)
	// Page marks parameters that change the page, not the numbers (embed, autoplay).
	Page bool
	// View marks parameters that change only the figure (axes, overlays), so a
	// driver can apply them without re-running the experiment.
	View bool
	// Group names the fieldset a page puts the control in ("Data", "SGD", …).
	Group string
}

// Notice records one change Parse made to a link, for the page to show.
type Notice struct {
	Param  string // parameter name ("" for the link as a whole)
	Given  string // what the link said
	Used   string // what is used instead ("" when the parameter is dropped)
	Reason string
}

func (n Notice) String() string {
	param, given, used := clip(n.Param), clip(n.Given), clip(n.Used)
	switch {
	case n.Param == "":
		return n.Reason
	case n.Used == "":
		return fmt.Sprintf("%s=%q ignored: %s", param, given, n.Reason)
	case n.Given == "":
		return fmt.Sprintf("%s → %s: %s", param, used, n.Reason)
	default:
		return fmt.Sprintf("%s=%q → %s: %s", param, given, used, n.Reason)
	}
}

// clipRunes is how much of a long name or value a notice repeats.
const clipRunes = 48

// clip shortens s to its first clipRunes characters and says how long it
// was, so that a notice about a 5000-character value stays readable.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= clipRunes+16 {
		return s
	}
	r := []rune(s)
	return fmt.Sprintf("%s… (%d characters)", string(r[:clipRunes]), len(r))
}

// Set is the parameter table of one lab. Common holds the parameters every lab
// shares (v, lab, embed, autoplay); Params the lab's own, in link order.
type Set struct {
	Lab    string
	Params []Param
}

// Common are the parameters of every link, before the lab's own.
var Common = []Param{
	{Name: "v", Kind: Int, Default: strconv.Itoa(Version), Min: Version, Max: Version, Help: "link format version", Group: "Link"},
	{Name: "lab", Kind: Custom, Help: "which lab the link opens", Group: "Link"},
	{Name: "embed", Kind: Bool, Default: "0", Page: true, Help: "1: show only the figure (for an iframe)", Group: "Link"},
	{Name: "autoplay", Kind: Bool, Default: "0", Page: true, Help: "1: start running on load", Group: "Link"},
}

// All returns the common parameters followed by the lab's own, with lab's
// default set to the lab name.
func (s *Set) All() []Param {
	all := make([]Param, 0, len(Common)+len(s.Params))
	for _, p := range Common {
		if p.Name == "lab" {
			lab := s.Lab
			p.Default = lab
			p.Check = func(v string) (string, error) {
				if v != lab {
					return "", fmt.Errorf("this link opens lab %q", lab)
				}
				return v, nil
			}
		}
		all = append(all, p)
	}
	return append(all, s.Params...)
}

// Param returns the parameter called name, or false.
func (s *Set) Param(name string) (Param, bool) {
	for _, p := range s.All() {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Values holds one canonical value per parameter of a Set.
type Values struct {
	set *Set
	v   map[string]string
}

// Defaults returns the Set's default values.
func (s *Set) Defaults() Values {
	v := Values{set: s, v: map[string]string{}}
	for _, p := range s.All() {
		v.v[p.Name] = p.Default
	}
	return v
}

// Parse reads a link's query (with or without a leading '?'). It never fails:
// see the package doc. Notices come in the order of the Set's parameters,
// then unknown parameters in sorted order.
func (s *Set) Parse(query string) (Values, []Notice) {
	var notes []Notice
	query = strings.TrimPrefix(query, "?")
	if len(query) > MaxQuery {
		notes = append(notes, Notice{Reason: fmt.Sprintf("the link is longer than %d characters; the rest is ignored", MaxQuery)})
		query = query[:MaxQuery]
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		notes = append(notes, Notice{Reason: "part of the link could not be read (" + err.Error() + "); the rest is used"})
	}
	vals := s.Defaults()
	known := map[string]bool{}
	for _, p := range s.All() {
		known[p.Name] = true
		given, ok := q[p.Name]
		if !ok {
			if p.Name == "v" && len(q) > 0 {
				notes = append(notes, Notice{Param: "v", Used: p.Default, Reason: "the link has no version; reading it as v=" + p.Default})
			}
			continue
		}
		if len(given) > 1 {
			notes = append(notes, Notice{Param: p.Name, Given: strings.Join(given, ","), Used: given[0], Reason: "given more than once; the first is used"})
		}
		canon, n := p.check(given[0])
		if n != nil {
			notes = append(notes, *n)
		}
		vals.v[p.Name] = canon
	}
	var unknown []string
	for k := range q {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		notes = append(notes, Notice{Param: k, Given: q[k][0], Reason: "not a parameter of lab " + s.Lab})
	}
	return vals, notes
}

// check canonicalises one given value of p; on failure it returns the default
// (or the clamped value) and a notice.
func (p Param) check(given string) (string, *Notice) {
	bad := func(used, reason string) (string, *Notice) {
		return used, &Notice{Param: p.Name, Given: given, Used: used, Reason: reason}
	}
	switch p.Kind {
	case Int:
		x, err := strconv.ParseInt(strings.TrimSpace(given), 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(strings.TrimSpace(given), 64)
			if ferr != nil && !errors.Is(ferr, strconv.ErrRange) || math.IsNaN(f) {
				return bad(p.Default, "not a whole number; using the default")
			}
			c := clamp(f, p.Min, p.Max)
			if c == f && f == math.Trunc(f) {
				return strconv.FormatInt(int64(f), 10), nil
			}
			return bad(strconv.FormatInt(int64(math.Round(c)), 10), fmt.Sprintf("not a whole number in %s…%s; rounded and clamped", fmtNum(p.Min), fmtNum(p.Max)))
		}
		if c := clamp(float64(x), p.Min, p.Max); c != float64(x) {
			return bad(strconv.FormatInt(int64(c), 10), fmt.Sprintf("outside the range %s…%s; clamped", fmtNum(p.Min), fmtNum(p.Max)))
		}
		return strconv.FormatInt(x, 10), nil
	case Float:
		x, err := strconv.ParseFloat(strings.TrimSpace(given), 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return bad(p.Default, "not a finite number; using the default")
		}
		if c := clamp(x, p.Min, p.Max); c != x {
			return bad(FormatFloat(c), fmt.Sprintf("outside the range %s…%s; clamped", fmtNum(p.Min), fmtNum(p.Max)))
		}
		return FormatFloat(x), nil
	case Bool:
		switch strings.ToLower(strings.TrimSpace(given)) {
		case "1", "true", "yes", "on":
			return "1", nil
		case "0", "false", "no", "off":
			return "0", nil
		}
		return bad(p.Default, "not 0 or 1; using the default")
	case Enum:
		g := strings.ToLower(strings.TrimSpace(given))
		for _, c := range p.Choices {
			if g == c {
				return c, nil
			}
		}
		return bad(p.Default, "not one of "+strings.Join(p.Choices, ", ")+"; using the default")
	case Seed:
		x, err := strconv.ParseUint(strings.TrimSpace(given), 10, 64)
		if err != nil {
			return bad(p.Default, "not a seed (a whole number 0…18446744073709551615); using the default")
		}
		return strconv.FormatUint(x, 10), nil
	case Custom:
		c, err := p.Check(given)
		if err != nil {
			return bad(p.Default, err.Error()+"; using the default")
		}
		if len(url.QueryEscape(c)) > MaxValue {
			return bad(p.Default, fmt.Sprintf("longer than %d characters in a link; using the default", MaxValue))
		}
		return c, nil
	}
	panic("spec: unknown kind")
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// fmtNum prints a range bound: whole numbers in full, others like FormatFloat.
func fmtNum(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return FormatFloat(x)
}

// Range describes p's range for people: "2…1048576", "iter, epoch", "0/1".
func (p Param) Range() string {
	switch p.Kind {
	case Int, Float:
		return fmtNum(p.Min) + "…" + fmtNum(p.Max)
	case Enum:
		return strings.Join(p.Choices, ", ")
	case Bool:
		return "0/1"
	case Seed:
		return "0…18446744073709551615"
	}
	return "see meaning"
}

// FormatFloat prints x in the shortest form that parses back to the same float64.
func FormatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Encode returns the canonical query of v: every parameter, in the Set's order.
func (v Values) Encode() string {
	var b strings.Builder
	for i, p := range v.set.All() {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.Name)
		b.WriteByte('=')
		b.WriteString(escape(v.v[p.Name]))
	}
	return b.String()
}

// escape is url.QueryEscape that leaves the characters of lists and step
// rules (',', '*', ':') readable.
func escape(s string) string {
	e := url.QueryEscape(s)
	r := strings.NewReplacer("%2C", ",", "%2A", "*", "%3A", ":")
	return r.Replace(e)
}

// Get returns the canonical string of a parameter; it panics on an unknown name
// (a programmer error).
func (v Values) Get(name string) string {
	s, ok := v.v[name]
	if !ok {
		panic("spec: no parameter " + name)
	}
	return s
}

// Set replaces a parameter's value after checking it like Parse does; the
// notice is non-nil when the value was changed.
func (v Values) Set(name, value string) *Notice {
	p, ok := v.set.Param(name)
	if !ok {
		panic("spec: no parameter " + name)
	}
	c, n := p.check(value)
	v.v[name] = c
	return n
}

// SetView copies the View parameters of v's set (how the runs are shown,
// never what they compute) from src, checking them like Set; the other
// parameters stay. A lab's Experiment.SetView is this.
func (v Values) SetView(src Values) {
	for _, p := range v.set.Params {
		if p.View {
			v.Set(p.Name, src.Get(p.Name))
		}
	}
}

// Adjust sets name to value for a reason (a limit the parameter's own range
// does not know) and returns the notice that tells the user: what was given,
// what is used, and why (with the range's reason too if value was clamped).
func (v Values) Adjust(name, value, reason string) Notice {
	given := v.Get(name)
	if n := v.Set(name, value); n != nil {
		reason += "; " + n.Reason
	}
	return Notice{Param: name, Given: given, Used: v.Get(name), Reason: reason}
}

// Int returns an Int or Seed parameter.
func (v Values) Int(name string) int {
	x, err := strconv.Atoi(v.Get(name))
	if err != nil {
		panic("spec: " + name + " is not an int")
	}
	return x
}

// Uint64 returns a Seed parameter.
func (v Values) Uint64(name string) uint64 {
	x, err := strconv.ParseUint(v.Get(name), 10, 64)
	if err != nil {
		panic("spec: " + name + " is not a seed")
	}
	return x
}

// Float returns a Float parameter.
func (v Values) Float(name string) float64 {
	x, err := strconv.ParseFloat(v.Get(name), 64)
	if err != nil {
		panic("spec: " + name + " is not a float")
	}
	return x
}

// Bool returns a Bool parameter.
func (v Values) Bool(name string) bool { return v.Get(name) == "1" }

// Set returns the parameter table v belongs to.
func (v Values) Params() *Set { return v.set }
