package main

import (
	"math"
	"testing"
)

func TestParsePeer(t *testing.T) {
	p, err := parsePeer([]byte("warning: x\n{\"seconds\": 1.5, \"threads\": \"2\", \"numpy\": \"1.24.2\", \"entries\": [1, 0.5]}\n"))
	if err != nil || p.Seconds != 1.5 || p.Threads != "2" || len(p.Entries) != 2 {
		t.Errorf("%+v %v", p, err)
	}
	for _, bad := range []string{"", "{}", "not json", `{"seconds": 0}`} {
		if _, err := parsePeer([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestPairsAndDiff(t *testing.T) {
	ps := pairs(7, 50)
	for _, p := range ps {
		if p[0] < 0 || p[0] >= 7 || p[1] < 0 || p[1] >= 7 {
			t.Fatalf("pair %v out of range", p)
		}
	}
	k := make([]float64, 49)
	for i := range k {
		k[i] = float64(i + 1)
	}
	want := make([]float64, len(ps))
	for q, p := range ps {
		want[q] = k[p[0]*7+p[1]]
	}
	if d := maxRelDiff(k, 7, ps, want); d != 0 {
		t.Errorf("diff %v", d)
	}
	want[0] *= 1 + 1e-6
	if d := maxRelDiff(k, 7, ps, want); math.Abs(d-1e-6) > 1e-9 {
		t.Errorf("diff %v", d)
	}
}

func TestParseMLPPeer(t *testing.T) {
	p, err := parseMLPPeer([]byte("warning: x\n{\"torch\": \"1.13.0\", \"threads\": 1, \"blas_threads\": 2, \"f32\": 0.001, \"f64\": 0.002, \"loss\": 2.3}\n"))
	if err != nil || p.Threads != 1 || p.F32 != 0.001 || p.F64 != 0.002 || p.Loss != 2.3 || p.threads() != "1 (BLAS 2)" {
		t.Errorf("%+v %q %v", p, p.threads(), err)
	}
	if p.BLAS = -1; p.threads() != "1" {
		t.Errorf("unknown BLAS threads: %q", p.threads())
	}
	for _, bad := range []string{"", "{}", "not json", `{"threads": 1, "f32": 0, "f64": 1}`, `{"threads": 0, "f32": 1, "f64": 1}`} {
		if _, err := parseMLPPeer([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	if d := relDiff([]float64{1, 2.5, -4}, []float64{1, 2, -4}); d != 0.125 {
		t.Errorf("relDiff %v, want 0.5/4", d)
	}
}
