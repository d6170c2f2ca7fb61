//go:build !js

package main

import (
	"bytes"
	"strings"
	"testing"
)

const nativeOut = `goos: linux
goarch: amd64
pkg: sgdlab/sim/sgd
cpu: Some CPU @ 2GHz
BenchmarkStep/m=1-2         	 1637725	       700.0 ns/op	   1420947 grads/s	       0 B/op	       0 allocs/op
BenchmarkStep/m=1-2         	 1637725	       710.0 ns/op	   1420947 grads/s	       0 B/op	       0 allocs/op
BenchmarkStep/m=1-2         	 1637725	       900.0 ns/op	   1420947 grads/s	       0 B/op	       0 allocs/op
BenchmarkStep/m=8-2         	  251438	      5000 ns/op
PASS
ok  	sgdlab/sim/sgd	4.895s
`

const wasmOut = `goos: js
goarch: wasm
BenchmarkStep/m=1         	  414408	      2840 ns/op	    345044 grads/s
BenchmarkStep/m=8         	   50529	     25000 ns/op
PASS
`

func TestParse(t *testing.T) {
	r := parse([]byte(nativeOut))
	if r.cpu != "Some CPU @ 2GHz" {
		t.Errorf("cpu = %q", r.cpu)
	}
	if strings.Join(r.order, ",") != "Step/m=1,Step/m=8" {
		t.Errorf("order = %q", r.order)
	}
	if got := median(r.values["Step/m=1"]["ns/op"]); got != 710 {
		t.Errorf("median ns/op = %v, want 710", got)
	}
	if got := r.values["Step/m=1"]["grads/s"]; len(got) != 3 {
		t.Errorf("grads/s = %v", got)
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	writeTable(&b, []string{"native", "node"}, []results{parse([]byte(nativeOut)), parse([]byte(wasmOut))})
	want := `| benchmark | native ns/op | node ns/op | node/native |
|:---|---:|---:|---:|
| Step/m=1 | 710 | 2840 | 4.00× |
| Step/m=8 | 5000 | 25000 | 5.00× |
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestMedian(t *testing.T) {
	if m := median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("median = %v", m)
	}
	if m := median(nil); m == m {
		t.Errorf("median of nothing = %v, want NaN", m)
	}
}
