package lab

import (
	"encoding/json"
	"io"
	"math"

	"sgdlab/sim/spec"
)

// Float is a number of a JSON export: spec.FormatFloat's form (the shortest
// that reads back to the same float64), and null when it is
// not finite (JSON has no NaN or Inf).
type Float float64

// MarshalJSON implements json.Marshaler.
func (x Float) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return []byte("null"), nil
	}
	return []byte(spec.FormatFloat(float64(x))), nil
}

// Floats converts a slice for a JSON export.
func Floats(xs []float64) []Float {
	out := make([]Float, len(xs))
	for i, x := range xs {
		out[i] = Float(x)
	}
	return out
}

// Envelope is the head of every lab's JSON export: the lab, the canonical
// link that reproduces the run, and the readout. A lab's document embeds it
// first and adds its own fields (spectrum, runs, …) after these three.
type Envelope struct {
	Lab     string  `json:"lab"`
	Link    string  `json:"link"`
	Readout Readout `json:"readout"`
}

// WriteJSON writes doc, a lab's export document, as the labs' JSON exports
// are written: indented by one space a level, ending with a newline.
func WriteJSON(w io.Writer, doc any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}
