package lab_test

import (
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
)

// Every preset is a valid link of its own lab that needs no adjustment
// (CLI presets under the CLI's -big limits).
func TestPresets(t *testing.T) {
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		if len(l.Presets) == 0 {
			t.Errorf("lab %s has no presets", name)
		}
		for _, p := range l.Presets {
			got, _, notes := lab.Parse(p.Query, p.CLI)
			if got != l || len(notes) != 0 || p.Title == "" {
				t.Errorf("%s preset %q: lab %s, notices %v", name, p.Query, got.Name, notes)
			}
			if !p.CLI {
				if _, _, notes := lab.Parse(p.Query, false); len(notes) != 0 {
					t.Errorf("%s preset %q is adjusted in the browser: %v", name, p.Query, notes)
				}
			}
		}
	}
}

// An unknown lab opens the default one with a notice that lists the labs in
// words, not as a Go slice.
func TestUnknownLabNotice(t *testing.T) {
	l, _, notes := lab.Parse("v=1&lab=nope", false)
	if l.Name != lab.Default || len(notes) == 0 {
		t.Fatalf("lab %q, notices %v", l.Name, notes)
	}
	want := "no such lab; the labs are armijo, batch, consensus, critical, variance"
	if notes[0].Param != "lab" || notes[0].Reason != want {
		t.Errorf("notice %+v, want the reason %q", notes[0], want)
	}
}
