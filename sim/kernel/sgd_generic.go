//go:build !(goexperiment.simd && amd64)

package kernel

// updateFast has no vector path in this build: update runs updatePortable.
func updateFast(R []float64, rows [][]float64, d []float64, c int, buf *[][88]float64, out []float64) (float64, bool) {
	return 0, false
}
