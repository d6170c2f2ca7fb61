//go:build !js

package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// repoRoot is the module root, the parent of this package's directory.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repo root %s has no go.mod: %v", root, err)
	}
	return root
}

// binaries are the programs under test.
type binaries struct {
	Server, CLI string
}

var (
	binOnce sync.Once
	binVal  binaries
	binErr  error
)

// needBinaries returns the server and CLI binaries: $SGDLAB_SERVER and
// $SGDLAB_CLI when set (`make e2e` sets them after building), otherwise
// bin/sgdlab-server and bin/sgdlab brought up to date by `make` in the repo
// root (the server embeds the wasm that only the Makefile knows how to build).
// Without make, the CLI is built with go build and the server must exist.
func needBinaries(t *testing.T) binaries {
	t.Helper()
	binOnce.Do(func() { binVal, binErr = findBinaries(repoRoot(t)) })
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binVal
}

func findBinaries(root string) (binaries, error) {
	b := binaries{Server: os.Getenv("SGDLAB_SERVER"), CLI: os.Getenv("SGDLAB_CLI")}
	var want []string
	if b.Server == "" {
		b.Server = filepath.Join(root, "bin", "sgdlab-server")
		want = append(want, "bin/sgdlab-server")
	}
	if b.CLI == "" {
		b.CLI = filepath.Join(root, "bin", "sgdlab")
		want = append(want, "bin/sgdlab")
	}
	if len(want) > 0 {
		if _, err := exec.LookPath("make"); err == nil {
			cmd := exec.Command("make", append([]string{"-C", root, "--no-print-directory"}, want...)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				return b, fmt.Errorf("make %s: %v\n%s", strings.Join(want, " "), err, out)
			}
		} else if os.Getenv("SGDLAB_CLI") == "" {
			cmd := exec.Command("go", "build", "-o", b.CLI, "./sim/cmd/sgdlab")
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				return b, fmt.Errorf("go build ./sim/cmd/sgdlab: %v\n%s", err, out)
			}
		}
	}
	for _, p := range []string{b.Server, b.CLI} {
		if st, err := os.Stat(p); err != nil || st.IsDir() {
			return b, fmt.Errorf("no binary at %s (run `make build`, or set SGDLAB_SERVER / SGDLAB_CLI)", p)
		}
	}
	return b, nil
}

// listenLine is the server's announcement of its address.
var listenLine = regexp.MustCompile(`http://127\.0\.0\.1:(\d+)/`)

// startServer runs the server binary on 127.0.0.1:0 and returns its base URL
// (no trailing slash) once it answers /healthz. When the test ends it sends
// SIGTERM and expects a clean exit (graceful shutdown) within 15 s. The
// server's output goes to <artifacts>/server.log.
func startServer(t *testing.T, bin string) string {
	t.Helper()
	logPath := filepath.Join(artifactDir(t), "server.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	var waitErr error
	exited := make(chan struct{})
	go func() { waitErr = cmd.Wait(); pw.Close(); close(exited) }()

	found := make(chan string, 1)
	go func() { // copy the output to the log, and find the address in it
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logf, line)
			if m := listenLine.FindString(line); m != "" {
				select {
				case found <- strings.TrimSuffix(m, "/"):
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
	}()
	t.Cleanup(func() {
		defer logf.Close()
		select {
		case <-exited:
			t.Errorf("server exited during the test: %v (see %s)", waitErr, logPath)
			return
		default:
		}
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
			if waitErr != nil {
				t.Errorf("server after SIGTERM: %v (want a clean exit; see %s)", waitErr, logPath)
			}
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-exited
			t.Errorf("server did not stop within 15 s of SIGTERM (see %s)", logPath)
		}
	})

	var base string
	select {
	case base = <-found:
	case <-exited:
		t.Fatalf("server exited before announcing its address: %v (see %s)", waitErr, logPath)
	case <-time.After(60 * time.Second):
		t.Fatalf("server printed no http://127.0.0.1:PORT/ line within 60 s (see %s)", logPath)
	}
	t.Logf("server at %s (log: %s)", base, logPath)

	// Wait until it answers.
	client := &http.Client{Timeout: 10 * time.Second}
	for end := time.Now().Add(30 * time.Second); ; {
		resp, err := client.Get(base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
			err = errors.New(resp.Status)
		}
		if time.Now().After(end) {
			t.Fatalf("GET %s/healthz: %v", base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return base
}

// readout is the readout JSON that the page's sgdlabPage.readout() returns
// and that `sgdlab -readout json` prints.
type readout struct {
	Items []struct {
		Key   string `json:"key"`
		Label string `json:"label"`
		Value string `json:"value"`
	} `json:"items"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Notes   []string   `json:"notes"`
}

// cliReadout runs the CLI on a link's query and decodes its JSON readout.
func cliReadout(t *testing.T, cli, query string) readout {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, "-link", query, "-readout", "json", "-q")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s -link %q -readout json: %v\n%s", cli, query, err, stderr.String())
	}
	var r readout
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("CLI readout: %v\n%s", err, stdout.String())
	}
	return r
}
