package lab

import (
	"fmt"

	"sgdlab/sim/data"
	"sgdlab/sim/spec"
)

// The least-squares data of the labs' `data` parameter.
const (
	Diabetes = "diabetes"
	Synth    = "synth"
)

// Images returns the labelled image set name from st, holding at least n images.
func Images(st *data.Store, name string, n int) (*data.Labeled, error) {
	if st == nil {
		return nil, fmt.Errorf("dataset %s is not loaded", name)
	}
	l, err := st.Labeled(name, n)
	if err != nil {
		return nil, err
	}
	if l.N < n || l.Labels == nil {
		return nil, fmt.Errorf("%s: %d labelled images loaded, n = %d", name, l.N, n)
	}
	return l, nil
}

// LeastSquares is the least-squares data a lab's link names with `data`:
// diabetes (features and target standardised, an intercept column appended;
// data.Standardized) from st, or synthetic data from the parameters n, d,
// noise and dseed. It returns the data set and a description for the readout.
func LeastSquares(v spec.Values, st *data.Store) (*data.Dataset, string, error) {
	if v.Get("data") == Synth {
		ds, err := data.Synthesize(data.Synth{N: v.Int("n"), D: v.Int("d"), Spectrum: data.Isotropic, Noise: v.Float("noise"), Seed: v.Uint64("dseed")})
		if err != nil {
			return nil, "", err
		}
		return ds, fmt.Sprintf("least squares, synthetic n = %d, d = %d, noise %g", ds.N, ds.D, v.Float("noise")), nil
	}
	if st == nil {
		return nil, "", fmt.Errorf("dataset %s is not loaded", Diabetes)
	}
	l, err := st.Labeled(Diabetes, 0)
	if err != nil {
		return nil, "", err
	}
	ds, err := data.Standardized(l)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %v", Diabetes, err)
	}
	return ds, fmt.Sprintf("least squares on diabetes (n = %d, %d standardised features + intercept, standardised target)", l.N, l.D), nil
}
