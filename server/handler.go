package main

import (
	"io"
	"io/fs"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// CSP is the Content-Security-Policy of every response: the page's own
// scripts, styles, images, frames and fetches, plus WebAssembly compilation
// ('wasm-unsafe-eval'), and nothing more: no eval, no inline script or style
// (ebiten styles its canvas through element.style, which CSP allows), no other
// origin. Exports are blob: downloads and PNG data: URLs. The figure's Web
// Workers (worker.js, which loads dist/worker.wasm) come from the page's own
// origin: worker-src 'self' says so (script-src would allow them too, as its
// fallback); a worker's script is served with this same policy, which lets
// it import wasm_exec.js, fetch and compile its wasm, and fetch datasets.
//
// frame-ancestors is deliberately absent, so that lecture notes anywhere can
// embed the lab in an <iframe>: "frame-ancestors *" matches only network
// schemes, and Chromium refuses to be framed by notes opened from a file:
// (measured), a VS Code notebook or any other local viewer.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; worker-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'"

// PermissionsPolicy turns off powerful features the lab never uses.
const PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

// Cache-Control values. File names carry no content hash yet, so nothing
// may be reused without asking; the strong ETags make asking a cheap 304.
const (
	cacheFiles  = "no-cache"
	cacheNever  = "no-store" // /healthz and errors
	healthzPath = "/healthz"
)

// The theory page: docs/theory.md rendered at build time (server/mktheory)
// into dist/theory.html, served only at /theory, so that its relative links
// (theory.css, "./" back to the lab) and the lab's links theory#s2-4 resolve
// beside index.html.
const (
	theoryPath = "/theory"
	theoryFile = "dist/theory.html"
)

// handler serves an assets tree: GET and HEAD only, "/" is index.html,
// /theory is dist/theory.html, /healthz answers "ok", everything else is a
// file of the tree or a 404.
type handler struct {
	*assets
}

// newHandler indexes fsys (see newAssets) and serves it.
func newHandler(fsys fs.FS) (*handler, error) {
	a, err := newAssets(fsys)
	if err != nil {
		return nil, err
	}
	return &handler{a}, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("Permissions-Policy", PermissionsPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cache-Control", cacheNever)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == healthzPath {
		hd.Set("Content-Type", "text/plain; charset=utf-8")
		hd.Set("Content-Length", "3")
		if r.Method == http.MethodGet {
			io.WriteString(w, "ok\n")
		}
		return
	}
	name, ok := cleanPath(r.URL.Path)
	f := h.files[name]
	if !ok || f == nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	hd.Set("Cache-Control", cacheFiles)
	hd.Set("Content-Type", f.ctype)
	hd.Set("Vary", "Accept-Encoding")
	rp := f.identity
	if f.gzip != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		rp = f.gzip
		hd.Set("Content-Encoding", "gzip")
	}
	body, done, err := h.open(rp)
	if err != nil {
		log.Printf("sgdlab-server: %s: %v", name, err)
		hd.Del("Content-Encoding")
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	defer done()
	hd.Set("ETag", rp.etag)
	// A zero modtime: no Last-Modified; the ETag does all the validation.
	http.ServeContent(fullLength{w, rp.size}, r, name, time.Time{}, body)
}

// fullLength restores the Content-Length that http.ServeContent leaves out
// of whole (200) responses with a Content-Encoding, for fear of compressing
// wrappers; here the gzip bytes are whole and their size known. Without it
// the wasm would be sent chunked and the page could not show its progress.
type fullLength struct {
	http.ResponseWriter
	size int64
}

func (w fullLength) WriteHeader(code int) {
	if code == http.StatusOK && w.Header().Get("Content-Length") == "" {
		w.Header().Set("Content-Length", strconv.FormatInt(w.size, 10))
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection.
func (w fullLength) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// cleanPath maps a URL path to a name in the tree, refusing anything that
// could leave it or reach a hidden file: "..", ".", empty segments, trailing
// slashes (no directory listings), backslashes, NUL, names starting with ".".
// (The tree is a map, so nothing outside it can be served anyway.) "/" is
// index.html and /theory the theory page, whose file has no other path.
func cleanPath(p string) (string, bool) {
	switch p {
	case "/":
		return "index.html", true
	case theoryPath:
		return theoryFile, true
	}
	name, ok := strings.CutPrefix(p, "/")
	if !ok || name == theoryFile || strings.ContainsAny(name, "\\\x00") || !fs.ValidPath(name) {
		return "", false
	}
	for seg := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	return name, true
}
