// Package all registers every lab. A program or test that wants the labs
// imports it for its side effect:
//
//	import _ "sgdlab/sim/lab/all"
//
// The wasm figure, the CLI and the tests all do, so the lab list lives here
// and nowhere else: a new lab is one package under sim/lab and one line below.
package all

import (
	_ "sgdlab/sim/lab/armijo"
	_ "sgdlab/sim/lab/batch"
	_ "sgdlab/sim/lab/consensus"
	_ "sgdlab/sim/lab/critical"
	_ "sgdlab/sim/lab/variance"
)
