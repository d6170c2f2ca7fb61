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
