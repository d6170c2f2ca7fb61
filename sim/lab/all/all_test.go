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
	"sgdlab/sim/rng"
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

// The stream families of package rng are sized at the labs' limits (rng
// cannot import the labs): every link parameter that counts a family's
// members stays within the family's Count or Width, so TestStreamsDisjoint
// covers every link.
func TestStreamFamiliesCoverTheLimits(t *testing.T) {
	family := map[string]rng.Family{}
	for _, f := range rng.Families {
		family[f.Name] = f
	}
	for _, c := range []struct {
		lab, param, family string
		size               func(rng.Family) uint64
	}{
		{"critical", "seeds", "critical runs", func(f rng.Family) uint64 { return f.Count }},
		{"variance", "runs", "variance runs", func(f rng.Family) uint64 { return f.Width }},
		{"armijo", "seeds", "armijo runs", func(f rng.Family) uint64 { return f.Width }},
		{"armijo", "seeds", "armijo w0", func(f rng.Family) uint64 { return f.Width }},
	} {
		l, ok := lab.Get(c.lab)
		if !ok {
			t.Fatalf("no lab %s", c.lab)
		}
		p, ok := l.Params.Param(c.param)
		f, fok := family[c.family]
		if !ok || !fok {
			t.Fatalf("%s: no parameter %s or family %q", c.lab, c.param, c.family)
		}
		if uint64(p.Max) > c.size(f) {
			t.Errorf("%s: %s may be up to %g, but rng's family %q holds %d", c.lab, c.param, p.Max, c.family, c.size(f))
		}
	}
}
