package lab

import (
	"strconv"

	"sgdlab/sim/spec"
)

// Adjuster collects the notices of a lab's Limits checks on Vals.
type Adjuster struct {
	Vals  spec.Values
	Notes []spec.Notice
}

// Set adjusts name to value for a reason and keeps the notice.
func (a *Adjuster) Set(name, value, reason string) {
	a.Notes = append(a.Notes, a.Vals.Adjust(name, value, reason))
}

// AtMost lowers the integer parameter name to most, for reason, when it is
// larger (a size limit).
func (a *Adjuster) AtMost(name string, most int, reason string) {
	if a.Vals.Int(name) > most {
		a.Set(name, strconv.Itoa(most), reason)
	}
}

// Sizes picks a lab's size limits: the browser's, which hold where inBrowser
// says (e.g. "in the browser (the CLI with -big runs larger problems)"), or
// with big the native ones, which hold "natively". It returns the limits and
// those words, for the notices.
func Sizes[L any](big bool, browser, native L, inBrowser string) (L, string) {
	if big {
		return native, "natively"
	}
	return browser, inBrowser
}

// Repeat runs check until it adjusts nothing (at most 4 rounds) and returns
// every notice: one check can undo another (a size limit lowers n below a
// square grid), and a link that passes all of them re-parses as it is.
func Repeat(v spec.Values, check func(a *Adjuster)) []spec.Notice {
	var notes []spec.Notice
	for range 4 {
		a := &Adjuster{Vals: v}
		check(a)
		if len(a.Notes) == 0 {
			break
		}
		notes = append(notes, a.Notes...)
	}
	return notes
}

// Shown keeps a progress bar from going backwards: estimates of the work
// left can grow (a run that stops early, a phase that finds more to do), but
// the fraction shown only grows. The zero value starts at 0.
type Shown struct{ p float64 }

// Of returns the largest of p and every value Of returned before.
func (s *Shown) Of(p float64) float64 {
	s.p = max(s.p, p)
	return s.p
}
