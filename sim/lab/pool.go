package lab

import "sync"

// Pool hands scratch space to units that may run at once (Units.Run): Get
// returns a free value, or a new one from New, and Put gives it back. A unit
// takes one for an Advance call and returns it, so the scratch must hold
// nothing from one call to the next; stepped one unit at a time, a pool makes
// a single value.
type Pool[T any] struct {
	New  func() T
	mu   sync.Mutex
	free []T
}

// Get returns a free value or a new one.
func (p *Pool[T]) Get() T {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		x := p.free[n-1]
		p.free = p.free[:n-1]
		return x
	}
	return p.New()
}

// Put returns x to the pool.
func (p *Pool[T]) Put(x T) {
	p.mu.Lock()
	p.free = append(p.free, x)
	p.mu.Unlock()
}
