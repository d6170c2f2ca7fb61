package sim_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fusionExempt lists the display-only code that TestFusion skips, by
// module-relative path (a directory ends in "/"; code of another module
// inlined into sim/ is named import path/file.go, as the test prints it),
// one reason each: numbers that only place pixels, never a number the user
// reads from the data.
var fusionExempt = map[string]string{
	"sim/axis/scale.go":  "axis scales: data value ↔ pixel position, never a number the user reads from the data",
	"sim/axis/linear.go": "linear axis ticks: where tick marks go (their labels are exact decimals, see format.go)",
	"sim/axis/log.go":    "log axis ticks: where tick marks go",
	"sim/axis/format.go": "tick labels: the decade is found by math.Log10 and then corrected exactly",
}

// exactMath are the functions of package math that are exactly rounded (or
// exact), so they give the same bits on every target; every other function
// of math is banned outside sim/pmath, which implements Exp, Log and Pow.
var exactMath = map[string]bool{
	"Sqrt": true, "Abs": true, "Max": true, "Min": true, "Inf": true, "NaN": true,
	"IsInf": true, "IsNaN": true, "Floor": true, "Ceil": true, "Trunc": true,
	"Round": true, "RoundToEven": true, "Ldexp": true, "Frexp": true,
	"Float64bits": true, "Float64frombits": true, "Float32bits": true,
	"Float32frombits": true, "Nextafter": true, "Copysign": true,
	"Signbit": true, "Mod": true,
}

// The canary package is written to be caught by both checks: TestFusion
// fails if it does not find it, so a scan that silently stops seeing fused
// instructions (a new objdump or compiler output format) cannot pass.
const canaryDir = "sim/internal/fusioncanary/"

var (
	// Fused multiply-adds: FMADDD/FMSUBD/FNMADDD/FNMSUBD (and the float32
	// forms) on arm64, VFMADD*/VFMSUB*/VFNMADD*/VFNMSUB* on amd64.
	arm64Fused = regexp.MustCompile(`^(FN?M(ADD|SUB)[DS]|VFML[AS])$`)
	amd64Fused = regexp.MustCompile(`^VFN?M(ADD|SUB)\w*[SP][DS]$`)
	// A line of `go build -gcflags=-S` output: a function, an instruction.
	asmFunc = regexp.MustCompile(`^(\S+) STEXT`)
	asmInst = regexp.MustCompile(`^\t0x[0-9a-f]+ \d+ \((.+):(\d+)\)\t(\S+)`)
)

// TestFusion enforces the floating-point discipline of sim/doc.go in the
// library packages of sim/ (all but sim/cmd/): the same inputs give the same
// bits on every target, natively and in wasm. It compiles them for arm64
// (which always fuses x*y + z into one FMA instruction) and for amd64 with
// GOAMD64=v3 (which fuses x*y + z) and fails on every fused instruction; and
// it fails on every use of a math function that is not exactly rounded.
func TestFusion(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("needs the go command (it compiles sim/ for arm64 and amd64); the native run of the tests checks this")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no go command: %v", err)
		}
		t.Skipf("no go command to compile sim/ with: %v", err)
	}
	m := loadModule(t, goCmd)

	t.Run("FMA", func(t *testing.T) {
		var (
			wg    sync.WaitGroup
			found [2][]fusedInst
			errs  [2]error
		)
		wg.Add(2)
		go func() { defer wg.Done(); found[0], errs[0] = m.scanARM64(goCmd) }()
		go func() { defer wg.Done(); found[1], errs[1] = m.scanAMD64(goCmd) }()
		wg.Wait()
		if err := errors.Join(errs[:]...); err != nil {
			t.Fatal(err)
		}
		all := append(found[0], found[1]...)
		for _, arch := range []string{"arm64", "amd64/v3"} {
			seen := false
			for _, f := range all {
				seen = seen || f.arch == arch && strings.HasPrefix(f.file, canaryDir)
			}
			if !seen {
				t.Fatalf("no fused instruction found in %s on %s, which has some: the scan of the machine code is broken", canaryDir, arch)
			}
		}
		report, exempt := fusionReport(all)
		t.Logf("%d packages scanned; %d fused instructions in exempt files skipped", len(m.libs), exempt)
		if len(report) > 0 {
			t.Errorf("%d lines of sim/ compute a floating-point product and add it to or subtract it from something in one "+
				"fused multiply-add instruction (one rounding instead of two), so they give other bits on arm64 or amd64 "+
				"(GOAMD64=v3) than in wasm:\n\n%s\n"+
				"Round each such product explicitly: write float64(x*y) + z, s += float64(a*b), z - float64(x*y); "+
				"see sim/doc.go. Run this check alone with make fusion; to look at one package: GOARCH=arm64 go list -export -f '{{.Export}}' ./sim/PKG | "+
				"xargs go tool objdump | grep -E 'FMADDD|FMSUBD|FNMADDD|FNMSUBD'. Only display-only code may be exempted "+
				"instead, in fusionExempt in sim/fusion_test.go, with its reason.",
				len(report), strings.Join(report, "\n"))
		}
	})

	t.Run("math", func(t *testing.T) {
		funcs := mathFuncs(t, goCmd)
		var bad []string
		canary := 0
		for _, file := range m.files {
			if strings.HasPrefix(file, "sim/pmath/") {
				continue
			}
			found := m.checkMath(t, file, funcs)
			if strings.HasPrefix(file, canaryDir) {
				canary += len(found)
			} else if exemptReason(file) == "" {
				bad = append(bad, found...)
			}
		}
		if canary == 0 {
			t.Fatalf("no banned math call found in %s, which has one: the math check is broken", canaryDir)
		}
		if len(bad) > 0 {
			t.Errorf("%d uses of functions of package math that are not exactly rounded, so their last bits may differ "+
				"between targets and wasm:\n\n%s\n\n"+
				"Call sgdlab/sim/pmath instead (Exp, Log, Pow: the same bits everywhere; add the function there if it "+
				"is missing), see sim/doc.go. Exactly rounded functions of math are fine: %s.",
				len(bad), strings.Join(bad, "\n"), strings.Join(sortedKeys(exactMath), ", "))
		}
	})
}

// module is what TestFusion knows of the sources: the library packages of
// sim/, their directories and their non-test Go files.
type module struct {
	root, path string              // the module's directory and path
	libs       []string            // import paths of the library packages
	dirs       map[string]string   // import path → module-relative directory
	files      []string            // module-relative non-test .go files of libs
	byBase     map[string][]string // base name → files
	lines      map[string][]string // file → its lines, read when needed
	// The packages outside sim/ that sim/ depends on, by import path, and
	// their files that inlined code came from: import path/base → file.
	others, abs map[string]string
}

func loadModule(t *testing.T, goCmd string) *module {
	out, err := runGo(goCmd, nil, "list", "-deps", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{with .Module}}{{.Dir}}\t{{.Path}}{{end}}", "sgdlab/sim/...")
	if err != nil {
		t.Fatal(err)
	}
	m := &module{dirs: map[string]string{}, byBase: map[string][]string{}, lines: map[string][]string{},
		others: map[string]string{}, abs: map[string]string{}}
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 2 {
			t.Fatalf("go list: unexpected line %q", line)
		}
		if f[0] != "sgdlab/sim" && !strings.HasPrefix(f[0], "sgdlab/sim/") || strings.HasPrefix(f[0], "sgdlab/sim/cmd/") {
			m.others[f[0]] = f[1]
			continue
		}
		if len(f) != 4 {
			t.Fatalf("go list: unexpected line %q", line)
		}
		m.root, m.path = f[2], f[3]
		m.libs = append(m.libs, f[0])
		m.dirs[f[0]] = m.rel(f[1])
		entries, err := os.ReadDir(f[1])
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
				file := path.Join(m.dirs[f[0]], n)
				m.files = append(m.files, file)
				m.byBase[n] = append(m.byBase[n], file)
			}
		}
	}
	if len(m.libs) < 10 {
		t.Fatalf("only %d library packages in sim/", len(m.libs))
	}
	return m
}

// rel maps a file name the compiler printed (absolute, or module path based
// under -trimpath) to a module-relative slash path; outside the module it
// returns "".
func (m *module) rel(file string) string {
	file = filepath.ToSlash(file)
	if r, ok := strings.CutPrefix(file, m.path+"/"); ok {
		return r
	}
	if r, ok := strings.CutPrefix(file, filepath.ToSlash(m.root)+"/"); ok {
		return r
	}
	return ""
}

// fusedInst is one fused instruction: where its source line is, the target,
// the instruction and the function it sits in (the caller, when inlined).
type fusedInst struct {
	file       string // module-relative; import path/base or ?/base outside sim/
	line       int
	arch, inst string
	fn         string
}

// scanARM64 compiles the library packages for linux/arm64 (one go list
// -export) and disassembles their object files with go tool objdump.
func (m *module) scanARM64(goCmd string) ([]fusedInst, error) {
	env := []string{"GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0"}
	out, err := runGo(goCmd, env, append([]string{"list", "-export", "-f", "{{.ImportPath}}\t{{.Export}}\t{{join .Deps \" \"}}"}, m.libs...)...)
	if err != nil {
		return nil, err
	}
	type pkg struct {
		path, export string
		deps         []string
		dis          []byte
		err          error
	}
	var pkgs []*pkg
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[1] == "" {
			return nil, fmt.Errorf("go list -export (arm64): unexpected line %q", line)
		}
		pkgs = append(pkgs, &pkg{path: f[0], export: f[1], deps: strings.Fields(f[2])})
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, p := range pkgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p.dis, p.err = runGo(goCmd, nil, "tool", "objdump", p.export)
		}()
	}
	wg.Wait()
	var found []fusedInst
	texts := 0
	for _, p := range pkgs {
		if p.err != nil {
			return nil, p.err
		}
		// TEXT sgdlab/sim/vec.Dot(SB) /abs/sim/vec/vec.go
		//   vec.go:17		0x29dd			1f450080		FMADDD F5, F0, F4, F0
		var fn, fnFile string
		sc := bufio.NewScanner(bytes.NewReader(p.dis))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			line := sc.Text()
			if rest, ok := strings.CutPrefix(line, "TEXT "); ok {
				fn, fnFile, _ = strings.Cut(rest, " ")
				fn = strings.TrimSuffix(fn, "(SB)")
				texts++
				continue
			}
			f := strings.Fields(line)
			if len(f) < 4 || !arm64Fused.MatchString(f[3]) {
				continue
			}
			i := strings.LastIndexByte(f[0], ':')
			n, err := strconv.Atoi(f[0][i+1:])
			if i < 0 || err != nil {
				return nil, fmt.Errorf("objdump %s: cannot read the position of %q", p.path, line)
			}
			for _, file := range m.resolve(f[0][:i], n, m.dirs[p.path], fnFile, p.deps) {
				found = append(found, fusedInst{file: file, line: n, arch: "arm64", inst: f[3], fn: fn})
			}
		}
	}
	if texts < len(pkgs) {
		return nil, fmt.Errorf("go tool objdump (arm64): only %d functions in %d packages", texts, len(pkgs))
	}
	return found, nil
}

// scanAMD64 compiles the library packages for linux/amd64 with GOAMD64=v3
// and reads the compiler's assembly listing (go build -gcflags=-S, replayed
// from the build cache): go tool objdump does not decode the VEX-encoded
// VFMADD instructions (it prints them as garbage), and the listing names
// each instruction's full file path, inlined code included.
func (m *module) scanAMD64(goCmd string) ([]fusedInst, error) {
	env := []string{"GOOS=linux", "GOARCH=amd64", "GOAMD64=v3", "CGO_ENABLED=0"}
	out, err := runGo(goCmd, env, append([]string{"build", "-gcflags=-S"}, m.libs...)...)
	if err != nil {
		return nil, err
	}
	var found []fusedInst
	var fn string
	funcs := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if s := asmFunc.FindStringSubmatch(line); s != nil {
			fn = s[1]
			funcs++
			continue
		}
		s := asmInst.FindStringSubmatch(line)
		if s == nil || !amd64Fused.MatchString(s[3]) {
			continue
		}
		n, _ := strconv.Atoi(s[2])
		file := m.rel(s[1])
		if file == "" {
			file = m.outside(s[1])
		}
		found = append(found, fusedInst{file: file, line: n, arch: "amd64/v3", inst: s[3], fn: fn})
	}
	if funcs < len(m.libs) {
		return nil, fmt.Errorf("go build -gcflags=-S (amd64): only %d functions in its %d bytes of output", funcs, len(out))
	}
	return found, nil
}

// resolve maps the base name and line objdump prints to the source file:
// objdump omits the directory, and inlined code names another package's
// file. It tries, in order, the file of the enclosing function, the file of
// that name in the package disassembled, in the sim/ packages it depends on,
// in all of sim/ and in the other packages it depends on (named import
// path/base), keeping at each step only files whose line could hold
// arithmetic; it returns every file of the first step that has one, or
// "?/base".
func (m *module) resolve(base string, line int, pkgDir, fnFile string, deps []string) []string {
	var steps [][]string
	if f := m.rel(fnFile); f != "" && path.Base(f) == base {
		steps = append(steps, []string{f})
	}
	steps = append(steps, []string{path.Join(pkgDir, base)})
	var inDeps []string
	for _, d := range deps {
		if dir, ok := m.dirs[d]; ok {
			inDeps = append(inDeps, path.Join(dir, base))
		}
	}
	steps = append(steps, inDeps, m.byBase[base])
	var outside []string
	for _, d := range deps {
		if dir, ok := m.others[d]; ok {
			if _, err := os.Stat(filepath.Join(dir, base)); err == nil {
				f := d + "/" + base
				m.abs[f] = filepath.Join(dir, base)
				outside = append(outside, f)
			}
		}
	}
	steps = append(steps, outside)
	for _, step := range steps {
		var ok []string
		for _, f := range step {
			if l := m.readLines(f); line >= 1 && line <= len(l) && strings.ContainsAny(l[line-1], "+-*") {
				ok = append(ok, f)
			}
		}
		if len(ok) > 0 {
			return ok
		}
	}
	return []string{"?/" + base}
}

// outside names a file outside the module (a full path the compiler
// printed) import path/base, or ?/base when no dependency of sim/ holds it.
func (m *module) outside(file string) string {
	dir, base := filepath.Split(file)
	for imp, d := range m.others {
		if filepath.Clean(d) == filepath.Clean(dir) {
			return imp + "/" + base
		}
	}
	return "?/" + base
}

func (m *module) readLines(file string) []string {
	if l, ok := m.lines[file]; ok {
		return l
	}
	name := filepath.Join(m.root, filepath.FromSlash(file))
	if a, ok := m.abs[file]; ok {
		name = a
	}
	b, err := os.ReadFile(name)
	if err != nil {
		b = nil // not a file of sim/
	}
	m.lines[file] = strings.Split(string(b), "\n")
	return m.lines[file]
}

// fusionReport groups the instructions by source line, drops the exempt
// ones and the canary, and formats one line per source line, sorted.
func fusionReport(all []fusedInst) (report []string, exempt int) {
	type key struct {
		file string
		line int
	}
	type site struct {
		insts, fns map[string]bool
	}
	sites := map[key]*site{}
	for _, f := range all {
		if strings.HasPrefix(f.file, canaryDir) {
			continue
		}
		if exemptReason(f.file) != "" {
			exempt++
			continue
		}
		k := key{f.file, f.line}
		s := sites[k]
		if s == nil {
			s = &site{map[string]bool{}, map[string]bool{}}
			sites[k] = s
		}
		s.insts[f.arch+" "+f.inst] = true
		s.fns[strings.TrimPrefix(f.fn, "sgdlab/sim/")] = true
	}
	keys := make([]key, 0, len(sites))
	for k := range sites {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].file != keys[j].file {
			return keys[i].file < keys[j].file
		}
		return keys[i].line < keys[j].line
	})
	for _, k := range keys {
		s := sites[k]
		fns := sortedKeys(s.fns)
		if len(fns) > 3 {
			fns = append(fns[:3], fmt.Sprintf("+%d more", len(fns)-3))
		}
		where := fmt.Sprintf("%s:%d", k.file, k.line)
		if !strings.HasPrefix(k.file, "sim/") {
			where += " (code from outside sim/, inlined: call it differently or not at all)"
		}
		report = append(report, fmt.Sprintf("\t%s (%s) %s", where, strings.Join(fns, ", "), strings.Join(sortedKeys(s.insts), ", ")))
	}
	return report, exempt
}

func exemptReason(file string) string {
	for p, reason := range fusionExempt {
		if file == p || strings.HasSuffix(p, "/") && strings.HasPrefix(file, p) {
			return reason
		}
	}
	return ""
}

// mathFuncs returns the names of the exported functions of package math,
// read from its sources in GOROOT: a selector math.X is a function (not a
// constant such as math.MaxFloat64) when X is one of them.
func mathFuncs(t *testing.T, goCmd string) map[string]bool {
	out, err := runGo(goCmd, nil, "env", "GOROOT")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "src", "math")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		if n := e.Name(); !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				funcs[fd.Name.Name] = true
			}
		}
	}
	if !funcs["Exp"] || !funcs["Sqrt"] {
		t.Fatalf("no math.Exp or math.Sqrt in %s", dir)
	}
	return funcs
}

// checkMath returns "file:line: math.X" for each use (a call or a function
// value) of a function of package math that is not exactly rounded.
func (m *module) checkMath(t *testing.T, file string, funcs map[string]bool) []string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(m.root, filepath.FromSlash(file)), nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	name := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "math" {
			name = "math"
			if imp.Name != nil {
				name = imp.Name.Name
			}
			if name == "." {
				return []string{fmt.Sprintf("\t%s:%d: imports math with a dot: call its functions as math.X", file, fset.Position(imp.Pos()).Line)}
			}
		}
	}
	if name == "" {
		return nil
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == name && funcs[sel.Sel.Name] && !exactMath[sel.Sel.Name] {
			p := fset.Position(sel.Pos())
			bad = append(bad, fmt.Sprintf("\t%s:%d: math.%s", file, p.Line, sel.Sel.Name))
		}
		return true
	})
	return bad
}

// runGo runs the go command in the current directory (inside the module)
// with extra environment variables and returns its standard output, or an
// error with the end of its standard error.
func runGo(goCmd string, env []string, args ...string) ([]byte, error) {
	cmd := exec.Command(goCmd, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := stderr.String()
		if len(msg) > 4000 {
			msg = "..." + msg[len(msg)-4000:]
		}
		return nil, fmt.Errorf("%s go %s: %v\n%s", strings.Join(env, " "), strings.Join(args, " "), err, msg)
	}
	if args[0] == "build" {
		return stderr.Bytes(), nil // the compiler writes its -S listing there
	}
	return stdout.Bytes(), nil
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
