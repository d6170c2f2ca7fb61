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
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
	"sgdlab/web"
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
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *params {
		return printParams(stdout)
	}
	if *presets {
		return printPresets(stdout)
	}
	q := *link
	if u, err := url.Parse(q); err == nil && u.Scheme != "" {
		q = u.RawQuery
	}
	l, vals, notes := lab.Parse(q, *big)
	if !*quiet {
		for _, n := range notes {
			fmt.Fprintln(stderr, "notice:", n)
		}
	}
	start := time.Now()
	var root fs.FS = web.FS()
	if *dataDir != "" {
		root = os.DirFS(*dataDir)
	}
	st := data.NewStore()
	if err := st.LoadFS(root, l.DataNeeds(vals)); err != nil {
		return err
	}
	exp, err := l.Build(vals, st)
	if err != nil {
		return err
	}
	// -j bounds every goroutine of the run: the units' workers and the
	// big steps that share their work among GOMAXPROCS (the kernel matrix).
	runtime.GOMAXPROCS(max(1, *jobs))
	lab.Drive(exp, 1<<20, *jobs)
	if !*quiet {
		fmt.Fprintf(stderr, "link: %s\nran in %v\n", vals.Encode(), time.Since(start).Round(time.Millisecond))
	}
	if err := writeTo(*out, stdout, exp.WriteCSV); err != nil {
		return err
	}
	if err := writeTo(*jsonOut, stdout, exp.WriteJSON); err != nil {
		return err
	}
	switch *readout {
	case "text":
		return printReadout(stdout, exp.Readout())
	case "json":
		enc := json.NewEncoder(stdout)
		return enc.Encode(exp.Readout())
	case "none":
		return nil
	}
	return errors.New("-readout must be text, json or none")
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
