//go:build !js

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromiumCPU is the CPU time, in seconds, that every Chromium process of
// this machine has used (utime + stime in /proc, at 100 ticks a second).
func chromiumCPU() float64 {
	var sum float64
	ds, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, d := range ds {
		b, err := os.ReadFile(d)
		if err != nil {
			continue
		}
		s := string(b)
		i := strings.LastIndex(s, ")")
		if !strings.Contains(s[:i], "chrom") {
			continue
		}
		f := strings.Fields(s[i+2:])
		u, _ := strconv.ParseFloat(f[11], 64)
		k, _ := strconv.ParseFloat(f[12], 64)
		sum += u + k
	}
	return sum / 100
}

// TestWorkersCPU (make bench-browser; SGDLAB_BENCH_BROWSER=1): how many
// cores Chromium keeps busy while the Armijo lab's default link runs on the
// page alone and with two Web Workers, two rounds — what is left of the
// machine for the workers beside the page's own drawing and compositing
// (Linux only: it reads /proc). Never asserted.
func TestWorkersCPU(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	_, base, browser := startBench(t)
	var out strings.Builder
	fmt.Fprintln(&out, "link: ?v=1&lab=armijo (from opening the link to done; CPU of every Chromium process)")
	for range 2 {
		for _, n := range []int{0, 2} {
			tb := newTab(t, browser)
			var start time.Time
			t0, c0 := time.Now(), chromiumCPU()
			runWithStart(t, tb, base, "v=1&lab=armijo", n, &start)
			run, wall, cpu := time.Since(start).Seconds(), time.Since(t0).Seconds(), chromiumCPU()-c0
			fmt.Fprintf(&out, "  workers %d: Run to done %.1f s; link to done %.1f s, Chromium CPU %.1f s (%.2f cores)\n", n, run, wall, cpu, cpu/wall)
			tb.navigate("about:blank")
		}
	}
	t.Log(out.String())
	writeArtifact(t, "workers-cpu.txt", []byte(out.String()))
}
