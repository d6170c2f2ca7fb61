package model

// This file holds the MLP's sparse kernels: the lists of nonzero
// activations and the row-blocked dot products and updates of the passes
// (mlp_pass.go), each in the fixed order stated there.

// nonzerosVal writes the indices of the nonzero entries of x, ascending, to
// nz and their values, in the same order, to val (len(nz), len(val) ≥
// len(x)) and returns how many there are.
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
