package sim_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// This file holds how TestFusion (fusion_test.go) finds fused instructions:
// it loads the module's library packages, disassembles them for arm64 and
// for amd64 at GOAMD64=v3, and maps each instruction back to its source line
// through inlining.

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
