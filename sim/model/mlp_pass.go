package model

import (
	"math"

	"sgdlab/sim/pmath"
)

// This file holds the MLP's forward and backward passes over blocks of
// samples; the kernels they call are in mlp_kernels.go, the SIMD path of
// the first layer in mlp_simd_amd64.go.

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
		nz = m.xnz.Row(i)
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
		nz := m.xnz.Row(i)
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
