package model

import (
	"math"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/rng"
	"sgdlab/sim/vec"
)

func smallData(t *testing.T, n, d int) *data.Dataset {
	t.Helper()
	ds, err := data.Synthesize(data.Synth{N: n, D: d, Spectrum: data.Isotropic, Noise: 0.3, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// checkGrad compares Full's gradient with central differences of its loss.
func checkGrad(t *testing.T, name string, m Model, w []float64) {
	t.Helper()
	g := make([]float64, m.Dim())
	m.Full(g, w)
	tmp := make([]float64, m.Dim())
	for i := range w {
		h := 1e-6 * math.Max(1, math.Abs(w[i]))
		old := w[i]
		w[i] = old + h
		lp := m.Full(tmp, w)
		w[i] = old - h
		lm := m.Full(tmp, w)
		w[i] = old
		fd := (lp - lm) / (2 * h)
		if math.Abs(fd-g[i]) > 1e-6*math.Max(1, math.Abs(g[i])) {
			t.Errorf("%s: ∂L/∂w[%d] = %v, finite difference %v", name, i, g[i], fd)
			return
		}
	}
}

func TestGradients(t *testing.T) {
	ds := smallData(t, 12, 5)
	w := []float64{0.3, -1, 0.5, 2, -0.7}
	checkGrad(t, "linreg", NewLinReg(ds), w)
	r := rng.New(1, 5)
	teacher := Product(4, 3, 2, DrawTwoLayer(4, 3, 2, r))
	tl := NewTwoLayer(4, 3, 2, teacher)
	checkGrad(t, "twolayer", tl, DrawTwoLayer(4, 3, 2, r))
}

// Lemma 1 against the exact variance over every subset of size b.
func TestLemma1Exact(t *testing.T) {
	const n, d = 7, 3
	ds := smallData(t, n, d)
	m := NewLinReg(ds)
	w := []float64{0.4, -0.2, 1.1}
	full := make([]float64, d)
	m.Full(full, w)
	per := make([][]float64, n)
	for i := range per {
		per[i] = make([]float64, d)
		x := ds.Row(i)
		vec.Axpy(per[i], vec.Dot(x, w)-ds.Y[i], x)
	}
	for b := 1; b <= n; b++ {
		var sum float64
		count := 0
		g := make([]float64, d)
		for mask := 0; mask < 1<<n; mask++ {
			if popcount(mask) != b {
				continue
			}
			vec.Zero(g)
			for i := range n {
				if mask&(1<<i) != 0 {
					vec.Axpy(g, 1/float64(b), per[i])
				}
			}
			sum += vec.Dist2(g, full)
			count++
		}
		exact := sum / float64(count)
		got := m.CondVar(make([]float64, d), w, b)
		if math.Abs(got-exact) > 1e-12*math.Max(1, exact) {
			t.Errorf("b=%d: Lemma 1 gives %v, enumeration %v", b, got, exact)
		}
	}
}

func popcount(x int) int {
	c := 0
	for ; x != 0; x &= x - 1 {
		c++
	}
	return c
}

// The mini-batch gradient is unbiased: its mean over many batches is the
// full (population) gradient within a few standard errors.
func TestUnbiased(t *testing.T) {
	r := rng.New(2, 5)
	teacher := Product(5, 4, 3, DrawTwoLayer(5, 4, 3, r))
	tl := NewTwoLayer(5, 4, 3, teacher)
	ds := smallData(t, 20, 6)
	for _, tc := range []struct {
		name string
		m    Model
		w    []float64
		b    int
	}{
		{"linreg b=3", NewLinReg(ds), []float64{1, 0, -1, 0.5, 0.2, -0.3}, 3},
		{"twolayer b=4", tl, DrawTwoLayer(5, 4, 3, r), 4},
	} {
		const draws = 20000
		d := tc.m.Dim()
		full := make([]float64, d)
		tc.m.Full(full, tc.w)
		bt := tc.m.NewBatcher(tc.b, rng.New(9, 1))
		g := make([]float64, d)
		mean, m2 := make([]float64, d), make([]float64, d)
		for range draws {
			bt.Grad(g, tc.w)
			for j := range g {
				mean[j] += g[j] / draws
				m2[j] += g[j] * g[j] / draws
			}
		}
		for j := range mean {
			se := math.Sqrt((m2[j] - mean[j]*mean[j]) / draws)
			if math.Abs(mean[j]-full[j]) > 5*se+1e-12 {
				t.Errorf("%s: coordinate %d: mean %v, full %v (se %v)", tc.name, j, mean[j], full[j], se)
			}
		}
		if a := testing.AllocsPerRun(10, func() { bt.Grad(g, tc.w) }); a != 0 {
			t.Errorf("%s: Grad allocates %v", tc.name, a)
		}
	}
}

// FullCond is Full and CondVar in one pass.
func TestFullCond(t *testing.T) {
	ds := smallData(t, 15, 4)
	m := NewLinReg(ds)
	w := []float64{0.2, 0.1, -0.4, 1}
	a, b := make([]float64, 4), make([]float64, 4)
	l1 := m.Full(a, w)
	l2, cv := m.FullCond(b, w, 3)
	if want := m.CondVar(make([]float64, 4), w, 3); math.Abs(l1-l2) > 1e-15*l1 || math.Abs(cv-want) > 1e-15*want {
		t.Errorf("loss %v vs %v, condvar %v vs %v", l2, l1, cv, want)
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-15*math.Max(1, math.Abs(a[i])) {
			t.Errorf("gradient %d: %v vs %v", i, b[i], a[i])
		}
	}
}

func tinyMLP(t *testing.T, sizes []int, n int) *MLP {
	t.Helper()
	g := rng.NewGauss(rng.New(6, 1))
	x := make([]float64, n*sizes[0])
	for i := range x {
		if i%3 != 0 { // some exact zeros, as in images
			x[i] = g.Norm()
		}
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = i % sizes[len(sizes)-1]
	}
	m, err := NewMLP(sizes, x, labels)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMLPGradient(t *testing.T) {
	for _, sizes := range [][]int{{5, 3}, {5, 4, 3}, {6, 5, 4, 3}} {
		m := tinyMLP(t, sizes, 7)
		w := m.Init(rng.New(2, 2))
		for i := range w { // biases off zero, so ReLU kinks are not hit
			w[i] += 0.01 * float64(i%7)
		}
		checkGrad(t, "mlp", m, w)
	}
}

func TestMLPErrors(t *testing.T) {
	for _, tc := range []struct {
		sizes  []int
		x      []float64
		labels []int
	}{
		{[]int{3}, make([]float64, 3), []int{0}},
		{[]int{3, 0}, make([]float64, 3), []int{0}},
		{[]int{3, 2}, make([]float64, 4), []int{0}},
		{[]int{3, 2}, make([]float64, 3), []int{2}},
	} {
		if _, err := NewMLP(tc.sizes, tc.x, tc.labels); err == nil {
			t.Errorf("accepted %v", tc.sizes)
		}
	}
}

// SGD on a small problem lowers the loss and raises the accuracy; a batch
// step allocates nothing.
func TestMLPTrains(t *testing.T) {
	m := tinyMLP(t, []int{8, 16, 4}, 40)
	w := m.Init(rng.New(3, 3))
	g := make([]float64, m.Dim())
	l0 := m.Full(g, w)
	bt := m.NewBatcher(8, rng.New(4, 4))
	for range 2000 {
		bt.Grad(g, w)
		for i := range w {
			w[i] -= 0.05 * g[i]
		}
	}
	l1 := m.Full(g, w)
	if !(l1 < 0.5*l0) || m.Accuracy(w) < 0.9 {
		t.Errorf("loss %v → %v, accuracy %v", l0, l1, m.Accuracy(w))
	}
	if a := testing.AllocsPerRun(10, func() { bt.Grad(g, w) }); a != 0 {
		t.Errorf("Grad allocates %v", a)
	}
}
