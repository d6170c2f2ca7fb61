package all_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
)

// Every package under sim/lab that registers a lab is imported by all.go,
// all.go imports nothing else, and each registers exactly one lab; the
// default lab is among them. A new lab fails here until its line is added.
func TestRegistersEveryLab(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range dirs {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "lab.Register(") {
			want = append(want, "sgdlab/sim/lab/"+filepath.Base(filepath.Dir(f)))
		}
	}
	slices.Sort(want)
	want = slices.Compact(want)
	af, err := parser.ParseFile(token.NewFileSet(), "all.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, im := range af.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		got = append(got, p)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("all.go imports %v; the packages that register a lab are %v", got, want)
	}
	if n := len(lab.Names()); n != len(want) {
		t.Errorf("%d labs registered by %d packages", n, len(want))
	}
	if _, ok := lab.Get(lab.Default); !ok {
		t.Errorf("default lab %q is not registered", lab.Default)
	}
}
