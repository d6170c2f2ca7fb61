package main

import (
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/ensemble"
	"sgdlab/sim/model"
)

//go:embed ensemble_numpy.py
var ensembleScript string

// ensPeer is what ensemble_numpy.py prints.
type ensPeer struct {
	Seconds float64 `json:"seconds"`
	Numpy   string  `json:"numpy"`
	Var0    float64 `json:"var0"`
	SE0     float64 `json:"se0"`
	Lemma1  float64 `json:"lemma1"`
}

// runEnsemble times R = runs least-squares runs (n = 442, d = 11, the
// diabetes shape, synthetic) recording every step, for b = 1, 8, 128, with
// sgdlab and with numpy, and checks both against Lemma 1 at t = 0.
func runEnsemble(python string, runs, steps, reps int) error {
	ds, err := data.Synthesize(data.Synth{N: 442, D: 11, Spectrum: data.Isotropic, Noise: 0.5, Seed: 1})
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "benchens")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for name, v := range map[string][]float64{"x.f64": ds.X, "y.f64": ds.Y} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := binary.Write(f, binary.LittleEndian, v); err != nil {
			return err
		}
		f.Close()
	}
	py := filepath.Join(dir, "ensemble_numpy.py")
	if err := os.WriteFile(py, []byte(ensembleScript), 0o644); err != nil {
		return err
	}
	m := model.NewLinReg(ds)
	fmt.Printf("Ensemble of R = %d least-squares runs (n = 442, d = 11), every step recorded (variances, full gradients, Lemma 1): runs·steps per second, best of %d × %d steps (%s, %d CPUs)\n\n", runs, reps, steps, runtime.Version(), runtime.NumCPU())
	fmt.Println("| b | sgdlab runs·steps/s | numpy runs·steps/s | sgdlab ÷ numpy | Lemma 1 var(g₀) | sgdlab estimate | numpy estimate |\n|---:|---:|---:|---:|---:|---:|---:|")
	var version string
	for _, b := range []int{1, 8, 128} {
		best := math.Inf(1)
		var p0 ensemble.Point
		for range reps {
			e, err := ensemble.New(ensemble.Config{Model: m, B: b, Runs: runs, Steps: steps, Alpha: func(int) float64 { return 0.01 }, W0: make([]float64, ds.D), Seed: 1, Every: 1})
			if err != nil {
				return err
			}
			t0 := time.Now()
			for !e.Step() {
			}
			best = math.Min(best, time.Since(t0).Seconds()/float64(steps))
			p0 = e.Points()[0]
		}
		cmd := exec.Command(python, py, dir, "442", "11", fmt.Sprint(runs), fmt.Sprint(b), fmt.Sprint(steps), "0.01", fmt.Sprint(reps))
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("numpy: %v", err)
		}
		var p ensPeer
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &p); err != nil || !(p.Seconds > 0) {
			return fmt.Errorf("numpy's output is not the expected JSON: %v\n%s", err, out)
		}
		exact := m.CondVar(make([]float64, ds.D), make([]float64, ds.D), b)
		if math.Abs(p.Lemma1-exact) > 1e-9*exact {
			return fmt.Errorf("b=%d: numpy's Lemma 1 %v, sgdlab's %v", b, p.Lemma1, exact)
		}
		for _, c := range []struct {
			who   string
			v, se float64
		}{{"sgdlab", p0.VarG, p0.SEG}, {"numpy", p.Var0, p.SE0}} {
			if math.Abs(c.v-exact) > 5*c.se+1e-12 {
				return fmt.Errorf("b=%d: %s's var(g₀) %v ± %v is far from Lemma 1's %v", b, c.who, c.v, c.se, exact)
			}
		}
		rs, rn := float64(runs)/best, float64(runs)/p.Seconds
		fmt.Printf("| %d | %.0f | %.0f | %.2f× | %.5g | %.5g ± %.2g | %.5g ± %.2g |\n", b, rs, rn, rs/rn, exact, p0.VarG, 2*p0.SEG, p.Var0, 2*p.SE0)
		version = p.Numpy
	}
	fmt.Printf("\nnumpy %s; both estimates are within 5 standard errors of Lemma 1 (different random streams, so only statistics can agree).\n", version)
	return nil
}
