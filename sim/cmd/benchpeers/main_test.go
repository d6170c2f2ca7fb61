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

func TestParseSGDPeer(t *testing.T) {
	ms := []int{1, 8}
	out := "warning: x\n" + `{"lib": "numpy", "version": "1.24.2", "threads": "default", "blas": "libblas.so.3", "runs": [{"m": 1, "seconds": 1e-5}, {"m": 8, "seconds": 2e-5}]}` + "\n"
	p, err := parseSGDPeer([]byte(out), ms)
	if err != nil || p.Lib != "numpy" || p.Threads != "default" || p.BLAS != "libblas.so.3" || len(p.Runs) != 2 || p.Runs[1].M != 8 || p.Runs[1].Seconds != 2e-5 {
		t.Errorf("%+v %v", p, err)
	}
	for _, bad := range []string{"", "{}", "not json",
		`{"runs": [{"m": 1, "seconds": 1}]}`,
		`{"runs": [{"m": 1, "seconds": 1}, {"m": 9, "seconds": 1}]}`,
		`{"runs": [{"m": 1, "seconds": 1}, {"m": 8, "seconds": 0}]}`} {
		if _, err := parseSGDPeer([]byte(bad), ms); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// The replayed batches are the drawn ones, in order, and drawing is
// deterministic.
func TestReplayBatches(t *testing.T) {
	const n, m, steps = 10, 3, 5
	all := drawBatches(n, m, steps)
	if len(all) != m*steps {
		t.Fatalf("%d indices, want %d", len(all), m*steps)
	}
	again := drawBatches(n, m, steps)
	r := &replay{b: all, m: m}
	var b []int
	for k := range steps {
		b = r.Next(b)
		for j, i := range b {
			if i < 0 || i >= n || i != all[k*m+j] || i != again[k*m+j] {
				t.Fatalf("batch %d: %v, drawn %v", k, b, all[k*m:(k+1)*m])
			}
		}
	}
}

func TestF64RoundTrip(t *testing.T) {
	path := t.TempDir() + "/v.f64"
	v := []float64{1, -0.5, math.Inf(1), 1e-300, math.Pi}
	if err := writeF64(path, v); err != nil {
		t.Fatal(err)
	}
	got, err := readF64(path, len(v))
	if err != nil {
		t.Fatal(err)
	}
	for i := range v {
		if math.Float64bits(got[i]) != math.Float64bits(v[i]) {
			t.Errorf("v[%d] = %v, want %v", i, got[i], v[i])
		}
	}
	if _, err := readF64(path, len(v)-1); err == nil {
		t.Error("a longer file was accepted")
	}
	if _, err := readF64(path, len(v)+1); err == nil {
		t.Error("a shorter file was accepted")
	}
}

func TestTableHelpers(t *testing.T) {
	b := &sgdBench{steps: 10}
	for _, tc := range []struct{ m, want int }{{1, 640}, {8, 80}, {64, 10}, {1024, 10}} {
		if got := b.stepsFor(tc.m); got != tc.want {
			t.Errorf("stepsFor(%d) = %d, want %d", tc.m, got, tc.want)
		}
	}
	for _, tc := range []struct {
		r    peerRun
		p    sgdPeer
		want string
	}{
		{peerRun{lib: "numpy", threads: "1", one: true}, sgdPeer{Threads: "1"}, "numpy (1 thread)"},
		{peerRun{lib: "numpy", threads: "default"}, sgdPeer{Threads: "default"}, "numpy (default threads)"},
		{peerRun{lib: "torch", threads: "default"}, sgdPeer{Threads: "2"}, "PyTorch (default: 2)"},
		{peerRun{lib: "torch", threads: "4"}, sgdPeer{Threads: "4"}, "PyTorch (set_num_threads(4))"},
	} {
		if got := peerName(tc.r, tc.p); got != tc.want {
			t.Errorf("peerName = %q, want %q", got, tc.want)
		}
	}
	for _, tc := range []struct {
		r    float64
		want string
	}{{123456.7, "123457"}, {45.67, "45.7"}, {3.14159, "3.14"}} {
		if got := fmtRate(tc.r); got != tc.want {
			t.Errorf("fmtRate(%v) = %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestParseDGDPeer(t *testing.T) {
	out := "warning: x\n" + `{"seconds": 0.01, "threads": "1", "torch": "1.13.0", "backend": "torch.sparse CSR", "entries": [0.5, -1]}` + "\n"
	p, err := parseDGDPeer([]byte(out), 2)
	if err != nil || p.Seconds != 0.01 || p.Threads != "1" || p.Torch != "1.13.0" || p.Backend != "torch.sparse CSR" || len(p.Entries) != 2 {
		t.Errorf("%+v %v", p, err)
	}
	for _, bad := range []string{"", "{}", "not json", `{"seconds": 0, "entries": [1, 2]}`, `{"seconds": 1, "entries": [1]}`} {
		if _, err := parseDGDPeer([]byte(bad), 2); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		v    []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{9, 1, 1}, 1}} {
		if got := median(tc.v); got != tc.want {
			t.Errorf("median = %v, want %v", got, tc.want)
		}
	}
}
