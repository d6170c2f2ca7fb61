//go:build goexperiment.simd && amd64

package kernel

import "simd/archsimd"

// hasAVX512 selects the AVX-512 path of update (c = 10) when the build has
// GOEXPERIMENT=simd and the CPU has AVX-512 (F, CD, BW, DQ and VL).
var hasAVX512 = archsimd.X86.AVX512()

// updateFast runs update10AVX512 for c = 10 on a CPU with AVX-512, with buf
// as its scratch. Its vectors add and multiply lane by lane (never fused),
// in the order of updatePortable, so the bits are the same (tested).
func updateFast(R []float64, rows [][]float64, d []float64, c int, buf *[][88]float64, out []float64) (float64, bool) {
	if c != 10 || !hasAVX512 {
		return 0, false
	}
	return update10AVX512(R, rows, d, buf, out), true
}

// Index vectors of the 8×8 transpose and of the columns 8 and 9.
var (
	permLo4 = [8]uint64{0, 1, 8, 9, 4, 5, 12, 13}
	permHi4 = [8]uint64{2, 3, 10, 11, 6, 7, 14, 15}
	permLo8 = [8]uint64{0, 1, 2, 3, 8, 9, 10, 11}
	permHi8 = [8]uint64{4, 5, 6, 7, 12, 13, 14, 15}
	permEv  = [8]uint64{0, 2, 4, 6, 8, 10, 12, 14}
	permOd  = [8]uint64{1, 3, 5, 7, 9, 11, 13, 15}
	permZl  = [8]uint64{0, 8, 1, 9, 2, 10, 3, 11}
	permZh  = [8]uint64{4, 12, 5, 13, 6, 14, 7, 15}
)

// Index vectors of sweep10One: the flat vector v of an 8×10 block holds
// entry 8v+l in lane l, that is row (8v+l)/10 and output (8v+l) mod 10.
var (
	// kexpIdx[v] picks K[i,r0+(8v+l)/10] from K[i,r0:r0+8] for lane l.
	kexpIdx = [10][8]uint64{
		{0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 1, 1, 1, 1, 1, 1},
		{1, 1, 1, 1, 2, 2, 2, 2}, {2, 2, 2, 2, 2, 2, 3, 3},
		{3, 3, 3, 3, 3, 3, 3, 3}, {4, 4, 4, 4, 4, 4, 4, 4},
		{4, 4, 5, 5, 5, 5, 5, 5}, {5, 5, 5, 5, 6, 6, 6, 6},
		{6, 6, 6, 6, 6, 6, 7, 7}, {7, 7, 7, 7, 7, 7, 7, 7},
	}
	// dtIdx[u] picks Δ[(8u+l) mod 10] from Δ[0:8] and Δ[8:10] for lane l,
	// the Δ of flat vectors u and u+5.
	dtIdx = [5][8]uint64{
		{0, 1, 2, 3, 4, 5, 6, 7}, {8, 9, 0, 1, 2, 3, 4, 5},
		{6, 7, 8, 9, 0, 1, 2, 3}, {4, 5, 6, 7, 8, 9, 0, 1},
		{2, 3, 4, 5, 6, 7, 8, 9},
	}
	// Outputs 2p and 2p+1 of the four rows of half a block lie in four flat
	// vectors, row l's pair in lanes 2((l+p) mod 4) and 2((l+p) mod 4)+1;
	// pairEv[p mod 4] and pairOd[p mod 4] gather them from the halves'
	// merged vectors into row order.
	pairEv = [4][8]uint64{
		{0, 2, 4, 6, 8, 10, 12, 14}, {2, 4, 6, 0, 10, 12, 14, 8},
		{4, 6, 0, 2, 12, 14, 8, 10}, {6, 0, 2, 4, 14, 8, 10, 12},
	}
	pairOd = [4][8]uint64{
		{1, 3, 5, 7, 9, 11, 13, 15}, {3, 5, 7, 1, 11, 13, 15, 9},
		{5, 7, 1, 3, 13, 15, 9, 11}, {7, 1, 3, 5, 15, 9, 11, 13},
	}
)

// update10AVX512 is update10 eight rows at a time with one row per lane:
// the 8×10 block of R is transposed into ten vectors (one per output), each
// batch element adds K[i_j,r:r+8]·Δ_j[o] to vector o (a rounded multiply,
// then a rounded add: the very operations of update10, lane by lane), the
// squares are summed in output order lane by lane, and the block is
// transposed back. The rows' sums then go to the even and odd accumulators
// in row order, so the bits are update10's. A large batch is applied in
// groups of batchGroup elements, one sweep over R each, as updatePortable
// does. Rows past the last multiple of 8 are done one by one. With out, the
// rows' sums of squares go to out and it returns 0 (see update).
func update10AVX512(R []float64, rows [][]float64, d []float64, buf *[][88]float64, out []float64) float64 {
	n := len(R) / 10
	d = d[:10*len(rows)]
	// bd[j][8o:8o+8] will be Δ_j[o] eight times (the broadcasts, loaded)
	// and bd[j][80:88] the K[i_j,r0:r0+8] of the block at hand.
	if cap(*buf) < len(rows) {
		*buf = make([][88]float64, len(rows))
	}
	bd := (*buf)[:len(rows)]
	r0 := n / 8 * 8
	var s archsimd.Float64x4
	if len(rows) == 1 {
		s = sweep10One(R[:10*r0], rows[0][:r0], (*[10]float64)(d), &bd[0], out)
	} else {
		for j := range bd {
			b := &bd[j]
			for o := 0; o < 10; o += 2 {
				x := archsimd.LoadFloat64x2Slice(d[10*j+o:])
				x.Broadcast1To8().Store((*[8]float64)(b[8*o:]))
				x.SelectFromPair(1, 1, x).Broadcast1To8().Store((*[8]float64)(b[8*o+8:]))
			}
		}
		for g := 0; g < len(rows); g += batchGroup {
			h := min(g+batchGroup, len(rows))
			var o []float64
			if h == len(rows) {
				o = out
			}
			s = sweep10(R[:10*r0], rows[g:h], bd[g:h], r0, h == len(rows), o)
		}
	}
	// Scalar code from here on: clear the upper halves of the vector
	// registers first, as mixing legacy SSE instructions with dirty upper
	// halves costs hundreds of cycles each on Intel (go.dev/issue/80835).
	// The sums go through memory (bd is spent), which no vector register
	// reload after the clearing can make dirty again.
	sums := (*[4]float64)(bd[0][:4])
	s.Store(sums)
	archsimd.ClearAVXUpperBits()
	s0, s1 := sums[0], sums[1]
	for r := r0; r < n; r++ { // r0 is even: s0 holds the even rows
		v := (*[10]float64)(R[r*10:])
		for j, kr := range rows {
			kv := kr[r]
			for o, dv := range (*[10]float64)(d[10*j:]) {
				v[o] += float64(kv * dv)
			}
		}
		var sr float64
		for _, x := range v {
			sr += float64(x * x)
		}
		if out != nil {
			out[r] = sr
			continue
		}
		s0, s1 = s1, s0+sr
	}
	return s0 + s1
}

// sweep10 applies the batch elements of rows (Δ_j[o] broadcast at
// bd[j][8o:]) to the first n rows of R, a multiple of 8, block by block, and
// with sums returns the sums of the squares of the even rows and of the odd
// rows in lanes 0 and 1 (lanes 2 and 3 are scratch; all four are zero
// without sums). With out (only with sums), the rows' sums go to out
// instead (and the four lanes are zero).
func sweep10(R []float64, rows [][]float64, bd [][88]float64, n int, sums bool, out []float64) archsimd.Float64x4 {
	// s[0] and s[1] sum the even and the odd rows (s[2] and s[3] are
	// scratch): a 256-bit vector, as the compiler moves 128-bit ones with
	// legacy SSE instructions (see update10AVX512).
	var s archsimd.Float64x4
	R = R[:10*n]
	for r0 := 0; r0 < n; r0 += 8 {
		blk := (*[80]float64)(R[10*r0:])
		c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 := loadT10(blk)
		if len(bd) == 1 { // one batch element: in line
			b := &bd[0]
			kv := archsimd.LoadFloat64x8((*[8]float64)(rows[0][r0 : r0+8 : r0+8]))
			c0 = c0.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[0:8]))))
			c1 = c1.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[8:16]))))
			c2 = c2.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[16:24]))))
			c3 = c3.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[24:32]))))
			c4 = c4.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[32:40]))))
			c5 = c5.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[40:48]))))
			c6 = c6.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[48:56]))))
			c7 = c7.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[56:64]))))
			c8 = c8.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[64:72]))))
			c9 = c9.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[72:80]))))
		} else {
			c0, c1, c2, c3, c4 = update10AVX512Lo(c0, c1, c2, c3, c4, rows, bd, r0)
			c5, c6, c7, c8, c9 = update10AVX512Hi(c5, c6, c7, c8, c9, bd)
		}
		if sums {
			q := c0.Mul(c0)
			q = q.Add(c1.Mul(c1))
			q = q.Add(c2.Mul(c2))
			q = q.Add(c3.Mul(c3))
			q = q.Add(c4.Mul(c4))
			q = q.Add(c5.Mul(c5))
			q = q.Add(c6.Mul(c6))
			q = q.Add(c7.Mul(c7))
			q = q.Add(c8.Mul(c8))
			q = q.Add(c9.Mul(c9))
			if out != nil {
				q.Store((*[8]float64)(out[r0 : r0+8]))
			} else {
				lo, hi := q.GetLo(), q.GetHi()
				s = s.Add(lo).Add(lo.Select128FromPair(1, 1, lo))
				s = s.Add(hi).Add(hi.Select128FromPair(1, 1, hi))
			}
		}
		storeT10(blk, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9)
	}
	return s
}

// sweep10One is sweep10 (with sums) for a batch of one, without transposing
// the update: the block's flat vectors get K[i,r]·Δ[o] with K and Δ
// permuted to match their lanes. Only the squares are transposed, to be
// summed in output order row by row (with out, stored there as sweep10
// does).
func sweep10One(R, kr []float64, d *[10]float64, buf *[88]float64, out []float64) archsimd.Float64x4 {
	n := len(kr)
	R = R[:10*n]
	// dt[8u+l] = Δ[(8u+l) mod 10], the Δ of flat vectors u and u+5 (in buf,
	// not a local array: zeroing one would take legacy SSE instructions).
	dt := (*[40]float64)(buf[:40])
	da := archsimd.LoadFloat64x8((*[8]float64)(d[0:8]))
	db := archsimd.LoadFloat64x8SlicePart(d[8:10])
	for u := 0; u < 5; u++ {
		da.ConcatPermute(db, archsimd.LoadUint64x8(&dtIdx[u])).Store((*[8]float64)(dt[8*u:]))
	}
	m0 := archsimd.Mask64x8FromBits(0b00000011)
	m1 := archsimd.Mask64x8FromBits(0b00001100)
	m2 := archsimd.Mask64x8FromBits(0b00110000)
	m3 := archsimd.Mask64x8FromBits(0b11000000)
	var s archsimd.Float64x4
	for r0 := 0; r0 < n; r0 += 8 {
		b := (*[80]float64)(R[10*r0:])
		kv := archsimd.LoadFloat64x8((*[8]float64)(kr[r0 : r0+8 : r0+8]))
		q0 := update10Flat((*[8]float64)(b[0:8]), kv, &kexpIdx[0], (*[8]float64)(dt[0:8]))
		q1 := update10Flat((*[8]float64)(b[8:16]), kv, &kexpIdx[1], (*[8]float64)(dt[8:16]))
		q2 := update10Flat((*[8]float64)(b[16:24]), kv, &kexpIdx[2], (*[8]float64)(dt[16:24]))
		q3 := update10Flat((*[8]float64)(b[24:32]), kv, &kexpIdx[3], (*[8]float64)(dt[24:32]))
		q4 := update10Flat((*[8]float64)(b[32:40]), kv, &kexpIdx[4], (*[8]float64)(dt[32:40]))
		q5 := update10Flat((*[8]float64)(b[40:48]), kv, &kexpIdx[5], (*[8]float64)(dt[0:8]))
		q6 := update10Flat((*[8]float64)(b[48:56]), kv, &kexpIdx[6], (*[8]float64)(dt[8:16]))
		q7 := update10Flat((*[8]float64)(b[56:64]), kv, &kexpIdx[7], (*[8]float64)(dt[16:24]))
		q8 := update10Flat((*[8]float64)(b[64:72]), kv, &kexpIdx[8], (*[8]float64)(dt[24:32]))
		q9 := update10Flat((*[8]float64)(b[72:80]), kv, &kexpIdx[9], (*[8]float64)(dt[32:40]))
		// Outputs 2p and 2p+1 of rows 0–3 (a) and 4–7 (z), merged from the
		// flat vectors that hold them, then gathered into row order.
		a := q3.Merge(q2.Merge(q1.Merge(q0, m1), m2), m3)
		z := q8.Merge(q7.Merge(q6.Merge(q5, m1), m2), m3)
		sr := a.ConcatPermute(z, archsimd.LoadUint64x8(&pairEv[0]))
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairOd[0])))
		a = q4.Merge(q2.Merge(q1.Merge(q0, m2), m3), m0)
		z = q9.Merge(q7.Merge(q6.Merge(q5, m2), m3), m0)
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairEv[1])))
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairOd[1])))
		a = q4.Merge(q3.Merge(q1.Merge(q0, m3), m0), m1)
		z = q9.Merge(q8.Merge(q6.Merge(q5, m3), m0), m1)
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairEv[2])))
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairOd[2])))
		a = q4.Merge(q3.Merge(q2.Merge(q0, m0), m1), m2)
		z = q9.Merge(q8.Merge(q7.Merge(q5, m0), m1), m2)
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairEv[3])))
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairOd[3])))
		a = q4.Merge(q3.Merge(q2.Merge(q1, m1), m2), m3)
		z = q9.Merge(q8.Merge(q7.Merge(q6, m1), m2), m3)
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairEv[0])))
		sr = sr.Add(a.ConcatPermute(z, archsimd.LoadUint64x8(&pairOd[0])))
		if out != nil {
			sr.Store((*[8]float64)(out[r0 : r0+8]))
			continue
		}
		lo, hi := sr.GetLo(), sr.GetHi()
		s = s.Add(lo).Add(lo.Select128FromPair(1, 1, lo))
		s = s.Add(hi).Add(hi.Select128FromPair(1, 1, hi))
	}
	return s
}

// update10Flat does f += (K permuted by idx)·dt on the flat vector f of a
// block, stores it, and returns its square.
func update10Flat(f *[8]float64, kv archsimd.Float64x8, idx *[8]uint64, dt *[8]float64) archsimd.Float64x8 {
	x := archsimd.LoadFloat64x8(f).Add(kv.Permute(archsimd.LoadUint64x8(idx)).Mul(archsimd.LoadFloat64x8(dt)))
	x.Store(f)
	return x.Mul(x)
}

// loadT10 returns the columns of the 8×10 row-major block b: c_o[l] = b[10l+o].
//
//go:noinline
func loadT10(b *[80]float64) (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 archsimd.Float64x8) {
	// Columns 0–7: an 8×8 transpose of the rows' first eight entries.
	lo4, hi4 := archsimd.LoadUint64x8(&permLo4), archsimd.LoadUint64x8(&permHi4)
	lo8, hi8 := archsimd.LoadUint64x8(&permLo8), archsimd.LoadUint64x8(&permHi8)
	x0 := archsimd.LoadFloat64x8((*[8]float64)(b[0:8]))
	x1 := archsimd.LoadFloat64x8((*[8]float64)(b[10:18]))
	x2 := archsimd.LoadFloat64x8((*[8]float64)(b[20:28]))
	x3 := archsimd.LoadFloat64x8((*[8]float64)(b[30:38]))
	x4 := archsimd.LoadFloat64x8((*[8]float64)(b[40:48]))
	x5 := archsimd.LoadFloat64x8((*[8]float64)(b[50:58]))
	x6 := archsimd.LoadFloat64x8((*[8]float64)(b[60:68]))
	x7 := archsimd.LoadFloat64x8((*[8]float64)(b[70:78]))
	t0, t1 := x0.SelectFromPairGrouped(0, 2, x1), x0.SelectFromPairGrouped(1, 3, x1)
	t2, t3 := x2.SelectFromPairGrouped(0, 2, x3), x2.SelectFromPairGrouped(1, 3, x3)
	t4, t5 := x4.SelectFromPairGrouped(0, 2, x5), x4.SelectFromPairGrouped(1, 3, x5)
	t6, t7 := x6.SelectFromPairGrouped(0, 2, x7), x6.SelectFromPairGrouped(1, 3, x7)
	u0, u2 := t0.ConcatPermute(t2, lo4), t0.ConcatPermute(t2, hi4)
	u1, u3 := t1.ConcatPermute(t3, lo4), t1.ConcatPermute(t3, hi4)
	u4, u6 := t4.ConcatPermute(t6, lo4), t4.ConcatPermute(t6, hi4)
	u5, u7 := t5.ConcatPermute(t7, lo4), t5.ConcatPermute(t7, hi4)
	c0, c4 = u0.ConcatPermute(u4, lo8), u0.ConcatPermute(u4, hi8)
	c1, c5 = u1.ConcatPermute(u5, lo8), u1.ConcatPermute(u5, hi8)
	c2, c6 = u2.ConcatPermute(u6, lo8), u2.ConcatPermute(u6, hi8)
	c3, c7 = u3.ConcatPermute(u7, lo8), u3.ConcatPermute(u7, hi8)
	// Columns 8 and 9: e0 = b[0:4, 8:10] and e1 = b[4:8, 8:10], row-major,
	// merged from loads that put each pair in its lanes.
	m2 := archsimd.Mask64x8FromBits(0b00000011)
	m4 := archsimd.Mask64x8FromBits(0b00001111)
	m6 := archsimd.Mask64x8FromBits(0b00111111)
	e0 := archsimd.LoadFloat64x8((*[8]float64)(b[8:16])).
		Merge(archsimd.LoadFloat64x8((*[8]float64)(b[16:24])), m2).
		Merge(archsimd.LoadFloat64x8((*[8]float64)(b[24:32])), m4).
		Merge(archsimd.LoadFloat64x8((*[8]float64)(b[32:40])), m6)
	e1 := archsimd.LoadFloat64x8((*[8]float64)(b[48:56])).
		Merge(archsimd.LoadFloat64x8((*[8]float64)(b[56:64])), m2).
		Merge(archsimd.LoadFloat64x8((*[8]float64)(b[64:72])), m4).
		Merge(archsimd.LoadFloat64x8((*[8]float64)(b[72:80])), m6)
	c8 = e0.ConcatPermute(e1, archsimd.LoadUint64x8(&permEv))
	c9 = e0.ConcatPermute(e1, archsimd.LoadUint64x8(&permOd))
	return
}

// storeT10 stores the columns c_o into the 8×10 row-major block b:
// b[10l+o] = c_o[l], the inverse of loadT10.
//
//go:noinline
func storeT10(b *[80]float64, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 archsimd.Float64x8) {
	// The same transpose, then columns 8 and 9 lane pair by lane pair.
	lo4, hi4 := archsimd.LoadUint64x8(&permLo4), archsimd.LoadUint64x8(&permHi4)
	lo8, hi8 := archsimd.LoadUint64x8(&permLo8), archsimd.LoadUint64x8(&permHi8)
	e0 := c8.ConcatPermute(c9, archsimd.LoadUint64x8(&permZl))
	e1 := c8.ConcatPermute(c9, archsimd.LoadUint64x8(&permZh))
	t0, t1 := c0.SelectFromPairGrouped(0, 2, c1), c0.SelectFromPairGrouped(1, 3, c1)
	t2, t3 := c2.SelectFromPairGrouped(0, 2, c3), c2.SelectFromPairGrouped(1, 3, c3)
	t4, t5 := c4.SelectFromPairGrouped(0, 2, c5), c4.SelectFromPairGrouped(1, 3, c5)
	t6, t7 := c6.SelectFromPairGrouped(0, 2, c7), c6.SelectFromPairGrouped(1, 3, c7)
	u0, u2 := t0.ConcatPermute(t2, lo4), t0.ConcatPermute(t2, hi4)
	u1, u3 := t1.ConcatPermute(t3, lo4), t1.ConcatPermute(t3, hi4)
	u4, u6 := t4.ConcatPermute(t6, lo4), t4.ConcatPermute(t6, hi4)
	u5, u7 := t5.ConcatPermute(t7, lo4), t5.ConcatPermute(t7, hi4)
	u0.ConcatPermute(u4, lo8).Store((*[8]float64)(b[0:8]))
	u1.ConcatPermute(u5, lo8).Store((*[8]float64)(b[10:18]))
	u2.ConcatPermute(u6, lo8).Store((*[8]float64)(b[20:28]))
	u3.ConcatPermute(u7, lo8).Store((*[8]float64)(b[30:38]))
	u0.ConcatPermute(u4, hi8).Store((*[8]float64)(b[40:48]))
	u1.ConcatPermute(u5, hi8).Store((*[8]float64)(b[50:58]))
	u2.ConcatPermute(u6, hi8).Store((*[8]float64)(b[60:68]))
	u3.ConcatPermute(u7, hi8).Store((*[8]float64)(b[70:78]))
	m01 := archsimd.Mask64x8FromBits(0b00000011)
	m23 := archsimd.Mask64x8FromBits(0b00001100)
	m45 := archsimd.Mask64x8FromBits(0b00110000)
	m67 := archsimd.Mask64x8FromBits(0b11000000)
	e0.StoreMasked((*[8]float64)(b[8:16]), m01)
	e0.StoreMasked((*[8]float64)(b[16:24]), m23)
	e0.StoreMasked((*[8]float64)(b[24:32]), m45)
	e0.StoreMasked((*[8]float64)(b[32:40]), m67)
	e1.StoreMasked((*[8]float64)(b[48:56]), m01)
	e1.StoreMasked((*[8]float64)(b[56:64]), m23)
	e1.StoreMasked((*[8]float64)(b[64:72]), m45)
	e1.StoreMasked((*[8]float64)(b[72:80]), m67)
}

// update10AVX512Lo adds K[i_j,r0:r0+8]·Δ_j[o] to c_o for the outputs o < 5
// and j in batch order: five accumulators, which the compiler keeps in
// registers, as it does not ten. Not inlined: the loop then has the
// registers to itself.
//
//go:noinline
func update10AVX512Lo(c0, c1, c2, c3, c4 archsimd.Float64x8, rows [][]float64, bd [][88]float64, r0 int) (_, _, _, _, _ archsimd.Float64x8) {
	rows = rows[:len(bd)]
	for j := range bd {
		b, kr := &bd[j], rows[j]
		kv := archsimd.LoadFloat64x8((*[8]float64)(kr[r0 : r0+8 : r0+8]))
		kv.Store((*[8]float64)(b[80:88])) // for update10AVX512Hi
		c0 = c0.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[0:8]))))
		c1 = c1.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[8:16]))))
		c2 = c2.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[16:24]))))
		c3 = c3.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[24:32]))))
		c4 = c4.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[32:40]))))
	}
	return c0, c1, c2, c3, c4
}

// update10AVX512Hi is update10AVX512Lo for the outputs 5 to 9, with
// K[i_j,r0:r0+8] from bd[j][80:88], where update10AVX512Lo left it.
//
//go:noinline
func update10AVX512Hi(c5, c6, c7, c8, c9 archsimd.Float64x8, bd [][88]float64) (_, _, _, _, _ archsimd.Float64x8) {
	for j := range bd {
		b := &bd[j]
		kv := archsimd.LoadFloat64x8((*[8]float64)(b[80:88]))
		c5 = c5.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[40:48]))))
		c6 = c6.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[48:56]))))
		c7 = c7.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[56:64]))))
		c8 = c8.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[64:72]))))
		c9 = c9.Add(kv.Mul(archsimd.LoadFloat64x8((*[8]float64)(b[72:80]))))
	}
	return c5, c6, c7, c8, c9
}
