package lab

import (
	"slices"
	"testing"

	"sgdlab/sim/plot"
)

// The view names one panel or, as "all", every panel but the Only ones, in order.
func TestPanels(t *testing.T) {
	mk := func(name string) func() plot.Panel { return func() plot.Panel { return plot.Panel{Title: name} } }
	views := []View{{Name: "a", Make: mk("a")}, {Name: "b", Make: mk("b")}, {Name: "s", Make: mk("s"), Only: true}}
	for _, tc := range []struct {
		view string
		want []string
	}{
		{ViewAll, []string{"a", "b"}},
		{"b", []string{"b"}},
		{"s", []string{"s"}},
		{"nope", nil},
	} {
		var got []string
		for _, p := range Panels(tc.view, views...) {
			got = append(got, p.Title)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("view %q: panels %v, want %v", tc.view, got, tc.want)
		}
	}
}
