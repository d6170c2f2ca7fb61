package kernel

import (
	"testing"
)

// peakIn are the multiplicands of BenchmarkScalarMulAdd.
var peakIn = [24]float64{1.5, 0.25, -0.75, 2, 0.125, -1.25, 0.5, 3, 1, -0.5, 0.75, 1.25, 0.375, -2, 0.625, 1.75,
	0.999, 1.001, 0.998, 1.002, 0.997, 1.003, 0.996, 1.004}

// peakSink keeps BenchmarkScalarMulAdd's sums alive.
var peakSink float64

// BenchmarkScalarMulAdd is this machine's scalar peak for the operation of
// the portable loops, a rounded multiply then a rounded add (no FMA):
// six independent sums in registers (with more, Go spills one to the stack
// and its chain waits on memory), each a_o += x_o·y with x_o loaded from
// memory (as the update loops load Δ) and y changing every six
// multiply-adds. It reports ns per multiply-add, the figure to compare with
// BenchmarkStepMulti's (1/its G multiply-adds per second).
func BenchmarkScalarMulAdd(b *testing.B) {
	const inner = 1 << 12
	for b.Loop() {
		peakSink = mulAdds(&peakIn, inner)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(6*inner), "ns/madd")
}

// mulAdds does the 6·count multiply-adds of BenchmarkScalarMulAdd.
//
//go:noinline
func mulAdds(x *[24]float64, count int) float64 {
	var a0, a1, a2, a3, a4, a5 float64
	for i := range count {
		y := x[16+i&7]
		a0 += float64(x[0] * y)
		a1 += float64(x[1] * y)
		a2 += float64(x[2] * y)
		a3 += float64(x[3] * y)
		a4 += float64(x[4] * y)
		a5 += float64(x[5] * y)
	}
	return a0 + a1 + a2 + a3 + a4 + a5
}
