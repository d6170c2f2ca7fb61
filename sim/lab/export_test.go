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
