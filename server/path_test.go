package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCleanPath(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"/", "index.html", true},
		{"/index.html", "index.html", true},
		{"/theory", "dist/theory.html", true},
		{"/dist/theory.html", "", false}, // one path per page: /theory
		{"/theory/", "", false},
		{"/theory.html", "theory.html", true}, // a plain name: not in the tree
		{"/dist/main.wasm", "dist/main.wasm", true},
		{"/a b/π.txt", "a b/π.txt", true},
		{"", "", false},
		{"index.html", "", false},
		{"//index.html", "", false},
		{"/../go.mod", "", false},
		{"/dist/../index.html", "", false},
		{"/dist/./main.wasm", "", false},
		{"/dist//main.wasm", "", false},
		{"/dist/", "", false},
		{"/..", "", false},
		{"/.", "", false},
		{"/.hidden", "", false},
		{"/.git/config", "", false},
		{"/data/.cache/x", "", false},
		{"/a\\..\\..\\go.mod", "", false},
		{"/..\\go.mod", "", false},
		{"/C:/Windows/win.ini", "C:/Windows/win.ini", true}, // a plain name here: not in the tree
		{"/index.html\x00.png", "", false},
		{"/\x00", "", false},
	}
	for _, tt := range tests {
		got, ok := cleanPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cleanPath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// Raw requests over TCP to a real server: the path reaches the handler
// exactly as sent (nothing cleans it first), and none may get out of the tree
// (public/ of the fixture, beside secret.txt), reach a hidden file, or list
// a directory.
func TestNoEscape(t *testing.T) {
	srv := httptest.NewServer(testHandler(t))
	defer srv.Close()
	targets := []string{
		"/../secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/%2e%2e%2fsecret.txt",
		"/dist/../../secret.txt",
		"/dist/..%2f..%2fsecret.txt",
		"/dist/%2e%2e/%2e%2e/secret.txt",
		"/..%5csecret.txt",
		"/%5c..%5csecret.txt",
		"/dist\\..\\..\\secret.txt",
		"/%00",
		"/index.html%00",
		"/index.html%00.png",
		"//secret.txt",
		"///secret.txt",
		"/%2fsecret.txt",
		"/%2f%2e%2e%2fsecret.txt",
		"/./index.html",
		"/.hidden",
		"/%2ehidden",
		"/.git/config",
		"/.git/",
		"/data/.cache/x.json",
		"/dist/.gitkeep",
		"/dist/",
		"/dist",
		"/data/",
		"/sub/dir/",
		"/sub/dir",
		"/sub/",
		"/%2e",
		"/%2e%2e",
		"/..",
		"..",
		"../secret.txt",
		"secret.txt",
		"*",
		"http://example.com/../secret.txt",
		"http://example.com/%2e%2e/secret.txt",
		"/secret.txt",
		"/public/index.html",
		"/etc/passwd",
		"/dist/main.wasm/../../secret.txt",
		"/index.html/",
	}
	for _, target := range targets {
		status, body := rawGet(t, srv.Listener.Addr().String(), target)
		switch {
		case status == http.StatusOK || status/100 == 3:
			t.Errorf("GET %s: %d (%q); want 4xx", target, status, body)
		case status/100 != 4:
			t.Errorf("GET %s: %d; want 4xx", target, status)
		case strings.Contains(body, "SECRET"), strings.Contains(body, "<p>lab"):
			t.Errorf("GET %s: %d leaks %q", target, status, body)
		}
	}
	// Control: the same raw client gets the files that exist.
	if status, body := rawGet(t, srv.Listener.Addr().String(), "/sub/dir/deep.txt"); status != 200 || body != "deep" {
		t.Errorf("control: %d %q", status, body)
	}
}

// rawGet sends "GET target HTTP/1.1" verbatim and returns the status and body.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// Over a real connection the gzipped wasm goes with its length, not chunked,
// and a client without gzip gets the decoded bytes with theirs.
func TestWireLengths(t *testing.T) {
	srv := httptest.NewServer(testHandler(t))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, tt := range []struct {
		accept string
		want   []byte
	}{{"gzip", wasmGz}, {"identity", wasmBytes}} {
		req, _ := http.NewRequest("GET", srv.URL+"/dist/main.wasm", nil)
		req.Header.Set("Accept-Encoding", tt.accept)
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.ContentLength != int64(len(tt.want)) || len(resp.TransferEncoding) != 0 || !bytes.Equal(b, tt.want) {
			t.Errorf("%s: Content-Length %d, Transfer-Encoding %v, %d bytes; want %d, none, the bytes",
				tt.accept, resp.ContentLength, resp.TransferEncoding, len(b), len(tt.want))
		}
	}
}
