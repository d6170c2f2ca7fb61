package lab

// Partial is implemented by Portable experiments whose units can be shown
// while they run elsewhere (a Web Worker): MarshalPartial encodes what
// running unit i of the units Units returns now has computed so far, and
// ShowPartial installs such bytes into unit i of an experiment built from
// the same link, for display only — the curves of a unit computed in a
// worker grow on the page as they would if it ran there.
//
// A snapshot carries only what is new: mark says what the earlier snapshots
// of unit i (made by the same experiment, in this units phase) carried —
// 0 for the first — and MarshalPartial returns the mark of the next. The
// snapshots of a unit are shown in the order they were made.
//
// The rules, which labtest.Partial checks for every lab:
//   - after ShowPartial the unit still counts as running, whatever the bytes
//     say: only its final result (UnmarshalUnit) stops it;
//   - the readout and the figure show the unit as far as it got;
//   - the unit's own state, from which it would go on here, is kept aside:
//     ShowPartial(i, nil) puts it back (a driver whose workers stopped calls
//     it before it steps the unit itself), and UnmarshalUnit replaces what
//     was shown, so the final numbers are those of a run by Step alone.
type Partial interface {
	Portable
	MarshalPartial(i, mark int) (b []byte, next int, err error)
	ShowPartial(i int, b []byte) error
}

// Animator is implemented by experiments whose figure animates one unit of
// the units phase under way (the consensus lab's node graph plays the main
// run's frames): a driver that hands units to other processes keeps unit
// Animated() for itself, so the figure gets every frame as it is made
// (−1: none).
type Animator interface {
	Animated() int
}

// Since is the part of s past mark (at most len(s)) that a snapshot carries,
// and Extend puts it back after the first from elements of what the earlier
// snapshots carried: for records that are only appended, never changed.
func Since[T any](s []T, mark int) (from int, tail []T) {
	from = min(max(0, mark), len(s))
	return from, s[from:]
}

// Extend returns shown[:from] followed by tail, in an array of its own when
// shown is nil (the first snapshot); ok is false when shown is shorter
// than from (a snapshot shown out of order).
func Extend[T any](shown []T, from int, tail []T) (out []T, ok bool) {
	if from > len(shown) {
		return shown, false
	}
	return append(shown[:from:from], tail...), true
}
