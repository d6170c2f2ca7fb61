package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

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
// NewMLP lists the nonzero inputs of every sample once: X must not change
// afterwards.
type MLP struct {
	Sizes  []int
	N      int
	X      []float64 // n × Sizes[0]
	Labels []int
	xnz    []int32 // the indices of the nonzero inputs, ascending, sample after sample
	xoff   []int   // sample i's are xnz[xoff[i]:xoff[i+1]]
	sc     mlpScratch
}

// mlpScratch holds the buffers of the blocks of up to bs samples that
// lossGrad and forwardSum carry through the network together. Per layer l,
// row s of bz[l], ba[l], bd[l] is sample s's pre-activations, activations
// (class probabilities at the output; ba[0] is unused, the inputs are read
// from X) and deltas; row s of bnz[l] lists the nonzero activations (the
// next layer's inputs; for l = 0 the list is MLP.xnz) and row s of bval[l]
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
	m := &MLP{Sizes: sizes, N: n, X: x, Labels: labels, xoff: make([]int, n+1)}
	d0 := sizes[0]
	buf := make([]int32, d0)
	for i := range n {
		k := nonzeros(buf, x[i*d0:(i+1)*d0])
		m.xnz = append(m.xnz, buf[:k]...)
		m.xoff[i+1] = len(m.xnz)
	}
	m.xnz = slices.Clip(m.xnz)
	return m, nil
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

// The sums below keep one order on every target, the order of the
// one-sample-at-a-time pass this package started with: z_o = b_o, then
// + W_oj·a_j for the nonzero inputs a_j in ascending j; each gradient entry
// is 0, then gets its samples' contributions one by one in the order of the
// batch; a delta of the layer below is 0, then + W_oj·δ_o for the outputs o
// with a nonzero δ_o in ascending o. The float64 conversions of products
// keep compilers from fusing them with the sum (the spec allows it; an FMA
// would change the bits). How the loops are blocked (rows, samples) and
// whether they run in SIMD lanes (mlp_simd_amd64.go) changes nothing else.

// softmax sets p to the softmax of z (with the log-sum-exp shift) and
// returns −log p_y.
func softmax(p, z []float64, y int) float64 {
	mx := z[0]
	for _, v := range z {
		mx = math.Max(mx, v)
	}
	var s float64
	for o, v := range z {
		e := pmath.Exp(v - mx)
		p[o] = e
		s += e
	}
	for o := range p {
		p[o] /= s
	}
	return pmath.Log(s) + mx - z[y]
}

// input is sample s's nonzero activations entering layer l (its nonzero
// pixels for l = 1): their indices and values.
func (m *MLP) input(sc *mlpScratch, idx []int, l, s int) (nz []int32, val []float64) {
	in := m.Sizes[l-1]
	n := sc.bcnt[l-1][s]
	if l == 1 {
		i := idx[s]
		nz = m.xnz[m.xoff[i]:m.xoff[i+1]]
	} else {
		nz = sc.bnz[l-1][s*in : s*in+n]
	}
	return nz, sc.bval[l-1][s*in : s*in+n]
}

// forwardBlock runs the samples idx (at most sc.bs) through the network:
// row s of sc.ba[last] holds sample s's class probabilities and sc.bloss[s]
// its −log p_y. Each group of weight rows is loaded once for the block.
func (m *MLP) forwardBlock(sc *mlpScratch, w []float64, idx []int) {
	L := len(m.Sizes) - 1
	d0 := m.Sizes[0]
	for s, i := range idx {
		nz := m.xnz[m.xoff[i]:m.xoff[i+1]]
		x := m.X[i*d0 : (i+1)*d0]
		val := sc.bval[0][s*d0 : s*d0+len(nz)]
		for k, j := range nz {
			val[k] = x[j]
		}
		sc.bcnt[0][s] = len(nz)
	}
	for l := 1; l <= L; l++ {
		wl, bl := m.layer(w, l)
		in, out := m.Sizes[l-1], m.Sizes[l]
		z := sc.bz[l]
		for s := range idx {
			copy(z[s*out:(s+1)*out], bl)
		}
		o := 0
		if l == 1 && sc.simd.on() {
			o = m.forwardSIMD(sc, idx) // the rows it did not take are left
		}
		for o < out {
			k := rowGroup(out - o)
			r := wl[o*in : (o+k)*in]
			for s := range idx {
				nz, val := m.input(sc, idx, l, s)
				dot(z[s*out+o:s*out+o+k], r, in, nz, val)
			}
			o += k
		}
		if l < L {
			a := sc.ba[l]
			for s := range idx {
				as := a[s*out : (s+1)*out]
				for o, v := range z[s*out : (s+1)*out] {
					as[o] = max(v, 0) // math.Max: NaN stays, −0 → +0
				}
				sc.bcnt[l][s] = nonzerosVal(sc.bnz[l][s*out:(s+1)*out], sc.bval[l][s*out:(s+1)*out], as)
			}
		}
	}
	K := m.Sizes[L]
	for s, i := range idx {
		sc.bloss[s] = softmax(sc.ba[L][s*K:(s+1)*K], sc.bz[L][s*K:(s+1)*K], m.Labels[i])
	}
}

// backwardBlock adds scale·∇(−log p_y) of the samples of the last
// forwardBlock to g, sample by sample in the order of idx.
func (m *MLP) backwardBlock(sc *mlpScratch, g, w []float64, idx []int, scale float64) {
	L := len(m.Sizes) - 1
	K := m.Sizes[L]
	for s, i := range idx {
		d := sc.bd[L][s*K : (s+1)*K]
		copy(d, sc.ba[L][s*K:(s+1)*K])
		d[m.Labels[i]]--
	}
	for l := L; l >= 1; l-- {
		gw, gb := m.layer(g, l)
		wl, _ := m.layer(w, l)
		in, out := m.Sizes[l-1], m.Sizes[l]
		delta := sc.bd[l]
		if l == 1 && sc.simd.on() && m.gradSIMD(sc, gw, gb, idx, scale) {
			break
		}
		row := func(r []float64, o int32) []float64 { return r[int(o)*in : (int(o)+1)*in] }
		for s := range idx {
			nz, val := m.input(sc, idx, l, s)
			ds := delta[s*out : (s+1)*out]
			act := sc.act[:active(sc.act, ds)]
			k := 0
			for ; k+8 <= len(act); k += 8 {
				a8 := act[k : k+8]
				var cs [8]float64
				for q, p := range a8 {
					cs[q] = float64(scale * ds[p])
					gb[p] += cs[q]
				}
				axpy8(gw, in, a8, nz, val, &cs)
			}
			for ; k+4 <= len(act); k += 4 {
				p, q, r, t := act[k], act[k+1], act[k+2], act[k+3]
				c0, c1, c2, c3 := float64(scale*ds[p]), float64(scale*ds[q]), float64(scale*ds[r]), float64(scale*ds[t])
				gb[p] += c0
				gb[q] += c1
				gb[r] += c2
				gb[t] += c3
				axpy4(row(gw, p), row(gw, q), row(gw, r), row(gw, t), nz, val, c0, c1, c2, c3)
			}
			for ; k < len(act); k++ {
				p := act[k]
				c := float64(scale * ds[p])
				gb[p] += c
				axpy1(row(gw, p), nz, val, c)
			}
			if l == 1 {
				continue
			}
			// the deltas of layer l−1, at its active ReLUs (nonzero
			// activations, i.e. z > 0); the others stay 0
			dp := sc.bd[l-1][s*in : (s+1)*in]
			clear(dp)
			k = 0
			for ; k+4 <= len(act); k += 4 {
				p, q, r, t := act[k], act[k+1], act[k+2], act[k+3]
				acc4(dp, row(wl, p), row(wl, q), row(wl, r), row(wl, t), nz, ds[p], ds[q], ds[r], ds[t])
			}
			for ; k < len(act); k++ {
				p := act[k]
				acc1(dp, row(wl, p), nz, ds[p])
			}
		}
	}
}

// lossGrad sets g to the mean gradient over the samples idx and returns
// their mean loss and how many are classified correctly.
func (m *MLP) lossGrad(sc *mlpScratch, g, w []float64, idx []int) (loss float64, correct int) {
	inv := 1 / float64(len(idx))
	sc.block(m.Sizes, min(len(idx), mlpBlock))
	clear(g[m.prepareSIMD(sc, w, len(idx)):]) // the SIMD path writes the first entries at the end
	K := m.Sizes[len(m.Sizes)-1]
	probs := sc.ba[len(m.Sizes)-1]
	for len(idx) > 0 {
		blk := idx[:min(len(idx), mlpBlock)]
		idx = idx[len(blk):]
		m.forwardBlock(sc, w, blk)
		for s, i := range blk {
			loss += sc.bloss[s]
			if argmax(probs[s*K:(s+1)*K]) == m.Labels[i] {
				correct++
			}
		}
		m.backwardBlock(sc, g, w, blk, inv)
	}
	m.doneSIMD(sc, g)
	return loss * inv, correct
}

// nonzeros writes the indices of the nonzero entries of x, ascending, to nz
// (len(nz) ≥ len(x)) and returns how many there are.
func nonzeros(nz []int32, x []float64) int {
	nz = nz[:len(x)]
	n, j := 0, 0
	for ; j+4 <= len(x); j += 4 {
		x4 := x[j : j+4 : j+4]
		if x4[0] == 0 && x4[1] == 0 && x4[2] == 0 && x4[3] == 0 {
			continue // runs of zeros (an image's border, dead ReLUs)
		}
		for q, v := range x4 {
			nz[n] = int32(j + q) // written always, kept when nonzero: no branch to mispredict
			if v != 0 {
				n++
			}
		}
	}
	for ; j < len(x); j++ {
		nz[n] = int32(j)
		if x[j] != 0 {
			n++
		}
	}
	return n
}

// nonzerosVal is nonzeros that also writes the nonzero values, in the same
// order, to val (len(val) ≥ len(x)).
func nonzerosVal(nz []int32, val, x []float64) int {
	nz, val = nz[:len(x)], val[:len(x)]
	n := 0
	for j, v := range x {
		nz[n], val[n] = int32(j), v // written always, kept when nonzero
		if v != 0 {
			n++
		}
	}
	return n
}

// active writes the o with d[o] ≠ 0, ascending, to act and returns how
// many there are.
func active(act []int32, d []float64) int {
	act = act[:len(d)]
	n := 0
	for o, v := range d {
		act[n] = int32(o) // written always, kept when nonzero
		if v != 0 {
			n++
		}
	}
	return n
}

// rowGroup is how many of the remaining rows the forward pass takes at
// once: 8, 4 or 1.
func rowGroup(rest int) int {
	switch {
	case rest >= 8:
		return 8
	case rest >= 4:
		return 4
	}
	return 1
}

// dot adds Σ_k r[q·in+nz[k]]·val[k] to z[q] for the len(z) = 8, 4 or 1 rows
// of r, each sum in the order of nz.
func dot(z, r []float64, in int, nz []int32, val []float64) {
	switch len(z) {
	case 8:
		dot8(z, r, in, nz, val)
	case 4:
		dot4(z, r, in, nz, val)
	default:
		z[0] = dot1(r[:in], nz, val, z[0])
	}
}

// dot8 is dot for eight rows: eight independent sums keep the
// floating-point adders busy.
func dot8(z, r []float64, in int, nz []int32, val []float64) {
	r0, r1, r2, r3 := r[:in], r[in:2*in], r[2*in:3*in], r[3*in:4*in]
	r4, r5, r6, r7 := r[4*in:5*in], r[5*in:6*in], r[6*in:7*in], r[7*in:8*in]
	val = val[:len(nz)]
	z = z[:8]
	z0, z1, z2, z3, z4, z5, z6, z7 := z[0], z[1], z[2], z[3], z[4], z[5], z[6], z[7]
	for k, j := range nz {
		v := val[k]
		z0 += float64(r0[j] * v)
		z1 += float64(r1[j] * v)
		z2 += float64(r2[j] * v)
		z3 += float64(r3[j] * v)
		z4 += float64(r4[j] * v)
		z5 += float64(r5[j] * v)
		z6 += float64(r6[j] * v)
		z7 += float64(r7[j] * v)
	}
	z[0], z[1], z[2], z[3], z[4], z[5], z[6], z[7] = z0, z1, z2, z3, z4, z5, z6, z7
}

// dot4 is dot for four rows.
func dot4(z, r []float64, in int, nz []int32, val []float64) {
	r0, r1, r2, r3 := r[:in], r[in:2*in], r[2*in:3*in], r[3*in:4*in]
	val = val[:len(nz)]
	z = z[:4]
	z0, z1, z2, z3 := z[0], z[1], z[2], z[3]
	for k, j := range nz {
		v := val[k]
		z0 += float64(r0[j] * v)
		z1 += float64(r1[j] * v)
		z2 += float64(r2[j] * v)
		z3 += float64(r3[j] * v)
	}
	z[0], z[1], z[2], z[3] = z0, z1, z2, z3
}

// dot1 returns b + Σ_k r[nz[k]]·val[k] in the order of nz.
func dot1(r []float64, nz []int32, val []float64, b float64) float64 {
	val = val[:len(nz)]
	for k, j := range nz {
		b += float64(r[j] * val[k])
	}
	return b
}

// axpy4 adds c_q·val[k] to r_q[nz[k]] for every k, q = 0…3.
func axpy4(r0, r1, r2, r3 []float64, nz []int32, val []float64, c0, c1, c2, c3 float64) {
	n := len(r0)
	r1, r2, r3 = r1[:n], r2[:n], r3[:n]
	val = val[:len(nz)]
	for k, j := range nz {
		v := val[k]
		r0[j] += float64(c0 * v)
		r1[j] += float64(c1 * v)
		r2[j] += float64(c2 * v)
		r3[j] += float64(c3 * v)
	}
}

// axpy8 adds c[q]·val[k] to row a[q] of g (rows of length in) at nz[k],
// q = 0…7, for every k.
func axpy8(g []float64, in int, a []int32, nz []int32, val []float64, c *[8]float64) {
	a = a[:8]
	r0, r1, r2, r3 := g[int(a[0])*in:][:in], g[int(a[1])*in:][:in], g[int(a[2])*in:][:in], g[int(a[3])*in:][:in]
	r4, r5, r6, r7 := g[int(a[4])*in:][:in], g[int(a[5])*in:][:in], g[int(a[6])*in:][:in], g[int(a[7])*in:][:in]
	c0, c1, c2, c3, c4, c5, c6, c7 := c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
	val = val[:len(nz)]
	for k, j := range nz {
		v := val[k]
		r0[j] += float64(c0 * v)
		r1[j] += float64(c1 * v)
		r2[j] += float64(c2 * v)
		r3[j] += float64(c3 * v)
		r4[j] += float64(c4 * v)
		r5[j] += float64(c5 * v)
		r6[j] += float64(c6 * v)
		r7[j] += float64(c7 * v)
	}
}

// axpy1 adds c·val[k] to r[nz[k]] for every k.
func axpy1(r []float64, nz []int32, val []float64, c float64) {
	val = val[:len(nz)]
	for k, j := range nz {
		r[j] += float64(c * val[k])
	}
}

// acc4 adds r0[j]·d0, then r1[j]·d1, r2[j]·d2, r3[j]·d3 to dp[j] for j in nz.
func acc4(dp, r0, r1, r2, r3 []float64, nz []int32, d0, d1, d2, d3 float64) {
	n := len(dp)
	r0, r1, r2, r3 = r0[:n], r1[:n], r2[:n], r3[:n]
	for _, j := range nz {
		dp[j] = dp[j] + float64(r0[j]*d0) + float64(r1[j]*d1) + float64(r2[j]*d2) + float64(r3[j]*d3)
	}
}

// acc1 adds r[j]·d to dp[j] for j in nz.
func acc1(dp, r []float64, nz []int32, d float64) {
	r = r[:len(dp)]
	for _, j := range nz {
		dp[j] += float64(r[j] * d)
	}
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
