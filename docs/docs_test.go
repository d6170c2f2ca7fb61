// Package docs holds no code: its test keeps README.md and the pages of
// docs/ honest. Every relative link points to a file of the repository (and
// a heading, for a #fragment), every repository path in backquotes exists,
// every command named in backquotes exists (a make target, a go run package
// and its flags, a go test package and its benchmarks), and the tables of
// docs/benchmarks.md each name the command that printed them and still have
// the rows that command prints. The generated tables (-params, -presets) are
// checked by the tests of sim/cmd/sgdlab.
package docs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// root is the repository, seen from this package's directory.
const root = ".."

// pages lists README.md and every Markdown page under docs/, relative to root.
func pages(t *testing.T) []string {
	ps := []string{"README.md"}
	err := filepath.WalkDir(filepath.Join(root, "docs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			ps = append(ps, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func read(t *testing.T, rel string) string {
	b, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// prose returns a page's lines with fenced code blocks blanked (kept as
// empty lines so line numbers stay right).
func prose(page string) []string {
	lines := strings.Split(page, "\n")
	in := false
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			in = !in
			lines[i] = ""
			continue
		}
		if in {
			lines[i] = ""
		}
	}
	return lines
}

// fenced returns the lines of a page's fenced code blocks.
func fenced(page string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(page, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			in = !in
			continue
		}
		if in {
			out = append(out, l)
		}
	}
	return out
}

var (
	linkRE    = regexp.MustCompile(`\]\(([^)\s]+)\)|<img[^>]*\ssrc="([^"]+)"`)
	codeRE    = regexp.MustCompile("`([^`]+)`")
	headingRE = regexp.MustCompile(`^#{1,6}\s+(.*)$`)
)

// slug is GitHub's anchor of a heading: lower case, letters, digits, '-'
// and '_' kept, spaces to '-', everything else dropped.
func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func anchors(page string) map[string]bool {
	a := map[string]bool{}
	for _, l := range prose(page) {
		if m := headingRE.FindStringSubmatch(l); m != nil {
			a[slug(m[1])] = true
		}
	}
	return a
}

// TestRelativeLinks: every relative link of README.md and docs/**/*.md
// resolves to a file inside the repository, and a #fragment to a heading of
// its page. docs/theory.md is written on another branch: a link to it is
// skipped only while the file does not exist here, and checked once it does.
func TestRelativeLinks(t *testing.T) {
	absRoot, _ := filepath.Abs(root)
	for _, p := range pages(t) {
		page := read(t, p)
		for i, l := range prose(page) {
			for _, m := range linkRE.FindAllStringSubmatch(l, -1) {
				target := m[1] + m[2]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				file, frag, _ := strings.Cut(target, "#")
				resolved := p
				if file != "" {
					resolved = filepath.Join(filepath.Dir(p), file)
				}
				abs, _ := filepath.Abs(filepath.Join(root, resolved))
				if !strings.HasPrefix(abs, absRoot+string(filepath.Separator)) {
					t.Errorf("%s:%d: link %q leaves the repository", p, i+1, target)
					continue
				}
				if _, err := os.Stat(abs); err != nil {
					if filepath.ToSlash(resolved) == "docs/theory.md" {
						continue // not on this branch yet; checked once it exists
					}
					t.Errorf("%s:%d: link %q: %s does not exist", p, i+1, target, resolved)
					continue
				}
				if frag != "" && strings.HasSuffix(resolved, ".md") && !anchors(read(t, resolved))[frag] {
					t.Errorf("%s:%d: link %q: %s has no heading #%s", p, i+1, target, resolved, frag)
				}
			}
		}
	}
}

// TestNoSharedPaths: the README and the docs name nothing outside the
// repository (the sibling checkout "shared" next to it).
func TestNoSharedPaths(t *testing.T) {
	for _, p := range pages(t) {
		if outside := ".." + "/shared"; strings.Contains(read(t, p), outside) {
			t.Errorf("%s mentions %s, a path outside the repository", p, outside)
		}
	}
}

var (
	repoPathRE = regexp.MustCompile(`^(sim|wasm|web|server|e2e|docs|\.ci)/[\w./-]*$`)
	goIdentRE  = regexp.MustCompile(`\.[A-Z]`) // sim/model.MLP: a Go name, not a file
	// madeByTests are paths the tests write (ignored by git).
	madeByTests = map[string]bool{"e2e/artifacts/": true}
)

// TestRepoPaths: a repository path in backquotes (sim/…, wasm/…, web/…)
// names a file or directory that exists.
func TestRepoPaths(t *testing.T) {
	for _, p := range pages(t) {
		for i, l := range prose(read(t, p)) {
			for _, m := range codeRE.FindAllStringSubmatch(l, -1) {
				c := m[1]
				if !repoPathRE.MatchString(c) || strings.ContainsAny(c, "*<") || goIdentRE.MatchString(c) || madeByTests[c] || c == "docs/theory.md" {
					continue
				}
				if _, err := os.Stat(filepath.Join(root, c)); err != nil {
					t.Errorf("%s:%d: `%s` does not exist", p, i+1, c)
				}
			}
		}
	}
}

// fields splits a shell command into words, honouring single quotes.
func fields(cmd string) []string {
	var out []string
	var cur strings.Builder
	in, any := false, false
	for _, r := range cmd {
		switch {
		case r == '\'':
			in, any = !in, true
		case r == ' ' && !in:
			if any {
				out = append(out, cur.String())
			}
			cur.Reset()
			any = false
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}

// command is a command named in a page that the test can check.
type command struct {
	text string
	kind string   // "make", "run" or "test"
	pkg  string   // go run / go test: the package directory, ./…
	args []string // the words after the package (run) or all words (test)
}

var envRE = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=\S*$`)

// parseCommand recognises `make T`, `[VAR=x ...] go run ./P args` and
// `[VAR=x ...] go test ... ./P ...`; ok is false for anything else.
func parseCommand(s string) (command, bool) {
	w := fields(strings.TrimSpace(s))
	for len(w) > 0 && envRE.MatchString(w[0]) {
		w = w[1:]
	}
	switch {
	case len(w) >= 2 && w[0] == "make":
		return command{text: s, kind: "make", args: w[1:]}, true
	case len(w) >= 3 && w[0] == "go" && w[1] == "run" && strings.HasPrefix(w[2], "./"):
		return command{text: s, kind: "run", pkg: w[2], args: w[3:]}, true
	case len(w) >= 3 && w[0] == "go" && w[1] == "test":
		c := command{text: s, kind: "test", args: w[2:]}
		for _, a := range w[2:] {
			if strings.HasPrefix(a, "./") {
				c.pkg = a
			}
		}
		return c, c.pkg != ""
	}
	return command{}, false
}

// flagOf returns the value of -name in args ("" if absent).
func flagOf(args []string, name string) string {
	for i, a := range args {
		if a == "-"+name && i+1 < len(args) {
			return args[i+1]
		}
		if v, ok := strings.CutPrefix(a, "-"+name+"="); ok {
			return v
		}
	}
	return ""
}

// goFiles returns the text of a package's .go files (tests or not).
func goFiles(t *testing.T, pkg string, tests bool) string {
	ms, _ := filepath.Glob(filepath.Join(root, pkg, "*.go"))
	var b strings.Builder
	for _, m := range ms {
		if strings.HasSuffix(m, "_test.go") != tests {
			continue
		}
		src, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(src)
	}
	return b.String()
}

var benchFuncRE = regexp.MustCompile(`(?m)^func (Benchmark\w+)\(`)

// benchmarks lists the benchmark functions of a package.
func benchmarks(t *testing.T, pkg string) []string {
	var bs []string
	for _, m := range benchFuncRE.FindAllStringSubmatch(goFiles(t, pkg, true), -1) {
		bs = append(bs, m[1])
	}
	return bs
}

// matchBench returns the benchmarks of pkg whose names match the top level
// (before the first '/') of a -bench regexp.
func matchBench(t *testing.T, pkg, re string) ([]string, error) {
	top, _, _ := strings.Cut(re, "/")
	rx, err := regexp.Compile(top)
	if err != nil {
		return nil, err
	}
	var got []string
	for _, b := range benchmarks(t, pkg) {
		if rx.MatchString(b) {
			got = append(got, b)
		}
	}
	return got, nil
}

// check reports what is wrong with a command named in a page.
func check(t *testing.T, c command, makefile string) []string {
	var bad []string
	isPkg := func(p string) bool {
		ms, _ := filepath.Glob(filepath.Join(root, p, "*.go"))
		return len(ms) > 0
	}
	switch c.kind {
	case "make":
		for _, target := range c.args {
			if strings.Contains(target, "=") {
				continue // a variable, e.g. make run ADDR=…
			}
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(target) + `:`).MatchString(makefile) {
				bad = append(bad, "the Makefile has no target "+target)
			}
		}
	case "run":
		if !isPkg(c.pkg) {
			return []string{"no package " + c.pkg}
		}
		src := goFiles(t, c.pkg, false)
		for _, a := range c.args {
			if !strings.HasPrefix(a, "-") || len(a) < 2 {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if name == "h" || name == "help" {
				continue // the flag package's own
			}
			re := regexp.MustCompile(`\.(String|Int|Int64|Uint64|Bool|Float64|Duration)\(\s*"` + regexp.QuoteMeta(name) + `"`)
			if !re.MatchString(src) {
				bad = append(bad, c.pkg+" defines no flag -"+name)
			}
		}
		if strings.HasSuffix(c.pkg, "/benchratio") {
			pkg, re := flagOf(c.args, "pkg"), flagOf(c.args, "bench")
			if !isPkg(pkg) {
				bad = append(bad, "benchratio -pkg: no package "+pkg)
			} else if got, err := matchBench(t, pkg, re); err != nil || len(got) == 0 {
				bad = append(bad, "no benchmark of "+pkg+" matches -bench "+re)
			}
		}
	case "test":
		for _, a := range c.args {
			if strings.HasPrefix(a, "./") && !strings.HasSuffix(a, "/...") && !isPkg(a) {
				bad = append(bad, "no package "+a)
			}
		}
		if re := flagOf(c.args, "bench"); re != "" && isPkg(c.pkg) {
			if got, err := matchBench(t, c.pkg, re); err != nil || len(got) == 0 {
				bad = append(bad, "no benchmark of "+c.pkg+" matches -bench "+re)
			}
		}
	}
	return bad
}

// TestCommands: every command named in backquotes or in a code block of
// README.md and docs/ exists: make targets in the Makefile, go run packages
// and the flags passed to them, go test packages and the benchmarks their
// -bench selects.
func TestCommands(t *testing.T) {
	makefile := read(t, "Makefile")
	n := 0
	for _, p := range pages(t) {
		page := read(t, p)
		var cands []string
		for _, l := range prose(page) {
			for _, m := range codeRE.FindAllStringSubmatch(l, -1) {
				cands = append(cands, m[1])
			}
		}
		for _, l := range fenced(page) {
			l, _, _ = strings.Cut(l, "  #") // a comment after the command
			cands = append(cands, l)
		}
		for _, s := range cands {
			c, ok := parseCommand(s)
			if !ok {
				continue
			}
			n++
			for _, b := range check(t, c, makefile) {
				t.Errorf("%s: `%s`: %s", p, s, b)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d commands found in the pages; the parser has missed them", n)
	}
}

var testNameRE = regexp.MustCompile(`^(Test|Benchmark|Fuzz)[A-Z0-9]\w*$`)

// TestNamedTests: a test or benchmark named in backquotes (TestFusion,
// BenchmarkMatrix) is a function of some _test.go file of the repository.
func TestNamedTests(t *testing.T) {
	defined := map[string]bool{}
	fn := regexp.MustCompile(`(?m)^func ((Test|Benchmark|Fuzz)\w+)\(`)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, "_test.go") {
			b, _ := os.ReadFile(p)
			for _, m := range fn.FindAllStringSubmatch(string(b), -1) {
				defined[m[1]] = true
			}
		}
		return err
	})
	for _, p := range pages(t) {
		for i, l := range prose(read(t, p)) {
			for _, m := range codeRE.FindAllStringSubmatch(l, -1) {
				if testNameRE.MatchString(m[1]) && !defined[m[1]] {
					t.Errorf("%s:%d: `%s` is not a test, benchmark or fuzz target of the repository", p, i+1, m[1])
				}
			}
		}
	}
}

// table is a Markdown table of a page and the text above it (since the
// previous table).
type table struct {
	line  int // 1-based line of its header
	rows  []string
	above string
}

func tables(page string) []table {
	var ts []table
	var above []string
	lines := prose(page)
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			above = append(above, lines[i])
			continue
		}
		tb := table{line: i + 1, above: strings.Join(above, "\n")}
		for ; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			tb.rows = append(tb.rows, lines[i])
		}
		ts = append(ts, tb)
		above = nil
		i--
	}
	return ts
}

// cells splits a table row into its trimmed cells.
func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimSuffix(strings.TrimPrefix(row, "|"), "|")
	cs := strings.Split(row, "|")
	for i := range cs {
		cs[i] = strings.TrimSpace(cs[i])
	}
	return cs
}

// literals returns the string literals of a package's non-test files.
func literals(t *testing.T, pkg string) []string {
	fset := token.NewFileSet()
	ms, _ := filepath.Glob(filepath.Join(root, pkg, "*.go"))
	var out []string
	for _, m := range ms {
		if strings.HasSuffix(m, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, m, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}

var verbRE = regexp.MustCompile(`%[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)

// formatRE turns a printf format into a regexp of what it prints.
func formatRE(f string) *regexp.Regexp {
	var b strings.Builder
	last := 0
	for _, m := range verbRE.FindAllStringIndex(f, -1) {
		b.WriteString(regexp.QuoteMeta(f[last:m[0]]))
		switch v := f[m[0]:m[1]]; v[len(v)-1] {
		case 'd':
			b.WriteString(`-?\d+`)
		case 'f', 'g', 'e':
			b.WriteString(`(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|NaN|[-+]?Inf)`)
		case '%':
			b.WriteString(`%`)
		default:
			b.WriteString(`.+?`)
		}
		last = m[1]
	}
	b.WriteString(regexp.QuoteMeta(f[last:]))
	return regexp.MustCompile(`^(?:` + b.String() + `)$`)
}

var numRE = regexp.MustCompile(`^[-+]?\d[\d.,]*$`)

// TestBenchmarkTables: every table of docs/benchmarks.md names, in the text
// above it, the command that printed it (TestCommands checks that the
// command exists). A table above which exactly one go run command is named
// is that command's output, and its rows are checked against the program:
//   - benchratio: each row's benchmark (before the first '/') is a
//     benchmark of -pkg that -bench selects;
//   - benchpeers: each row has the shape of a row format the program prints,
//     and a free first cell (a %s) is a number or a label the program holds.
//
// Tables that summarise several commands (the targets) are only checked for
// their commands.
func TestBenchmarkTables(t *testing.T) {
	const p = "docs/benchmarks.md"
	page := read(t, p)
	type format struct {
		re   *regexp.Regexp
		free bool // the first cell is a %s: a label passed in
	}
	var formats []format
	labels := map[string]bool{} // string literals without verbs: row labels
	for _, lit := range literals(t, "sim/cmd/benchpeers") {
		for _, l := range strings.Split(lit, "\n") {
			if strings.Contains(l, " |") && (strings.HasPrefix(l, "| ") || strings.HasPrefix(l, "%s ")) {
				l = strings.TrimSpace(l)
				formats = append(formats, format{formatRE(l), strings.HasPrefix(l, "%s") || strings.HasPrefix(l, "| %s |")})
			} else if l != "" && !strings.ContainsAny(l, "|%") {
				labels[l] = true
			}
		}
	}
	isLabel := func(s string) bool {
		return numRE.MatchString(s) || labels[s]
	}
	ts := tables(page)
	if len(ts) < 15 {
		t.Fatalf("%s: %d tables found, want the ~20 the page has", p, len(ts))
	}
	for _, tb := range ts {
		var runs []command
		named := false
		for _, m := range codeRE.FindAllStringSubmatch(tb.above, -1) {
			if c, ok := parseCommand(m[1]); ok {
				named = true
				if c.kind == "run" {
					runs = append(runs, c)
				}
			}
		}
		if !named {
			t.Errorf("%s:%d: no command named above this table (name the make target, go run or go test -bench command that prints it)", p, tb.line)
			continue
		}
		if len(runs) != 1 || len(tb.rows) < 3 {
			continue
		}
		c := runs[0]
		for k, row := range tb.rows[2:] {
			line := tb.line + 2 + k
			switch {
			case strings.HasSuffix(c.pkg, "/benchratio"):
				name, _, _ := strings.Cut(cells(row)[0], "/")
				pkg, re := flagOf(c.args, "pkg"), flagOf(c.args, "bench")
				got, _ := matchBench(t, pkg, re)
				if !slices.Contains(got, "Benchmark"+name) {
					t.Errorf("%s:%d: row %q: Benchmark%s is not a benchmark of %s selected by -bench %s", p, line, cells(row)[0], name, pkg, re)
				}
			case strings.HasSuffix(c.pkg, "/benchpeers"):
				ok := false
				for _, f := range formats {
					if !f.re.MatchString(strings.TrimSpace(row)) {
						continue
					}
					// A format whose first cell is free (%s) prints a label
					// passed in: it must be one the program holds.
					if !f.free || isLabel(cells(row)[0]) {
						ok = true
						break
					}
				}
				if !ok {
					t.Errorf("%s:%d: row is not one `%s` prints (no row format of sim/cmd/benchpeers matches it with this label):\n%s", p, line, c.text, row)
				}
			}
		}
	}
}
