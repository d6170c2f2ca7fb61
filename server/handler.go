package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// CSP allows the page's own scripts, styles and frames, and WebAssembly
// compilation ('wasm-unsafe-eval') — nothing else: no eval, no inline script,
// no other origin. style-src allows inline styles because ebiten styles its
// canvas from script. frame-ancestors * lets lecture notes embed the lab.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; frame-ancestors *; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'"

var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".json": "application/json",
	".wasm": "application/wasm",
	".png":  "image/png",
	".svg":  "image/svg+xml",
	".csv":  "text/csv; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".md":   "text/markdown; charset=utf-8",
}

// compressible types are gzipped at start-up when they have no .gz twin.
var compressible = map[string]bool{".html": true, ".js": true, ".css": true, ".json": true, ".svg": true, ".csv": true, ".txt": true, ".md": true, ".wasm": true, ".bin": true}

// rep is one representation of a file: its bytes and strong ETag.
type rep struct {
	body []byte
	etag string
}

// file is a served path with an identity and (maybe) a gzip representation.
type file struct {
	ctype    string
	identity rep
	gzip     *rep
}

// handler serves an in-memory copy of a static tree. Brotli is not offered:
// it would need cgo or a non-standard encoder, and the wasm, by far the
// largest file, is already embedded as gzip -9.
type handler struct {
	files   map[string]*file
	modtime time.Time
}

func newRep(b []byte) rep {
	h := sha256.Sum256(b)
	return rep{body: b, etag: `"` + hex.EncodeToString(h[:12]) + `"`}
}

// newHandler reads every file of fsys once. A file X.gz is served at X (with
// Content-Encoding: gzip to clients that accept it, decompressed otherwise).
func newHandler(fsys fs.FS) (*handler, error) {
	h := &handler{files: map[string]*file{}, modtime: time.Now()}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(path.Base(p), ".") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name, gz := strings.CutSuffix(p, ".gz")
		f := h.files[name]
		if f == nil {
			f = &file{ctype: contentType(name)}
			h.files[name] = f
		}
		if gz {
			plain, err := gunzip(b)
			if err != nil {
				return &fs.PathError{Op: "gunzip", Path: p, Err: err}
			}
			g := newRep(b)
			f.gzip, f.identity = &g, newRep(plain)
			return nil
		}
		if f.gzip == nil { // a .gz twin wins
			f.identity = newRep(b)
			if compressible[path.Ext(name)] && len(b) > 256 {
				g := newRep(gzipBytes(b))
				f.gzip = &g
			}
		}
		return nil
	})
	return h, err
}

func contentType(name string) string {
	if t, ok := types[path.Ext(name)]; ok {
		return t
	}
	return "application/octet-stream"
}

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// gzipBytes compresses b: best compression for small files, the default
// level for large ones (dataset shards), so start-up stays quick.
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	level := gzip.BestCompression
	if len(b) > 1<<20 {
		level = gzip.DefaultCompression
	}
	w, _ := gzip.NewWriterLevel(&buf, level)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// acceptsGzip parses Accept-Encoding: gzip (or *) with a nonzero q.
func acceptsGzip(header string) bool {
	star, gz := false, -1.0
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			gz = q
		case "*":
			star = q > 0
		}
	}
	if gz >= 0 {
		return gz > 0
	}
	return star
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == "/healthz" {
		hd.Set("Cache-Control", "no-store")
		hd.Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
		return
	}
	name, ok := cleanPath(p)
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	f := h.files[name]
	if f == nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	// Files have no content hash in their names, so clients revalidate every
	// time; the strong ETag makes that a cheap 304.
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Content-Type", f.ctype)
	hd.Add("Vary", "Accept-Encoding")
	rp := f.identity
	if f.gzip != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		rp = *f.gzip
		hd.Set("Content-Encoding", "gzip")
	}
	hd.Set("ETag", rp.etag)
	http.ServeContent(w, r, name, h.modtime, bytes.NewReader(rp.body))
}

// cleanPath maps a URL path to a name in the tree, refusing anything that
// could leave it: "..", backslashes, NUL, dot-files, invalid fs paths.
func cleanPath(p string) (string, bool) {
	if p == "/" || p == "" {
		return "index.html", true
	}
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	name := p[1:]
	if !fs.ValidPath(name) {
		return "", false
	}
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return name, true
}
