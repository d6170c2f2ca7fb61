package sim_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// This file holds TestFusion's check of the calls to package math (only the
// exactly rounded functions are allowed outside sim/pmath) and its helpers
// that run the go command.

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
