// Package par shares the work of one big step among goroutines natively
// (GOMAXPROCS of them; 1 in wasm), with the bits of one thread: a step cut
// into a fixed number of chunks whose results do not depend on which
// goroutine computes them, nor when (each chunk writes its own part of the
// state, and any sum over chunks is done afterwards, in a fixed order, by
// the caller). So the chunks must be a partition fixed by the problem and w
// alone, and w may depend on GOMAXPROCS only when every w gives the same bits.
//
// The chunks go to helper goroutines that wait between steps (started as
// needed, never more than the most chunks a step has asked for, less one),
// so that a step allocates nothing: a new goroutine per chunk would, until
// the runtime has enough dead ones to reuse.
package par

import (
	"runtime"
	"sync"
)

// Chunker does chunk k of a step.
type Chunker interface{ Chunk(k int) }

// Team runs the chunks of one stepper's steps; its zero value is ready. A
// stepper keeps one (its WaitGroup must not be copied once used).
type Team struct{ wg sync.WaitGroup }

// Procs returns GOMAXPROCS: the goroutines a step may use (1 in wasm).
func Procs() int { return runtime.GOMAXPROCS(0) }

// Do runs c.Chunk(k) for k = 0, …, w−1 and returns when all are done:
// chunk 0 on the calling goroutine, the others on helpers (or on the caller
// too when every helper is busy, e.g. with another stepper's chunks). With
// w ≤ 1 it calls c.Chunk(0) alone.
func (t *Team) Do(c Chunker, w int) {
	if w <= 1 {
		c.Chunk(0)
		return
	}
	start(w - 1)
	t.wg.Add(w - 1)
	for k := 1; k < w; k++ {
		select {
		case jobs <- job{c, k, t}:
		default:
			c.Chunk(k)
			t.wg.Done()
		}
	}
	c.Chunk(0)
	t.wg.Wait()
}

// Range returns chunk k of w of [0, n), contiguous, with bounds multiples
// of align (but the last): [lo, hi).
func Range(n, w, k, align int) (lo, hi int) {
	lo, hi = k*n/w/align*align, (k+1)*n/w/align*align
	if k == w-1 {
		hi = n
	}
	return lo, hi
}

type job struct {
	c Chunker
	k int
	t *Team
}

var (
	jobs    = make(chan job)
	mu      sync.Mutex
	helpers int // started
)

// start makes sure that at least w helpers run.
func start(w int) {
	mu.Lock()
	for ; helpers < w; helpers++ {
		go help()
	}
	mu.Unlock()
}

// help runs the chunks it receives, forever.
func help() {
	for j := range jobs {
		j.c.Chunk(j.k)
		j.t.wg.Done()
	}
}
