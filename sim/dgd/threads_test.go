package dgd

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"sgdlab/sim/graph"
	"sgdlab/sim/rng"
)

// A synchronous step shared among goroutines gives the bits of one thread
// for GOMAXPROCS = 1, 2, 3 and 8, on a ring and on G(n, p), with node counts
// that the chunks do not divide; once warm, shared steps allocate nothing of
// their own.
func TestSyncThreads(t *testing.T) {
	const n, d = 301, 500
	ds := benchData(n, d)
	er, err := graph.ErdosRenyi(n, 8/float64(n-1), rng.New(1, 20))
	if err != nil {
		t.Fatal(err)
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for name, g := range map[string]*graph.Graph{"ring": graph.Ring(n), "er": er} {
		var ref []float64
		for _, procs := range []int{1, 2, 3, 8} {
			runtime.GOMAXPROCS(procs)
			s := NewSync(g, ds, 0.5, 0.3, nil)
			if w := s.workers(); runtime.GOMAXPROCS(0) == procs && (procs == 1) != (w == 1) {
				t.Errorf("%s GOMAXPROCS=%d: %d workers", name, procs, w)
			}
			for range 5 {
				s.Step()
			}
			w := slices.Clone(s.W)
			if procs > 1 {
				allocs(t, fmt.Sprintf("%s GOMAXPROCS=%d", name, procs), s.Step)
			}
			if ref == nil {
				ref = w
			} else if !slices.Equal(w, ref) {
				t.Errorf("%s GOMAXPROCS=%d: other bits than on one thread", name, procs)
			}
		}
	}
}

// allocs fails if 50 calls of step, after 50 to warm up, allocate 50 times
// or more in the process: the runtime's per-P caches of blocked goroutines
// may still grow, one P at a time, but fewer than one a step means none is
// the step's own.
func allocs(t *testing.T, name string, step func()) {
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
