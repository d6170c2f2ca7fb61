//go:build !js

// Command ratio runs a package's Go benchmarks natively, as WebAssembly under
// node, and as WebAssembly in headless Chromium, and prints a Markdown table
// of ns/op with the wasm/native ratio of each benchmark.
//
//	go run ./sim/cmd/benchratio                       # ./sim/sgd, BenchmarkStep
//	go run ./sim/cmd/benchratio -pkg ./sim/vec -bench Dot -count 5
//	go run ./sim/cmd/benchratio -browser off          # native and node only
//
// Each target runs `-count` times and the table shows the median. Under node
// the benchmarks run through $(go env GOROOT)/lib/wasm/go_js_wasm_exec; in
// the browser the same test binary (go test -c) runs in a Web Worker, so the
// page's event loop stays free, with wasm_exec.js from GOROOT. The raw
// outputs are written to -raw DIR when given. The table is meant for the
// README: it names the CPU and the versions it ran with.
//
// It is native only: chromedp does not build for js/wasm.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

func main() {
	var (
		pkg       = flag.String("pkg", "./sim/sgd", "the package whose benchmarks run")
		bench     = flag.String("bench", "^BenchmarkStep$", "the -bench regexp")
		benchtime = flag.String("benchtime", "1s", "the -benchtime of each run")
		count     = flag.Int("count", 3, "runs per target; the table shows the median")
		browser   = flag.String("browser", "auto", "headless Chromium: auto (if found), off, or the browser's path")
		raw       = flag.String("raw", "", "write the raw benchmark outputs to this directory")
		timeout   = flag.String("timeout", "15m", "the -timeout of each go test")
	)
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./sim/cmd/benchratio [flags]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(*pkg, *bench, *benchtime, *count, *browser, *raw, *timeout, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ratio:", err)
		os.Exit(1)
	}
}

func run(pkg, bench, benchtime string, count int, browser, raw, timeout string, out io.Writer) error {
	goroot, err := goEnv("GOROOT")
	if err != nil {
		return err
	}
	args := []string{"-run", "^$", "-bench", bench, "-benchtime", benchtime,
		"-count", strconv.Itoa(count), "-timeout", timeout}

	type target struct {
		name string
		out  []byte
	}
	var targets []target

	logf("native: go test %s %s", strings.Join(args, " "), pkg)
	native, err := goTest(nil, append(args, pkg))
	if err != nil {
		return fmt.Errorf("native: %v", err)
	}
	targets = append(targets, target{"native", native})

	wasmExec := filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec")
	logf("node: GOOS=js GOARCH=wasm go test -exec=%s ...", wasmExec)
	node, err := goTest([]string{"GOOS=js", "GOARCH=wasm"}, append(append([]string{"-exec=" + wasmExec}, args...), pkg))
	if err != nil {
		return fmt.Errorf("wasm under node: %v", err)
	}
	targets = append(targets, target{"node", node})

	chromium := ""
	switch browser {
	case "off":
	case "auto":
		chromium = findChromium()
		if chromium == "" {
			logf("browser: no Chromium found; skipping the browser column (-browser off to silence)")
		}
	default:
		chromium = browser
	}
	if chromium != "" {
		logf("browser: %s", chromium)
		b, err := runInBrowser(chromium, goroot, pkg, args)
		if err != nil {
			return fmt.Errorf("wasm in Chromium: %v", err)
		}
		targets = append(targets, target{"chromium", b})
	}

	if raw != "" {
		if err := os.MkdirAll(raw, 0o755); err != nil {
			return err
		}
		for _, t := range targets {
			if err := os.WriteFile(filepath.Join(raw, t.name+".txt"), t.out, 0o644); err != nil {
				return err
			}
		}
	}

	sets := make([]results, len(targets))
	names := make([]string, len(targets))
	for i, t := range targets {
		sets[i] = parse(t.out)
		names[i] = t.name
		if len(sets[i].order) == 0 {
			return fmt.Errorf("%s: no benchmark results in the output:\n%s", t.name, t.out)
		}
	}
	env := versions(native, chromium)
	fmt.Fprintf(out, "`go run ./sim/cmd/benchratio -pkg %s -bench '%s' -benchtime %s -count %d` — %s\n\n",
		pkg, bench, benchtime, count, env)
	writeTable(out, names, sets)
	return nil
}

func logf(format string, a ...any) { fmt.Fprintf(os.Stderr, "ratio: "+format+"\n", a...) }

func goEnv(key string) (string, error) {
	b, err := exec.Command("go", "env", key).Output()
	return strings.TrimSpace(string(b)), err
}

// goTest runs `go test args` with extra environment variables, streaming its
// standard error, and returns its standard output.
func goTest(env, args []string) ([]byte, error) {
	cmd := exec.Command("go", append([]string{"test"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return stdout.Bytes(), fmt.Errorf("%v\n%s", err, stdout.Bytes())
	}
	return stdout.Bytes(), nil
}

// results are the parsed benchmark lines of one target: for each benchmark
// (GOMAXPROCS suffix removed) and unit, the values of every run.
type results struct {
	order  []string
	values map[string]map[string][]float64
	cpu    string
}

// benchLine is a result line: name, iterations, then value-unit pairs.
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+(.+)$`)

func parse(out []byte) results {
	r := results{values: map[string]map[string][]float64{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if cpu, ok := strings.CutPrefix(line, "cpu: "); ok {
			r.cpu = strings.TrimSpace(cpu)
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		name := strings.TrimPrefix(m[1], "Benchmark")
		f := strings.Fields(m[2])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if r.values[name] == nil {
				r.values[name] = map[string][]float64{}
				r.order = append(r.order, name)
			}
			r.values[name][f[i+1]] = append(r.values[name][f[i+1]], v)
		}
	}
	return r
}

// median of vs, or NaN when there are none.
func median(vs []float64) float64 {
	if len(vs) == 0 {
		return nan
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

var nan = func() float64 { z := 0.0; return z / z }()

// writeTable prints ns/op per target (the first is the baseline) and each
// other target's ratio to it.
func writeTable(w io.Writer, names []string, sets []results) {
	head := []string{"benchmark"}
	for i, n := range names {
		head = append(head, n+" ns/op")
		if i > 0 {
			head = append(head, n+"/"+names[0])
		}
	}
	fmt.Fprintf(w, "| %s |\n|:---|%s\n", strings.Join(head, " | "), strings.Repeat("---:|", len(head)-1))
	for _, b := range sets[0].order {
		base := median(sets[0].values[b]["ns/op"])
		row := []string{b}
		for i, s := range sets {
			v := median(s.values[b]["ns/op"])
			row = append(row, fmtNs(v))
			if i > 0 {
				row = append(row, fmtRatio(v/base))
			}
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(row, " | "))
	}
}

func fmtNs(v float64) string {
	switch {
	case v != v:
		return "—"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	default:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
}

func fmtRatio(r float64) string {
	if r != r {
		return "—"
	}
	return strconv.FormatFloat(r, 'f', 2, 64) + "×"
}

// versions names the machine and the engines, for the README.
func versions(native []byte, chromium string) string {
	var parts []string
	if cpu := parse(native).cpu; cpu != "" {
		parts = append(parts, cpu)
	}
	if v, err := goEnv("GOVERSION"); err == nil {
		parts = append(parts, v)
	}
	if b, err := exec.Command("node", "--version").Output(); err == nil {
		parts = append(parts, "node "+strings.TrimSpace(string(b)))
	}
	if chromium != "" {
		if b, err := exec.Command(chromium, "--version").Output(); err == nil {
			parts = append(parts, strings.TrimSpace(string(b)))
		}
	}
	return strings.Join(parts, ", ")
}
