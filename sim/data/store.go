package data

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"sgdlab/sim/shard"
)

// Need says what an experiment reads of a dataset: its first Samples samples
// in dataset order (Samples ≤ 0, or more than the dataset holds: all of them).
// Shards are read whole, so a Need is met by the leading shards that hold
// Samples samples.
type Need struct {
	Dataset string `json:"dataset"`
	Samples int    `json:"samples"`
}

// Fetch names one file a driver must fetch to meet a Need: the manifest
// (File == ManifestFile, Bytes unknown) or a shard listed in it.
type Fetch struct {
	Dataset string `json:"dataset"`
	File    string `json:"file"`
	Path    string `json:"path"`  // "data/<dataset>/<file>", relative to the page
	Bytes   int    `json:"bytes"` // size from the manifest (0 for a manifest)
}

// ManifestFile is the name of a dataset's manifest in its directory.
const ManifestFile = "manifest.json"

// Dir is the directory (relative to the web root) that holds the datasets.
const Dir = "data"

// Store holds the manifests and decoded shards of datasets as a driver
// provides them: the page fetches files and hands over their bytes, the CLI
// reads them from a file system (LoadFS). Every shard is checked against its
// manifest (size and SHA-256) before it is decoded, so a corrupt or
// mismatched file gives an error that names it, and is never used.
type Store struct {
	sets map[string]*stored
}

type stored struct {
	man   shard.Manifest
	parts []*shard.Shard // parallel to man.Shards; nil until added
	cache map[int]*Labeled
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{sets: map[string]*stored{}} }

// AddManifest parses and records the manifest of dataset name.
func (s *Store) AddManifest(name string, b []byte) error {
	var m shard.Manifest
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("dataset %s: the manifest is not valid JSON: %v", name, err)
	}
	switch {
	case m.Name != name:
		return fmt.Errorf("dataset %s: the manifest describes %q", name, m.Name)
	case len(m.Shards) == 0:
		return fmt.Errorf("dataset %s: the manifest lists no shards", name)
	case m.D < 1 || m.N < 1 || m.Classes < 0 || m.Classes > 255:
		return fmt.Errorf("dataset %s: the manifest has n=%d d=%d classes=%d", name, m.N, m.D, m.Classes)
	}
	total := 0
	for _, r := range m.Shards {
		if r.N < 1 || r.Bytes < shard.HeaderSize || path.Base(r.File) != r.File || r.File == ManifestFile {
			return fmt.Errorf("dataset %s: bad shard entry %+v in the manifest", name, r)
		}
		total += r.N
	}
	if total != m.N {
		return fmt.Errorf("dataset %s: the manifest's shards hold %d samples, it says n=%d", name, total, m.N)
	}
	if old, ok := s.sets[name]; ok && manifestEqual(old.man, m) {
		return nil // the same manifest again: keep the shards
	}
	s.sets[name] = &stored{man: m, parts: make([]*shard.Shard, len(m.Shards)), cache: map[int]*Labeled{}}
	return nil
}

func manifestEqual(a, b shard.Manifest) bool {
	if len(a.Shards) != len(b.Shards) || a.N != b.N || a.D != b.D || a.Classes != b.Classes {
		return false
	}
	for i := range a.Shards {
		if a.Shards[i] != b.Shards[i] {
			return false
		}
	}
	return true
}

// Manifest returns the manifest of a dataset, if it has been added.
func (s *Store) Manifest(name string) (shard.Manifest, bool) {
	e, ok := s.sets[name]
	if !ok {
		return shard.Manifest{}, false
	}
	return e.man, true
}

// AddShard verifies the bytes of one shard file against the manifest (size,
// SHA-256), decodes them and checks the header against the manifest. An error
// names the file and says what is wrong; the shard is then not stored.
func (s *Store) AddShard(name, file string, b []byte) error {
	e, ok := s.sets[name]
	if !ok {
		return fmt.Errorf("dataset %s: shard %s arrived before the manifest", name, file)
	}
	k := -1
	for i, r := range e.man.Shards {
		if r.File == file {
			k = i
		}
	}
	if k < 0 {
		return fmt.Errorf("dataset %s: the manifest lists no shard %s", name, file)
	}
	ref := e.man.Shards[k]
	if err := ref.Verify(b); err != nil {
		return fmt.Errorf("dataset %s: %v", name, err)
	}
	sh, err := shard.Decode(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("dataset %s, shard %s: %v", name, file, err)
	}
	if sh.N != ref.N || sh.D != e.man.D || sh.Classes != e.man.Classes {
		return fmt.Errorf("dataset %s, shard %s: holds n=%d d=%d classes=%d, the manifest says n=%d d=%d classes=%d",
			name, file, sh.N, sh.D, sh.Classes, ref.N, e.man.D, e.man.Classes)
	}
	e.parts[k] = sh
	return nil
}

// shardsFor is the number of leading shards of m that hold samples samples.
func shardsFor(m shard.Manifest, samples int) int {
	if samples <= 0 || samples >= m.N {
		return len(m.Shards)
	}
	have := 0
	for i, r := range m.Shards {
		have += r.N
		if have >= samples {
			return i + 1
		}
	}
	return len(m.Shards)
}

// Missing lists the files a driver must still provide to meet needs, in order:
// first the manifests it lacks (the shards they list come in a second round),
// then the shards. An empty list means Labeled will find everything.
func (s *Store) Missing(needs []Need) []Fetch {
	var out []Fetch
	seen := map[string]bool{}
	for _, nd := range needs {
		e, ok := s.sets[nd.Dataset]
		if !ok {
			if !seen[nd.Dataset] {
				seen[nd.Dataset] = true
				out = append(out, Fetch{Dataset: nd.Dataset, File: ManifestFile, Path: path.Join(Dir, nd.Dataset, ManifestFile)})
			}
			continue
		}
		for i := range shardsFor(e.man, nd.Samples) {
			r := e.man.Shards[i]
			key := nd.Dataset + "/" + r.File
			if e.parts[i] == nil && !seen[key] {
				seen[key] = true
				out = append(out, Fetch{Dataset: nd.Dataset, File: r.File, Path: path.Join(Dir, nd.Dataset, r.File), Bytes: r.Bytes})
			}
		}
	}
	return out
}

// Labeled returns the first samples samples of a dataset (all when samples ≤ 0
// or more than it holds) with their labels or targets, decoded from the
// stored shards. The result is cached and shared: callers must not modify it.
func (s *Store) Labeled(name string, samples int) (*Labeled, error) {
	e, ok := s.sets[name]
	if !ok {
		return nil, fmt.Errorf("dataset %s has not been loaded", name)
	}
	k := shardsFor(e.man, samples)
	if l, ok := e.cache[k]; ok {
		return l, nil
	}
	for i, p := range e.parts[:k] {
		if p == nil {
			return nil, fmt.Errorf("dataset %s: shard %s has not been loaded", name, e.man.Shards[i].File)
		}
	}
	l, err := FromShards(e.parts[:k])
	if err != nil {
		return nil, err
	}
	e.cache[k] = l
	return l, nil
}

// Names lists the datasets whose manifests are stored.
func (s *Store) Names() []string {
	var ns []string
	for n := range s.sets {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// Add provides one file of dataset name: its manifest (file ManifestFile)
// or one of the shards the manifest lists.
func (s *Store) Add(name, file string, b []byte) error {
	if file == ManifestFile {
		return s.AddManifest(name, b)
	}
	return s.AddShard(name, file, b)
}

// LoadFS provides everything needs asks for from fsys, a tree laid out like
// the web root (data/<dataset>/manifest.json and its shards): the CLI's and the
// tests' way of doing what the page does with fetch.
func (s *Store) LoadFS(fsys fs.FS, needs []Need) error {
	return s.Load(needs, func(p string) ([]byte, error) { return fs.ReadFile(fsys, p) })
}

// Load provides everything needs asks for, reading each file with get (its
// path under the web root, Fetch.Path): the manifests, then the shards they
// list.
func (s *Store) Load(needs []Need, get func(path string) ([]byte, error)) error {
	for range 2 { // manifests, then shards
		for _, f := range s.Missing(needs) {
			b, err := get(f.Path)
			if err != nil {
				return fmt.Errorf("dataset %s: %v", f.Dataset, err)
			}
			if err := s.Add(f.Dataset, f.File, b); err != nil {
				return err
			}
		}
	}
	if m := s.Missing(needs); len(m) > 0 {
		return fmt.Errorf("dataset %s: %s still missing", m[0].Dataset, m[0].File)
	}
	return nil
}
