// Package labtest holds the checks every lab's tests share: build a link as
// the page would, run it to the end, digest what it produces, compare the
// digests of named links with golden files, and check that slicing the work
// differently never changes a number. It reads and writes files only through
// what its callers pass (fs.FS and a write function), like the rest of sim/.
package labtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"

	"sgdlab/sim/data"
	"sgdlab/sim/lab"
	"sgdlab/sim/plot"
	"sgdlab/sim/spec"
)

// Update is the -update flag of the labs' tests: rewrite the golden files.
var Update = flag.Bool("update", false, "rewrite testdata/golden_*.txt")

// Writer returns, under -update, the function Golden writes a golden file
// with — write (os.WriteFile, passed in because sim/ does not import os)
// into dir — and nil otherwise.
func Writer(dir string, write func(name string, b []byte, perm fs.FileMode) error) func(name string, b []byte) error {
	if !*Update {
		return nil
	}
	return func(name string, b []byte) error { return write(path.Join(dir, name), b, 0o644) }
}

// Build parses query with the browser's limits, loads the datasets the spec
// needs from root (the page's web/static tree; nil for a lab without data)
// and builds the experiment; it returns the canonical link too.
func Build(t testing.TB, query string, root fs.FS) (lab.Experiment, string) {
	t.Helper()
	l, v, _ := lab.Parse(query, false)
	var st *data.Store
	if needs := l.DataNeeds(v); len(needs) > 0 {
		st = data.NewStore()
		if err := st.LoadFS(root, needs); err != nil {
			t.Fatal(err)
		}
	}
	e, err := l.Build(v, st)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return e, v.Encode()
}

// RunToEnd steps e with the given work per call until it is done.
func RunToEnd(e lab.Experiment, work int) {
	for !e.Step(work) {
	}
}

// Digest is everything a link produces: the readout as JSON and the CSV.
func Digest(t testing.TB, e lab.Experiment) (readout string, csv []byte) {
	t.Helper()
	b, err := json.Marshal(e.Readout())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := e.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	return string(b), buf.Bytes()
}

// Golden runs each named link to the end and compares its canonical link,
// readout and the SHA-256 of its CSV with golden_<name>.txt in dir. With
// write non-nil (a test's -update flag) it first writes the files through
// it. `make test` runs the labs' tests natively and as wasm, so a golden
// file pins the same numbers on both targets.
func Golden(t *testing.T, links map[string]string, root, dir fs.FS, write func(name string, b []byte) error) {
	for name, q := range links {
		t.Run(name, func(t *testing.T) {
			e, canon := Build(t, q, root)
			RunToEnd(e, 1<<20)
			r, csv := Digest(t, e)
			got := fmt.Sprintf("link: %s\nreadout: %s\ncsv sha256: %x\n", canon, r, sha256.Sum256(csv))
			file := "golden_" + name + ".txt"
			if write != nil {
				if err := write(file, []byte(got)); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := fs.ReadFile(dir, file)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("golden mismatch (run with -update natively if the change is intended)\ngot:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// Agree builds query once for each of n ways to run it (run(k, e) runs the
// k-th way to the end) and fails unless every way gives the readout and CSV
// of the first; what(k) names the k-th way in the message.
func Agree(t *testing.T, query string, root fs.FS, n int, what func(k int) string, run func(k int, e lab.Experiment)) {
	t.Helper()
	var ref string
	var refCSV []byte
	for k := range n {
		e, _ := Build(t, query, root)
		run(k, e)
		r, csv := Digest(t, e)
		if k == 0 {
			ref, refCSV = r, csv
			continue
		}
		if r != ref || !bytes.Equal(csv, refCSV) {
			t.Errorf("%s changes the numbers of %s", what(k), query)
		}
	}
}

// Slicing runs query with each work budget per Step call and fails if any
// readout or CSV differs: a driver's time slicing must never change a number.
// It also checks that Progress only grows, within [0, 1], and ends at 1.
func Slicing(t *testing.T, query string, root fs.FS, works []int) {
	t.Helper()
	Agree(t, query, root, len(works), func(k int) string { return fmt.Sprintf("work=%d", works[k]) }, func(k int, e lab.Experiment) {
		work := works[k]
		last := e.Progress()
		for !e.Step(work) {
			if p := e.Progress(); p < last || p > 1 {
				t.Fatalf("work=%d: progress %g after %g: it must grow within [0, 1]", work, p, last)
			} else {
				last = p
			}
		}
		if p := e.Progress(); p != 1 {
			t.Errorf("work=%d: progress %g at the end, want 1", work, p)
		}
	})
}

// Canonical parses query as a link of lab name (appending lab=name when the
// query names no lab of that name) and fails unless its canonical link
// re-parses unchanged and without notices: what every lab's FuzzLink checks.
// It returns the parsed lab and values for further checks. name "" parses
// the query as it is.
func Canonical(t *testing.T, name, query string) (*lab.Lab, spec.Values) {
	t.Helper()
	if name != "" && !strings.Contains(query, "lab="+name) {
		query += "&lab=" + name
	}
	l, v, _ := lab.Parse(query, false)
	c := v.Encode()
	if _, v2, notes := lab.Parse(c, false); len(notes) != 0 || v2.Encode() != c {
		t.Fatalf("%q: canonical %q re-parses to %q with %v", query, c, v2.Encode(), notes)
	}
	return l, v
}

// OrderFree runs query twice — once by Step alone, once advancing every
// list of units (lab.Splitter) in reverse index order, each unit to its
// end, before Step goes on — and fails if the readout or CSV differ: the
// units of a lab are independent, and their merged result does not depend
// on which ran first. It fails too when the lab never offers units.
func OrderFree(t *testing.T, query string, root fs.FS) {
	t.Helper()
	Agree(t, query, root, 2, func(int) string { return "advancing the units in reverse order" }, func(k int, e lab.Experiment) {
		if k == 0 {
			RunToEnd(e, 1<<20)
			return
		}
		sp, ok := e.(lab.Splitter)
		if !ok {
			t.Fatalf("%T does not implement lab.Splitter", e)
		}
		lists := 0
		for done := e.Done(); !done; {
			if us := sp.Units(); len(us) > 0 && us.Stopped() < len(us) {
				lists++
				for i := len(us) - 1; i >= 0; i-- {
					for us[i].Running() {
						us[i].Advance(1 << 16)
					}
				}
			}
			done = e.Step(1 << 12)
		}
		if lists == 0 {
			t.Fatalf("%s: no units to advance", query)
		}
	})
}

// Limits checks links that a lab's Limits must change. Each case is
// {query, param, want}: the query, prefixed with prefix (e.g.
// "v=1&lab=consensus&"), parsed with the browser's limits, must give param
// the value want, with a notice that names param.
func Limits(t *testing.T, prefix string, cases [][3]string) {
	t.Helper()
	for _, c := range cases {
		q, param, want := prefix+c[0], c[1], c[2]
		_, v, notes := lab.Parse(q, false)
		if got := v.Get(param); got != want {
			t.Errorf("%s: %s = %s, want %s (notices %v)", q, param, got, want, notes)
		}
		if !slices.ContainsFunc(notes, func(n spec.Notice) bool { return n.Param == param }) {
			t.Errorf("%s: no notice for %s (notices %v)", q, param, notes)
		}
	}
}

// Seed adds a FuzzLink's seed corpus: the golden links, then more.
func Seed(f *testing.F, golden map[string]string, more ...string) {
	for _, q := range golden {
		f.Add(q)
	}
	for _, q := range more {
		f.Add(q)
	}
}

// Views applies each view to e, run to its end: the view parameters of the
// link prefix+view, set through SetView. It calls check with the view and
// the figure drawn, and fails if a view changes the CSV (views never change
// a number) or, with sameReadout, the readout (for labs whose readout shows
// no view parameter).
func Views(t *testing.T, e lab.Experiment, prefix string, views []string, sameReadout bool, check func(view string, f plot.Figure)) {
	t.Helper()
	ro0, csv0 := Digest(t, e)
	for _, view := range views {
		_, v, _ := lab.Parse(prefix+view, false)
		e.SetView(v)
		check(view, e.Figure())
		ro, csv := Digest(t, e)
		if !bytes.Equal(csv, csv0) {
			t.Errorf("%s: the view changed the CSV", prefix+view)
		}
		if sameReadout && ro != ro0 {
			t.Errorf("%s: the view changed the readout", prefix+view)
		}
	}
}

// Outputs is everything a finished experiment writes: its Digest and its
// JSON export.
type Outputs struct {
	Readout   string
	CSV, JSON []byte
}

// OutputsOf returns e's outputs.
func OutputsOf(t testing.TB, e lab.Experiment) Outputs {
	t.Helper()
	r, csv := Digest(t, e)
	var js bytes.Buffer
	if err := e.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	return Outputs{r, csv, js.Bytes()}
}

// Equal reports whether o and p are the same bytes.
func (o Outputs) Equal(p Outputs) bool {
	return o.Readout == p.Readout && bytes.Equal(o.CSV, p.CSV) && bytes.Equal(o.JSON, p.JSON)
}

// Reference builds query and runs it to its end by Step alone: the outputs
// every other way of running it must equal.
func Reference(t testing.TB, query string, root fs.FS) Outputs {
	t.Helper()
	ref, _ := Build(t, query, root)
	RunToEnd(ref, 1<<20)
	return OutputsOf(t, ref)
}
