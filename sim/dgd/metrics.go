package dgd

import (
	"math"

	"sgdlab/sim/data"
	"sgdlab/sim/graph"
	"sgdlab/sim/vec"
)

// Metrics are the quantities every algorithm reports (THEORY §3).
//
// Error is Σ_i ‖w_i − w∞‖². THEORY writes Σ_i ‖P(w_i − w∞)‖² with P the
// projection off Null(A); δW = W − W∞ has no component in Null(A) (its mean
// over the nodes has Q-part Q·mean w_i(0) − Q w∞ = 0), so the two agree, and
// ‖δW‖ shrinks by the rate R per synchronous step.
type Metrics struct {
	Error    float64 // Σ_i ‖w_i − w∞‖²
	Data     float64 // Σ_i ½ (x_i·w_i − y_i)²
	Disagree float64 // Σ_{(i,j)∈E} ‖w_i − w_j‖²
	AvgError float64 // ‖mean_i w_i − w∞‖²
}

// DataLoss is Σ_i ½ (x_i·w_i − y_i)² for the node vectors W (n×d).
func DataLoss(ds *data.Dataset, W []float64) float64 {
	d := ds.D
	var l float64
	for i := range ds.N {
		r := vec.Dot(ds.Row(i), W[i*d:(i+1)*d]) - ds.Y[i]
		l += float64(r * r / 2)
	}
	return l
}

// Disagreement is Σ_{(i,j)∈E} ‖w_i − w_j‖².
func Disagreement(g *graph.Graph, W []float64, d int) float64 {
	var sum float64
	for _, e := range g.Edges {
		sum += vec.Dist2(W[e.U*d:(e.U+1)*d], W[e.V*d:(e.V+1)*d])
	}
	return sum
}

// The limit is either one vector w∞ of length d shared by every node (the
// interpolation regime: exact consensus) or, in the under-parametrised
// regime, one row per node (len(wInf) = len(W), see Minimiser); lim returns
// node i's row.
func lim(wInf []float64, i, d int) []float64 {
	if len(wInf) == d {
		return wInf
	}
	return wInf[i*d : (i+1)*d]
}

// Error is Σ_i ‖w_i − w∞_i‖² for the n×d node vectors W.
func Error(W, wInf []float64, d int) float64 {
	var sum float64
	for i := 0; i*d < len(W); i++ {
		sum += vec.Dist2(W[i*d:(i+1)*d], lim(wInf, i, d))
	}
	return sum
}

// AvgError is ‖mean_i w_i − mean_i w∞_i‖², using avg (length d) as scratch.
func AvgError(avg, W, wInf []float64) float64 {
	d := len(avg)
	n := len(W) / d
	vec.Zero(avg)
	for i := range n {
		vec.Axpy(avg, 1/float64(n), W[i*d:(i+1)*d])
		if len(wInf) != d {
			vec.Axpy(avg, -1/float64(n), wInf[i*d:(i+1)*d])
		}
	}
	if len(wInf) == d {
		return vec.Dist2(avg, wInf)
	}
	return vec.Norm2(avg)
}

// NodeErrors sets dst[i] = ‖w_i − w∞_i‖, the colour of node i in the graph.
func NodeErrors(dst, W, wInf []float64, d int) {
	for i := range dst {
		dst[i] = math.Sqrt(vec.Dist2(W[i*d:(i+1)*d], lim(wInf, i, d)))
	}
}

// EdgeDisagreements sets dst[k] = ‖w_u − w_v‖ for edge k = (u, v) of g.
func EdgeDisagreements(dst []float64, g *graph.Graph, W []float64, d int) {
	for k, e := range g.Edges {
		dst[k] = math.Sqrt(vec.Dist2(W[e.U*d:(e.U+1)*d], W[e.V*d:(e.V+1)*d]))
	}
}
