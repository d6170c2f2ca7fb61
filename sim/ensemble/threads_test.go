package ensemble

import (
	"fmt"
	"math"
	"runtime"
	"sgdlab/sim/internal/partest"
	"slices"
	"testing"

	"sgdlab/sim/model"
	"sgdlab/sim/rng"
)

// A step shared among goroutines gives the bits of one thread, the runs'
// parameters and every recorded point, for GOMAXPROCS = 1, 2, 3 and 8, with
// least squares (a model without scratch) and the two-layer network (whose
// full gradients use the clones' scratch), run counts the chunks do not
// divide, and steps that record and that do not. Once warm, shared steps
// that do not record allocate nothing of their own.
func TestStepThreads(t *testing.T) {
	r := rng.New(5, 1)
	teacher := model.Product(6, 5, 4, model.DrawTwoLayer(6, 5, 4, r))
	w2 := model.DrawTwoLayer(6, 5, 4, r)
	lin := linreg(t)
	for _, tc := range []struct {
		name string
		c    Config
	}{
		{"linreg", Config{Model: lin, B: 4, Runs: 1001, Steps: 7, Alpha: constant(0.05), W0: make([]float64, lin.Dim()), Seed: 3, Every: 2}},
		{"twolayer", Config{Model: model.NewTwoLayer(6, 5, 4, teacher), B: 8, Runs: 517, Steps: 5, Alpha: constant(0.01), W0: w2, Seed: 3, Every: 1}},
	} {
		var refW []float64
		var refP []Point
		for _, procs := range []int{1, 2, 3, 8} {
			old := runtime.GOMAXPROCS(procs)
			c := tc.c
			if tc.name == "twolayer" {
				c.Model = model.NewTwoLayer(6, 5, 4, teacher)
			}
			e := run(t, c)
			if w := e.workers(); runtime.GOMAXPROCS(0) == procs && (procs == 1) != (w == 1) {
				t.Errorf("%s GOMAXPROCS=%d: %d workers", tc.name, procs, w)
			}
			if procs > 1 {
				c.Steps, c.Every = 1<<30, 1<<30 // record allocates its points
				c.B = 40                        // large enough to share
				e2, _ := New(c)
				partest.Allocs(t, fmt.Sprintf("%s GOMAXPROCS=%d", tc.name, procs), func() { e2.Step() })
				if w := e2.workers(); runtime.GOMAXPROCS(0) == procs && w == 1 {
					t.Errorf("%s GOMAXPROCS=%d b=%d: one worker", tc.name, procs, c.B)
				}
			}
			runtime.GOMAXPROCS(old)
			if refW == nil {
				refW, refP = e.w, e.Points()
				continue
			}
			if !slices.Equal(e.w, refW) {
				t.Errorf("%s GOMAXPROCS=%d: other parameters than on one thread", tc.name, procs)
			}
			if len(e.Points()) != len(refP) {
				t.Fatalf("%s GOMAXPROCS=%d: %d points, %d on one thread", tc.name, procs, len(e.Points()), len(refP))
			}
			for i, p := range e.Points() {
				if !samePoint(p, refP[i]) {
					t.Errorf("%s GOMAXPROCS=%d: point %d = %+v, on one thread %+v", tc.name, procs, i, p, refP[i])
				}
			}
		}
	}
}

// samePoint compares every field's bits.
func samePoint(a, b Point) bool {
	fa := []float64{a.VarG, a.SEG, a.VarFull, a.SEFull, a.Loss, a.SELoss, a.CondVar, a.SECond, a.NormMeanG}
	fb := []float64{b.VarG, b.SEG, b.VarFull, b.SEFull, b.Loss, b.SELoss, b.CondVar, b.SECond, b.NormMeanG}
	for i := range fa {
		if math.Float64bits(fa[i]) != math.Float64bits(fb[i]) {
			return false
		}
	}
	return a.T == b.T && a.Diverged == b.Diverged
}
