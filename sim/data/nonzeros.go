package data

// Nonzeros lists the nonzero entries of an n×d row-major matrix row by row —
// the index half of CSR —, so that the models on sparse inputs (images, ≈ 81 %
// zero pixels on MNIST) touch only them: row i's column indices, ascending,
// are Idx[Off[i]:Off[i+1]]. An entry is nonzero when v != 0: −0 counts as
// zero, NaN as nonzero. Skipping a zero entry of a sum gives the same bits as
// adding its ±0 term (given the partial sum is not −0), which is what makes
// the sparse passes of model.MLP and sgd.Multi the dense ones.
type Nonzeros struct {
	Off []int   // n+1 offsets into Idx
	Idx []int32 // column indices, ascending within a row
}

// NewNonzeros lists the nonzero entries of the len(x)/d rows of x. It panics
// unless 1 ≤ d < 2³¹ and d divides len(x).
func NewNonzeros(x []float64, d int) Nonzeros {
	if d < 1 || d > 1<<31-1 || len(x)%d != 0 {
		panic("data: NewNonzeros: size mismatch")
	}
	n, nnz := len(x)/d, 0
	for _, v := range x {
		if v != 0 {
			nnz++
		}
	}
	z := Nonzeros{Off: make([]int, n+1), Idx: make([]int32, 0, nnz)}
	for i := range n {
		for p, v := range x[i*d : (i+1)*d] {
			if v != 0 {
				z.Idx = append(z.Idx, int32(p))
			}
		}
		z.Off[i+1] = len(z.Idx)
	}
	return z
}

// Row returns the column indices of row i's nonzero entries, ascending.
func (z Nonzeros) Row(i int) []int32 { return z.Idx[z.Off[i]:z.Off[i+1]] }

// Values returns the listed entries of x (the matrix z was built from, d
// columns) in the order of Idx: the value half of CSR.
func (z Nonzeros) Values(x []float64, d int) []float64 {
	val := make([]float64, len(z.Idx))
	for i := range len(z.Off) - 1 {
		row := x[i*d : (i+1)*d]
		for k := z.Off[i]; k < z.Off[i+1]; k++ {
			val[k] = row[z.Idx[k]]
		}
	}
	return val
}
