package main

import (
	"bytes"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestTypesAndEncodings(t *testing.T) {
	h := testHandler(t)
	const html, js = "text/html; charset=utf-8", "text/javascript; charset=utf-8"
	tests := []struct {
		path, accept string
		ctype        string
		gzip         bool   // Content-Encoding: gzip expected
		want         []byte // decoded body, if checked
	}{
		{"/", "gzip", html, true, indexHTML},
		{"/", "", html, false, indexHTML},
		{"/index.html", "gzip, deflate, br, zstd", html, true, indexHTML},
		{"/figure.html", "gzip", html, false, nil}, // too small to gzip
		{"/theory", "gzip", html, true, theoryHTML},
		{"/theory", "", html, false, theoryHTML},
		{"/app.js", "br;q=1, gzip;q=0.5", js, true, appJS},
		{"/app.js", "gzip;q=0", js, false, appJS},
		{"/app.js", "gzip; q=0.000", js, false, appJS},
		{"/app.js", "*", js, true, appJS},
		{"/app.js", "*;q=0", js, false, appJS},
		{"/app.js", "identity", js, false, appJS},
		{"/style.css", "gzip", "text/css; charset=utf-8", false, []byte("body{}")},
		{"/labs.json", "gzip", "application/json", false, []byte(`{"labs":["batch"]}`)},
		{"/logo.png", "gzip", "image/png", false, nil},
		{"/notes.xyz", "gzip", "application/octet-stream", false, []byte("unknown type")},
		// The wasm exists only as .gz: sent as it is, or decoded.
		{"/dist/main.wasm", "gzip", "application/wasm", true, wasmBytes},
		{"/dist/main.wasm", "x-gzip", "application/wasm", true, wasmBytes},
		{"/dist/main.wasm", "", "application/wasm", false, wasmBytes},
		{"/dist/main.wasm", "gzip;q=0, identity", "application/wasm", false, wasmBytes},
		{"/dist/main.wasm", "deflate", "application/wasm", false, wasmBytes},
		{"/dist/wasm_exec.js", "gzip", js, true, appJS},
		// Shards: gzipped when it pays, never when it does not.
		{"/data/shard.bin", "gzip", "application/octet-stream", true, shardBin},
		{"/data/shard.bin", "", "application/octet-stream", false, shardBin},
		{"/data/noise.bin", "gzip", "application/octet-stream", false, noiseBin},
		{"/data/packed.bin", "gzip", "application/octet-stream", true, packedBin},
		{"/data/packed.bin", "", "application/octet-stream", false, packedBin},
		{"/data/empty.bin", "gzip", "application/octet-stream", false, []byte{}},
		{"/data/twin.json", "gzip", "application/json", true, []byte(strings.Repeat(`{"a":1}`, 100))},
		{"/sub/dir/deep.txt", "", "text/plain; charset=utf-8", false, []byte("deep")},
		{"/with%20space/a%20b.txt", "", "text/plain; charset=utf-8", false, []byte("spaces")},
		{"/unicode/%CF%80.txt", "", "text/plain; charset=utf-8", false, []byte("pi")},
	}
	for _, tt := range tests {
		rec := do(h, "GET", tt.path, "Accept-Encoding: "+tt.accept)
		hd := rec.Header()
		enc := hd.Get("Content-Encoding")
		if rec.Code != http.StatusOK || hd.Get("Content-Type") != tt.ctype || (enc == "gzip") != tt.gzip || (enc != "" && enc != "gzip") {
			t.Errorf("GET %s (Accept-Encoding %q): %d %q, Content-Encoding %q; want 200 %q, gzip %v",
				tt.path, tt.accept, rec.Code, hd.Get("Content-Type"), enc, tt.ctype, tt.gzip)
			continue
		}
		if hd.Get("Vary") != "Accept-Encoding" {
			t.Errorf("GET %s: Vary %q", tt.path, hd.Get("Vary"))
		}
		body := rec.Body.Bytes()
		if tt.gzip {
			body = gunzip(t, body)
		}
		if tt.want != nil && !bytes.Equal(body, tt.want) {
			t.Errorf("GET %s (Accept-Encoding %q): wrong bytes (%d, want %d)", tt.path, tt.accept, len(body), len(tt.want))
		}
		if hd.Get("Content-Length") != "" && hd.Get("Content-Length") != itoa(rec.Body.Len()) {
			t.Errorf("GET %s: Content-Length %s for %d bytes", tt.path, hd.Get("Content-Length"), rec.Body.Len())
		}
	}
}

// The committed .gz is sent as it is, byte for byte.
func TestPrecompressedSentVerbatim(t *testing.T) {
	rec := do(testHandler(t), "GET", "/dist/main.wasm", "Accept-Encoding: gzip")
	if !bytes.Equal(rec.Body.Bytes(), wasmGz) {
		t.Error("dist/main.wasm.gz was not sent verbatim")
	}
}

func TestETags(t *testing.T) {
	h := testHandler(t)
	tests := []struct {
		path, accept string
		bytes        []byte // the representation's bytes: the ETag hashes them
	}{
		{"/dist/main.wasm", "gzip", wasmGz},
		{"/dist/main.wasm", "", wasmBytes}, // decoded: hashed all the same
		{"/app.js", "", appJS},
		{"/app.js", "gzip", nil},
		{"/data/shard.bin", "gzip", nil},
		{"/data/noise.bin", "gzip", noiseBin},
		{"/", "gzip", nil},
	}
	for _, tt := range tests {
		ae := "Accept-Encoding: " + tt.accept
		rec := do(h, "GET", tt.path, ae)
		tag := rec.Header().Get("ETag")
		if want := tagOf(rec.Body.Bytes()); tag != want {
			t.Errorf("GET %s (%q): ETag %s, want the hash of the body %s", tt.path, tt.accept, tag, want)
		}
		if tt.bytes != nil && tag != tagOf(tt.bytes) {
			t.Errorf("GET %s (%q): ETag %s is not the hash of the representation", tt.path, tt.accept, tag)
		}
		for _, inm := range []string{tag, "W/" + tag, `"other", ` + tag, "*"} {
			for _, method := range []string{"GET", "HEAD"} {
				r := do(h, method, tt.path, ae, "If-None-Match: "+inm)
				if r.Code != http.StatusNotModified || r.Body.Len() != 0 {
					t.Errorf("%s %s (%q) If-None-Match %s: %d, %d bytes; want 304", method, tt.path, tt.accept, inm, r.Code, r.Body.Len())
				}
				if r.Header().Get("ETag") != tag || r.Header().Get("Vary") != "Accept-Encoding" || r.Header().Get("Cache-Control") != cacheFiles {
					t.Errorf("%s %s If-None-Match: 304 without ETag/Vary/Cache-Control: %v", method, tt.path, r.Header())
				}
			}
		}
		r := do(h, "GET", tt.path, ae, `If-None-Match: "stale"`)
		if r.Code != http.StatusOK {
			t.Errorf("GET %s If-None-Match stale tag: %d", tt.path, r.Code)
		}
	}
	// The two representations have different tags, and one's tag does not
	// validate the other.
	for _, p := range []string{"/dist/main.wasm", "/app.js", "/data/shard.bin", "/data/packed.bin"} {
		g := do(h, "GET", p, "Accept-Encoding: gzip").Header().Get("ETag")
		i := do(h, "GET", p).Header().Get("ETag")
		if g == i {
			t.Errorf("%s: gzip and identity share the ETag %s", p, g)
		}
		if r := do(h, "GET", p, "If-None-Match: "+g); r.Code != http.StatusOK || r.Header().Get("Content-Encoding") != "" {
			t.Errorf("%s: identity request with the gzip tag: %d %q", p, r.Code, r.Header().Get("Content-Encoding"))
		}
		if r := do(h, "GET", p, "Accept-Encoding: gzip", "If-None-Match: "+i); r.Code != http.StatusOK {
			t.Errorf("%s: gzip request with the identity tag: %d", p, r.Code)
		}
	}
	if r := do(h, "GET", "/app.js", "If-Match: "+tagOf(appJS)); r.Code != http.StatusOK {
		t.Errorf("If-Match current tag: %d", r.Code)
	}
	if r := do(h, "GET", "/app.js", `If-Match: "stale"`); r.Code != http.StatusPreconditionFailed {
		t.Errorf("If-Match stale tag: %d", r.Code)
	}
}

func TestHead(t *testing.T) {
	h := testHandler(t)
	for _, tt := range []struct {
		path, accept string
		size         int
	}{
		{"/dist/main.wasm", "", len(wasmBytes)},
		{"/dist/main.wasm", "gzip", len(wasmGz)},
		{"/app.js", "", len(appJS)},
		{"/", "", len(indexHTML)},
	} {
		get := do(h, "GET", tt.path, "Accept-Encoding: "+tt.accept)
		head := do(h, "HEAD", tt.path, "Accept-Encoding: "+tt.accept)
		if head.Code != 200 || head.Body.Len() != 0 || head.Header().Get("Content-Length") != itoa(tt.size) {
			t.Errorf("HEAD %s (%q): %d, %d bytes, Content-Length %q; want 200, 0, %d",
				tt.path, tt.accept, head.Code, head.Body.Len(), head.Header().Get("Content-Length"), tt.size)
		}
		for _, k := range []string{"Content-Type", "Content-Encoding", "ETag", "Vary", "Cache-Control", "Content-Security-Policy"} {
			if head.Header().Get(k) != get.Header().Get(k) {
				t.Errorf("HEAD %s: %s %q, GET gives %q", tt.path, k, head.Header().Get(k), get.Header().Get(k))
			}
		}
	}
}

func TestRange(t *testing.T) {
	h := testHandler(t)
	tests := []struct {
		path, accept, rng string
		want              []byte // the whole representation
		from, to          int    // the expected slice of it
	}{
		{"/dist/main.wasm", "", "bytes=0-9", wasmBytes, 0, 10},
		{"/dist/main.wasm", "", "bytes=100-", wasmBytes, 100, len(wasmBytes)},
		{"/dist/main.wasm", "", "bytes=-7", wasmBytes, len(wasmBytes) - 7, len(wasmBytes)},
		{"/dist/main.wasm", "gzip", "bytes=5-14", wasmGz, 5, 15}, // a range of the gzip bytes
		{"/data/noise.bin", "gzip", "bytes=1000-1999", noiseBin, 1000, 2000},
		{"/app.js", "", "bytes=16-31", appJS, 16, 32},
	}
	for _, tt := range tests {
		rec := do(h, "GET", tt.path, "Accept-Encoding: "+tt.accept, "Range: "+tt.rng)
		want := tt.want[tt.from:tt.to]
		cr := "bytes " + itoa(tt.from) + "-" + itoa(tt.to-1) + "/" + itoa(len(tt.want))
		if rec.Code != http.StatusPartialContent || !bytes.Equal(rec.Body.Bytes(), want) || rec.Header().Get("Content-Range") != cr {
			t.Errorf("GET %s (%q) Range %s: %d %q %d bytes; want 206 %q %d bytes",
				tt.path, tt.accept, tt.rng, rec.Code, rec.Header().Get("Content-Range"), rec.Body.Len(), cr, len(want))
		}
	}

	// Two ranges: multipart/byteranges.
	rec := do(h, "GET", "/dist/main.wasm", "Range: bytes=0-3,10-13")
	mt, params, _ := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if rec.Code != http.StatusPartialContent || mt != "multipart/byteranges" {
		t.Fatalf("two ranges: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	mr := multipart.NewReader(rec.Body, params["boundary"])
	for _, want := range [][]byte{wasmBytes[0:4], wasmBytes[10:14]} {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(p)
		if !bytes.Equal(b.Bytes(), want) || p.Header.Get("Content-Type") != "application/wasm" {
			t.Errorf("part %q %q, want %q", p.Header.Get("Content-Type"), b.Bytes(), want)
		}
	}

	// Unsatisfiable: 416, and no Content-Encoding on the error.
	rec = do(h, "GET", "/dist/main.wasm", "Accept-Encoding: gzip", "Range: bytes=99999999-")
	if rec.Code != http.StatusRequestedRangeNotSatisfiable || rec.Header().Get("Content-Encoding") != "" {
		t.Errorf("unsatisfiable range: %d, Content-Encoding %q", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	// If-Range with a stale tag: the whole representation.
	rec = do(h, "GET", "/app.js", "Range: bytes=0-9", `If-Range: "stale"`)
	if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), appJS) {
		t.Errorf("If-Range stale: %d, %d bytes", rec.Code, rec.Body.Len())
	}
	rec = do(h, "GET", "/app.js", "Range: bytes=0-9", "If-Range: "+tagOf(appJS))
	if rec.Code != http.StatusPartialContent || !bytes.Equal(rec.Body.Bytes(), appJS[:10]) {
		t.Errorf("If-Range current: %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

func TestMethodsHealthzNotFound(t *testing.T) {
	h := testHandler(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND"} {
		for _, p := range []string{"/", "/app.js", "/healthz", "/nope"} {
			rec := do(h, m, p)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q; want 405, GET, HEAD", m, p, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
	for _, m := range []string{"GET", "HEAD"} {
		rec := do(h, m, "/healthz")
		want := "ok\n"
		if m == "HEAD" {
			want = ""
		}
		if rec.Code != 200 || rec.Body.String() != want || rec.Header().Get("Cache-Control") != cacheNever ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
			t.Errorf("%s /healthz: %d %q %v", m, rec.Code, rec.Body.String(), rec.Header())
		}
	}
	for _, p := range []string{"/nope", "/nope.html", "/dist/main.wasm.gz", "/data/packed.bin.gz", "/healthz/", "/index.html/",
		"/dist/theory.html", "/theory/", "/theory.html"} {
		rec := do(h, "GET", p, "Accept-Encoding: gzip")
		if rec.Code != http.StatusNotFound || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") ||
			rec.Header().Get("Content-Encoding") != "" || rec.Header().Get("ETag") != "" {
			t.Errorf("GET %s: %d %v; want a plain 404", p, rec.Code, rec.Header())
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := testHandler(t)
	for _, rec := range []interface {
		Result() *http.Response
	}{
		do(h, "GET", "/"),
		do(h, "GET", "/figure.html", "Accept-Encoding: gzip"),
		do(h, "GET", "/theory", "Accept-Encoding: gzip"),
		do(h, "GET", "/dist/main.wasm"),
		do(h, "GET", "/app.js", "If-None-Match: "+tagOf(appJS)),
		do(h, "GET", "/healthz"),
		do(h, "GET", "/nope"),
		do(h, "POST", "/"),
	} {
		resp := rec.Result()
		hd := resp.Header
		if hd.Get("Content-Security-Policy") != CSP || hd.Get("X-Content-Type-Options") != "nosniff" ||
			hd.Get("Referrer-Policy") != "no-referrer" || hd.Get("Permissions-Policy") != PermissionsPolicy {
			t.Errorf("%d response: security headers %v", resp.StatusCode, hd)
		}
		for _, k := range []string{"X-Frame-Options", "Cross-Origin-Opener-Policy", "Last-Modified", "Server"} {
			if hd.Get(k) != "" {
				t.Errorf("%d response: unwanted %s: %q", resp.StatusCode, k, hd.Get(k))
			}
		}
	}
	for _, p := range []string{"/", "/theory"} {
		if rec := do(h, "GET", p); rec.Header().Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: HTML Cache-Control %q, want no-cache", p, rec.Header().Get("Cache-Control"))
		}
	}
}

// The CSP allows WebAssembly and the page's own resources, and nothing that
// would let an injected script run.
func TestCSP(t *testing.T) {
	dirs := map[string][]string{}
	for d := range strings.SplitSeq(CSP, ";") {
		f := strings.Fields(d)
		if len(f) == 0 {
			t.Fatalf("empty directive in %q", CSP)
		}
		if _, dup := dirs[f[0]]; dup {
			t.Errorf("directive %s twice", f[0])
		}
		dirs[f[0]] = f[1:]
	}
	want := map[string]string{
		"default-src": "'self'",
		"script-src":  "'self' 'wasm-unsafe-eval'",
		"style-src":   "'self'",
		"img-src":     "'self' data: blob:",
		"connect-src": "'self'",
		"frame-src":   "'self'",
		"worker-src":  "'self'",
		"object-src":  "'none'",
		"base-uri":    "'none'",
		"form-action": "'none'",
	}
	for k, v := range want {
		if got := strings.Join(dirs[k], " "); got != v {
			t.Errorf("%s %q, want %q", k, got, v)
		}
	}
	if _, ok := dirs["frame-ancestors"]; ok {
		t.Error("frame-ancestors present: lecture notes (also from file: pages) must be able to embed the lab")
	}
	for _, bad := range []string{"'unsafe-eval'", "'unsafe-inline'", "*", "http:", "https:", "'unsafe-hashes'"} {
		for k, v := range dirs {
			for _, s := range v {
				if s == bad {
					t.Errorf("%s allows %s", k, bad)
				}
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
