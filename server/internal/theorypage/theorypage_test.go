package theorypage

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
)

// root is the repository's root directory (where go.mod is).
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = up
	}
}

// theoryMD is the committed docs/theory.md.
func theoryMD(t *testing.T) []byte {
	t.Helper()
	md, err := os.ReadFile(filepath.Join(root(t), "docs", "theory.md"))
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// The numbering every citation relies on: these sections must exist, in
// this order, and render with these anchors.
var stable = []string{"1", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3", "4", "5", "6"}

func TestRenderedAnchors(t *testing.T) {
	md := theoryMD(t)
	page, err := Render(md, Options{Contents: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := IDs(page)
	var nums []string
	for _, s := range Sections(md) {
		nums = append(nums, s.Num)
	}
	if len(nums) < len(stable) || !slices.Equal(nums[:len(stable)], stable) {
		t.Errorf("sections %v; the first must be %v (citations use them; add new ones at the end)", nums, stable)
	}
	for _, n := range nums {
		if c := slices.Index(ids, ID(n)); c < 0 {
			t.Errorf("§%s: no id=%q in the page", n, ID(n))
		}
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("id %q twice", id)
		}
		seen[id] = true
	}
	// What the page needs around the text.
	for _, want := range []string{`<html lang="en">`, `name="viewport"`, `href="./"`, `href="theory.css"`,
		`<a href="#s2-4">2.4 `, `<main id="doc">`, `<table>`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
	// No script, no inline style (the server's CSP would block them), nothing
	// fetched from another origin.
	for _, bad := range []string{"<script", "style=", "<style", "http://", "https://cdn", "//cdn"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("page holds %q", bad)
		}
	}
}

func TestRender(t *testing.T) {
	md := []byte("# Title\n\nIntro `a·b`.\n\n## 1. One\n\ntext <script>alert(1)</script>\n\n### 1.2 Sub `x`\n\n## Extra\n\n## Extra\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	page, err := Render(md, Options{Contents: true, Back: "../", Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	got := IDs(page)
	want := []string{"doc", "h-title", "toch", "s1", "s1-2", "h-extra", "h-extra-2"}
	if !slices.Equal(got, want) {
		t.Errorf("ids %v, want %v", got, want)
	}
	for _, w := range []string{`<html lang="fr">`, `<title>Title</title>`, `href="../"`, `<a href="#s1">1 One</a>`, `<a href="#s1-2">1.2 Sub x</a>`, "<td>2</td>"} {
		if !bytes.Contains(page, []byte(w)) {
			t.Errorf("page lacks %q:\n%s", w, page)
		}
	}
	if bytes.Contains(page, []byte("<script>")) {
		t.Error("raw HTML passed through")
	}
}

func TestCited(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"THEORY §2.4", []string{"2.4"}},
		{"(THEORY §2.1-2.5.)", []string{"2.1", "2.5"}},
		{"THEORY §1-2", []string{"1", "2"}},
		{"§2.1–2.5 en dash", []string{"2.1", "2.5"}},
		{"THEORY §4, §5: both", []string{"4", "5"}},
		{"THEORY §2.2/§2.6", []string{"2.2", "2.6"}},
		{"§2.2's bound", []string{"2.2"}},
		{"m* (§2.5, eq. 15)", []string{"2.5"}},
		{"Mitra §III; THEORY §3", []string{"3"}},
		{"Mitra §II-A", nil},
		{"THEORY §" + "9.9", []string{"9.9"}}, // split, so TestCitations does not read it
		{"no section", nil},
	} {
		if got := Cited(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Cited(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// sources lists the repository's tracked .go, .js, .html and .md files
// (git ls-files; without git, a walk that skips build outputs, data and
// hidden directories), relative to the root.
func sources(t *testing.T, dir string) []string {
	t.Helper()
	keep := func(p string) bool {
		switch filepath.Ext(p) {
		case ".go", ".js", ".html", ".md":
		default:
			return false
		}
		return p != "docs/theory.md" && !strings.Contains("/"+p, "/testdata/")
	}
	var files []string
	if out, err := exec.Command("git", "-C", dir, "ls-files", "-z").Output(); err == nil {
		for p := range strings.SplitSeq(string(out), "\x00") {
			if p != "" && keep(p) {
				files = append(files, p)
			}
		}
		return files
	}
	t.Log("git ls-files failed; walking the tree")
	skip := map[string]bool{"bin": true, "web/static/dist": true, "web/static/data": true, "e2e/artifacts": true}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || skip[rel]) {
				return fs.SkipDir
			}
			return nil
		}
		if keep(rel) {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// Every "THEORY §x.y" or "§x.y" in the code, the page and the Markdown
// names a section of docs/theory.md, and every lab's Theory section exists.
func TestCitations(t *testing.T) {
	dir := root(t)
	secs := Sections(theoryMD(t))
	files := sources(t, dir)
	if len(files) < 50 {
		t.Fatalf("only %d source files found under %s", len(files), dir)
	}
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, num := range Cited(line) {
				n++
				if !Has(secs, num) {
					t.Errorf("%s:%d: cites §%s, which docs/theory.md does not have: %s", f, i+1, num, strings.TrimSpace(line))
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d citations found: is the scan reading the sources?", n)
	}
	t.Logf("%d citations checked in %d files", n, len(files))
	for _, name := range lab.Names() {
		l, _ := lab.Get(name)
		if l.Theory == "" || !Has(secs, l.Theory) {
			t.Errorf("lab %s: Theory %q is not a section of docs/theory.md", name, l.Theory)
		}
		for _, num := range Cited(l.Help) {
			if !Has(secs, num) {
				t.Errorf("lab %s: help cites §%s", name, num)
			}
		}
		for _, p := range l.Params.All() {
			for _, num := range Cited(p.Help) {
				if !Has(secs, num) {
					t.Errorf("lab %s, parameter %s: help cites §%s", name, p.Name, num)
				}
			}
		}
	}
}
