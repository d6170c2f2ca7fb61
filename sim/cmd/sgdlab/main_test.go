package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"sgdlab/sim/lab"
)

func TestRunWritesCSVAndReadout(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "run.csv")
	var out, errb bytes.Buffer
	link := "http://127.0.0.1:8080/?v=1&n=30&d=50&m=1,n&len=4&bogus=1"
	if err := run([]string{"-link", link, "-out", csv, "-readout", "json"}, &out, &errb); err != nil {
		t.Fatal(err)
	}
	var ro lab.Readout
	if err := json.Unmarshal(out.Bytes(), &ro); err != nil {
		t.Fatalf("readout JSON: %v\n%s", err, out.String())
	}
	if len(ro.Rows) != 2 || ro.Rows[0][0] != "1" || ro.Rows[1][0] != "30" {
		t.Errorf("rows %v", ro.Rows)
	}
	if !strings.Contains(errb.String(), `bogus="1" ignored`) {
		t.Errorf("notice missing from stderr: %s", errb.String())
	}
	b, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "run,m,rule,eta,t,grads,epoch,perr,mse" || len(lines) < 10 {
		t.Errorf("csv: %d lines, header %q", len(lines), lines[0])
	}
}

func TestParamsTable(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-params"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| `m` | `1,4,16,64,n` |", "| `eta` | `hat` |", "| `v` | `1` |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

func TestBadFlag(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-readout", "xml"}, &out, &out); err == nil {
		t.Error("accepted -readout xml")
	}
}

func TestPresetsTable(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-presets"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| lab | what | link query |", "| critical | Figure 3 on MNIST", "`v=1&lab=batch`"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

// A link that reads a dataset runs from the data built into the CLI, and
// -data reads another tree (here: one without the dataset: a clear error).
func TestDataLink(t *testing.T) {
	var out, errs bytes.Buffer
	q := "v=1&lab=critical&n=50&m=1,5&seeds=1&eps=0.1&sweep=0&topk=3"
	if err := run([]string{"-link", q, "-readout", "json", "-q"}, &out, &errs); err != nil || !strings.Contains(out.String(), `"key":"mstar"`) {
		t.Fatalf("%v\n%s%s", err, out.String(), errs.String())
	}
	err := run([]string{"-link", q, "-data", t.TempDir(), "-q"}, &out, &errs)
	if err == nil || !strings.Contains(err.Error(), "mnist") {
		t.Errorf("-data without the dataset: %v", err)
	}
}

// update rewrites the generated sections of the docs instead of checking
// them: go test ./sim/cmd/sgdlab -run '^TestGeneratedDocs$' -args -update,
// which is what `make docs` runs.
var update = flag.Bool("update", false, "rewrite the generated sections of docs/ (make docs)")

// repoRoot is the repository, seen from this package's directory (go test
// runs a package's tests in its source directory).
const repoRoot = "../../.."

// A generated section of a Markdown page sits between two marker comments
// that name the CLI flags whose output it holds:
//
//	<!-- BEGIN sgdlab -params -->
//	(the output of go run ./sim/cmd/sgdlab -params)
//	<!-- END sgdlab -params -->
//
// "-presets LAB" holds the header and the rows of one lab of -presets.
var markerRE = regexp.MustCompile(`(?s)<!-- BEGIN sgdlab ([^>]*?) -->\n(.*?)<!-- END sgdlab ([^>]*?) -->`)

// generate returns what the CLI prints for a marker's key, the way the
// section holds it: a blank line, the output without trailing blank lines,
// a blank line.
func generate(key string) (string, error) {
	f := strings.Fields(key)
	if len(f) == 0 || len(f) > 2 || (f[0] != "-params" && f[0] != "-presets") || (len(f) == 2 && f[0] != "-presets") {
		return "", fmt.Errorf("unknown generated section %q (want -params, -presets or -presets LAB)", key)
	}
	var out bytes.Buffer
	if err := run(f[:1], &out, &out); err != nil {
		return "", err
	}
	text := out.String()
	if len(f) == 2 {
		if _, ok := lab.Get(f[1]); !ok {
			return "", fmt.Errorf("generated section %q: no lab %s", key, f[1])
		}
		lines := strings.Split(text, "\n")
		keep := lines[:2] // the table's header
		for _, l := range lines[2:] {
			if strings.HasPrefix(l, "| "+f[1]+" | ") {
				keep = append(keep, l)
			}
		}
		text = strings.Join(keep, "\n")
	}
	return "\n" + strings.TrimRight(text, "\n") + "\n\n", nil
}

// regenerate replaces every generated section of a page with the CLI's
// output and reports which sections it found and which of them changed.
func regenerate(page string) (out string, keys, changed []string, err error) {
	out = markerRE.ReplaceAllStringFunc(page, func(m string) string {
		g := markerRE.FindStringSubmatch(m)
		if g[1] != g[3] {
			err = fmt.Errorf("section BEGIN sgdlab %s ends with END sgdlab %s", g[1], g[3])
			return m
		}
		text, e := generate(g[1])
		if e != nil {
			err = e
			return m
		}
		keys = append(keys, g[1])
		if text != g[2] {
			changed = append(changed, g[1])
		}
		return "<!-- BEGIN sgdlab " + g[1] + " -->\n" + text + "<!-- END sgdlab " + g[1] + " -->"
	})
	return out, keys, changed, err
}

// TestGeneratedDocs: the parameter and preset tables of docs/ are exactly
// what the CLI prints now, so they cannot drift from the code.
// docs/link-format.md must hold the -params and -presets sections, and every
// lab's page its presets.
func TestGeneratedDocs(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	labPages, _ := filepath.Glob(filepath.Join(repoRoot, "docs", "labs", "*.md"))
	pages = append(pages, labPages...)
	type section struct{ page, key string }
	want := []section{{"link-format.md", "-params"}, {"link-format.md", "-presets"}}
	for _, name := range lab.Names() {
		want = append(want, section{"labs/" + name + ".md", "-presets " + name})
	}
	found := map[string]bool{}
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, keys, changed, err := regenerate(string(b))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		for _, k := range keys {
			found[p+"\x00"+k] = true
		}
		if got == string(b) {
			continue
		}
		if *update {
			if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("rewrote the generated sections of %s", p)
			continue
		}
		rel, _ := filepath.Rel(repoRoot, p)
		for _, k := range changed {
			t.Errorf("%s: the section <!-- BEGIN sgdlab %s --> differs from what `go run ./sim/cmd/sgdlab %s` prints now (first difference at line %d); regenerate with `make docs`",
				rel, k, strings.Fields(k)[0], firstDiffLine(string(b), got))
		}
	}
	for _, w := range want {
		if !found[filepath.Join(repoRoot, "docs", w.page)+"\x00"+w.key] {
			t.Errorf("docs/%s has no generated section <!-- BEGIN sgdlab %s --> … <!-- END sgdlab %s -->", w.page, w.key, w.key)
		}
	}
}

// firstDiffLine is the 1-based number of the first line where a and b differ.
func firstDiffLine(a, b string) int {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// TestReadmePresets: the README's "Links worth showing in class" is a
// selection of the presets: each of its rows is a row of -presets, so a
// preset changed in the code cannot leave a stale link in the README.
func TestReadmePresets(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run([]string{"-presets"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	for _, l := range strings.Split(out.String(), "\n") {
		rows[l] = true
	}
	_, sec, ok := strings.Cut(string(b), "### Links worth showing in class\n")
	if !ok {
		t.Fatal("README.md has no section ### Links worth showing in class")
	}
	sec, _, _ = strings.Cut(sec, "\n#")
	n := 0
	for _, l := range strings.Split(sec, "\n") {
		if !strings.HasPrefix(l, "| ") || strings.HasPrefix(l, "| lab | what |") {
			continue
		}
		n++
		if !rows[l] {
			t.Errorf("README.md row is not a row of `go run ./sim/cmd/sgdlab -presets` (copy it from there):\n%s", l)
		}
	}
	if n == 0 {
		t.Error("README.md: the links table has no rows")
	}
}
