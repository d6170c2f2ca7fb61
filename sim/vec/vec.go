package vec

// Dot returns Σ x[i]·y[i], summed in four interleaved partial sums
// (i mod 4) that are added at the end as ((s0+s1)+(s2+s3)). It panics if the
// lengths differ.
func Dot(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("vec: length mismatch")
	}
	var s0, s1, s2, s3 float64
	n := len(x)
	i := 0
	for ; i+4 <= n; i += 4 {
		s0 += float64(x[i] * y[i])
		s1 += float64(x[i+1] * y[i+1])
		s2 += float64(x[i+2] * y[i+2])
		s3 += float64(x[i+3] * y[i+3])
	}
	for ; i < n; i++ {
		s0 += float64(x[i] * y[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// Axpy sets y[i] += a·x[i]. It panics if the lengths differ.
func Axpy(y []float64, a float64, x []float64) {
	if len(x) != len(y) {
		panic("vec: length mismatch")
	}
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float64(a * v)
	}
}

// Norm2 returns ‖x‖² = Dot(x, x).
func Norm2(x []float64) float64 { return Dot(x, x) }

// Dist2 returns ‖x − y‖², summed like Dot. It panics if the lengths differ.
func Dist2(x, y []float64) float64 {
	if len(x) != len(y) {
		panic("vec: length mismatch")
	}
	var s0, s1, s2, s3 float64
	n := len(x)
	i := 0
	for ; i+4 <= n; i += 4 {
		d0, d1, d2, d3 := x[i]-y[i], x[i+1]-y[i+1], x[i+2]-y[i+2], x[i+3]-y[i+3]
		s0 += float64(d0 * d0)
		s1 += float64(d1 * d1)
		s2 += float64(d2 * d2)
		s3 += float64(d3 * d3)
	}
	for ; i < n; i++ {
		d := x[i] - y[i]
		s0 += float64(d * d)
	}
	return (s0 + s1) + (s2 + s3)
}

// Scale sets x[i] *= a.
func Scale(x []float64, a float64) {
	for i := range x {
		x[i] *= a
	}
}

// Zero sets every x[i] to 0.
func Zero(x []float64) {
	for i := range x {
		x[i] = 0
	}
}
