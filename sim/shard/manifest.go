package shard

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Manifest describes one dataset: where it comes from, its licence and
// counts, and each shard file with its SHA-256.
type Manifest struct {
	Name    string `json:"name"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Licence string `json:"licence"`
	N       int    `json:"n"`
	D       int    `json:"d"`
	Classes int    `json:"classes"`
	Counts  []int  `json:"class_counts,omitempty"`
	Notes   string `json:"notes,omitempty"`
	Shards  []Ref  `json:"shards"`
}

// Ref names one shard file of a manifest.
type Ref struct {
	File   string `json:"file"`
	N      int    `json:"n"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// NewRef describes a shard's encoded bytes.
func NewRef(file string, n int, b []byte) Ref {
	h := sha256.Sum256(b)
	return Ref{File: file, N: n, Bytes: len(b), SHA256: hex.EncodeToString(h[:])}
}

// Verify checks encoded bytes against the reference.
func (r Ref) Verify(b []byte) error {
	if len(b) != r.Bytes {
		return fmt.Errorf("shard %s: %d bytes, manifest says %d", r.File, len(b), r.Bytes)
	}
	if got := NewRef(r.File, r.N, b).SHA256; got != r.SHA256 {
		return fmt.Errorf("shard %s: sha256 %s, manifest says %s (the file does not match its manifest)", r.File, got, r.SHA256)
	}
	return nil
}
