package rng

import (
	"math"
	"testing"
)

// span is the streams [lo, hi) of one row of a family.
type span struct{ lo, hi uint64 }

// spans returns the rows of f, failing on a malformed family (rows that
// overlap each other or overflow uint64).
func spans(t *testing.T, f Family) []span {
	t.Helper()
	if f.Count == 0 || f.Width == 0 {
		t.Fatalf("%s: empty family %+v", f.Name, f)
	}
	if f.Count > 1 && f.Width > f.Stride {
		t.Errorf("%s: rows of width %d overlap at stride %d", f.Name, f.Width, f.Stride)
	}
	if f.Count > 1 && f.Stride > (math.MaxUint64-f.First)/(f.Count-1) {
		t.Fatalf("%s: overflows uint64", f.Name)
	}
	var s []span
	for i := range f.Count {
		lo := f.First + i*f.Stride
		if lo > math.MaxUint64-f.Width {
			t.Fatalf("%s: overflows uint64", f.Name)
		}
		s = append(s, span{lo, lo + f.Width})
	}
	return s
}

// Two families a link can draw from together — the library's and one lab's,
// or two of one lab — must share no stream, whatever the seeds.
func TestStreamsDisjoint(t *testing.T) {
	names := map[string]bool{}
	for _, f := range Families {
		if names[f.Name] {
			t.Errorf("family %q listed twice", f.Name)
		}
		names[f.Name] = true
	}
	rows := make([][]span, len(Families))
	for i, f := range Families {
		rows[i] = spans(t, f)
	}
	for i, a := range Families {
		for j := i + 1; j < len(Families); j++ {
			b := Families[j]
			if a.Lab != "" && b.Lab != "" && a.Lab != b.Lab {
				continue // never in one link
			}
			for _, x := range rows[i] {
				for _, y := range rows[j] {
					if x.lo < y.hi && y.lo < x.hi {
						t.Errorf("%s [%d, %d) and %s [%d, %d) overlap", a.Name, x.lo, x.hi, b.Name, y.lo, y.hi)
					}
				}
			}
		}
	}
}

// The derived streams the labs compute lie in their families.
func TestFamiliesCoverTheFormulas(t *testing.T) {
	in := func(name string, s uint64) {
		t.Helper()
		for _, f := range Families {
			if f.Name != name {
				continue
			}
			for _, x := range spans(t, f) {
				if x.lo <= s && s < x.hi {
					return
				}
			}
			t.Errorf("stream %d outside family %s", s, name)
			return
		}
		t.Errorf("no family %s", name)
	}
	for _, tc := range []struct {
		family string
		stream uint64
	}{
		{"batch runs", StreamRun + 9},
		{"critical runs", StreamRun + 19*16 + 15},
		{"variance runs", StreamRun + 11*StrideVariance + 99999},
		{"armijo w0", StreamArmijoW0 + 1},
		{"armijo w0", StreamArmijoW0 + 100},
		{"armijo runs", StreamRun + 11*StrideArmijo + 100},
		{"armijo runs", StreamRun + 1},
	} {
		in(tc.family, tc.stream)
	}
}
