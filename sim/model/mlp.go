package model

import (
	"fmt"
	"math"
	"math/rand/v2"

	"sgdlab/sim/pmath"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
)

// MLP is a fully connected network with ReLU hidden layers and a softmax
// output, trained on the cross-entropy of labelled samples (THEORY §4, §5:
// the models beyond the theory's assumptions). Sizes are the layer widths,
// input first, classes last. The parameters are, layer by layer, the weights
// W_l (out×in, row-major) then the biases b_l. L(w) = (1/n) Σ_i −log p_{y_i}(x_i).
// Exponentials and logarithms use sim/pmath: the same bits on every target.
type MLP struct {
	Sizes  []int
	N      int
	X      []float64 // n × Sizes[0]
	Labels []int
	sc     mlpScratch
}

// mlpScratch holds one sample's pre-activations and deltas, per layer.
type mlpScratch struct {
	a, z, delta [][]float64
	idx         []int
}

func newMLPScratch(sizes []int) mlpScratch {
	var sc mlpScratch
	for _, s := range sizes {
		sc.a = append(sc.a, make([]float64, s))
		sc.z = append(sc.z, make([]float64, s))
		sc.delta = append(sc.delta, make([]float64, s))
	}
	return sc
}

// NewMLP returns the network of the given widths on n samples x (n ×
// sizes[0]) with labels in 0…sizes[last]−1.
func NewMLP(sizes []int, x []float64, labels []int) (*MLP, error) {
	if len(sizes) < 2 {
		return nil, fmt.Errorf("model: an MLP needs at least two layer widths, got %v", sizes)
	}
	for _, s := range sizes {
		if s < 1 {
			return nil, fmt.Errorf("model: layer widths must be ≥ 1, got %v", sizes)
		}
	}
	n := len(labels)
	if n == 0 || len(x) != n*sizes[0] {
		return nil, fmt.Errorf("model: %d labels and %d inputs of width %d", n, len(x), sizes[0])
	}
	for _, l := range labels {
		if l < 0 || l >= sizes[len(sizes)-1] {
			return nil, fmt.Errorf("model: label %d outside 0…%d", l, sizes[len(sizes)-1]-1)
		}
	}
	return &MLP{Sizes: sizes, N: n, X: x, Labels: labels, sc: newMLPScratch(sizes)}, nil
}

// Dim implements Model: Σ_l out_l·(in_l + 1).
func (m *MLP) Dim() int {
	d := 0
	for l := 1; l < len(m.Sizes); l++ {
		d += m.Sizes[l] * (m.Sizes[l-1] + 1)
	}
	return d
}

// Clone implements Model.
func (m *MLP) Clone() Model {
	c := *m
	c.sc = newMLPScratch(m.Sizes)
	return &c
}

// Init draws weights N(0, 2/fan-in) (He, for ReLU) and zero biases from r.
func (m *MLP) Init(r *rand.Rand) []float64 {
	g := rng.NewGauss(r)
	w := make([]float64, m.Dim())
	off := 0
	for l := 1; l < len(m.Sizes); l++ {
		in, out := m.Sizes[l-1], m.Sizes[l]
		s := math.Sqrt(2 / float64(in))
		for i := range out * in {
			w[off+i] = s * g.Norm()
		}
		off += out * (in + 1)
	}
	return w
}

// layer returns W_l and b_l of w.
func (m *MLP) layer(w []float64, l int) (wl, bl []float64) {
	off := 0
	for k := 1; k < l; k++ {
		off += m.Sizes[k] * (m.Sizes[k-1] + 1)
	}
	in, out := m.Sizes[l-1], m.Sizes[l]
	return w[off : off+out*in], w[off+out*in : off+out*(in+1)]
}

// forward runs sample x through the network; sc.a[last] holds the class
// probabilities. It returns −log p_y.
func (m *MLP) forward(sc *mlpScratch, w, x []float64, y int) float64 {
	copy(sc.a[0], x)
	L := len(m.Sizes) - 1
	for l := 1; l <= L; l++ {
		wl, bl := m.layer(w, l)
		in := m.Sizes[l-1]
		prev := sc.a[l-1]
		for o := range sc.z[l] {
			row := wl[o*in : (o+1)*in]
			acc := bl[o]
			for j, v := range prev {
				if v != 0 { // inputs and ReLUs are often exactly 0
					acc += row[j] * v
				}
			}
			sc.z[l][o] = acc
			if l < L {
				sc.a[l][o] = math.Max(acc, 0)
			}
		}
	}
	// softmax with the log-sum-exp shift
	zs := sc.z[L]
	mx := zs[0]
	for _, v := range zs {
		mx = math.Max(mx, v)
	}
	var s float64
	for o, v := range zs {
		e := pmath.Exp(v - mx)
		sc.a[L][o] = e
		s += e
	}
	for o := range sc.a[L] {
		sc.a[L][o] /= s
	}
	return pmath.Log(s) + mx - zs[y]
}

// backward adds scale·∇(−log p_y) at the sample of the last forward to g.
func (m *MLP) backward(sc *mlpScratch, g, w []float64, y int, scale float64) {
	L := len(m.Sizes) - 1
	copy(sc.delta[L], sc.a[L])
	sc.delta[L][y]--
	for l := L; l >= 1; l-- {
		gw, gb := m.layer(g, l)
		wl, _ := m.layer(w, l)
		in := m.Sizes[l-1]
		prev := sc.a[l-1]
		for o, dv := range sc.delta[l] {
			if dv == 0 {
				continue
			}
			c := scale * dv
			gb[o] += c
			row := gw[o*in : (o+1)*in]
			for j, v := range prev {
				if v != 0 {
					row[j] += c * v
				}
			}
		}
		if l > 1 {
			dprev := sc.delta[l-1]
			clear(dprev)
			for o, dv := range sc.delta[l] {
				if dv == 0 {
					continue
				}
				row := wl[o*in : (o+1)*in]
				for j := range dprev {
					dprev[j] += row[j] * dv
				}
			}
			for j := range dprev {
				if sc.z[l-1][j] <= 0 {
					dprev[j] = 0
				}
			}
		}
	}
}

// lossGrad sets g to the mean gradient over the samples idx and returns
// their mean loss and how many are classified correctly.
func (m *MLP) lossGrad(sc *mlpScratch, g, w []float64, idx []int) (loss float64, correct int) {
	clear(g)
	d0 := m.Sizes[0]
	inv := 1 / float64(len(idx))
	last := sc.a[len(m.Sizes)-1]
	for _, i := range idx {
		y := m.Labels[i]
		loss += m.forward(sc, w, m.X[i*d0:(i+1)*d0], y)
		if argmax(last) == y {
			correct++
		}
		m.backward(sc, g, w, y, inv)
	}
	return loss * inv, correct
}

func argmax(x []float64) int {
	k := 0
	for i, v := range x {
		if v > x[k] {
			k = i
		}
	}
	return k
}

// Full implements Model: the gradient and loss over all n samples.
func (m *MLP) Full(dst, w []float64) float64 {
	if len(m.sc.idx) != m.N {
		m.sc.idx = make([]int, m.N)
		for i := range m.sc.idx {
			m.sc.idx[i] = i
		}
	}
	l, _ := m.lossGrad(&m.sc, dst, w, m.sc.idx)
	return l
}

// Accuracy is the fraction of the n samples classified correctly at w.
func (m *MLP) Accuracy(w []float64) float64 {
	d0 := m.Sizes[0]
	last := m.sc.a[len(m.Sizes)-1]
	correct := 0
	for i := range m.N {
		m.forward(&m.sc, w, m.X[i*d0:(i+1)*d0], m.Labels[i])
		if argmax(last) == m.Labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(m.N)
}

type mlpBatcher struct {
	m     *MLP
	s     sampler.Sampler
	batch []int
	sc    mlpScratch
	// Loss and Correct of the last batch (its samples before the step).
	Loss    float64
	Correct int
}

// NewBatcher implements Model: subsets of size b (b ≤ n).
func (m *MLP) NewBatcher(b int, r *rand.Rand) Batcher {
	s, err := sampler.New(sampler.Subset, m.N, b, r)
	if err != nil {
		panic(fmt.Sprintf("model: %v", err))
	}
	return &mlpBatcher{m: m, s: s, batch: make([]int, 0, b), sc: newMLPScratch(m.Sizes)}
}

// Grad implements Batcher.
func (mb *mlpBatcher) Grad(g, w []float64) {
	mb.batch = mb.s.Next(mb.batch)
	mb.Loss, mb.Correct = mb.m.lossGrad(&mb.sc, g, w, mb.batch)
}
