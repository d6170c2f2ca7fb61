package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

var wasmBytes = bytes.Repeat([]byte("\x00asm fake wasm body "), 200)

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func testHandler(t *testing.T) *handler {
	t.Helper()
	h, err := newHandler(fstest.MapFS{
		"index.html":        {Data: []byte("<!doctype html>" + strings.Repeat("<p>lab</p>", 100))},
		"app.js":            {Data: []byte(strings.Repeat("console.log(1);", 100))},
		"style.css":         {Data: []byte("body{}")},
		"dist/main.wasm.gz": {Data: gz(wasmBytes)},
		"data/shard.bin":    {Data: []byte{1, 2, 3}},
		".hidden":           {Data: []byte("secret")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func get(h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestTypesAndEncodings(t *testing.T) {
	h := testHandler(t)
	tests := []struct {
		path, accept, ctype, encoding string
	}{
		{"/", "gzip", "text/html; charset=utf-8", "gzip"},
		{"/index.html", "", "text/html; charset=utf-8", ""},
		{"/app.js", "br, gzip;q=0.5", "text/javascript; charset=utf-8", "gzip"},
		{"/app.js", "gzip;q=0", "text/javascript; charset=utf-8", ""},
		{"/app.js", "*", "text/javascript; charset=utf-8", "gzip"},
		{"/style.css", "gzip", "text/css; charset=utf-8", ""}, // too small to compress
		{"/dist/main.wasm", "gzip, deflate", "application/wasm", "gzip"},
		{"/dist/main.wasm", "identity", "application/wasm", ""},
		{"/data/shard.bin", "gzip", "application/octet-stream", ""},
	}
	for _, tt := range tests {
		rec := get(h, "GET", tt.path, map[string]string{"Accept-Encoding": tt.accept})
		if rec.Code != 200 || rec.Header().Get("Content-Type") != tt.ctype || rec.Header().Get("Content-Encoding") != tt.encoding {
			t.Errorf("%s (%q): %d %q %q", tt.path, tt.accept, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Encoding"))
			continue
		}
		if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") && tt.path != "/data/shard.bin" {
			t.Errorf("%s: no Vary", tt.path)
		}
		body := rec.Body.Bytes()
		if tt.encoding == "gzip" {
			r, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("%s: %v", tt.path, err)
			}
			body, _ = io.ReadAll(r)
		}
		if tt.path == "/dist/main.wasm" && !bytes.Equal(body, wasmBytes) {
			t.Errorf("%s (%q): wrong bytes", tt.path, tt.accept)
		}
	}
}

func TestETagAndConditional(t *testing.T) {
	h := testHandler(t)
	for _, enc := range []string{"gzip", ""} {
		rec := get(h, "GET", "/dist/main.wasm", map[string]string{"Accept-Encoding": enc})
		etag := rec.Header().Get("ETag")
		if !strings.HasPrefix(etag, `"`) {
			t.Fatalf("etag %q", etag)
		}
		rec2 := get(h, "GET", "/dist/main.wasm", map[string]string{"Accept-Encoding": enc, "If-None-Match": etag})
		if rec2.Code != http.StatusNotModified || rec2.Body.Len() != 0 {
			t.Errorf("enc %q: If-None-Match gave %d", enc, rec2.Code)
		}
	}
	a := get(h, "GET", "/dist/main.wasm", map[string]string{"Accept-Encoding": "gzip"}).Header().Get("ETag")
	b := get(h, "GET", "/dist/main.wasm", nil).Header().Get("ETag")
	if a == b {
		t.Error("gzip and identity share an ETag")
	}
}

func TestHeadRangeMethods(t *testing.T) {
	h := testHandler(t)
	rec := get(h, "HEAD", "/dist/main.wasm", nil)
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") != "4000" {
		t.Errorf("HEAD: %d len %d CL %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	rec = get(h, "GET", "/dist/main.wasm", map[string]string{"Range": "bytes=0-9"})
	if rec.Code != http.StatusPartialContent || !bytes.Equal(rec.Body.Bytes(), wasmBytes[:10]) {
		t.Errorf("Range: %d %q", rec.Code, rec.Body.Bytes())
	}
	rec = get(h, "POST", "/", nil)
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d", rec.Code)
	}
	rec = get(h, "GET", "/healthz", nil)
	if rec.Code != 200 || rec.Body.String() != "ok\n" {
		t.Errorf("healthz: %d %q", rec.Code, rec.Body.String())
	}
	rec = get(h, "GET", "/", nil)
	for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"} {
		if rec.Header().Get(k) == "" {
			t.Errorf("missing %s", k)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "'wasm-unsafe-eval'") || strings.Contains(csp, "'unsafe-eval'") {
		t.Errorf("CSP %q", csp)
	}
}

func TestNoEscape(t *testing.T) {
	h := testHandler(t)
	for _, p := range []string{"/../go.mod", "/%2e%2e/go.mod", "/dist/../../x", "/dist/..%2f..%2fx", "/a\\b", "/.hidden", "//etc/passwd", "/dist/", "/dist", "/nope", "/index.html%00"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = p
		if u, err := req.URL.Parse(p); err == nil {
			req.URL.Path = u.Path
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == 200 {
			t.Errorf("%s served: %q", p, rec.Body.String())
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"": false, "gzip": true, "GZIP;q=1": true, "gzip;q=0": false, "*;q=0": false, "*": true, "br": false, "deflate, gzip;q=0.001": true, "*, gzip;q=0": false} {
		if acceptsGzip(h) != want {
			t.Errorf("acceptsGzip(%q) = %v", h, !want)
		}
	}
}

// The real binary starts, serves, and exits 0 on SIGTERM.
func TestBinaryGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "sgdlab-server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	url := strings.TrimSpace(line[strings.Index(line, "http://"):])
	resp, err := http.Get(url + "healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, resp)
	}
	resp.Body.Close()
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Error("no exit 10 s after SIGTERM")
	}
}
