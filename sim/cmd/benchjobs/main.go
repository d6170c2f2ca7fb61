// Command benchjobs times the CLI on one core and on N cores, side by side:
// for each link it runs `sgdlab -j 1` and `sgdlab -j N` in turn, reps times
// each (pairs, so a drift of the machine's speed hits both alike), and prints
// a Markdown table of the median wall times, the median of the pairs' ratios,
// the serial fraction that ratio implies by Amdahl's law and what that
// fraction predicts for 8 and 32 cores. It also checks that both runs write
// the same CSV.
//
//	go run ./sim/cmd/benchjobs -bin bin/sgdlab          # make bench-jobs
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// defaults are the links the targets name: the default links of critical,
// variance and armijo, and the paper-size critical run (-big).
var defaults = []struct{ name, link string }{
	{"critical (default link)", "v=1&lab=critical"},
	{"variance (default link)", "v=1&lab=variance"},
	{"armijo (default link)", "v=1&lab=armijo"},
	{"critical, paper size n = 10⁴ (-big)", "v=1&lab=critical&n=10000&m=1,2,4,8,16,32,64,128,256&seeds=1&sweep=0"},
}

func main() {
	bin := flag.String("bin", "bin/sgdlab", "the sgdlab binary")
	jobs := flag.Int("j", 2, "the number of cores to compare with one")
	reps := flag.Int("reps", 3, "runs of each command per link")
	quick := flag.Bool("quick", false, "leave out the paper-size run (minutes a run)")
	only := flag.String("only", "", "run only the links whose name contains this (e.g. 'paper')")
	flag.Parse()
	dir, err := os.MkdirTemp("", "benchjobs")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	fmt.Printf("| link | `-j 1` (s) | `-j %d` (s) | ratio | serial fraction | predicted speed-up on 8 / 32 cores |\n|---|---|---|---|---|---|\n", *jobs)
	for _, l := range defaults {
		if *quick && l.name == defaults[len(defaults)-1].name || !strings.Contains(l.name, *only) {
			continue
		}
		var t1, tn, ratios []float64
		for r := range *reps {
			a, csvA := run(*bin, l.link, 1, filepath.Join(dir, fmt.Sprintf("a%d.csv", r)))
			b, csvB := run(*bin, l.link, *jobs, filepath.Join(dir, fmt.Sprintf("b%d.csv", r)))
			if !bytes.Equal(csvA, csvB) {
				fail(fmt.Errorf("%s: -j 1 and -j %d write different CSV", l.link, *jobs))
			}
			t1, tn, ratios = append(t1, a), append(tn, b), append(ratios, b/a)
		}
		r := median(ratios)
		// Amdahl: r = s + (1 − s)/N, so s = (N·r − 1)/(N − 1).
		n := float64(*jobs)
		s := min(1, max(0, (n*r-1)/(n-1)))
		fmt.Printf("| %s | %.2f | %.2f | %.2f | %.2f | %.1f× / %.1f× |\n", l.name, median(t1), median(tn), r, s, speedup(s, 8), speedup(s, 32))
	}
}

// speedup is Amdahl's 1/(s + (1 − s)/p).
func speedup(s, p float64) float64 { return 1 / (s + (1-s)/p) }

// run times one CLI run and returns its wall seconds and its CSV.
func run(bin, link string, jobs int, out string) (float64, []byte) {
	cmd := exec.Command(bin, "-big", "-q", "-readout", "none", "-j", fmt.Sprint(jobs), "-out", out, "-link", link)
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		fail(fmt.Errorf("%s -j %d: %w", link, jobs, err))
	}
	sec := time.Since(start).Seconds()
	csv, err := os.ReadFile(out)
	if err != nil {
		fail(err)
	}
	return sec, csv
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "benchjobs:", err)
	os.Exit(1)
}
