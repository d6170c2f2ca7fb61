package dgd

import (
	"fmt"
	"runtime"
	"sgdlab/sim/internal/partest"
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
				partest.Allocs(t, fmt.Sprintf("%s GOMAXPROCS=%d", name, procs), s.Step)
			}
			if ref == nil {
				ref = w
			} else if !slices.Equal(w, ref) {
				t.Errorf("%s GOMAXPROCS=%d: other bits than on one thread", name, procs)
			}
		}
	}
}
