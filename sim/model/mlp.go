package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"sgdlab/sim/data"
	"sgdlab/sim/rng"
	"sgdlab/sim/sampler"
)

// MLP is a fully connected network with ReLU hidden layers and a softmax
// output, trained on the cross-entropy of labelled samples (THEORY §4, §5:
// the models beyond the theory's assumptions). Sizes are the layer widths,
// input first, classes last. The parameters are, layer by layer, the weights
// W_l (out×in, row-major) then the biases b_l. L(w) = (1/n) Σ_i −log p_{y_i}(x_i).
// Exponentials and logarithms use sim/pmath: the same bits on every target.
// NewMLP lists the nonzero inputs of every sample once: X must not change
// afterwards.
type MLP struct {
	Sizes  []int
	N      int
	X      []float64 // n × Sizes[0]
	Labels []int
	xnz    data.Nonzeros // the nonzero inputs of every sample
	sc     mlpScratch
}

// mlpScratch holds the buffers of the blocks of up to bs samples that
// lossGrad and forwardSum carry through the network together. Per layer l,
// row s of bz[l], ba[l], bd[l] is sample s's pre-activations, activations
// (class probabilities at the output; ba[0] is unused, the inputs are read
// from X) and deltas; row s of bnz[l] lists the nonzero activations (the
// next layer's inputs; for l = 0 the list is in MLP.xnz) and row s of bval[l]
// their values in that order, bcnt[l][s] how many. Allocated at the first
// block.
type mlpScratch struct {
	idx        []int
	bs         int
	bz, ba, bd [][]float64
	bnz        [][]int32
	bval       [][]float64
	bcnt       [][]int
	bloss      []float64 // −log p_y of each sample of the block
	act        []int32   // one sample's outputs with a nonzero delta
	simd       mlpSIMDScratch
}

// mlpBlock is how many samples lossGrad carries through the network at
// once: each weight row is loaded once per block rather than once per
// sample.
const mlpBlock = 16

// block makes room for blocks of bs samples.
func (sc *mlpScratch) block(sizes []int, bs int) {
	if sc.bs >= bs {
		return
	}
	sc.bs = bs
	sc.bz, sc.ba, sc.bd, sc.bnz, sc.bval, sc.bcnt = nil, nil, nil, nil, nil, nil
	for l, s := range sizes {
		var z, a, d []float64
		var nz []int32
		if l > 0 {
			z, a, d, nz = make([]float64, bs*s), make([]float64, bs*s), make([]float64, bs*s), make([]int32, bs*s)
		}
		sc.bz, sc.ba, sc.bd, sc.bnz = append(sc.bz, z), append(sc.ba, a), append(sc.bd, d), append(sc.bnz, nz)
		sc.bval = append(sc.bval, make([]float64, bs*s))
		sc.bcnt = append(sc.bcnt, make([]int, bs))
	}
	sc.bloss = make([]float64, bs)
	sc.act = make([]int32, slices.Max(sizes))
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
	return &MLP{Sizes: sizes, N: n, X: x, Labels: labels, xnz: data.NewNonzeros(x, sizes[0])}, nil
}

// Dim implements Model: Σ_l out_l·(in_l + 1).
func (m *MLP) Dim() int {
	d := 0
	for l := 1; l < len(m.Sizes); l++ {
		d += m.Sizes[l] * (m.Sizes[l-1] + 1)
	}
	return d
}

// Clone implements Model: the clone shares the data and has its own scratch.
func (m *MLP) Clone() Model {
	c := *m
	c.sc = mlpScratch{}
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
	_, correct := m.forwardSum(w, m.all())
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
	return &mlpBatcher{m: m, s: s, batch: make([]int, 0, b)}
}

// Grad implements Batcher.
func (mb *mlpBatcher) Grad(g, w []float64) {
	mb.batch = mb.s.Next(mb.batch)
	mb.Loss, mb.Correct = mb.m.lossGrad(&mb.sc, g, w, mb.batch)
}
