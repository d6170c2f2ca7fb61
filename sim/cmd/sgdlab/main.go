// Command sgdlab runs a lab link headless and writes the numbers the page shows.
//
//	go run ./sim/cmd/sgdlab -link 'v=1&lab=batch&n=256&m=1,4,16,64,n' -out run.csv
//
// The link is a share link's query (or the whole URL). By default the browser's
// size limits apply, so a link means the same run here and in the page; -big
// lifts them for larger problems. The readout goes to stdout (text or JSON),
// link notices to stderr.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sgdlab:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("sgdlab", flag.ContinueOnError)
	flags.SetOutput(stderr)
	link := flags.String("link", "", "the link's query, e.g. 'v=1&lab=batch&m=1,8,n' (a full URL works too)")
	out := flags.String("out", "", "write the series as CSV to this file ('-': stdout)")
	jsonOut := flags.String("json", "", "write spec, readout and series as JSON to this file ('-': stdout)")
	readout := flags.String("readout", "text", "print the readout as text, json or none")
	jobs := flags.Int("j", runtime.NumCPU(), "run a lab's independent runs on this many cores (the numbers are the same for any count)")
	big := flags.Bool("big", false, "lift the browser's size limits (the link then may mean a larger run than in the page)")
	params := flags.Bool("params", false, "print every lab's link parameters as a Markdown table and exit")
	presets := flags.Bool("presets", false, "print every lab's presets as a Markdown table and exit")
	quiet := flags.Bool("q", false, "do not print link notices or timing")
	dataDir := flags.String("data", "", "read datasets from this web root (data/<name>/manifest.json, shards) instead of the copy built into the binary")
	txt := flags.String("txt", "", "write the readout as text to this file")
	shard := flags.String("shard", "", "run only shard i of K (i/K, 0 ≤ i < K) of the link's units and write the partial result to -out")
	merge := flags.Bool("merge", false, "merge the part files given as arguments (sgdlab -merge part-*) into the CSV, JSON and readout of the whole link")
	grid := flags.String("grid", "", "run (or, with -merge, merge) every point of a grid of link parameters, e.g. 'sigma=3,5,10&dataset=mnist,fashion'; -out, -json and -txt name each point's files with its name before the extension")
	summary := flags.String("summary", "", "with -grid: write the summary table of the points' readouts to this name's .csv and .md")
	slurmOut := flags.Bool("slurm", false, "print a Slurm batch script that runs the link (or -grid) in -shards shards as a job array and merges them")
	shards := flags.Int("shards", 0, "with -slurm: the number of shards K of each link")
	minutes := flags.Int("time", 0, "with -slurm: the time limit of each shard task and of the merge, in minutes (0: from the lab's planned work)")
	memMiB := flags.Int("mem", 0, "with -slurm: memory of each task in MiB (0: from the lab's memory plan)")
	// Flags may follow the part files of -merge: sgdlab -merge part-* -out x.csv.
	var files []string
	for {
		if err := flags.Parse(args); err != nil {
			return err
		}
		if flags.NArg() == 0 {
			break
		}
		files, args = append(files, flags.Arg(0)), flags.Args()[1:]
	}
	if *params {
		return printParams(stdout)
	}
	if *presets {
		return printPresets(stdout)
	}
	c := &cli{stdout: stdout, stderr: stderr, out: *out, json: *jsonOut, txt: *txt, readout: *readout,
		jobs: *jobs, big: *big, quiet: *quiet, dataDir: *dataDir, summary: *summary}
	flags.Visit(func(f *flag.Flag) { c.jobsSet = c.jobsSet || f.Name == "j" })
	// -j bounds every goroutine of the run: the units' workers and the
	// big steps that share their work among GOMAXPROCS (the kernel matrix).
	runtime.GOMAXPROCS(max(1, *jobs))
	q := *link
	if u, err := url.Parse(q); err == nil && u.Scheme != "" {
		q = u.RawQuery
	}
	switch {
	case *merge:
		return c.merge(q, *grid, files)
	case len(files) > 0:
		return fmt.Errorf("unexpected arguments %q (part files are merged with -merge)", files)
	case *slurmOut:
		return c.slurm(q, *grid, *shards, *minutes, *memMiB)
	case *grid != "":
		return c.grid(q, *grid, *shard)
	case *shard != "":
		return c.shard(q, *shard)
	}
	if *readout != "text" && *readout != "json" && *readout != "none" {
		return errors.New("-readout must be text, json or none")
	}
	exp, canon, err := c.build(q, *big)
	if err != nil {
		return err
	}
	start := time.Now()
	lab.Drive(exp, 1<<20, *jobs)
	if !*quiet {
		fmt.Fprintf(stderr, "link: %s\nran in %v%s\n", canon, time.Since(start).Round(time.Millisecond), peak())
	}
	return c.write(exp, "")
}

func writeTo(path string, stdout io.Writer, write func(io.Writer) error) error {
	switch path {
	case "":
		return nil
	case "-":
		return write(stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func printReadout(w io.Writer, r lab.Readout) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, it := range r.Items {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", it.Label, it.Value, it.Help)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, strings.Join(r.Columns, "\t"))
	for _, row := range r.Rows {
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	return nil
}

func printParams(w io.Writer) error {
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		fmt.Fprintf(w, "Lab `%s` — %s\n\n| parameter | default | range | meaning |\n|---|---|---|---|\n", name, l.Title)
		for _, p := range l.Params.All() {
			fmt.Fprintf(w, "| `%s` | `%s` | %s | %s |\n", p.Name, p.Default, p.Range(), strings.ReplaceAll(p.Help, "|", "\\|"))
		}
		fmt.Fprintln(w)
	}
	return nil
}

func printPresets(w io.Writer) error {
	fmt.Fprintln(w, "| lab | what | link query |\n|---|---|---|")
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		for _, p := range l.Presets {
			fmt.Fprintf(w, "| %s | %s | `%s` |\n", name, strings.ReplaceAll(p.Title, "|", "\\|"), p.Query)
		}
	}
	return nil
}
