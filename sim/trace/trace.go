package trace

// Trace is a bounded, evenly thinned record of rows of Cols values, each taken
// at an iteration t.
type Trace struct {
	Cap    int
	Stride int
	T      []int
	Rows   [][]float64
	final  bool
}

// New returns an empty trace keeping at most capacity points (≥ 4, even).
func New(capacity int) *Trace {
	if capacity < 4 || capacity%2 != 0 {
		panic("trace: capacity must be even and ≥ 4")
	}
	return &Trace{Cap: capacity, Stride: 1}
}

// Due reports whether iteration t would be kept by Add (so a caller computes
// costly values only for points that are kept).
func (tr *Trace) Due(t int) bool {
	if tr.final {
		return false
	}
	if len(tr.T) == tr.Cap {
		return t%(2*tr.Stride) == 0
	}
	return t%tr.Stride == 0
}

// Records estimates how many points Add is called with (Due true) over a run
// of T iterations: T+1 up to Cap, then Cap/2 more for every doubling of the stride.
func Records(capacity, T int) int {
	n := min(T+1, capacity)
	for span := capacity; span <= T; span *= 2 {
		n += capacity / 2
	}
	return n
}

// Add records row at iteration t (the caller checked Due). When the trace is
// full it first drops every point whose t is not a multiple of 2·Stride.
func (tr *Trace) Add(t int, row []float64) {
	if len(tr.T) == tr.Cap {
		tr.Stride *= 2
		k := 0
		for i, ti := range tr.T {
			if ti%tr.Stride == 0 {
				tr.T[k], tr.Rows[k] = ti, tr.Rows[i]
				k++
			}
		}
		tr.T, tr.Rows = tr.T[:k], tr.Rows[:k]
		if t%tr.Stride != 0 {
			panic("trace: Add of a point that is not Due")
		}
	}
	tr.T = append(tr.T, t)
	tr.Rows = append(tr.Rows, append([]float64(nil), row...))
}

// Final records the last point of a run at iteration t, whether due or not
// (unless t is already the last point); no point is added after it.
func (tr *Trace) Final(t int, row []float64) {
	if tr.final {
		return
	}
	tr.final = true
	if n := len(tr.T); n > 0 && tr.T[n-1] == t {
		return
	}
	tr.T = append(tr.T, t)
	tr.Rows = append(tr.Rows, append([]float64(nil), row...))
}

// Len returns the number of points.
func (tr *Trace) Len() int { return len(tr.T) }
