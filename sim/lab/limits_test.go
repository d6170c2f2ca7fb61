package lab

import (
	"testing"

	"sgdlab/sim/spec"
)

func TestAtMost(t *testing.T) {
	set := &spec.Set{Lab: "x", Params: []spec.Param{{Name: "n", Kind: spec.Int, Default: "10", Min: 1, Max: 1e6}}}
	for _, tc := range []struct {
		n, most int
		want    string
		notices int
	}{{10, 20, "10", 0}, {10, 10, "10", 0}, {30, 20, "20", 1}} {
		v := set.Defaults()
		v.Set("n", spec.FormatFloat(float64(tc.n)))
		a := &Adjuster{Vals: v}
		a.AtMost("n", tc.most, "a limit")
		if v.Get("n") != tc.want || len(a.Notes) != tc.notices {
			t.Errorf("n=%d, at most %d: n=%s with notices %v", tc.n, tc.most, v.Get("n"), a.Notes)
		}
		if tc.notices > 0 && (a.Notes[0].Param != "n" || a.Notes[0].Reason != "a limit") {
			t.Errorf("notice %+v", a.Notes[0])
		}
	}
}

func TestSizes(t *testing.T) {
	if lim, where := Sizes(false, 1, 2, "in the browser"); lim != 1 || where != "in the browser" {
		t.Errorf("browser: %d %q", lim, where)
	}
	if lim, where := Sizes(true, 1, 2, "in the browser"); lim != 2 || where != "natively" {
		t.Errorf("native: %d %q", lim, where)
	}
}
