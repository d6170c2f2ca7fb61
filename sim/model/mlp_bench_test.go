package model

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/pmath"
	"sgdlab/sim/rng"
)

// refMLP is the one-sample-at-a-time forward and backward pass MLP.lossGrad
// had before it processed blocks of samples: the reference whose bits the
// blocked pass must reproduce exactly.
type refMLP struct {
	m           *MLP
	a, z, delta [][]float64
}

func newRefMLP(m *MLP) *refMLP {
	r := &refMLP{m: m}
	for _, s := range m.Sizes {
		r.a = append(r.a, make([]float64, s))
		r.z = append(r.z, make([]float64, s))
		r.delta = append(r.delta, make([]float64, s))
	}
	return r
}

func (r *refMLP) forward(w, x []float64, y int) float64 {
	m := r.m
	copy(r.a[0], x)
	L := len(m.Sizes) - 1
	for l := 1; l <= L; l++ {
		wl, bl := m.layer(w, l)
		in := m.Sizes[l-1]
		prev := r.a[l-1]
		for o := range r.z[l] {
			row := wl[o*in : (o+1)*in]
			acc := bl[o]
			for j, v := range prev {
				if v != 0 {
					acc += float64(row[j] * v)
				}
			}
			r.z[l][o] = acc
			if l < L {
				r.a[l][o] = math.Max(acc, 0)
			}
		}
	}
	zs := r.z[L]
	mx := zs[0]
	for _, v := range zs {
		mx = math.Max(mx, v)
	}
	var s float64
	for o, v := range zs {
		e := pmath.Exp(v - mx)
		r.a[L][o] = e
		s += e
	}
	for o := range r.a[L] {
		r.a[L][o] /= s
	}
	return pmath.Log(s) + mx - zs[y]
}

func (r *refMLP) backward(g, w []float64, y int, scale float64) {
	m := r.m
	L := len(m.Sizes) - 1
	copy(r.delta[L], r.a[L])
	r.delta[L][y]--
	for l := L; l >= 1; l-- {
		gw, gb := m.layer(g, l)
		wl, _ := m.layer(w, l)
		in := m.Sizes[l-1]
		prev := r.a[l-1]
		for o, dv := range r.delta[l] {
			if dv == 0 {
				continue
			}
			c := float64(scale * dv)
			gb[o] += c
			row := gw[o*in : (o+1)*in]
			for j, v := range prev {
				if v != 0 {
					row[j] += float64(c * v)
				}
			}
		}
		if l > 1 {
			dprev := r.delta[l-1]
			clear(dprev)
			for o, dv := range r.delta[l] {
				if dv == 0 {
					continue
				}
				row := wl[o*in : (o+1)*in]
				for j := range dprev {
					dprev[j] += float64(row[j] * dv)
				}
			}
			for j := range dprev {
				if r.z[l-1][j] <= 0 {
					dprev[j] = 0
				}
			}
		}
	}
}

func (r *refMLP) lossGrad(g, w []float64, idx []int) (loss float64, correct int) {
	m := r.m
	clear(g)
	d0 := m.Sizes[0]
	inv := 1 / float64(len(idx))
	last := r.a[len(m.Sizes)-1]
	for _, i := range idx {
		y := m.Labels[i]
		loss += r.forward(w, m.X[i*d0:(i+1)*d0], y)
		if argmax(last) == y {
			correct++
		}
		r.backward(g, w, y, inv)
	}
	return loss * inv, correct
}

// same reports whether a and b have the same bits or are both NaN (whose
// sign and payload depend on the operand order of the operation that made
// them, not on the association of a sum).
func same(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// sameBits reports the first index where a and b differ (same).
func sameBits(a, b []float64) (int, bool) {
	for i := range a {
		if !same(a[i], b[i]) {
			return i, false
		}
	}
	return -1, len(a) == len(b)
}

// checkBits compares lossGrad, forward and Accuracy with the reference on
// batches of several sizes (blocks, block remainders, repeated samples).
func checkBits(t *testing.T, name string, m *MLP, w []float64) {
	t.Helper()
	ref := newRefMLP(m)
	var sc mlpScratch
	g, gr := make([]float64, m.Dim()), make([]float64, m.Dim())
	for _, b := range []int{1, 2, 3, 5, 15, 16, 17, 33, 128, m.N} {
		idx := make([]int, b)
		for k := range idx {
			idx[k] = (k*7 + b) % m.N
		}
		if b > 2 {
			idx[b-1] = idx[0] // a sample twice
		}
		loss, correct := m.lossGrad(&sc, g, w, idx)
		lr, cr := ref.lossGrad(gr, w, idx)
		if !same(loss, lr) || correct != cr {
			t.Fatalf("%s b=%d: loss %v correct %d, reference %v %d", name, b, loss, correct, lr, cr)
		}
		if i, ok := sameBits(g, gr); !ok {
			t.Fatalf("%s b=%d: gradient %d is %v, reference %v", name, b, i, g[i], gr[i])
		}
	}
	d0 := m.Sizes[0]
	L := len(m.Sizes) - 1
	sc.block(m.Sizes, mlpBlock)
	for i0 := 0; i0 < min(m.N, 50); i0 += mlpBlock {
		idx := make([]int, 0, mlpBlock)
		for i := i0; i < min(m.N, 50, i0+mlpBlock); i++ {
			idx = append(idx, i)
		}
		m.forwardBlock(&sc, w, idx)
		for s, i := range idx {
			lr := ref.forward(w, m.X[i*d0:(i+1)*d0], m.Labels[i])
			if !same(sc.bloss[s], lr) {
				t.Fatalf("%s forward %d: %v, reference %v", name, i, sc.bloss[s], lr)
			}
			for k := 1; k <= L; k++ {
				out := m.Sizes[k]
				a, z := sc.ba[k][s*out:(s+1)*out], sc.bz[k][s*out:(s+1)*out]
				if j, ok := sameBits(a, ref.a[k]); !ok {
					t.Fatalf("%s forward %d layer %d: a[%d] %v, reference %v", name, i, k, j, a[j], ref.a[k][j])
				}
				if j, ok := sameBits(z, ref.z[k]); !ok {
					t.Fatalf("%s forward %d layer %d: z[%d] %v, reference %v", name, i, k, j, z[j], ref.z[k][j])
				}
			}
		}
	}
	correct := 0
	for i := range m.N {
		ref.forward(w, m.X[i*d0:(i+1)*d0], m.Labels[i])
		if argmax(ref.a[L]) == m.Labels[i] {
			correct++
		}
	}
	if a, want := m.Accuracy(w), float64(correct)/float64(m.N); a != want {
		t.Fatalf("%s accuracy %v, reference %v", name, a, want)
	}
}

// The blocked forward and backward pass gives the same bits as the
// one-sample-at-a-time reference: widths that are and are not multiples of
// the register blocks (and SIMD lanes), 1-3 hidden layers, exact and
// negative zeros, dead ReLUs, weights so large that probabilities underflow
// to exactly 0, and so large that sums overflow (infinite and NaN deltas,
// whose products with the zero inputs the sparse sums never form), and an
// infinite input.
func TestMLPBitsMatchReference(t *testing.T) {
	for _, tc := range []struct {
		sizes []int
		n     int
		scale float64
		inf   bool
	}{
		{[]int{5, 3}, 7, 1, false},
		{[]int{13, 1, 2}, 9, 1, false},
		{[]int{20, 7, 5, 3}, 40, 1, false},
		{[]int{9, 8, 9, 4, 10}, 30, 1, false},
		{[]int{31, 17, 11}, 150, 30, false},
		{[]int{21, 67, 10}, 40, 1, false},
		{[]int{100, 136, 9}, 40, 1, true},
		{[]int{784, 128, 10}, 200, 1, false},
		{[]int{784, 128, 10}, 40, 1e300, false},
		{[]int{50, 72, 10}, 40, 1e154, false},
	} {
		m := tinyMLP(t, tc.sizes, tc.n)
		for i := range m.X {
			if i%11 == 5 {
				m.X[i] = math.Copysign(0, -1)
			}
		}
		if tc.inf {
			m.X[3*tc.sizes[0]+7] = math.Inf(1)
		}
		m, err := NewMLP(m.Sizes, m.X, m.Labels) // NewMLP lists the nonzero inputs
		if err != nil {
			t.Fatal(err)
		}
		w := m.Init(rng.New(9, 9))
		for i := range w {
			w[i] *= tc.scale
			if i%13 == 0 {
				w[i] = 0
			}
		}
		name := fmt.Sprint(tc.sizes)
		checkBits(t, name, m, w)
		for i := range w { // biases and weights off their start
			w[i] += 0.01 * float64(i%5-2)
		}
		checkBits(t, name+"+", m, w)
	}
}

// mnist is the first n MNIST images and labels as the labs see them, or nil
// where the repository's files cannot be read (the browser).
func mnist(tb testing.TB, n int) *data.Labeled {
	st := data.NewStore()
	root := os.DirFS(filepath.Join("..", "..", "web", "static"))
	if err := st.LoadFS(root, []data.Need{{Dataset: "mnist", Samples: n}}); err != nil {
		tb.Logf("no MNIST: %v", err)
		return nil
	}
	l, err := st.Labeled("mnist", n)
	if err != nil || l.N < n {
		tb.Fatalf("mnist: %v", err)
	}
	return l
}

// mnistLike is n 28×28 images drawn from (seed 1, stream 1) with MNIST's
// sparsity: a ring of random centre and radius, about 19 % of the pixels
// nonzero with values in (0, 1], and ten labels.
func mnistLike(n int) (x []float64, labels []int) {
	r := rng.New(1, rng.StreamData)
	x = make([]float64, n*784)
	labels = make([]int, n)
	for i := range n {
		cx, cy := 11+6*r.Float64(), 11+6*r.Float64()
		rad := 5 + 3*r.Float64()
		for p := range 784 {
			dx, dy := float64(p%28)-cx, float64(p/28)-cy
			if math.Abs(math.Hypot(dx, dy)-rad) < 1.85 {
				x[i*784+p] = 1 - r.Float64()
			}
		}
		labels[i] = r.IntN(10)
	}
	return x, labels
}

// On real MNIST at the network's start and after it moved, the blocked
// pass gives the reference's bits.
func TestMLPBitsMNIST(t *testing.T) {
	l := mnist(t, 300)
	if l == nil {
		t.Skip("MNIST shards not readable here")
	}
	m, err := NewMLP([]int{784, 128, 10}, l.X[:300*784], l.Labels[:300])
	if err != nil {
		t.Fatal(err)
	}
	w := m.Init(rng.New(1, 1))
	checkBits(t, "mnist", m, w)
	bt := m.NewBatcher(32, rng.New(2, 2))
	g := make([]float64, m.Dim())
	for range 30 {
		bt.Grad(g, w)
		for i := range w {
			w[i] -= 0.1 * g[i]
		}
	}
	checkBits(t, "mnist trained", m, w)
}

// BenchmarkMLP is one forward and backward pass (MLP.lossGrad: the mean
// loss and gradient) of the 784-128-10 network over a batch of b samples at
// its He start, on the first 1000 MNIST images (where the repository's files
// can be read: natively and under node, not in the browser) and on
// MNIST-like synthetic images (everywhere). It reports samples per second.
func BenchmarkMLP(b *testing.B) {
	const n = 1000
	sets := []struct {
		name   string
		x      []float64
		labels []int
	}{{name: "mnist"}, {name: "mnistlike"}}
	if l := mnist(b, n); l != nil {
		sets[0].x, sets[0].labels = l.X[:n*784], l.Labels[:n]
	}
	sets[1].x, sets[1].labels = mnistLike(n)
	for _, set := range sets {
		for _, bs := range []int{1, 32, 128} {
			b.Run(fmt.Sprintf("%s/b=%d", set.name, bs), func(b *testing.B) {
				if set.x == nil {
					b.Skip("MNIST shards not readable here")
				}
				m, err := NewMLP([]int{784, 128, 10}, set.x, set.labels)
				if err != nil {
					b.Fatal(err)
				}
				w := m.Init(rng.New(1, 1))
				g := make([]float64, m.Dim())
				var sc mlpScratch
				// batches of spread-out samples, a different one each time
				batches := make([][]int, 16)
				for k := range batches {
					batches[k] = make([]int, bs)
					for s := range bs {
						batches[k][s] = (k*bs + s*37) % n
					}
				}
				m.lossGrad(&sc, g, w, batches[0]) // the scratch's first use allocates
				b.ReportAllocs()
				k := 0
				for b.Loop() {
					m.lossGrad(&sc, g, w, batches[k%len(batches)])
					k++
				}
				b.ReportMetric(float64(bs)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
			})
		}
	}
}
