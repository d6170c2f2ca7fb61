package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

// Fixture contents.
var (
	indexHTML  = []byte("<!doctype html>" + strings.Repeat("<p>lab</p>", 100))
	appJS      = []byte(strings.Repeat("console.log(1);\n", 100))
	theoryHTML = []byte("<!doctype html>" + strings.Repeat(`<h2 id="s2-4">2.4</h2>`, 50))
	wasmBytes  = bytes.Repeat([]byte("\x00asm fake wasm body "), 200)
	shardBin   = append(bytes.Repeat([]byte{0}, 3000), 1, 2, 3) // compresses well
	noiseBin   = noise(4096)                                    // does not compress
	packedBin  = bytes.Repeat([]byte("packed shard "), 100)     // committed as .gz
)

// noise is n deterministic pseudo-random bytes.
func noise(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// gz is the gzip of b.
func gz(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// gunzip decodes b or fails the test.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

// tagOf is the ETag the server must give the bytes b.
func tagOf(b []byte) string {
	s := sha256.Sum256(b)
	return etag(s[:])
}

var wasmGz = gz(wasmBytes)

// tree is a served tree with every kind of file, inside a root holding a
// secret that must never be reachable.
func tree() fstest.MapFS {
	return fstest.MapFS{
		"secret.txt":                {Data: []byte("SECRET outside the tree")},
		"public/index.html":         {Data: indexHTML},
		"public/figure.html":        {Data: []byte("<!doctype html><p>figure</p>")},
		"public/app.js":             {Data: appJS},
		"public/style.css":          {Data: []byte("body{}")},
		"public/labs.json":          {Data: []byte(`{"labs":["batch"]}`)},
		"public/logo.png":           {Data: noise(512)},
		"public/notes.xyz":          {Data: []byte("unknown type")},
		"public/dist/main.wasm.gz":  {Data: wasmGz},
		"public/dist/wasm_exec.js":  {Data: appJS},
		"public/dist/theory.html":   {Data: theoryHTML},
		"public/data/shard.bin":     {Data: shardBin},
		"public/data/noise.bin":     {Data: noiseBin},
		"public/data/packed.bin.gz": {Data: gz(packedBin)},
		"public/.hidden":            {Data: []byte("SECRET dot-file")},
		"public/.git/config":        {Data: []byte("SECRET dot-dir")},
		"public/data/.cache/x.json": {Data: []byte("SECRET nested dot-dir")},
		"public/dist/.gitkeep":      {Data: nil},
		"public/sub/dir/deep.txt":   {Data: []byte("deep")},
		"public/sub/dir/index.html": {Data: []byte("no directory index")},
		"public/with space/a b.txt": {Data: []byte("spaces")},
		"public/unicode/π.txt":      {Data: []byte("pi")},
		"public/data/empty.bin":     {Data: []byte{}},
		"public/data/twin.json":     {Data: []byte(strings.Repeat(`{"a":1}`, 100))},
		"public/data/twin.json.gz":  {Data: gz([]byte(strings.Repeat(`{"a":1}`, 100)))},
	}
}

// testHandler serves tree()'s public/ directory.
func testHandler(t *testing.T) *handler {
	t.Helper()
	sub, err := fs.Sub(tree(), "public")
	if err != nil {
		t.Fatal(err)
	}
	h, err := newHandler(sub)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// do sends one request through h; hdr is "Key: value" lines.
func do(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for _, kv := range hdr {
		k, v, _ := strings.Cut(kv, ":")
		req.Header.Set(k, strings.TrimSpace(v))
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
