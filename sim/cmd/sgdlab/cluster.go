package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/lab/grid"
	"sgdlab/sim/lab/part"
	"sgdlab/sim/slurm"
	"sgdlab/web"
)

// cli holds the flags the ways of running a link share.
type cli struct {
	stdout, stderr          io.Writer
	out, json, txt, readout string
	summary, dataDir        string
	jobs                    int
	jobsSet, big, quiet     bool
}

// build parses query (printing its notices) and builds the experiment.
func (c *cli) build(query string, big bool) (lab.Experiment, string, error) {
	l, vals, notes := lab.Parse(query, big)
	if !c.quiet {
		for _, n := range notes {
			fmt.Fprintln(c.stderr, "notice:", n)
		}
	}
	var root fs.FS = web.FS()
	if c.dataDir != "" {
		root = os.DirFS(c.dataDir)
	}
	st := data.NewStore()
	if err := st.LoadFS(root, l.DataNeeds(vals)); err != nil {
		return nil, "", err
	}
	exp, err := l.Build(vals, st)
	return exp, vals.Encode(), err
}

// named puts a grid point's name before the extensions of path (from the
// first dot of its base name): out.csv → out-sigma-3.csv, r.readout.txt →
// r-sigma-3.readout.txt ("" stays "").
func named(path, point string) string {
	if path == "" || point == "" {
		return path
	}
	dir, base := filepath.Split(path)
	stem, ext, _ := strings.Cut(base, ".")
	if ext != "" {
		ext = "." + ext
	}
	return dir + stem + "-" + point + ext
}

// write writes exp's CSV, JSON and readout (-out, -json, -txt, -readout);
// point, when not "", names a grid point's files and leaves stdout to the
// summary.
func (c *cli) write(exp lab.Experiment, point string) error {
	if point != "" && (c.out == "-" || c.json == "-" || c.txt == "-") {
		return errors.New("with -grid, -out, -json and -txt name files (each point's name goes before the extension), not stdout")
	}
	if err := writeTo(named(c.out, point), c.stdout, exp.WriteCSV); err != nil {
		return err
	}
	if err := writeTo(named(c.json, point), c.stdout, exp.WriteJSON); err != nil {
		return err
	}
	text := func(w io.Writer) error { return printReadout(w, exp.Readout()) }
	if err := writeTo(named(c.txt, point), c.stdout, text); err != nil {
		return err
	}
	if point != "" {
		return nil
	}
	switch c.readout {
	case "text":
		return text(c.stdout)
	case "json":
		return json.NewEncoder(c.stdout).Encode(exp.Readout())
	case "none":
		return nil
	}
	return errors.New("-readout must be text, json or none")
}

// parseShard reads "i/K".
func parseShard(s string) (i, k int, err error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	k, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || k < 1 || i < 0 || i >= k {
		return 0, 0, fmt.Errorf("-shard %q: want i/K with 0 ≤ i < K, e.g. 0/4", s)
	}
	return i, k, nil
}

// shard runs shard i of K of the link and writes its part to -out.
func (c *cli) shard(query, spec string) error {
	i, k, err := parseShard(spec)
	if err != nil {
		return err
	}
	if c.out == "" || c.out == "-" {
		return errors.New("-shard writes a part file: give its name with -out")
	}
	return c.runShard(query, i, k, c.out)
}

func (c *cli) runShard(query string, i, k int, path string) error {
	exp, canon, err := c.build(query, c.big)
	if err != nil {
		return err
	}
	start := time.Now()
	units, err := part.Run(exp, i, k, c.jobs)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := part.Encode(&b, &part.File{Version: version(), Link: canon, Big: c.big, Shard: i, Shards: k, Units: units}); err != nil {
		return err
	}
	if err := writeAtomic(path, b.Bytes()); err != nil {
		return err
	}
	if !c.quiet {
		fmt.Fprintf(c.stderr, "link: %s\nshard %d of %d: units held %d, part %s (%d bytes), ran in %v%s\n",
			canon, i, k, len(units), path, b.Len(), time.Since(start).Round(time.Millisecond), peak())
	}
	return nil
}

// writeAtomic writes b to path through a temporary file in the same
// directory and a rename, so that path is either absent or whole.
func writeAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// version names this sgdlab build in part files: the VCS revision it was
// built from, and for a build of uncommitted changes (or without VCS
// information) the SHA-256 of the executable too, so parts of different
// builds never merge.
var version = sync.OnceValue(func() string {
	var rev string
	dirty := true
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	if rev == "" {
		rev, dirty = "devel", true
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		sum := "unknown"
		if exe, err := os.Executable(); err == nil {
			if b, err := os.ReadFile(exe); err == nil {
				h := sha256.Sum256(b)
				sum = hex.EncodeToString(h[:6])
			}
		}
		rev += "+dirty." + sum
	}
	return rev
})

// peak is ", peak memory N MiB" from the kernel's count of this process's
// resident memory (Linux), or "".
func peak() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err == nil {
				return fmt.Sprintf(", peak memory %d MiB", (kb+1023)/1024)
			}
		}
	}
	return ""
}

// readParts reads and decodes part files.
func readParts(paths []string) ([]*part.File, error) {
	var fs []*part.File
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, err := part.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		fs = append(fs, f)
	}
	return fs, nil
}

var shardName = regexp.MustCompile(`[0-9]+of[0-9]+`)

// rerun is the command that runs the missing shards of m, named like the
// part file example (its "iofK" replaced).
func rerun(m *part.MissingError, example string) string {
	var b strings.Builder
	for _, s := range m.Missing {
		name := fmt.Sprintf("part-%dof%d", s, m.Shards)
		if example != "" && shardName.MatchString(filepath.Base(example)) {
			name = filepath.Join(filepath.Dir(example), shardName.ReplaceAllString(filepath.Base(example), fmt.Sprintf("%dof%d", s, m.Shards)))
		}
		big := ""
		if m.Big {
			big = " -big"
		}
		fmt.Fprintf(&b, "\n  sgdlab%s -link %s -shard %d/%d -out %s", big, slurm.Quote(m.Link), s, m.Shards, slurm.Quote(name))
	}
	return b.String()
}

// missingError adds to Check's errors the commands that rerun the missing
// shards.
func missingError(err error, example string) error {
	var m *part.MissingError
	if errors.As(err, &m) {
		return fmt.Errorf("%w; nothing was merged. Run the missing shards with:%s\nthen merge again", err, rerun(m, example))
	}
	return err
}

// mergeOne checks the parts of one link and merges them.
func (c *cli) mergeOne(names []string, parts []*part.File) (lab.Experiment, error) {
	if err := part.Check(names, parts); err != nil {
		return nil, missingError(err, names[0])
	}
	f := parts[0]
	if v := version(); f.Version != v {
		return nil, fmt.Errorf("%s was written by sgdlab %s, and this is sgdlab %s: merge with the build that ran the shards", names[0], f.Version, v)
	}
	exp, canon, err := c.build(f.Link, f.Big)
	if err != nil {
		return nil, err
	}
	if canon != f.Link {
		return nil, fmt.Errorf("%s: this sgdlab reads its link %s as %s", names[0], f.Link, canon)
	}
	start := time.Now()
	if err := part.Merge(exp, parts); err != nil {
		return nil, fmt.Errorf("merging %s: %w", strings.Join(names, ", "), err)
	}
	if !c.quiet {
		fmt.Fprintf(c.stderr, "link: %s\nmerged %d parts in %v%s\n", canon, len(parts), time.Since(start).Round(time.Millisecond), peak())
	}
	return exp, nil
}

// merge merges part files: one link's, or with -grid each point's, with
// the summary.
func (c *cli) merge(query, g string, paths []string) error {
	if len(paths) == 0 {
		return errors.New("-merge: give the part files to merge, e.g. sgdlab -merge part-*")
	}
	parts, err := readParts(paths)
	if err != nil {
		return err
	}
	if g == "" {
		exp, err := c.mergeOne(paths, parts)
		if err != nil {
			return err
		}
		return c.write(exp, "")
	}
	gr, pts, err := c.points(query, g)
	if err != nil {
		return err
	}
	byLink := map[string]int{}
	for k, p := range pts {
		byLink[p.Link] = k
	}
	names := make([][]string, len(pts))
	groups := make([][]*part.File, len(pts))
	for k, f := range parts {
		p, ok := byLink[f.Link]
		if !ok {
			return fmt.Errorf("%s is a part of link %s, which is not a point of the grid %s", paths[k], f.Link, g)
		}
		names[p], groups[p] = append(names[p], paths[k]), append(groups[p], f)
	}
	// Every point's shards must be here before anything is merged.
	var msgs []string
	for k, p := range pts {
		if len(groups[k]) == 0 {
			m := &part.MissingError{Link: p.Link, Big: c.big, Shards: parts[0].Shards}
			for s := range m.Shards {
				m.Missing = append(m.Missing, s)
			}
			// Name its parts like another point's.
			example := ""
			for j, q := range pts {
				if len(names[j]) > 0 && q.Name != "" && strings.Contains(filepath.Base(names[j][0]), q.Name) {
					example = filepath.Join(filepath.Dir(names[j][0]), strings.Replace(filepath.Base(names[j][0]), q.Name, p.Name, 1))
					break
				}
			}
			msgs = append(msgs, fmt.Sprintf("grid point %s: %v; run its shards with:%s", p.Name, m, rerun(m, example)))
			continue
		}
		if err := part.Check(names[k], groups[k]); err != nil {
			msgs = append(msgs, fmt.Sprintf("grid point %s: %v", p.Name, missingError(err, names[k][0])))
		}
	}
	if len(msgs) > 0 {
		return fmt.Errorf("nothing was merged:\n%s", strings.Join(msgs, "\n"))
	}
	ros := make([]lab.Readout, len(pts))
	for k, p := range pts {
		exp, err := c.mergeOne(names[k], groups[k])
		if err != nil {
			return err
		}
		if err := c.write(exp, p.Name); err != nil {
			return err
		}
		ros[k] = exp.Readout()
	}
	return c.writeSummary(gr, pts, ros)
}

// points expands the grid g of the link query.
func (c *cli) points(query, g string) (grid.Grid, []grid.Point, error) {
	gr, err := grid.Parse(g)
	if err != nil {
		return nil, nil, err
	}
	pts, err := gr.Points(query, c.big)
	return gr, pts, err
}

// writeSummary writes the grid's summary to -summary's .csv and .md and
// prints the Markdown unless -readout none.
func (c *cli) writeSummary(gr grid.Grid, pts []grid.Point, ros []lab.Readout) error {
	csv, md, err := grid.Summary(gr, pts, ros)
	if err != nil {
		return err
	}
	if c.summary != "" {
		if err := os.WriteFile(c.summary+".csv", csv, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(c.summary+".md", md, 0o644); err != nil {
			return err
		}
	}
	if c.readout != "none" {
		_, err = c.stdout.Write(md)
	}
	return err
}

// grid runs every point of the grid on this machine (or, with -shard, one
// shard of each point, into part files named by -out).
func (c *cli) grid(query, g, shard string) error {
	gr, pts, err := c.points(query, g)
	if err != nil {
		return err
	}
	if shard != "" {
		i, k, err := parseShard(shard)
		if err != nil {
			return err
		}
		if c.out == "" || c.out == "-" {
			return errors.New("-shard writes part files: give their name with -out")
		}
		for _, p := range pts {
			if err := c.runShard(p.Link, i, k, named(c.out, p.Name)); err != nil {
				return err
			}
		}
		return nil
	}
	ros := make([]lab.Readout, len(pts))
	for k, p := range pts {
		exp, canon, err := c.build(p.Link, c.big)
		if err != nil {
			return err
		}
		start := time.Now()
		lab.Drive(exp, 1<<20, c.jobs)
		if !c.quiet {
			fmt.Fprintf(c.stderr, "grid point %s: %s\nran in %v\n", p.Name, canon, time.Since(start).Round(time.Millisecond))
		}
		if err := c.write(exp, p.Name); err != nil {
			return err
		}
		ros[k] = exp.Readout()
	}
	return c.writeSummary(gr, pts, ros)
}

// slurm prints the batch script of the link (or grid) in K shards.
func (c *cli) slurm(query, g string, k, minutes, memMiB int) error {
	if k < 1 {
		return errors.New("-slurm needs -shards K (K ≥ 1): the number of shards of each link")
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "sgdlab" // on the nodes' PATH
		fmt.Fprintf(c.stderr, "notice: the script runs sgdlab from the PATH (%v); set SGDLAB to its path\n", err)
	}
	cpus := 1
	if c.jobsSet {
		cpus = max(1, c.jobs)
	}
	l, vals, notes := lab.Parse(query, c.big)
	for _, n := range notes {
		fmt.Fprintln(c.stderr, "notice:", n)
	}
	j := slurm.Job{Binary: exe, Big: c.big, Shards: k, CPUs: cpus, Minutes: minutes}
	plan, work := l.MemoryPlan(vals), l.PlannedWork(vals)
	if g == "" {
		j.Links = []slurm.Link{{Name: l.Name, Link: vals.Encode()}}
	} else {
		_, pts, err := c.points(query, g)
		if err != nil {
			return err
		}
		for _, p := range pts {
			j.Links = append(j.Links, slurm.Link{Name: l.Name + "-" + p.Name, Link: p.Link})
			pl, pv, _ := lab.Parse(p.Link, c.big)
			plan = max(plan, pl.MemoryPlan(pv))
			w := pl.PlannedWork(pv)
			work = lab.Work{Shared: max(work.Shared, w.Shared), Units: max(work.Units, w.Units)}
		}
		j.Grid, j.Base, j.Prefix = g, query, l.Name
	}
	j.MemMiB = memMiB
	if j.MemMiB == 0 {
		j.MemMiB = MemMiB(plan)
	}
	if j.Minutes == 0 {
		j.Minutes = Minutes(work, k, cpus)
		if j.Minutes == maxMinutes {
			fmt.Fprintf(c.stderr, "notice: the planned work (%.2g multiply-adds shared, %.2g in the units) would take more than %d minutes per task; the time limit is %d minutes (runs that stop at a target plan to their cap: time one shard and set -time)\n",
				work.Shared, work.Units, maxMinutes, maxMinutes)
		}
	}
	args := []string{"sgdlab"}
	if c.big {
		args = append(args, "-big")
	}
	args = append(args, "-link", slurm.Quote(query))
	if g != "" {
		args = append(args, "-grid", slurm.Quote(g))
	}
	args = append(args, "-slurm", "-shards", strconv.Itoa(k), "-j", strconv.Itoa(cpus), "-time", strconv.Itoa(j.Minutes), "-mem", strconv.Itoa(j.MemMiB))
	j.Command = strings.Join(args, " ")
	j.Plan = fmt.Sprintf("memory %.3g MB (the lab's plan) → --mem %d MiB; work %.3g multiply-adds in every shard + %.3g in the units (at most; runs that reach their target stop early) → --time %d min",
		plan/1e6, j.MemMiB, work.Shared, work.Units, j.Minutes)
	s, err := slurm.Script(j)
	if err != nil {
		return err
	}
	_, err = io.WriteString(c.stdout, s)
	return err
}

// Rate is the multiply-adds per second a core is counted on for a time
// limit: a quarter of what sgdlab's loops do on this machine's cores
// (docs/cluster.md), for slower cores and busy nodes.
const Rate = 2.5e8

// maxMinutes bounds the time limits of a script (two days: more than many
// clusters allow; -time sets any).
const maxMinutes = 2 * 24 * 60

// Minutes is a task's time limit from the planned work of a link in k
// shards on cpus cores: what every shard computes besides its units and a
// k-th of the units, at Rate per core, twice over, plus 10 minutes to
// start, load and write; at most maxMinutes.
func Minutes(w lab.Work, k, cpus int) int {
	sec := (w.Shared + w.Units/float64(k)) / (Rate * float64(cpus))
	return min(maxMinutes, 10+int(math.Ceil(2*sec/60)))
}

// MemMiB is the memory a task asks for, from the lab's memory plan (bytes):
// the plan with a quarter more for the Go heap's growth, and 256 MiB for
// the program, its built-in datasets and the runtime.
func MemMiB(plan float64) int {
	return 256 + int(math.Ceil(1.25*plan/(1<<20)))
}
