package main

import (
	"bytes"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

func TestAssetsIndex(t *testing.T) {
	h := testHandler(t)
	for _, name := range []string{"index.html", "dist/main.wasm", "data/packed.bin", "data/twin.json", "sub/dir/deep.txt"} {
		if h.files[name] == nil {
			t.Errorf("%s not served", name)
		}
	}
	for name := range h.files {
		if strings.HasSuffix(name, ".gz") || strings.Contains("/"+name, "/.") || strings.HasPrefix(name, "public") {
			t.Errorf("%s should not be served", name)
		}
	}
	// Embedded-like files (they seek) are served from the tree, not copied;
	// only bytes the server made live in memory.
	for name, f := range h.files {
		if f.identity.body != nil {
			t.Errorf("%s: identity copied into memory", name)
		}
		if f.gzip != nil && f.gzip.file == "" && f.gzip.body == nil {
			t.Errorf("%s: gzip representation without bytes", name)
		}
	}
	if f := h.files["dist/main.wasm"]; f.gzip.file != "dist/main.wasm.gz" || f.identity.lazy == nil || f.identity.size != int64(len(wasmBytes)) {
		t.Errorf("dist/main.wasm: gzip from %q, identity lazy %v size %d", f.gzip.file, f.identity.lazy != nil, f.identity.size)
	}
}

func TestAssetsErrors(t *testing.T) {
	for name, m := range map[string]fstest.MapFS{
		"not gzip":    {"a.wasm.gz": {Data: []byte("not gzip at all")}},
		"truncated":   {"a.wasm.gz": {Data: wasmGz[:len(wasmGz)-9]}},
		"bad crc":     {"a.wasm.gz": {Data: append(append([]byte{}, wasmGz[:len(wasmGz)-8]...), 0, 0, 0, 0, 0, 0, 0, 0)}},
		"stale twin":  {"a.js": {Data: []byte("new")}, "a.js.gz": {Data: gz([]byte("old"))}},
		"broken twin": {"a.js": {Data: []byte("new")}, "a.js.gz": {Data: []byte("junk")}},
	} {
		if _, err := newHandler(m); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "server: ") {
			t.Errorf("%s: error %q without the package prefix", name, err)
		}
	}
	if _, err := newHandler(fstest.MapFS{}); err != nil {
		t.Errorf("empty tree: %v", err)
	}
}

// noSeekFS hides everything of its regular files but Read, Stat and Close.
type noSeekFS struct{ fs.FS }

type noSeekFile struct{ f fs.File }

func (n noSeekFS) Open(name string) (fs.File, error) {
	f, err := n.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return f, nil
	}
	return noSeekFile{f}, nil
}
func (f noSeekFile) Read(b []byte) (int, error) { return f.f.Read(b) }
func (f noSeekFile) Stat() (fs.FileInfo, error) { return f.f.Stat() }
func (f noSeekFile) Close() error               { return f.f.Close() }

// A tree whose files cannot seek is copied into memory and served the same.
func TestAssetsWithoutSeek(t *testing.T) {
	sub, _ := fs.Sub(tree(), "public")
	h, err := newHandler(noSeekFS{sub})
	if err != nil {
		t.Fatal(err)
	}
	if h.files["app.js"].identity.body == nil {
		t.Error("app.js not in memory")
	}
	rec := do(h, "GET", "/app.js", "Range: bytes=2-5")
	if rec.Code != http.StatusPartialContent || !bytes.Equal(rec.Body.Bytes(), appJS[2:6]) {
		t.Errorf("range: %d %q", rec.Code, rec.Body.Bytes())
	}
	rec = do(h, "GET", "/dist/main.wasm", "Accept-Encoding: gzip")
	if !bytes.Equal(rec.Body.Bytes(), wasmGz) {
		t.Error("wasm.gz not served verbatim")
	}
}

// Many clients without gzip at once: the wasm is decoded once, and all get it.
func TestLazyDecodeConcurrent(t *testing.T) {
	h := testHandler(t)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			rec := do(h, "GET", "/dist/main.wasm")
			if !bytes.Equal(rec.Body.Bytes(), wasmBytes) {
				t.Error("wrong decoded bytes")
			}
		})
	}
	wg.Wait()
}
