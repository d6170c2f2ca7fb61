package part_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"sgdlab/sim/lab"
	_ "sgdlab/sim/lab/all"
	"sgdlab/sim/lab/labtest"
	"sgdlab/sim/lab/part"
)

var webRoot = os.DirFS(filepath.Join("..", "..", "..", "web", "static"))

// Small links of every lab; sweep has two lists of units (lab.Phased).
var links = map[string]string{
	"batch":     "v=1&n=40&d=64&spectrum=ortho&sampler=bernoulli&eta=bern&m=1,4,n&len=8",
	"variance":  "v=1&lab=variance&data=synth&n=60&d=12&b=1,3,n&runs=60&steps=30&rule=inv&c=0.3",
	"critical":  "v=1&lab=critical&dataset=fashion&n=150&select=random&dseed=3&target=pm1&kernel=laplacian&sigma=8&eig=exact&m=1,8,n&eta=opt&seeds=2&eps=0.05&sweep=3",
	"armijo":    "v=1&lab=armijo&model=linreg&target=loss&eps=0.3&b=1,8,64&seeds=2&eta=0.05&kmax=2000&check=5",
	"consensus": "v=1&lab=consensus&topo=torus&n=16&d=20&sweep=5&sweeplen=100&len=3000",
}

// digest is the readout, CSV and JSON of e.
func digest(t *testing.T, e lab.Experiment) string {
	r, csv := labtest.Digest(t, e)
	var js bytes.Buffer
	if err := e.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s\n%s\n%s", r, csv, js.Bytes())
}

// Every lab's link run as K shards (each in its own experiment, its part
// through the file format) and merged gives the bits of a run by Step
// alone, for K = 1, 2, 3 and more shards than units.
func TestShardsMergeToOneRun(t *testing.T) {
	for name, q := range links {
		t.Run(name, func(t *testing.T) {
			ref, canon := labtest.Build(t, q, webRoot)
			labtest.RunToEnd(ref, 1<<20)
			want := digest(t, ref)
			for _, k := range []int{1, 2, 3, 12} {
				var parts []*part.File
				var names []string
				held, lists := 0, map[int]bool{}
				for s := range k {
					e, _ := labtest.Build(t, q, webRoot)
					us, err := part.Run(e, s, k, 1+s%2)
					if err != nil {
						t.Fatal(err)
					}
					var b bytes.Buffer
					if err := part.Encode(&b, &part.File{Version: "test", Link: canon, Shard: s, Shards: k, Units: us}); err != nil {
						t.Fatal(err)
					}
					f, err := part.Decode(&b)
					if err != nil {
						t.Fatal(err)
					}
					parts, names = append(parts, f), append(names, fmt.Sprint(s))
					held += len(us)
					for _, u := range us {
						lists[u.Phase] = true
					}
				}
				if held == 0 {
					t.Fatalf("K=%d: the parts hold no units", k)
				}
				m, _ := labtest.Build(t, q, webRoot)
				if want := lab.UnitsPhases(m); len(lists) != want {
					t.Errorf("K=%d: the parts hold units of %d lists, the experiment says it has %d", k, len(lists), want)
				}
				if err := part.Check(names, parts); err != nil {
					t.Fatal(err)
				}
				if err := part.Merge(m, parts); err != nil {
					t.Fatal(err)
				}
				if got := digest(t, m); got != want {
					t.Errorf("K=%d: the merged result differs from one run", k)
				}
			}
		})
	}
}

// A merge refuses parts that do not hold what the assignment says.
func TestMergeRefusesWrongParts(t *testing.T) {
	q := links["batch"]
	run := func(s, k int) *part.File {
		e, canon := labtest.Build(t, q, webRoot)
		us, err := part.Run(e, s, k, 1)
		if err != nil {
			t.Fatal(err)
		}
		return &part.File{Version: "test", Link: canon, Shard: s, Shards: k, Units: us}
	}
	a, b := run(0, 2), run(1, 2)
	a.Units, b.Units = b.Units, a.Units
	e, _ := labtest.Build(t, q, webRoot)
	if err := part.Merge(e, []*part.File{a, b}); err == nil {
		t.Error("merged parts whose units were swapped")
	}
	c := run(0, 2)
	c.Units = append(c.Units, part.Unit{Phase: 3, Index: 0})
	e, _ = labtest.Build(t, q, webRoot)
	if err := part.Merge(e, []*part.File{c, run(1, 2)}); err == nil {
		t.Error("merged a part with a unit the experiment never offered")
	}
}
