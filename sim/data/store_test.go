package data

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"sgdlab/sim/shard"
)

// toyTree is a web root with dataset "toy": two shards of the toy() samples.
func toyTree(t *testing.T) fstest.MapFS {
	t.Helper()
	parts := []*shard.Shard{
		{N: 4, D: 2, Classes: 3, Elem: shard.U8, Scale: 0.5, U8: []uint8{0, 1, 2, 3, 4, 5, 6, 7}, Labels: []uint8{0, 1, 1, 2}},
		{N: 2, D: 2, Classes: 3, Elem: shard.U8, Scale: 0.5, U8: []uint8{8, 9, 10, 11}, Labels: []uint8{0, 2}},
	}
	fsys := fstest.MapFS{}
	m := shard.Manifest{Name: "toy", Title: "toy", N: 6, D: 2, Classes: 3}
	for i, p := range parts {
		var buf bytes.Buffer
		if err := shard.Encode(&buf, p); err != nil {
			t.Fatal(err)
		}
		file := []string{"shard-000.bin", "shard-001.bin"}[i]
		m.Shards = append(m.Shards, shard.NewRef(file, p.N, buf.Bytes()))
		fsys["data/toy/"+file] = &fstest.MapFile{Data: buf.Bytes()}
	}
	b, _ := json.Marshal(m)
	fsys["data/toy/manifest.json"] = &fstest.MapFile{Data: b}
	return fsys
}

func TestStoreRounds(t *testing.T) {
	fsys := toyTree(t)
	s := NewStore()
	need := []Need{{Dataset: "toy", Samples: 3}}
	m := s.Missing(need)
	if len(m) != 1 || m[0].File != ManifestFile || m[0].Path != "data/toy/manifest.json" {
		t.Fatalf("first round %+v", m)
	}
	if err := s.AddManifest("toy", fsys["data/toy/manifest.json"].Data); err != nil {
		t.Fatal(err)
	}
	m = s.Missing(need)
	if len(m) != 1 || m[0].File != "shard-000.bin" || m[0].Bytes != len(fsys["data/toy/shard-000.bin"].Data) {
		t.Fatalf("second round %+v", m)
	}
	if _, err := s.Labeled("toy", 3); err == nil {
		t.Error("Labeled before the shard arrived")
	}
	if err := s.AddShard("toy", "shard-000.bin", fsys["data/toy/shard-000.bin"].Data); err != nil {
		t.Fatal(err)
	}
	if m := s.Missing(need); len(m) != 0 {
		t.Fatalf("still missing %+v", m)
	}
	l, err := s.Labeled("toy", 3)
	if err != nil || l.N != 4 {
		t.Fatalf("Labeled: %v %+v", err, l)
	}
	if m := s.Missing([]Need{{Dataset: "toy"}}); len(m) != 1 || m[0].File != "shard-001.bin" {
		t.Fatalf("all samples: %+v", m)
	}
	// The same manifest again keeps the shards; LoadFS fetches the rest.
	if err := s.AddManifest("toy", fsys["data/toy/manifest.json"].Data); err != nil || len(s.Missing(need)) != 0 {
		t.Fatalf("re-adding the manifest: %v", err)
	}
	if err := s.LoadFS(fsys, []Need{{Dataset: "toy", Samples: 0}}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Labeled("toy", 0)
	if err != nil || all.N != 6 || all.Row(5)[1] != 5.5 {
		t.Fatalf("all: %v %+v", err, all)
	}
	if s.Names()[0] != "toy" {
		t.Error(s.Names())
	}
}

func TestStoreErrors(t *testing.T) {
	fsys := toyTree(t)
	man := fsys["data/toy/manifest.json"].Data
	good := fsys["data/toy/shard-000.bin"].Data
	flip := append([]byte(nil), good...)
	flip[len(flip)-1] ^= 1
	tests := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"truncated", "shard-000.bin", good[:len(good)-1], "bytes, manifest says"},
		{"corrupt", "shard-000.bin", flip, "does not match its manifest"},
		{"other shard", "shard-000.bin", fsys["data/toy/shard-001.bin"].Data, "manifest says"},
		{"unknown file", "shard-009.bin", good, "lists no shard"},
	}
	for _, tc := range tests {
		s := NewStore()
		if err := s.AddManifest("toy", man); err != nil {
			t.Fatal(err)
		}
		err := s.AddShard("toy", tc.file, tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "toy") {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if len(s.Missing([]Need{{Dataset: "toy", Samples: 1}})) != 1 {
			t.Errorf("%s: a bad shard was stored", tc.name)
		}
	}
	s := NewStore()
	if err := s.AddShard("toy", "shard-000.bin", good); err == nil {
		t.Error("shard before manifest accepted")
	}
	for _, bad := range []string{`{`, `{"name":"other","n":1,"d":1,"shards":[{"file":"a","n":1,"bytes":40}]}`,
		`{"name":"toy","n":2,"d":1,"shards":[{"file":"a","n":1,"bytes":40}]}`,
		`{"name":"toy","n":1,"d":1,"shards":[{"file":"../a","n":1,"bytes":40}]}`,
		`{"name":"toy","n":1,"d":1,"shards":[]}`} {
		if err := s.AddManifest("toy", []byte(bad)); err == nil {
			t.Errorf("manifest %s accepted", bad)
		}
	}
	if err := s.LoadFS(fstest.MapFS{}, []Need{{Dataset: "toy"}}); err == nil {
		t.Error("LoadFS of an empty tree succeeded")
	}
}
