package sgd

import (
	"sgdlab/sim/data"
	"sgdlab/sim/sampler"
)

// Multi runs mini-batch SGD on multi-output least squares with raw features:
// W is d×c (row-major), the prediction is f(x) = xᵀW ∈ R^c and the loss is
// L(W) = (1/2n) Σ_i ‖x_iᵀW − y_i‖² (THEORY §1, with c independent outputs
// that share the samples and the batches). A step on the batch B_t of nominal
// size m is (THEORY §2.1)
//
//	W ← W − (η/m) Σ_{i∈B_t} x_i (x_iᵀW − y_i)ᵀ,
//
// every residual taken at the current W; duplicates in B_t count each time,
// and a Bernoulli batch of another size is still divided by m.
//
// Each sample's nonzero features are stored once, at construction, as CSR
// (increasing feature index), and a step touches only them: on MNIST-like
// images (≈ 81% zero pixels) that is a fifth of the dense work. The
// association is fixed (the same bits on every machine and in wasm):
//
//   - residuals: for every i ∈ B_t in batch order, at the W the step starts
//     from, s_o = Σ_{p∈nz(x_i)} x_ip·W[p,o] summed from 0 in increasing p with
//     each product rounded before it is added, then r_io = s_o − y_io, and
//     δ_io = a·r_io with a = −η/m (both rounded);
//   - update: then, for i ∈ B_t in batch order, W[p,o] += x_ip·δ_io (the
//     product rounded, then added) for every p ∈ nz(x_i) and every o.
//
// Skipping a zero feature gives the same bits as adding its ±0 term, so this
// is also the dense computation with the same association (tested). A step
// costs 2·|B_t|·nnz·c multiply-adds, nnz the mean number of nonzero features.
type Multi struct {
	d, c, n, m int
	eta        float64
	samp       sampler.Sampler
	y          []float64     // n×c targets (aliased)
	nz         data.Nonzeros // the nonzero features: sample i's are nz.Idx[nz.Off[i]:nz.Off[i+1]]
	val        []float64     // their values, in the order of nz.Idx

	W     []float64 // current weights W_t (d×c, row-major)
	T     int       // iterations done
	Grads int       // gradient evaluations done (Σ_t |B_t|)

	batch []int
	delta []float64 // |B_t|×c: a·r_i for the batch, in batch order
}

// NewMulti returns SGD from W = 0 on the n×d samples x (row-major, read once
// and not kept) and the n×c targets y (row-major, aliased; n = len(y)/c), with
// c ≥ 1 outputs, batch size m ≥ 1, step η and sampler samp. It panics on sizes
// that do not fit.
func NewMulti(x []float64, d int, y []float64, c, m int, eta float64, samp sampler.Sampler) *Multi {
	if d < 1 || c < 1 || m < 1 || len(y)%c != 0 || len(x) != len(y)/c*d || d > 1<<31-1 {
		panic("sgd: size mismatch")
	}
	nz := data.NewNonzeros(x, d)
	return &Multi{d: d, c: c, n: len(y) / c, m: m, eta: eta, samp: samp, y: y,
		nz: nz, val: nz.Values(x, d),
		W: make([]float64, d*c), batch: make([]int, 0, m), delta: make([]float64, 0, m*c)}
}

// Step does one iteration. It does not allocate once the batch buffers have
// reached their largest size (at once, unless a Bernoulli batch exceeds m).
func (s *Multi) Step() {
	s.batch = s.samp.Next(s.batch)
	c := s.c
	a := -s.eta / float64(s.m)
	if need := len(s.batch) * c; cap(s.delta) < need {
		s.delta = make([]float64, need)
	}
	s.delta = s.delta[:len(s.batch)*c]
	for k, i := range s.batch { // every residual at the current W
		lo, hi := s.nz.Off[i], s.nz.Off[i+1]
		d := s.delta[k*c : (k+1)*c]
		s.residual(d, s.nz.Idx[lo:hi], s.val[lo:hi], s.y[i*c:(i+1)*c])
		for o, r := range d {
			d[o] = a * r
		}
	}
	for k, i := range s.batch {
		lo, hi := s.nz.Off[i], s.nz.Off[i+1]
		s.update(s.nz.Idx[lo:hi], s.val[lo:hi], s.delta[k*c:(k+1)*c])
	}
	s.T++
	s.Grads += len(s.batch)
}

// residual sets dst = xᵀW − y for the sample with nonzero features (idx, val):
// dst_o = (Σ_p float64(x_p·W[p,o]), from 0 in increasing p) − y_o.
func (s *Multi) residual(dst []float64, idx []int32, val []float64, y []float64) {
	val = val[:len(idx)]
	if s.c == 10 {
		residual10Impl((*[10]float64)(dst), idx, val, s.W, (*[10]float64)(y))
		return
	}
	c := s.c
	for o := range dst {
		dst[o] = 0
	}
	for k, p := range idx {
		v := val[k]
		w := s.W[int(p)*c : int(p)*c+c]
		for o := range dst {
			dst[o] += float64(v * w[o])
		}
	}
	for o := range dst {
		dst[o] -= y[o]
	}
}

// update does W[p,:] += float64(x_p·δ) for the sample's nonzero features.
func (s *Multi) update(idx []int32, val []float64, delta []float64) {
	val = val[:len(idx)]
	if s.c == 10 {
		update10Impl(s.W, idx, val, (*[10]float64)(delta))
		return
	}
	c := s.c
	for k, p := range idx {
		v := val[k]
		w := s.W[int(p)*c : int(p)*c+c]
		for o, dv := range delta {
			w[o] += float64(v * dv)
		}
	}
}

// residual10Impl and update10Impl are the kernels of c = 10: residual10 and
// update10, or with GOEXPERIMENT=simd on amd64 with AVX-512 their vector
// versions (multi_simd.go), which give the same bits.
var residual10Impl, update10Impl = residual10, update10

// residual10 is residual for c = 10: the same operations, in the same order,
// output by output, in two passes over the features with five sums each
// (ten sums and their products do not fit amd64's registers).
func residual10(dst *[10]float64, idx []int32, val []float64, W []float64, y *[10]float64) {
	residual5((*[5]float64)(dst[:5]), idx, val, W, 0, (*[5]float64)(y[:5]))
	residual5((*[5]float64)(dst[5:]), idx, val, W, 5, (*[5]float64)(y[5:]))
}

// residual5 sets dst = (Σ_p float64(x_p·W[p,o0+o]), from 0 in increasing p)
// − y_o for o < 5 (c = 10).
func residual5(dst *[5]float64, idx []int32, val []float64, W []float64, o0 int, y *[5]float64) {
	var s0, s1, s2, s3, s4 float64
	val = val[:len(idx)]
	for k, p := range idx {
		v := val[k]
		w := (*[5]float64)(W[int(p)*10+o0 : int(p)*10+o0+5])
		s0 += float64(v * w[0])
		s1 += float64(v * w[1])
		s2 += float64(v * w[2])
		s3 += float64(v * w[3])
		s4 += float64(v * w[4])
	}
	*dst = [5]float64{s0 - y[0], s1 - y[1], s2 - y[2], s3 - y[3], s4 - y[4]}
}

// update10 is update for c = 10, δ kept in registers.
func update10(W []float64, idx []int32, val []float64, delta *[10]float64) {
	d0, d1, d2, d3, d4 := delta[0], delta[1], delta[2], delta[3], delta[4]
	d5, d6, d7, d8, d9 := delta[5], delta[6], delta[7], delta[8], delta[9]
	val = val[:len(idx)]
	for k, p := range idx {
		v := val[k]
		w := (*[10]float64)(W[int(p)*10 : int(p)*10+10])
		w[0] += float64(v * d0)
		w[1] += float64(v * d1)
		w[2] += float64(v * d2)
		w[3] += float64(v * d3)
		w[4] += float64(v * d4)
		w[5] += float64(v * d5)
		w[6] += float64(v * d6)
		w[7] += float64(v * d7)
		w[8] += float64(v * d8)
		w[9] += float64(v * d9)
	}
}

// MSE returns the training MSE (1/(n·c)) Σ_i ‖x_iᵀW − y_i‖² = 2L/c (THEORY
// §1), computed on demand (n·nnz·c multiply-adds): each residual as in Step,
// the squares summed output by output within a sample, the samples in order.
func (s *Multi) MSE() float64 {
	r := make([]float64, s.c)
	var sum float64
	for i := 0; i < s.n; i++ {
		lo, hi := s.nz.Off[i], s.nz.Off[i+1]
		s.residual(r, s.nz.Idx[lo:hi], s.val[lo:hi], s.y[i*s.c:(i+1)*s.c])
		var q float64
		for _, v := range r {
			q += float64(v * v)
		}
		sum += q
	}
	return sum / float64(s.n*s.c)
}

// N returns the number of samples n.
func (s *Multi) N() int { return s.n }

// Dim returns the number of features d.
func (s *Multi) Dim() int { return s.d }

// Outputs returns c, the number of outputs.
func (s *Multi) Outputs() int { return s.c }

// NNZ returns the number of nonzero features stored over all samples.
func (s *Multi) NNZ() int { return len(s.nz.Idx) }

// M returns the nominal batch size m.
func (s *Multi) M() int { return s.m }

// Eta returns the step η.
func (s *Multi) Eta() float64 { return s.eta }
