package all_test

import (
	"slices"
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
)

// TestRegistersEveryLab: every lab package under sim/lab is registered, and
// the default lab is among them.
func TestRegistersEveryLab(t *testing.T) {
	want := []string{"armijo", "batch", "consensus", "critical", "variance"}
	if got := lab.Names(); !slices.Equal(got, want) {
		t.Fatalf("registered labs %v, want %v", got, want)
	}
	if _, ok := lab.Get(lab.Default); !ok {
		t.Fatalf("default lab %q is not registered", lab.Default)
	}
}
