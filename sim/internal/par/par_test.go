package par

import (
	"runtime"
	"sync/atomic"
	"testing"
)

type count struct {
	done []atomic.Int32
}

func (c *count) Chunk(k int) { c.done[k].Add(1) }

// Do runs every chunk exactly once, for any w and GOMAXPROCS, also with
// several teams at once.
func TestDo(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 8} {
		runtime.GOMAXPROCS(procs)
		for _, w := range []int{0, 1, 2, 3, 8, 17} {
			var teams [3]Team
			cs := make([]*count, len(teams))
			done := make(chan bool)
			for i := range teams {
				cs[i] = &count{done: make([]atomic.Int32, max(w, 1))}
				go func() {
					for range 20 {
						teams[i].Do(cs[i], w)
					}
					done <- true
				}()
			}
			for range teams {
				<-done
			}
			for i, c := range cs {
				for k := range c.done {
					if got := c.done[k].Load(); got != 20 {
						t.Errorf("GOMAXPROCS=%d w=%d team %d: chunk %d ran %d times in 20 steps", procs, w, i, k, got)
					}
				}
			}
		}
	}
}

// Range cuts [0, n) into w contiguous aligned chunks that cover it.
func TestRange(t *testing.T) {
	for _, tc := range []struct{ n, w, align int }{{1003, 3, 8}, {10, 4, 1}, {64, 8, 8}, {5, 2, 4}} {
		next := 0
		for k := range tc.w {
			lo, hi := Range(tc.n, tc.w, k, tc.align)
			if lo != next || hi < lo || (k < tc.w-1 && hi%tc.align != 0) {
				t.Errorf("%+v: chunk %d = [%d, %d)", tc, k, lo, hi)
			}
			next = hi
		}
		if next != tc.n {
			t.Errorf("%+v: chunks end at %d", tc, next)
		}
	}
}
