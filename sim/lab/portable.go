package lab

import (
	"bytes"
	"encoding/gob"
	"fmt"
)

// Portable is implemented by experiments whose units' results can leave the
// process that computed them — for a Web Worker, another core's process or
// another machine — and come back into an experiment built from the same
// link: MarshalUnit encodes the result of unit i of the units Units returns
// now (a stopped unit), and UnmarshalUnit installs such bytes into unit i of
// this experiment, which then counts as stopped. The readout, figure and
// exports read the result as if the unit had run here, to the bit
// (labtest.Portable checks it).
type Portable interface {
	Splitter
	MarshalUnit(i int) ([]byte, error)
	UnmarshalUnit(i int, b []byte) error
}

// EncodeResult encodes a unit's result (a struct of exported fields) with
// encoding/gob: floats travel as their bits, NaN and ±Inf included.
func EncodeResult(v any) ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(v)
	return b.Bytes(), err
}

// DecodeResult decodes what EncodeResult wrote into v (a pointer).
func DecodeResult(b []byte, v any) error { return gob.NewDecoder(bytes.NewReader(b)).Decode(v) }

// DecodeUnit decodes the result of unit i of n units of lab name into a T,
// with errors that name the lab and the unit.
func DecodeUnit[T any](name string, i, n int, b []byte) (T, error) {
	var res T
	if i < 0 || i >= n {
		return res, fmt.Errorf("%s: no unit %d of %d", name, i, n)
	}
	if err := DecodeResult(b, &res); err != nil {
		return res, fmt.Errorf("%s: unit %d: %w", name, i, err)
	}
	return res, nil
}
