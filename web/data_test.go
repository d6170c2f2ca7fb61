package web

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"path"
	"testing"

	"sgdlab/sim/shard"
)

// TestShardsMatchManifests: every committed shard has the size and SHA-256
// its manifest gives, decodes, and the counts add up.
func TestShardsMatchManifests(t *testing.T) {
	fsys := FS()
	var index []struct{ Name, Title string }
	b, err := fs.ReadFile(fsys, "data/index.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &index); err != nil || len(index) < 4 {
		t.Fatalf("index.json: %v (%d datasets)", err, len(index))
	}
	for _, ds := range index {
		var m shard.Manifest
		b, err := fs.ReadFile(fsys, path.Join("data", ds.Name, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", ds.Name, err)
		}
		if m.Source == "" || m.Licence == "" {
			t.Errorf("%s: manifest without source or licence", ds.Name)
		}
		n := 0
		counts := make([]int, m.Classes)
		for _, ref := range m.Shards {
			data, err := fs.ReadFile(fsys, path.Join("data", ds.Name, ref.File))
			if err != nil {
				t.Fatal(err)
			}
			if err := ref.Verify(data); err != nil {
				t.Error(err)
				continue
			}
			s, err := shard.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s/%s: %v", ds.Name, ref.File, err)
			}
			if s.N != ref.N || s.D != m.D || s.Classes != m.Classes {
				t.Errorf("%s/%s: n=%d d=%d classes=%d, manifest %d %d %d", ds.Name, ref.File, s.N, s.D, s.Classes, ref.N, m.D, m.Classes)
			}
			for _, l := range s.Labels {
				counts[l]++
			}
			n += s.N
		}
		if n != m.N {
			t.Errorf("%s: %d samples in shards, manifest says %d", ds.Name, n, m.N)
		}
		for c := range counts {
			if counts[c] != m.Counts[c] {
				t.Errorf("%s: class %d has %d samples, manifest says %d", ds.Name, c, counts[c], m.Counts[c])
			}
		}
	}
}
