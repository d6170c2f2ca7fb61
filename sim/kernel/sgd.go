package kernel

import (
	"sgdlab/sim/internal/par"
	"sgdlab/sim/sampler"
)

// SGD runs mini-batch SGD on the coefficients of f = Σ_j α_j k(x_j, ·) for the
// square loss, with c outputs (α and y are n×c, row-major; one-hot classes
// have c = C): for a batch B_t of nominal size m, every residual
// r_i = K[i,:]α − y_i is taken at the current α, then α_i ← α_i − (η/m) r_i for
// each i ∈ B_t (duplicates count each time; a Bernoulli batch of another size
// is still divided by m), i.e. α_B ← α_B − (η/m)(K[B,:]α − y_B). This is
// THEORY §2.1 in the kernel's feature space, where x_i·w is K[i,:]α,
// β = max_i k(x_i, x_i) and H is the operator K/n; the c outputs are c
// independent problems that share the batches.
//
// The residual R = Kα − y is kept up to date rather than recomputed: a step
// changes α_B by Δ and R by K[:,B]Δ (K is symmetric, so its columns are its
// rows), in batch order. So a step costs |B_t|·n·c multiply-adds, the same as
// computing K[B,:]α, and the training MSE is available after every step at
// n·c more — which lets a run stop at the first iteration that reaches a
// target exactly. The kept R drifts from Kα − y by rounding only (tested).
type SGD struct {
	k       []float64 // n×n kernel matrix, row-major
	y       []float64 // n×c targets
	n, c, m int
	eta     float64
	samp    sampler.Sampler

	Alpha []float64 // current coefficients α_t (n×c)
	R     []float64 // current residuals Kα_t − y (n×c)
	T     int       // iterations done
	Grads int       // gradient evaluations done (Σ_t |B_t|)

	batch []int
	delta []float64     // Δ_j = −(η/m) R[i_j,:], j in batch order (|B|×c)
	rows  [][]float64   // K[i_j,:], j in batch order
	sq    float64       // ‖R‖², summed in row order during the update pass
	buf   [][88]float64 // scratch of the vector path of update (see updateFast)

	// The split of a large update among goroutines (see updateSplit).
	rowSq  []float64 // every row's squared norm
	chunks []chunk
	team   par.Team
}

// chunk is the rows [lo, hi) of R that one goroutine of updateSplit updates,
// with its own views of the batch's rows of K and its own scratch.
type chunk struct {
	lo, hi int
	rows   [][]float64 // K[i_j, lo:hi], j in batch order
	buf    [][88]float64
}

// NewSGD returns single-output kernel SGD (c = 1): NewSGDMulti(k, y, 1, m, η, samp).
func NewSGD(k, y []float64, m int, eta float64, samp sampler.Sampler) *SGD {
	return NewSGDMulti(k, y, 1, m, eta, samp)
}

// NewSGDMulti returns kernel SGD from α = 0 on the n×n kernel matrix k
// (aliased, not copied) and the n×c targets y (row-major, n = len(y)/c), with
// batch size m ≥ 1, step η and sampler samp. It panics on sizes that do not fit.
func NewSGDMulti(k, y []float64, c, m int, eta float64, samp sampler.Sampler) *SGD {
	if c < 1 || len(y)%c != 0 || m < 1 {
		panic("kernel: size mismatch")
	}
	n := len(y) / c
	if len(k) != n*n {
		panic("kernel: size mismatch")
	}
	r := make([]float64, n*c)
	var sq float64
	for i, v := range y {
		r[i] = -v // α = 0
		sq += float64(v * v)
	}
	return &SGD{k: k, y: y, n: n, c: c, m: m, eta: eta, samp: samp, Alpha: make([]float64, n*c), R: r, sq: sq,
		batch: make([]int, 0, m), delta: make([]float64, 0, m*c), rows: make([][]float64, 0, m)}
}

// Step does one iteration. It does not allocate once the batch buffers have
// reached their largest size (at once, unless a Bernoulli batch exceeds m).
//
// With Δ_j = −(η/m) R[i_j,:] for the batch i_1, …, i_|B| (all taken before any
// update), it does α[i_j,:] += Δ_j and R[r,:] += K[i_j,r]·Δ_j for every row r,
// j = 1, …, |B| in batch order, each a rounded multiply then a rounded add.
// The update is blocked over the batch: each row of R is loaded once, gets
// its |B| contributions in batch order, and is stored — the same bits as |B|
// passes over R, with one pass of memory traffic — and its squared norm is
// summed for the MSE on the way (see update). Natively a large update is
// shared among GOMAXPROCS goroutines by rows (see updateSplit), with the
// same bits for any number of threads.
func (s *SGD) Step() {
	s.batch = s.samp.Next(s.batch)
	c, n := s.c, s.n
	a := -s.eta / float64(s.m)
	s.delta = s.delta[:0]
	s.rows = s.rows[:0]
	for _, i := range s.batch { // every residual at the current α
		for _, r := range s.R[i*c : (i+1)*c] {
			s.delta = append(s.delta, a*r)
		}
		s.rows = append(s.rows, s.k[i*n:(i+1)*n:(i+1)*n])
	}
	for j, i := range s.batch {
		al, d := s.Alpha[i*c:(i+1)*c], s.delta[j*c:(j+1)*c]
		for o, v := range d {
			al[o] += v
		}
	}
	if len(s.batch) > 0 { // an empty (Bernoulli) batch changes nothing
		if w := s.workers(len(s.batch)); w > 1 {
			s.sq = s.updateSplit(w)
		} else {
			s.sq = update(s.R, s.rows, s.delta, c, &s.buf, nil)
		}
	}
	s.T++
	s.Grads += len(s.batch)
}

// update does R[r,:] += K[i_j,r]·Δ_j for every row r of the n×c residuals R
// and j = 0, 1, … in batch order (rows[j] = K[i_j,:], d[j·c:(j+1)·c] = Δ_j),
// and returns the new ‖R‖²: the MSE comes with the update pass instead of
// another pass over R. Each row's squares are summed in output order, and
// the rows' sums of even rows and of odd rows in two accumulators (in row
// order), added at the end. The bits are those of updatePortable whichever
// path runs (a build with GOEXPERIMENT=simd on amd64 may take a vector path).
// With out (len(out) = n) it instead stores each row's sum of squares in out
// and returns 0: updateSplit sums them.
func update(R []float64, rows [][]float64, d []float64, c int, buf *[][88]float64, out []float64) float64 {
	if sq, ok := updateFast(R, rows, d, c, buf, out); ok {
		return sq
	}
	return updatePortable(R, rows, d, c, out)
}

// splitWork is the least work (multiply-adds, |B|·n·c) a goroutine of
// updateSplit gets, and splitRows the fewest rows (a multiple of 8, the
// blocks of the vector path): smaller updates run on the calling goroutine
// alone, at no cost. (A variable: the tests lower it.)
var splitWork = 1 << 17

const splitRows = 64

// workers returns the number of goroutines for the update of a batch of b:
// GOMAXPROCS natively (1 in wasm), fewer for a small update.
func (s *SGD) workers(b int) int {
	work := b * s.n * s.c
	if work < 2*splitWork {
		return 1
	}
	return min(par.Procs(), work/splitWork, s.n/splitRows)
}

// updateSplit is update shared among w goroutines (par.Team): the rows of R
// are cut into w contiguous chunks (bounds multiples of 8), each updated by
// one goroutine exactly as update does it row by row, with every row's sum
// of squares stored; then ‖R‖² is summed from those, serially, even rows and
// odd rows in two accumulators in row order, as update sums them. So R and
// ‖R‖² have the same bits for any w.
func (s *SGD) updateSplit(w int) float64 {
	n := s.n
	if len(s.rowSq) < n {
		s.rowSq = make([]float64, n)
	}
	for len(s.chunks) < w {
		s.chunks = append(s.chunks, chunk{})
	}
	for k := range w {
		ch := &s.chunks[k]
		ch.lo, ch.hi = par.Range(n, w, k, 8)
	}
	s.team.Do((*sgdChunks)(s), w)
	sq := s.rowSq[:n]
	var s0, s1 float64
	r := 0
	for ; r+2 <= n; r += 2 {
		s0 += sq[r]
		s1 += sq[r+1]
	}
	if r < n {
		s0 += sq[r]
	}
	return s0 + s1
}

// sgdChunks is an SGD as the par.Chunker of updateSplit.
type sgdChunks SGD

func (c *sgdChunks) Chunk(k int) { (*SGD)(c).updateChunk(k) }

// updateChunk updates the rows of chunk k and stores their sums of squares.
func (s *SGD) updateChunk(k int) {
	ch := &s.chunks[k]
	lo, hi, c := ch.lo, ch.hi, s.c
	if cap(ch.rows) < len(s.rows) {
		ch.rows = make([][]float64, 0, cap(s.rows))
	}
	ch.rows = ch.rows[:0]
	for _, kr := range s.rows {
		ch.rows = append(ch.rows, kr[lo:hi:hi])
	}
	update(s.R[lo*c:hi*c], ch.rows, s.delta, c, &ch.buf, s.rowSq[lo:hi])
}

// batchGroup is the largest group of batch elements that update applies in
// one pass over R; a larger batch takes several passes, in batch order (so
// the same bits). With more rows of K streaming at once the hardware
// prefetchers fall behind (measured with m = 64 at n = 10⁴).
const batchGroup = 16

// updatePortable is update in plain Go, with specialised loops for c = 1 and
// c = 10 (ten one-hot classes).
func updatePortable(R []float64, rows [][]float64, d []float64, c int, out []float64) float64 {
	for len(rows) > batchGroup {
		updateGroup(R, rows[:batchGroup], d[:batchGroup*c], c, false, nil)
		rows, d = rows[batchGroup:], d[batchGroup*c:]
	}
	return updateGroup(R, rows, d, c, true, out)
}

// updateGroup is one pass of updatePortable; with sums (the last pass) it
// returns ‖R‖², or with out stores every row's sum of squares in out and
// returns 0; else it returns 0 (out is nil without sums).
func updateGroup(R []float64, rows [][]float64, d []float64, c int, sums bool, out []float64) float64 {
	switch c {
	case 1:
		return update1(R, rows, d, sums, out)
	case 10:
		return update10(R, rows, d, sums, out)
	}
	n := len(R) / c
	var s0, s1 float64
	for r := 0; r < n; r++ {
		row := R[r*c : (r+1)*c : (r+1)*c]
		for j, kr := range rows {
			kv := kr[r]
			for o, dv := range d[j*c : (j+1)*c] {
				row[o] += float64(kv * dv)
			}
		}
		if sums {
			var sr float64
			for _, v := range row {
				sr += float64(v * v)
			}
			if out != nil {
				out[r] = sr
				continue
			}
			s0, s1 = s1, s0+sr // even rows and odd rows alternate
		}
	}
	return s0 + s1 // whichever holds the even rows: the sum commutes
}

// update1 is updateGroup for c = 1, four rows at a time.
func update1(R []float64, rows [][]float64, d []float64, sums bool, out []float64) float64 {
	n := len(R)
	d = d[:len(rows)]
	var s0, s1 float64
	r := 0
	for ; r+4 <= n; r += 4 {
		v := (*[4]float64)(R[r:])
		v0, v1, v2, v3 := v[0], v[1], v[2], v[3]
		for j, kr := range rows {
			k := (*[4]float64)(kr[r:])
			dv := d[j]
			v0 += float64(k[0] * dv)
			v1 += float64(k[1] * dv)
			v2 += float64(k[2] * dv)
			v3 += float64(k[3] * dv)
		}
		v[0], v[1], v[2], v[3] = v0, v1, v2, v3
		if out != nil {
			o := (*[4]float64)(out[r:])
			o[0], o[1], o[2], o[3] = float64(v0*v0), float64(v1*v1), float64(v2*v2), float64(v3*v3)
		} else if sums {
			s0 += float64(v0 * v0)
			s1 += float64(v1 * v1)
			s0 += float64(v2 * v2)
			s1 += float64(v3 * v3)
		}
	}
	for ; r < n; r++ {
		v := R[r]
		for j, kr := range rows {
			v += float64(kr[r] * d[j])
		}
		R[r] = v
		if out != nil {
			out[r] = float64(v * v)
			continue
		}
		s0, s1 = s1, s0+float64(v*v) // r is even, then odd, …
	}
	if !sums {
		return 0
	}
	return s0 + s1 // whichever holds the even rows: the sum commutes
}

// update10 is updateGroup for c = 10: each row of R is updated five outputs
// at a time in registers (with ten, the compiler spills them).
func update10(R []float64, rows [][]float64, d []float64, sums bool, out []float64) float64 {
	if len(rows) == 1 && sums {
		return update10One(R, rows[0], (*[10]float64)(d), out)
	}
	n := len(R) / 10
	d = d[:10*len(rows)]
	var s0, s1 float64
	for r := 0; r < n; r++ {
		v := (*[10]float64)(R[r*10:])
		update5((*[5]float64)(v[:5]), rows, d, r)
		update5((*[5]float64)(v[5:]), rows, d[5:], r)
		if !sums {
			continue
		}
		sr := float64(v[0] * v[0])
		sr += float64(v[1] * v[1])
		sr += float64(v[2] * v[2])
		sr += float64(v[3] * v[3])
		sr += float64(v[4] * v[4])
		sr += float64(v[5] * v[5])
		sr += float64(v[6] * v[6])
		sr += float64(v[7] * v[7])
		sr += float64(v[8] * v[8])
		sr += float64(v[9] * v[9])
		if out != nil {
			out[r] = sr
			continue
		}
		s0, s1 = s1, s0+sr
	}
	return s0 + s1
}

// update5 does v[o] += K[i_j,r]·d[10j+o] for o < 5 and j in batch order.
func update5(v *[5]float64, rows [][]float64, d []float64, r int) {
	v0, v1, v2, v3, v4 := v[0], v[1], v[2], v[3], v[4]
	for j, kr := range rows {
		kv := kr[r]
		dj := (*[5]float64)(d[10*j:])
		v0 += float64(kv * dj[0])
		v1 += float64(kv * dj[1])
		v2 += float64(kv * dj[2])
		v3 += float64(kv * dj[3])
		v4 += float64(kv * dj[4])
	}
	v[0], v[1], v[2], v[3], v[4] = v0, v1, v2, v3, v4
}

// update10One is update10 for a batch of one, R[r,:] += kr[r]·d, two rows at
// a time (two independent chains of squares); with out, the rows' sums of
// squares go there.
func update10One(R, kr []float64, d *[10]float64, out []float64) float64 {
	n := len(R) / 10
	kr = kr[:n]
	var s0, s1 float64
	r := 0
	for ; r+2 <= n; r += 2 {
		k0, k1 := kr[r], kr[r+1]
		v := (*[20]float64)(R[r*10:])
		x, y := v[0]+float64(k0*d[0]), v[10]+float64(k1*d[0])
		v[0], v[10] = x, y
		sx, sy := float64(x*x), float64(y*y)
		x, y = v[1]+float64(k0*d[1]), v[11]+float64(k1*d[1])
		v[1], v[11] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[2]+float64(k0*d[2]), v[12]+float64(k1*d[2])
		v[2], v[12] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[3]+float64(k0*d[3]), v[13]+float64(k1*d[3])
		v[3], v[13] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[4]+float64(k0*d[4]), v[14]+float64(k1*d[4])
		v[4], v[14] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[5]+float64(k0*d[5]), v[15]+float64(k1*d[5])
		v[5], v[15] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[6]+float64(k0*d[6]), v[16]+float64(k1*d[6])
		v[6], v[16] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[7]+float64(k0*d[7]), v[17]+float64(k1*d[7])
		v[7], v[17] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[8]+float64(k0*d[8]), v[18]+float64(k1*d[8])
		v[8], v[18] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		x, y = v[9]+float64(k0*d[9]), v[19]+float64(k1*d[9])
		v[9], v[19] = x, y
		sx, sy = sx+float64(x*x), sy+float64(y*y)
		if out != nil {
			out[r], out[r+1] = sx, sy
			continue
		}
		s0 += sx // row r is even
		s1 += sy
	}
	if r < n { // the last row, even
		v := (*[10]float64)(R[r*10:])
		kv := kr[r]
		var sx float64
		for o, dv := range d {
			x := v[o] + float64(kv*dv)
			v[o] = x
			sx += float64(x * x)
		}
		if out != nil {
			out[r] = sx
		}
		s0 += sx
	}
	return s0 + s1
}

// MSE returns the training MSE (1/(n·c)) Σ_i ‖K[i,:]α − y_i‖² = 2L/c
// (THEORY §1) from the kept residuals, at no cost: their squared norm is
// summed during the step's update pass.
func (s *SGD) MSE() float64 { return s.sq / float64(len(s.R)) }

// ExactMSE recomputes the training MSE from α (n²·c multiply-adds): the
// check of the kept residuals.
func (s *SGD) ExactMSE() float64 {
	var sum float64
	row := make([]float64, s.c)
	for i := 0; i < s.n; i++ {
		for o := range row {
			row[o] = -s.y[i*s.c+o]
		}
		for j, kv := range s.k[i*s.n : (i+1)*s.n] {
			for o, a := range s.Alpha[j*s.c : (j+1)*s.c] {
				row[o] += float64(kv * a)
			}
		}
		for _, v := range row {
			sum += float64(v * v)
		}
	}
	return sum / float64(len(s.R))
}

// M returns the nominal batch size m.
func (s *SGD) M() int { return s.m }

// Outputs returns c, the number of outputs.
func (s *SGD) Outputs() int { return s.c }

// Eta returns the step η.
func (s *SGD) Eta() float64 { return s.eta }

// Beta returns β = max_i K_ii = max_i ‖φ(x_i)‖² for the n×n kernel matrix k
// (THEORY §1 in feature space): 1 for Gaussian and Laplacian kernels.
// It panics if len(k) != n·n.
func Beta(k []float64, n int) float64 {
	if len(k) != n*n {
		panic("kernel: size mismatch")
	}
	var b float64
	for i := 0; i < n; i++ {
		b = max(b, k[i*n+i])
	}
	return b
}
