package armijo

import (
	"testing"

	"sgdlab/sim/lab/labtest"
)

// BenchmarkDefaultSweep runs the page's default link to the end: the time
// the browser's default sweep takes (make bench-wasm compares native, node
// and Chromium).
func BenchmarkDefaultSweep(b *testing.B) {
	for range b.N {
		e := build(b, "v=1&lab=armijo")
		labtest.RunToEnd(e, 1<<16)
	}
}
