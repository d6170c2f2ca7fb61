package lab

import (
	"bytes"
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

// A lab's document starts with the envelope's lab, link and readout, then
// its own fields, indented by one space a level.
func TestWriteJSON(t *testing.T) {
	doc := struct {
		Envelope
		Runs []Float `json:"runs"`
	}{Envelope{Lab: "x", Link: "v=1&lab=x", Readout: Readout{Items: []Item{{Key: "k", Label: "K", Value: "1"}}}}, Floats([]float64{0.5})}
	var b bytes.Buffer
	if err := WriteJSON(&b, doc); err != nil {
		t.Fatal(err)
	}
	want := `{
 "lab": "x",
 "link": "v=1\u0026lab=x",
 "readout": {
  "items": [
   {
    "key": "k",
    "label": "K",
    "value": "1"
   }
  ],
  "columns": null,
  "rows": null,
  "notes": null
 },
 "runs": [
  0.5
 ]
}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
