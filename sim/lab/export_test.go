package lab

import (
	"encoding/json"
	"math"
	"testing"
)

func TestFloatJSON(t *testing.T) {
	b, err := json.Marshal(Floats([]float64{0.1, 1e-300, math.NaN(), math.Inf(-1), 3}))
	if err != nil || string(b) != "[0.1,1e-300,null,null,3]" {
		t.Errorf("%s %v", b, err)
	}
}

func TestShownNeverDecreases(t *testing.T) {
	var s Shown
	for i, tc := range []struct{ in, want float64 }{{0.2, 0.2}, {0.1, 0.2}, {0.5, 0.5}, {0.49, 0.5}, {1, 1}} {
		if got := s.Of(tc.in); got != tc.want {
			t.Errorf("step %d: Of(%g) = %g, want %g", i, tc.in, got, tc.want)
		}
	}
}
