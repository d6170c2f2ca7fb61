//go:build goexperiment.simd && amd64

package model

import (
	"math"
	"simd/archsimd"
)

// The SIMD path of the first layer (GOEXPERIMENT=simd, AVX-512), for
// batches of at least simdMinBatch samples: the lanes of a vector are
// independent hidden units, and each lane does exactly the rounded
// multiplies and adds of the portable path, in the same order, so the bits
// are the same (never a fused multiply-add).
//
//   - lossGrad first transposes W_1 (out×in) to wt (in×out8, out8 = out
//     rounded down to 8): the weights of pixel j are contiguous.
//   - Forward: z_o = b_o + W_oj·x_j over the nonzero pixels j in ascending
//     order, eight units per vector.
//   - Gradient: the gradient of W_1 accumulates in gt (in×out8, +0 at
//     first), sample after sample: gt_jo += c_o·x_j, c_o = scale·δ_o, for
//     the nonzero pixels j and every unit o < out8 — also those with δ_o = 0,
//     which the portable pass skips: there c_o = +0 adds c_o·x_j = ±0,
//     which leaves gt_jo unchanged (it starts at +0, and a sum in
//     round-to-nearest is −0 only when both terms are, so gt_jo is never
//     −0 and gt_jo + (±0) = gt_jo). That needs x_j and the c_o finite
//     (0·∞ is NaN): a sample where one is not updates gt the portable way.
//     At the end lossGrad writes gt, transposed, to the gradient (the units
//     from out8 on take the portable path throughout).

// simdMinBatch is the smallest batch for which lossGrad takes the SIMD
// path: on a loaded 2-core Sapphire Rapids the two transpositions took
// about 270 µs per lossGrad, what the SIMD path saves on 35-40 samples of
// MNIST (about 7 µs each).
const simdMinBatch = 48

// mlpSIMDScratch holds the transposed first-layer weights and gradient.
type mlpSIMDScratch struct {
	ready  bool      // during a lossGrad that takes the SIMD path
	used   bool      // the last lossGrad took it
	out8   int       // the units the SIMD path takes: out rounded down to 8
	gs     int       // the stride of gt: out8 + 8
	wt, gt []float64 // wt[j·out8+o] = W_1[o, j], gt[j·gs+o] → ∂/∂W_1[o, j], o < out8
	c      []float64 // row s: sample s's c_o
	skip   []bool    // per sample: c_o or x_j not finite, gt updated the portable way
	nch    int       // chunks of simdChunk pixels
	end    []int     // row s: where sample s's nonzero pixels of each chunk end
}

// simdChunk is how many pixels the SIMD path takes at a time for all the
// samples of a block: their rows of wt or gt stay in the L1 cache.
const simdChunk = 64

// on reports whether lossGrad prepared the SIMD path.
func (s *mlpSIMDScratch) on() bool { return s.ready }

// prepareSIMD readies the SIMD path for a batch of n samples at w: on
// AVX-512, for n ≥ simdMinBatch and at least eight hidden units. It
// returns how many of the gradient's first entries doneSIMD will write
// (the rows o < out8 of W_1; none without the SIMD path).
func (m *MLP) prepareSIMD(sc *mlpScratch, w []float64, n int) int {
	s := &sc.simd
	s.ready, s.used = false, false
	in, out := m.Sizes[0], m.Sizes[1]
	if n < simdMinBatch || out < 8 || simdOff || !archsimd.X86.AVX512() {
		return 0
	}
	// gt's rows are 8 values longer than out8: with out8 = 128 every
	// fourth row would be 4 kB further on, and the loads from one row wait
	// for the stores to another at such a distance (their addresses look
	// alike to the store buffer)
	s.out8, s.gs = out&^7, out&^7+8
	if len(s.wt) != in*s.out8 {
		s.wt, s.gt = make([]float64, in*s.out8), make([]float64, in*s.gs)
	}
	if len(s.c) < sc.bs*out {
		s.c, s.skip = make([]float64, sc.bs*out), make([]bool, sc.bs)
	}
	wl, _ := m.layer(w, 1)
	transpose(s.wt, s.out8, wl, in, s.out8, in, false)
	s.ready, s.used = true, true
	return s.out8 * in
}

// simdOff turns the SIMD path off (tests compare the two paths).
var simdOff bool

// doneSIMD ends the SIMD path of a lossGrad: it writes the gradient of W_1
// (units o < out8) from gt to g and clears gt.
func (m *MLP) doneSIMD(sc *mlpScratch, g []float64) {
	s := &sc.simd
	if !s.ready {
		return
	}
	s.ready = false
	in := m.Sizes[0]
	gw, _ := m.layer(g, 1)
	transpose(gw, in, s.gt, s.gs, in, s.out8, true)
}

// transpose sets t[c·ts+r] = a[r·as+c] for r < rows, c < cols, in tiles of
// 8×8, and clears a there when clear is set. Moving values changes no bits.
func transpose(t []float64, ts int, a []float64, as, rows, cols int, clear bool) {
	rows8, cols8 := rows&^7, cols&^7
	idx := &transposeIdx
	i0, i1 := archsimd.LoadUint64x8(&idx[0]), archsimd.LoadUint64x8(&idx[1])
	i2, i3 := archsimd.LoadUint64x8(&idx[2]), archsimd.LoadUint64x8(&idx[3])
	i4, i5 := archsimd.LoadUint64x8(&idx[4]), archsimd.LoadUint64x8(&idx[5])
	var zero archsimd.Float64x8
	for r := 0; r < rows8; r += 8 {
		p0, p1, p2, p3 := a[r*as:][:cols8], a[(r+1)*as:][:cols8], a[(r+2)*as:][:cols8], a[(r+3)*as:][:cols8]
		p4, p5, p6, p7 := a[(r+4)*as:][:cols8], a[(r+5)*as:][:cols8], a[(r+6)*as:][:cols8], a[(r+7)*as:][:cols8]
		for c := 0; c < cols8; c += 8 {
			q0, q1, q2, q3 := (*[8]float64)(p0[c:c+8]), (*[8]float64)(p1[c:c+8]), (*[8]float64)(p2[c:c+8]), (*[8]float64)(p3[c:c+8])
			q4, q5, q6, q7 := (*[8]float64)(p4[c:c+8]), (*[8]float64)(p5[c:c+8]), (*[8]float64)(p6[c:c+8]), (*[8]float64)(p7[c:c+8])
			r0, r1, r2, r3 := archsimd.LoadFloat64x8(q0), archsimd.LoadFloat64x8(q1), archsimd.LoadFloat64x8(q2), archsimd.LoadFloat64x8(q3)
			r4, r5, r6, r7 := archsimd.LoadFloat64x8(q4), archsimd.LoadFloat64x8(q5), archsimd.LoadFloat64x8(q6), archsimd.LoadFloat64x8(q7)
			if clear {
				zero.Store(q0)
				zero.Store(q1)
				zero.Store(q2)
				zero.Store(q3)
				zero.Store(q4)
				zero.Store(q5)
				zero.Store(q6)
				zero.Store(q7)
			}
			// pairs of rows, then pairs of pairs, then halves
			a0, a1 := r0.ConcatPermute(r1, i0), r0.ConcatPermute(r1, i1)
			a2, a3 := r2.ConcatPermute(r3, i0), r2.ConcatPermute(r3, i1)
			a4, a5 := r4.ConcatPermute(r5, i0), r4.ConcatPermute(r5, i1)
			a6, a7 := r6.ConcatPermute(r7, i0), r6.ConcatPermute(r7, i1)
			b0, b2 := a0.ConcatPermute(a2, i2), a0.ConcatPermute(a2, i3)
			b1, b3 := a1.ConcatPermute(a3, i2), a1.ConcatPermute(a3, i3)
			b4, b6 := a4.ConcatPermute(a6, i2), a4.ConcatPermute(a6, i3)
			b5, b7 := a5.ConcatPermute(a7, i2), a5.ConcatPermute(a7, i3)
			o := c*ts + r
			b0.ConcatPermute(b4, i4).Store((*[8]float64)(t[o:][:8]))
			b1.ConcatPermute(b5, i4).Store((*[8]float64)(t[o+ts:][:8]))
			b2.ConcatPermute(b6, i4).Store((*[8]float64)(t[o+2*ts:][:8]))
			b3.ConcatPermute(b7, i4).Store((*[8]float64)(t[o+3*ts:][:8]))
			b0.ConcatPermute(b4, i5).Store((*[8]float64)(t[o+4*ts:][:8]))
			b1.ConcatPermute(b5, i5).Store((*[8]float64)(t[o+5*ts:][:8]))
			b2.ConcatPermute(b6, i5).Store((*[8]float64)(t[o+6*ts:][:8]))
			b3.ConcatPermute(b7, i5).Store((*[8]float64)(t[o+7*ts:][:8]))
		}
	}
	archsimd.ClearAVXUpperBits() // before the scalar code (SSE) again
	for r := range rows {
		c0 := cols8
		if r >= rows8 {
			c0 = 0
		}
		for c := c0; c < cols; c++ {
			t[c*ts+r] = a[r*as+c]
			if clear {
				a[r*as+c] = 0
			}
		}
	}
}

// transposeIdx are the permutations of an 8×8 transpose: element pairs of
// two rows, pairs of pairs, halves.
var transposeIdx = [6][8]uint64{
	{0, 8, 2, 10, 4, 12, 6, 14},
	{1, 9, 3, 11, 5, 13, 7, 15},
	{0, 1, 8, 9, 4, 5, 12, 13},
	{2, 3, 10, 11, 6, 7, 14, 15},
	{0, 1, 2, 3, 8, 9, 10, 11},
	{4, 5, 6, 7, 12, 13, 14, 15},
}

// forwardSIMD adds the first layer's sums Σ_j W_oj·x_j of the block's
// samples to their biases in sc.bz[1] for the outputs o < out8, and returns
// out8: the rows left to the portable path start there.
func (m *MLP) forwardSIMD(sc *mlpScratch, idx []int) int {
	s := &sc.simd
	out, out8 := m.Sizes[1], s.out8
	z := sc.bz[1]
	m.chunks(sc, idx)
	for c := range s.nch {
		for k := range idx {
			a, b := s.chunk(k, c)
			if a == b {
				continue
			}
			nz, val := m.input(sc, idx, 1, k)
			nz, val = nz[a:b], val[a:b]
			zs := z[k*out : k*out+out8]
			o := 0
			for ; o+64 <= out8; o += 64 {
				fwd64(zs[o:o+64], s.wt[o:], out8, nz, val)
			}
			for ; o < out8; o += 8 {
				fwd8(zs[o:o+8], s.wt[o:], out8, nz, val)
			}
		}
	}
	archsimd.ClearAVXUpperBits() // before the scalar code (SSE) again
	return out8
}

// chunks splits the nonzero pixels of each sample of the block into the
// chunks of simdChunk pixels that forwardSIMD and gradSIMD take for all the
// samples in turn (the rows of wt or gt of a chunk stay in the L1 cache).
func (m *MLP) chunks(sc *mlpScratch, idx []int) {
	s := &sc.simd
	s.nch = (m.Sizes[0] + simdChunk - 1) / simdChunk
	if len(s.end) < len(idx)*s.nch {
		s.end = make([]int, sc.bs*s.nch)
	}
	for k := range idx {
		nz, _ := m.input(sc, idx, 1, k)
		end := s.end[k*s.nch:][:s.nch]
		b := 0
		for c := range end {
			j1 := int32(min((c+1)*simdChunk, math.MaxInt32))
			for b < len(nz) && nz[b] < j1 {
				b++
			}
			end[c] = b
		}
	}
}

// chunk returns where the nonzero pixels of sample k in chunk c start and
// end in its list.
func (s *mlpSIMDScratch) chunk(k, c int) (a, b int) {
	end := s.end[k*s.nch:][:s.nch]
	if c > 0 {
		a = end[c-1]
	}
	return a, end[c]
}

// fwd64 adds Σ_k wt[nz[k]·stride + q]·val[k] to z[q], q = 0…63, each sum in
// the order of nz.
func fwd64(z, wt []float64, stride int, nz []int32, val []float64) {
	z = z[:64]
	a0 := archsimd.LoadFloat64x8((*[8]float64)(z[0:8]))
	a1 := archsimd.LoadFloat64x8((*[8]float64)(z[8:16]))
	a2 := archsimd.LoadFloat64x8((*[8]float64)(z[16:24]))
	a3 := archsimd.LoadFloat64x8((*[8]float64)(z[24:32]))
	a4 := archsimd.LoadFloat64x8((*[8]float64)(z[32:40]))
	a5 := archsimd.LoadFloat64x8((*[8]float64)(z[40:48]))
	a6 := archsimd.LoadFloat64x8((*[8]float64)(z[48:56]))
	a7 := archsimd.LoadFloat64x8((*[8]float64)(z[56:64]))
	val = val[:len(nz)]
	for k, j := range nz {
		v := archsimd.BroadcastFloat64x8(val[k])
		r := wt[int(j)*stride:][:64]
		a0 = a0.Add(archsimd.LoadFloat64x8((*[8]float64)(r[0:8])).Mul(v))
		a1 = a1.Add(archsimd.LoadFloat64x8((*[8]float64)(r[8:16])).Mul(v))
		a2 = a2.Add(archsimd.LoadFloat64x8((*[8]float64)(r[16:24])).Mul(v))
		a3 = a3.Add(archsimd.LoadFloat64x8((*[8]float64)(r[24:32])).Mul(v))
		a4 = a4.Add(archsimd.LoadFloat64x8((*[8]float64)(r[32:40])).Mul(v))
		a5 = a5.Add(archsimd.LoadFloat64x8((*[8]float64)(r[40:48])).Mul(v))
		a6 = a6.Add(archsimd.LoadFloat64x8((*[8]float64)(r[48:56])).Mul(v))
		a7 = a7.Add(archsimd.LoadFloat64x8((*[8]float64)(r[56:64])).Mul(v))
	}
	a0.Store((*[8]float64)(z[0:8]))
	a1.Store((*[8]float64)(z[8:16]))
	a2.Store((*[8]float64)(z[16:24]))
	a3.Store((*[8]float64)(z[24:32]))
	a4.Store((*[8]float64)(z[32:40]))
	a5.Store((*[8]float64)(z[40:48]))
	a6.Store((*[8]float64)(z[48:56]))
	a7.Store((*[8]float64)(z[56:64]))
}

// fwd8 is fwd64 for eight outputs.
func fwd8(z, wt []float64, stride int, nz []int32, val []float64) {
	a := archsimd.LoadFloat64x8((*[8]float64)(z[:8]))
	val = val[:len(nz)]
	for k, j := range nz {
		r := (*[8]float64)(wt[int(j)*stride:][:8])
		a = a.Add(archsimd.LoadFloat64x8(r).Mul(archsimd.BroadcastFloat64x8(val[k])))
	}
	a.Store((*[8]float64)(z[:8]))
}

// gradSIMD adds the first layer's gradient of the samples of the last
// forwardBlock, sample by sample: gb[o] += c_o for the units with a
// nonzero delta, gt_jo += c_o·x_j (units o < out8, nonzero pixels j) and
// the rows o ≥ out8 of gw the portable way.
func (m *MLP) gradSIMD(sc *mlpScratch, gw, gb []float64, idx []int, scale float64) bool {
	s := &sc.simd
	in, out, out8 := m.Sizes[0], m.Sizes[1], s.out8
	delta := sc.bd[1]
	skip := s.skip[:len(idx)]
	for k := range idx {
		ds := delta[k*out : (k+1)*out]
		nz, val := m.input(sc, idx, 1, k)
		cs := s.c[k*out:][:out]
		// gb += c_o also where δ_o = 0: c_o = +0 and gb_o is never −0;
		// nan is 0 when the c_o and x_j are finite, else NaN
		var nan float64
		for o, d := range ds {
			c := float64(scale * d)
			cs[o] = c
			gb[o] += c
			nan += c - c
		}
		for _, v := range val {
			nan += v - v
		}
		skip[k] = nan != 0
		if skip[k] { // the portable way
			for q, j := range nz {
				v := val[q]
				row := s.gt[int(j)*s.gs:][:out8]
				for o, d := range ds[:out8] {
					if d != 0 {
						row[o] += float64(cs[o] * v)
					}
				}
			}
		}
		for o := out8; o < out; o++ {
			if ds[o] != 0 {
				axpy1(gw[o*in:(o+1)*in], nz, val, cs[o])
			}
		}
	}
	for c := range s.nch {
		for k := range idx {
			a, b := s.chunk(k, c)
			if a == b || skip[k] {
				continue
			}
			nz, val := m.input(sc, idx, 1, k)
			nz, val = nz[a:b], val[a:b]
			cs := s.c[k*out:][:out8]
			o := 0
			for ; o+64 <= out8; o += 64 {
				grad64(s.gt[o:], s.gs, cs[o:o+64], nz, val)
			}
			for ; o < out8; o += 8 {
				grad8(s.gt[o:], s.gs, cs[o:o+8], nz, val)
			}
		}
	}
	archsimd.ClearAVXUpperBits() // before the scalar code (SSE) again
	return true
}

// grad64 adds c[q]·val[k] to gt[nz[k]·stride + q], q = 0…63, for every k.
func grad64(gt []float64, stride int, c []float64, nz []int32, val []float64) {
	c = c[:64]
	c0 := archsimd.LoadFloat64x8((*[8]float64)(c[0:8]))
	c1 := archsimd.LoadFloat64x8((*[8]float64)(c[8:16]))
	c2 := archsimd.LoadFloat64x8((*[8]float64)(c[16:24]))
	c3 := archsimd.LoadFloat64x8((*[8]float64)(c[24:32]))
	c4 := archsimd.LoadFloat64x8((*[8]float64)(c[32:40]))
	c5 := archsimd.LoadFloat64x8((*[8]float64)(c[40:48]))
	c6 := archsimd.LoadFloat64x8((*[8]float64)(c[48:56]))
	c7 := archsimd.LoadFloat64x8((*[8]float64)(c[56:64]))
	val = val[:len(nz)]
	for k, j := range nz {
		v := archsimd.BroadcastFloat64x8(val[k])
		r := gt[int(j)*stride:][:64]
		add := func(r *[8]float64, c archsimd.Float64x8) {
			archsimd.LoadFloat64x8(r).Add(c.Mul(v)).Store(r)
		}
		add((*[8]float64)(r[0:8]), c0)
		add((*[8]float64)(r[8:16]), c1)
		add((*[8]float64)(r[16:24]), c2)
		add((*[8]float64)(r[24:32]), c3)
		add((*[8]float64)(r[32:40]), c4)
		add((*[8]float64)(r[40:48]), c5)
		add((*[8]float64)(r[48:56]), c6)
		add((*[8]float64)(r[56:64]), c7)
	}
}

// grad8 is grad64 for eight units.
func grad8(gt []float64, stride int, c []float64, nz []int32, val []float64) {
	cv := archsimd.LoadFloat64x8((*[8]float64)(c[:8]))
	val = val[:len(nz)]
	for k, j := range nz {
		r := (*[8]float64)(gt[int(j)*stride:][:8])
		archsimd.LoadFloat64x8(r).Add(cv.Mul(archsimd.BroadcastFloat64x8(val[k]))).Store(r)
	}
}
