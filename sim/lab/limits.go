package lab

import "sgdlab/sim/spec"

// Adjuster collects the notices of a lab's Limits checks on Vals.
type Adjuster struct {
	Vals  spec.Values
	Notes []spec.Notice
}

// Set adjusts name to value for a reason and keeps the notice.
func (a *Adjuster) Set(name, value, reason string) {
	a.Notes = append(a.Notes, a.Vals.Adjust(name, value, reason))
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
