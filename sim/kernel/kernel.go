package kernel

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"sgdlab/sim/pmath"
)

// Kernel maps the squared distance ‖x−z‖² and the inner product x·z of two
// samples to k(x, z). Eval(0, ‖x‖²) is k(x, x).
type Kernel interface {
	Eval(dist2, dot float64) float64
	String() string
}

// Gaussian is k(x,z) = exp(−‖x−z‖²/(2σ²)), with pmath.Exp so that every GOARCH
// gives the same bits; k(x,x) = 1 exactly.
type Gaussian struct{ Sigma float64 }

func (g Gaussian) Eval(dist2, _ float64) float64 { return pmath.Exp(-dist2 / (2 * g.Sigma * g.Sigma)) }
func (g Gaussian) String() string                { return fmt.Sprintf("gaussian(σ=%g)", g.Sigma) }

// Laplacian is k(x,z) = exp(−‖x−z‖/σ) (math.Sqrt is correctly rounded
// everywhere); k(x,x) = 1 exactly.
type Laplacian struct{ Sigma float64 }

func (l Laplacian) Eval(dist2, _ float64) float64 { return pmath.Exp(-math.Sqrt(dist2) / l.Sigma) }
func (l Laplacian) String() string                { return fmt.Sprintf("laplacian(σ=%g)", l.Sigma) }

// Linear is k(x,z) = x·z: kernel SGD with it is linear SGD (THEORY §2.1).
type Linear struct{}

func (Linear) Eval(_, dot float64) float64 { return dot }
func (Linear) String() string              { return "linear" }

// Tile sizes of Matrix: blockRows rows of x against blockRows rows, blockK
// coordinates at a time (2·64·256·8 B = 256 KiB, an L2's worth).
const (
	blockRows = 64
	blockK    = 256
)

// Matrix fills dst (n×n, row-major) with K_ij = k(x_i, x_j) for the n rows of
// x (each of length d). Each pair is computed once, from
// ‖x_i − x_j‖² = ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j with the negative rounding
// clamped to 0, and mirrored; the diagonal is k(x_i, x_i) = Eval(0, ‖x_i‖²)
// (exactly 1 for Gaussian and Laplacian). Every inner product is summed in the
// plain order j = 0, 1, …, d−1 in a single accumulator, whatever the tiling,
// so the result has the same bits on every GOARCH. Cost n(n+1)·d flops; no
// allocation (the diagonal of dst holds the norms meanwhile). It is
// MatrixStepper run to the end.
// It panics if len(dst) != n·n or len(x) != n·d.
func Matrix(dst []float64, x []float64, n, d int, k Kernel) {
	s := newMatrixStepper(dst, x, n, d, k)
	for !s.Step() {
	}
}

// MatrixStepper computes Matrix one block of rows per Step, so a page can
// show progress and stay responsive; the result has the same bits as Matrix.
type MatrixStepper struct {
	dst, x []float64
	n, d   int
	k      Kernel
	ib     int // the next block of rows
	done   bool
	// Sparse rows (nil when dense): the indices of the nonzero coordinates
	// of row i are nz[off[i]:off[i+1]], increasing.
	nz, off []int32
	workers int // goroutines sharing a block's tiles (1: none)
}

// sparseBelow: NewMatrixStepper skips the zero coordinates of rows when at
// most this fraction of x is nonzero (MNIST pixels: about 0.19).
const sparseBelow = 0.5

// NewMatrixStepper returns a stepper that fills dst as Matrix(dst, x, n, d, k)
// does, with the same bits. When most of x is zero (pixels), it indexes the
// nonzero coordinates of every row and sums each inner product over those of
// one side only, in increasing order: the terms it skips are ±0, which leave
// every partial sum unchanged (finite data), so the bits stay Matrix's while
// the cost falls with the density. Natively the tiles of a block are shared
// among GOMAXPROCS goroutines; every entry is still computed by one of them
// in the same order, so the bits do not depend on the number of threads.
// It panics if len(dst) != n·n or len(x) != n·d.
func NewMatrixStepper(dst, x []float64, n, d int, k Kernel) *MatrixStepper {
	s := newMatrixStepper(dst, x, n, d, k)
	s.workers = runtime.GOMAXPROCS(0) // 1 in wasm
	nnz := 0
	for _, v := range x {
		if v != 0 {
			nnz++
		}
	}
	if d >= 16 && float64(nnz) <= sparseBelow*float64(len(x)) {
		s.nz, s.off = make([]int32, 0, nnz), make([]int32, 1, n+1)
		for i := range n {
			for c, v := range x[i*d : (i+1)*d] {
				if v != 0 {
					s.nz = append(s.nz, int32(c))
				}
			}
			s.off = append(s.off, int32(len(s.nz)))
		}
	}
	return &s
}

// gram is what the Gram tiles read and write: dst, the n rows of x (each
// of length d) and, for sparse rows, their nonzero indices (nz, off).
type gram struct {
	dst, x  []float64
	nz, off []int32
	n, d    int
}

// parallel computes the tiles of block [ib, ie) with w goroutines, tile jb
// going to goroutine (jb/blockRows) mod w. (A function of its own: the
// closures' captures stay out of Step, which allocates nothing.)
func (g gram) parallel(ib, ie, w int) {
	var wg sync.WaitGroup
	for r := range w {
		wg.Go(func() { g.tiles(ib, ie, r*blockRows, w*blockRows) })
	}
	wg.Wait()
}

// tiles computes the Gram tiles (ib, jb) of a block for jb = first,
// first+stride, … ≤ ib.
func (g gram) tiles(ib, ie, first, stride int) {
	n, d := g.n, g.d
	for jb := first; jb <= ib; jb += stride {
		je := min(jb+blockRows, n)
		if g.nz != nil {
			g.sparseTile(ib, ie, jb, je)
			continue
		}
		for kb := 0; kb < d; kb += blockK {
			gramTile(g.dst, g.x, n, d, ib, ie, jb, je, kb, min(kb+blockK, d))
		}
	}
}

// sparseTile sets dst[i·n+j] = x_i·x_j for i ∈ [ib,ie), j ∈ [jb,je), j ≤ i,
// summing over the nonzero coordinates of x_i in increasing order.
func (g gram) sparseTile(ib, ie, jb, je int) {
	n, d, x := g.n, g.d, g.x
	for i := ib; i < ie; i++ {
		idx := g.nz[g.off[i]:g.off[i+1]]
		xi := x[i*d : (i+1)*d]
		row := g.dst[i*n : (i+1)*n]
		jend := min(je, i+1)
		j := jb
		for ; j+4 <= jend; j += 4 { // four inner products share the index loads
			x0, x1, x2, x3 := x[j*d:(j+1)*d], x[(j+1)*d:(j+2)*d], x[(j+2)*d:(j+3)*d], x[(j+3)*d:(j+4)*d]
			var s0, s1, s2, s3 float64
			for _, c := range idx {
				v := xi[c]
				s0 += float64(v * x0[c]) // float64(·) forbids fusing into an FMA
				s1 += float64(v * x1[c])
				s2 += float64(v * x2[c])
				s3 += float64(v * x3[c])
			}
			row[j], row[j+1], row[j+2], row[j+3] = s0, s1, s2, s3
		}
		for ; j < jend; j++ {
			xj := x[j*d : (j+1)*d]
			var sum float64
			for _, c := range idx {
				sum += float64(xi[c] * xj[c])
			}
			row[j] = sum
		}
	}
}

func newMatrixStepper(dst, x []float64, n, d int, k Kernel) MatrixStepper {
	if n < 0 || d < 0 || len(dst) != n*n || len(x) != n*d {
		panic("kernel: size mismatch")
	}
	return MatrixStepper{dst: dst, x: x, n: n, d: d, k: k, workers: 1}
}

// Step computes the next block of blockRows rows of the lower triangle (the
// Gram tiles, then the kernel values from the inner products and the norms
// the diagonal holds meanwhile, mirrored to the upper triangle); the step
// after the last block turns the diagonal into k(x_i, x_i). It reports
// whether the matrix is complete. Block ib costs about blockRows·ib·d flops.
func (s *MatrixStepper) Step() bool {
	if s.done {
		return true
	}
	dst, n := s.dst, s.n
	ib := s.ib
	if ib >= n {
		for i := 0; i < n; i++ {
			dst[i*n+i] = s.k.Eval(0, dst[i*n+i])
		}
		s.done = true
		return true
	}
	ie := min(ib+blockRows, n)
	g := gram{dst: dst, x: s.x, nz: s.nz, off: s.off, n: n, d: s.d}
	if w := min(s.workers, ib/blockRows+1); w > 1 {
		g.parallel(ib, ie, w)
	} else {
		g.tiles(ib, ie, 0, blockRows)
	}
	for i := ib; i < ie; i++ {
		ni := dst[i*n+i]
		row := dst[i*n : i*n+i]
		for j, dot := range row {
			d2 := max(0, ni+dst[j*n+j]-2*dot)
			row[j] = s.k.Eval(d2, dot)
		}
	}
	// Mirror the block's rows, block by block for the cache.
	for jb := 0; jb <= ib; jb += blockRows {
		for i := ib; i < ie; i++ {
			je := min(jb+blockRows, i)
			for j := jb; j < je; j++ {
				dst[j*n+i] = dst[i*n+j]
			}
		}
	}
	s.ib = ie
	return false
}

// Progress returns the fraction of the work done, in [0, 1]: the share of
// the lower triangle computed.
func (s *MatrixStepper) Progress() float64 {
	if s.done {
		return 1
	}
	if s.n == 0 {
		return 0
	}
	f := float64(s.ib) / float64(s.n)
	return f * f
}

// gramTile adds Σ_{c∈[kb,ke)} x_i[c]·x_j[c] to dst[i·n+j] for i ∈ [ib,ie),
// j ∈ [jb,je), j ≤ i (starting from 0 when kb = 0), two rows i by two rows j
// at a time (four accumulators: Go keeps them in registers, where eight
// spill). The partial sums continue in c order, so tiling changes no bit.
// ib and jb are even.
func gramTile(dst, x []float64, n, d, ib, ie, jb, je, kb, ke int) {
	row := func(i int) []float64 { return x[i*d+kb : i*d+ke] }
	i := ib
	for ; i+2 <= ie; i += 2 {
		r0, r1 := dst[i*n:i*n+n], dst[(i+1)*n:(i+1)*n+n]
		jmax := min(je, i+2) // j ≤ i+1; the pair (i, i+1) is computed and dropped
		j := jb
		for ; j+2 <= jmax; j += 2 {
			var s0, s1, s2, s3 float64
			if kb > 0 {
				s0, s1, s2, s3 = r0[j], r0[j+1], r1[j], r1[j+1]
			}
			s0, s1, s2, s3 = dot22(row(i), row(i+1), row(j), row(j+1), s0, s1, s2, s3)
			r0[j], r1[j], r1[j+1] = s0, s2, s3
			if j+1 <= i {
				r0[j+1] = s1
			}
		}
		for ; j < jmax; j++ {
			for r := 0; r < 2; r++ {
				if j <= i+r {
					dst[(i+r)*n+j] = dot1(row(i+r), row(j), kb > 0, dst[(i+r)*n+j])
				}
			}
		}
	}
	for ; i < ie; i++ {
		for j := jb; j < min(je, i+1); j++ {
			dst[i*n+j] = dot1(row(i), row(j), kb > 0, dst[i*n+j])
		}
	}
}

// dot1 returns s0 + Σ_c a[c]·b[c] in c order (s0 = 0 unless cont).
func dot1(a, b []float64, cont bool, s0 float64) float64 {
	var s float64
	if cont {
		s = s0
	}
	b = b[:len(a)]
	for c, v := range a {
		s += float64(v * b[c]) // float64(·) forbids fusing into an FMA
	}
	return s
}

// dot22 adds the four inner products a0·b0, a0·b1, a1·b0, a1·b1 to s0..s3,
// each in c order.
func dot22(a0, a1, b0, b1 []float64, s0, s1, s2, s3 float64) (float64, float64, float64, float64) {
	m := len(a0)
	a1, b0, b1 = a1[:m], b0[:m], b1[:m]
	for c, x0 := range a0 {
		x1, y0, y1 := a1[c], b0[c], b1[c]
		s0 += float64(x0 * y0)
		s1 += float64(x0 * y1)
		s2 += float64(x1 * y0)
		s3 += float64(x1 * y1)
	}
	return s0, s1, s2, s3
}
