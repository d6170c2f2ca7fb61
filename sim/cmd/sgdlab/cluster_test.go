package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sgdlab/sim/lab"
)

// Small links of every lab (consensus with both of its lists of units).
var shardLinks = map[string]string{
	"batch":     "v=1&lab=batch&n=40&d=64&spectrum=ortho&sampler=bernoulli&eta=bern&m=1,4,n&len=8",
	"variance":  "v=1&lab=variance&runs=100&steps=40",
	"critical":  "v=1&lab=critical&dataset=fashion&n=150&select=random&dseed=3&target=pm1&kernel=laplacian&sigma=8&eig=exact&m=1,8,n&eta=opt&seeds=2&eps=0.05&sweep=3",
	"armijo":    "v=1&lab=armijo&n=120&hidden=8&b=4,16,64&seeds=2&tau=0.9&kmax=400",
	"consensus": "v=1&lab=consensus&topo=torus&n=16&d=20&sweep=5&sweeplen=100&len=3000",
}

func sgdlab(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(append([]string{"-q"}, args...), &out, &errb)
	return out.String() + errb.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := sgdlab(t, args...)
	if err != nil {
		t.Fatalf("sgdlab %q: %v\n%s", args, err, out)
	}
	return out
}

// sameFiles fails unless the files a and b hold the same bytes.
func sameFiles(t *testing.T, a, b string) {
	t.Helper()
	x, err1 := os.ReadFile(a)
	y, err2 := os.ReadFile(b)
	if err1 != nil || err2 != nil || !bytes.Equal(x, y) || len(x) == 0 {
		t.Errorf("%s and %s differ (%v, %v)", filepath.Base(a), filepath.Base(b), err1, err2)
	}
}

// Every lab's link run as 3 shards by the CLI and merged writes the CSV,
// JSON and readout of the one-machine run, byte for byte.
func TestShardMergeEveryLab(t *testing.T) {
	for name, q := range shardLinks {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			f := func(s string) string { return filepath.Join(dir, s) }
			one := mustRun(t, "-link", q, "-j", "2", "-out", f("one.csv"), "-json", f("one.json"), "-txt", f("one.txt"))
			var parts []string
			for i := range 3 {
				p := f(fmt.Sprintf("%s-%dof3.part", name, i))
				mustRun(t, "-link", q, "-j", "1", "-shard", fmt.Sprintf("%d/3", i), "-out", p)
				parts = append(parts, p)
			}
			merged := mustRun(t, append(append([]string{"-merge"}, parts...), "-out", f("m.csv"), "-json", f("m.json"), "-txt", f("m.txt"))...)
			for _, e := range []string{"csv", "json", "txt"} {
				sameFiles(t, f("one."+e), f("m."+e))
			}
			if merged != one {
				t.Errorf("the merge printed another readout:\n%s\nthe run:\n%s", merged, one)
			}
			// Without shard 1 nothing is merged, and the message says how to run it.
			out, err := sgdlab(t, "-merge", parts[0], parts[2], "-out", f("bad.csv"))
			if err == nil || !strings.Contains(err.Error(), "shard 1 of 3 missing") || !strings.Contains(err.Error(), "-shard 1/3 -out '"+parts[1]+"'") {
				t.Errorf("merge without shard 1: %v\n%s", err, out)
			}
			if _, err := os.Stat(f("bad.csv")); err == nil {
				t.Error("a failed merge wrote its CSV")
			}
		})
	}
}

func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	f := func(s string) string { return filepath.Join(dir, s) }
	q := shardLinks["batch"]
	for i := range 2 {
		mustRun(t, "-link", q, "-shard", fmt.Sprintf("%d/2", i), "-out", f(fmt.Sprintf("b-%dof2.part", i)))
	}
	mustRun(t, "-link", "v=1&lab=batch&n=41", "-shard", "0/2", "-out", f("other-0of2.part"))
	mustRun(t, "-link", q, "-shard", "0/3", "-out", f("k3-0of3.part"))
	good, _ := os.ReadFile(f("b-1of2.part"))
	os.WriteFile(f("cut.part"), good[:len(good)-5], 0o644)
	flip := bytes.Clone(good)
	flip[len(flip)/3] ^= 4
	os.WriteFile(f("flip.part"), flip, 0o644)
	os.WriteFile(f("csv.part"), []byte("run,m\n1,2\n"), 0o644)
	for _, c := range []struct {
		name  string
		files []string
		want  string
	}{
		{"other link", []string{"b-0of2.part", "other-0of2.part"}, "their link differs"},
		{"other K", []string{"b-0of2.part", "k3-0of3.part"}, "number of shards differs"},
		{"duplicate", []string{"b-0of2.part", "b-1of2.part", "b-1of2.part"}, "both hold shard 1 of 2"},
		{"cut short", []string{"b-0of2.part", "cut.part"}, "cut.part: not a valid sgdlab part file: no digest"},
		{"corrupt", []string{"b-0of2.part", "flip.part"}, "flip.part: not a valid sgdlab part file: its digest does not match"},
		{"not a part", []string{"csv.part"}, "does not start with"},
		{"none", nil, "give the part files"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"-merge"}
			for _, x := range c.files {
				args = append(args, f(x))
			}
			if out, err := sgdlab(t, append(args, "-out", f("x.csv"))...); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q\n%s", err, c.want, out)
			}
			if _, err := os.Stat(f("x.csv")); err == nil {
				t.Fatal("a refused merge wrote its CSV")
			}
		})
	}
	// A part of another sgdlab build.
	p, _ := readParts([]string{f("b-0of2.part")})
	p[0].Version = "0123456789ab"
	q0, _ := readParts([]string{f("b-1of2.part")})
	q0[0].Version = "0123456789ab"
	c := &cli{}
	if _, err := c.mergeOne([]string{"a", "b"}, append(p, q0...)); err == nil || !strings.Contains(err.Error(), "was written by sgdlab 0123456789ab") {
		t.Errorf("merged parts of another build: %v", err)
	}
}

// A grid run in shards and merged writes each point's files and the
// summary of the grid run on one machine.
func TestGridShardMerge(t *testing.T) {
	dir := t.TempDir()
	f := func(s string) string { return filepath.Join(dir, s) }
	q, g := "v=1&lab=critical&dataset=fashion&n=120&eig=exact&m=1,8,n&seeds=1&eps=0.05&sweep=0", "sigma=4,8&kernel=gaussian,laplacian"
	local := mustRun(t, "-link", q, "-grid", g, "-out", f("one.csv"), "-json", f("one.json"), "-txt", f("one.txt"), "-summary", f("one-sum"))
	for i := range 2 {
		mustRun(t, "-link", q, "-grid", g, "-shard", fmt.Sprintf("%d/2", i), "-out", f(fmt.Sprintf("p-%dof2.part", i)))
	}
	ps, _ := filepath.Glob(f("p-*.part"))
	if len(ps) != 8 {
		t.Fatalf("%d part files, want 4 points × 2 shards: %v", len(ps), ps)
	}
	merged := mustRun(t, append(append([]string{"-link", q, "-grid", g, "-merge"}, ps...), "-out", f("m.csv"), "-json", f("m.json"), "-txt", f("m.txt"), "-summary", f("m-sum"))...)
	if merged != local || !strings.Contains(local, "| sigma | kernel |") || strings.Count(local, "\n") != 6 {
		t.Errorf("summary:\n%s\nmerged:\n%s", local, merged)
	}
	for _, pt := range []string{"sigma-4_kernel-gaussian", "sigma-8_kernel-laplacian"} {
		for _, e := range []string{"csv", "json", "txt"} {
			sameFiles(t, f("one-"+pt+"."+e), f("m-"+pt+"."+e))
		}
	}
	sameFiles(t, f("one-sum.csv"), f("m-sum.csv"))
	sameFiles(t, f("one-sum.md"), f("m-sum.md"))
	// A point without parts is named, with the commands for its shards.
	var some []string
	for _, p := range ps {
		if !strings.Contains(p, "sigma-8_kernel-gaussian") {
			some = append(some, p)
		}
	}
	out, err := sgdlab(t, append([]string{"-link", q, "-grid", g, "-merge"}, some...)...)
	if err == nil || !strings.Contains(err.Error(), "grid point sigma-8_kernel-gaussian: shards 0, 1 of 2 missing") || !strings.Contains(err.Error(), "p-0of2-sigma-8_kernel-gaussian.part") {
		t.Errorf("merge without a point: %v\n%s", err, out)
	}
}

func TestSlurmScript(t *testing.T) {
	out := mustRun(t, "-link", "v=1&lab=critical&n=2000", "-grid", "sigma=3,5", "-slurm", "-shards", "4", "-j", "2", "-time", "30")
	for _, want := range []string{
		"#!/bin/bash", "2 link(s) × 4 shards = 8 array tasks", "K=4",
		"--cpus-per-task=2", "--time=30", "--dependency=afterok:", "--array=\"$list\"",
		"'critical-sigma-3'", "-grid 'sigma=3,5' -merge", "-summary 'critical-summary'",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
	// --mem from the lab's memory plan: it holds n = 2000's kernel matrix
	// (32 MB), and grows with n.
	mem := func(link string) int {
		out := mustRun(t, "-link", link, "-slurm", "-shards", "2")
		_, after, _ := strings.Cut(out, "--array")
		_, after, _ = strings.Cut(after, "--mem=")
		var m int
		fmt.Sscanf(after, "%dM", &m)
		return m
	}
	if m, m2 := mem("v=1&lab=critical&n=2000"), mem("v=1&lab=critical&n=4000"); m < 256+32 || m2 < m+3*32 {
		t.Errorf("--mem=%dM for n = 2000, %dM for n = 4000", m, m2)
	}
	if _, err := sgdlab(t, "-link", "lab=batch", "-slurm"); err == nil || !strings.Contains(err.Error(), "-shards") {
		t.Errorf("-slurm without -shards: %v", err)
	}
}

func TestMinutes(t *testing.T) {
	for _, c := range []struct {
		w       lab.Work
		k, cpus int
		want    int
	}{
		{lab.Work{}, 1, 1, 10},
		{lab.Work{Shared: 30 * Rate}, 1, 1, 11},                     // 30 s, twice over: 1 minute
		{lab.Work{Shared: 60 * Rate, Units: 600 * Rate}, 10, 1, 14}, // 60 + 60 s, twice: 4 minutes
		{lab.Work{Shared: 60 * Rate, Units: 600 * Rate}, 10, 2, 12},
		{lab.Work{Units: 1e20}, 4, 8, maxMinutes},
	} {
		if got := Minutes(c.w, c.k, c.cpus); got != c.want {
			t.Errorf("Minutes(%+v, %d, %d) = %d, want %d", c.w, c.k, c.cpus, got, c.want)
		}
	}
}

// Every lab plans its memory and work, so a script asks for both.
func TestEveryLabPlans(t *testing.T) {
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		_, v, _ := lab.Parse("v=1&lab="+name, false)
		if l.MemoryPlan(v) <= 0 || l.Work == nil {
			t.Errorf("lab %s plans no memory or work", name)
		}
	}
}
