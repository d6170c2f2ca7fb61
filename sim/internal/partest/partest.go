// Package partest holds what the tests of the steps that share their work
// among goroutines (sim/internal/par) have in common.
package partest

import (
	"runtime"
	"testing"
)

// Allocs fails if 50 calls of step, after 50 to warm up, allocate 50 times
// or more in the process: the runtime's per-P caches of blocked goroutines
// may still grow, one P at a time, but fewer than one a step means none is
// the step's own.
func Allocs(t testing.TB, name string, step func()) {
	t.Helper()
	for range 50 {
		step()
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 50 {
		step()
	}
	runtime.ReadMemStats(&after)
	if a := after.Mallocs - before.Mallocs; a >= 50 {
		t.Errorf("%s: %d allocations in 50 steps", name, a)
	}
}
