package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

var urlLine = regexp.MustCompile(`^sgdlab serving on (http://127\.0\.0\.1:(\d+)/)\n$`)

// startRun runs run in-process on 127.0.0.1:0 and returns the base URL, a
// function that stops it and returns its error, and its stderr (complete
// once stopped).
func startRun(t *testing.T, fsys fs.FS, args ...string) (string, func() error, *strings.Builder) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	stderr := new(strings.Builder)
	done := make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw, stderr, fsys)
		pw.CloseWithError(errors.New("run returned"))
		done <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no URL line: %v (run: %v)", err, <-done)
	}
	m := urlLine.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("URL line %q", line)
	}
	stop := func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(shutdownTimeout + 5*time.Second):
			t.Fatal("run did not return after its context ended")
			return nil
		}
	}
	return m[1], stop, stderr
}

func TestRun(t *testing.T) {
	sub, _ := fs.Sub(tree(), "public")
	base, stop, stderr := startRun(t, sub, "-v")
	resp, err := http.Get(base + "healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "ok\n" {
		t.Errorf("healthz: %d %q", resp.StatusCode, b)
	}
	resp, err = http.Get(base) // Go's client asks for gzip and decodes it
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != string(indexHTML) || !resp.Uncompressed {
		t.Errorf("/: %d, gzip %v, %d bytes", resp.StatusCode, resp.Uncompressed, len(b))
	}
	if err := stop(); err != nil {
		t.Errorf("run after its context ended: %v, want nil", err)
	}
	log := stderr.String()
	if !strings.Contains(log, "GET /healthz 200") || !strings.Contains(log, "GET / 200") {
		t.Errorf("-v log:\n%s", log)
	}
	if strings.Contains(log, "WARNING") {
		t.Errorf("warning with the wasm present:\n%s", log)
	}
	if _, err := http.Get(base + "healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
}

// Without the build outputs the server still serves, and says what is missing.
func TestRunWithoutWasm(t *testing.T) {
	base, stop, stderr := startRun(t, fstest.MapFS{"index.html": {Data: indexHTML}})
	resp, err := http.Get(base + "dist/main.wasm")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("dist/main.wasm: %d", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Error(err)
	}
	log := stderr.String()
	for _, want := range []string{"WARNING", "dist/main.wasm", "dist/wasm_exec.js", "make run", "theory page was not built"} {
		if !strings.Contains(log, want) {
			t.Errorf("warning lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "GET ") {
		t.Errorf("requests logged without -v:\n%s", log)
	}
}

func TestRunErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for _, tt := range []struct {
		args []string
		fsys fs.FS
	}{
		{[]string{"-nope"}, fstest.MapFS{}},
		{[]string{"extra"}, fstest.MapFS{}},
		{[]string{"-addr", ln.Addr().String()}, fstest.MapFS{}}, // in use
		{[]string{"-addr", "nohost:xyz"}, fstest.MapFS{}},
		{[]string{"-addr", "127.0.0.1:0"}, fstest.MapFS{"x.gz": {Data: []byte("junk")}}},
	} {
		var out, errw strings.Builder
		if err := run(context.Background(), tt.args, &out, &errw, tt.fsys); err == nil {
			t.Errorf("run %q: no error", tt.args)
		}
		if out.Len() != 0 {
			t.Errorf("run %q printed %q", tt.args, out.String())
		}
	}
	var errw strings.Builder
	if err := run(context.Background(), []string{"-h"}, io.Discard, &errw, fstest.MapFS{}); !errors.Is(err, flag.ErrHelp) ||
		!strings.Contains(errw.String(), "-addr") {
		t.Errorf("-h: %v\n%s", err, errw.String())
	}
}

func TestServerURL(t *testing.T) {
	for _, tt := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080/"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 80}, "http://[::1]:80/"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://localhost:8080/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://localhost:8080/"},
	} {
		if got := serverURL(tt.addr); got != tt.want {
			t.Errorf("serverURL(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// The real binary prints its URL, serves, and exits 0 on SIGTERM and SIGINT.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "sgdlab-server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill() })
			out := bufio.NewReader(stdout)
			line, err := out.ReadString('\n')
			if err != nil {
				cmd.Wait()
				t.Fatalf("no URL line: %v\n%s", err, stderr.String())
			}
			done := make(chan error, 1)
			go func() {
				io.Copy(io.Discard, out) // read all before Wait
				done <- cmd.Wait()
			}()
			m := urlLine.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("URL line %q", line)
			}
			for _, p := range []string{"healthz", "", "figure.html"} {
				resp, err := http.Get(m[1] + p)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") != CSP {
					t.Errorf("GET /%s: %d %q", p, resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
				}
			}
			cmd.Process.Signal(sig)
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("exit after %v: %v\n%s", sig, err, stderr.String())
				}
			case <-time.After(shutdownTimeout + 5*time.Second):
				t.Errorf("still running after %v", sig)
			}
		})
	}
}
