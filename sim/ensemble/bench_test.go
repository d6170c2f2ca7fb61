package ensemble

import (
	"fmt"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/model"
)

// BenchmarkStep is one step of R = 1000 least-squares runs (n = 442,
// d = 11: the diabetes shape) at batch size b, with the statistics
// recorded (every step, as the lab does for short runs): runs·steps per
// second = 1000 / (s/op).
func BenchmarkStep(b *testing.B) {
	ds, err := data.Synthesize(data.Synth{N: 442, D: 11, Spectrum: data.Isotropic, Noise: 0.5, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	m := model.NewLinReg(ds)
	for _, bs := range []int{1, 8, 128} {
		for _, rec := range []int{1, 1 << 30} {
			name := fmt.Sprintf("b=%d/record", bs)
			if rec > 1 {
				name = fmt.Sprintf("b=%d/norecord", bs)
			}
			b.Run(name, func(b *testing.B) {
				e, err := New(Config{Model: m, B: bs, Runs: 1000, Steps: 1 << 30, Alpha: func(int) float64 { return 0.01 }, W0: make([]float64, 11), Every: rec})
				if err != nil {
					b.Fatal(err)
				}
				e.Step() // the first step records
				b.ResetTimer()
				for b.Loop() {
					e.Step()
				}
				b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "runsteps/s")
			})
		}
	}
}
