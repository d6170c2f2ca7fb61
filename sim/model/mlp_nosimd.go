//go:build !(goexperiment.simd && amd64)

package model

// mlpSIMDScratch is empty without the SIMD path (mlp_simd_amd64.go).
type mlpSIMDScratch struct{}

// on reports whether lossGrad prepared the SIMD path: never here.
func (*mlpSIMDScratch) on() bool { return false }

// The SIMD path's hooks do nothing here: lossGrad clears all of g, the
// portable loops take every row.

func (m *MLP) prepareSIMD(sc *mlpScratch, w []float64, n int) int { return 0 }

func (m *MLP) doneSIMD(sc *mlpScratch, g []float64) {}

func (m *MLP) forwardSIMD(sc *mlpScratch, idx []int) int { return 0 }

func (m *MLP) gradSIMD(sc *mlpScratch, gw, gb []float64, idx []int, scale float64) bool {
	return false
}
