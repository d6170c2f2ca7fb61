//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns $SGDLAB_CHROMIUM, /usr/bin/chromium or a Chromium on
// PATH, or "".
func findChromium() string {
	if p := os.Getenv("SGDLAB_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// The page starts a Web Worker that runs the test binary with wasm_exec.js
// and posts each line the binary writes; the page keeps them for us.
const (
	benchHTML = `<!doctype html><meta charset="utf-8"><title>bench</title><script src="page.js"></script>`
	benchPage = `window.bench = {lines: [], done: false, code: null, error: null};
const w = new Worker('worker.js');
w.onmessage = (e) => {
	const m = e.data;
	if (m.line !== undefined) window.bench.lines.push(m.line);
	if (m.done) { window.bench.done = true; window.bench.code = m.code; }
	if (m.error) { window.bench.done = true; window.bench.error = m.error; }
};
w.onerror = (e) => { window.bench.done = true; window.bench.error = String(e.message || e); };`
	benchWorker = `console.log = (...a) => postMessage({line: a.join(' ')});
console.error = console.log; console.warn = console.log;
importScripts('wasm_exec.js');
(async () => {
	const args = await (await fetch('args.json')).json();
	const go = new Go();
	go.argv = ['pkg.test'].concat(args);
	let code = 0;
	go.exit = (c) => { code = c; };
	const {instance} = await WebAssembly.instantiateStreaming(fetch('pkg.test.wasm'), go.importObject);
	await go.run(instance);
	postMessage({done: true, code});
})().catch((e) => postMessage({error: String(e && e.stack || e)}));`
)

// runInBrowser builds the package's test binary for js/wasm, serves it on
// loopback and runs it in headless Chromium; it returns what the binary
// printed, in the format of go test.
func runInBrowser(chromium, goroot, pkg string, args []string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "ratio-browser-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	wasm := filepath.Join(dir, "pkg.test.wasm")
	build := exec.Command("go", "test", "-c", "-o", wasm, pkg)
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go test -c: %v\n%s", err, out)
	}
	// go test's own flags become the binary's -test.* flags.
	var targs []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") && i+1 < len(args) {
			targs = append(targs, "-test."+strings.TrimPrefix(a, "-")+"="+args[i+1])
			i++
		}
	}
	argsJSON, _ := json.Marshal(targs)

	mux := http.NewServeMux()
	static := map[string][2]string{
		"/":          {"text/html; charset=utf-8", benchHTML},
		"/page.js":   {"text/javascript", benchPage},
		"/worker.js": {"text/javascript", benchWorker},
		"/args.json": {"application/json", string(argsJSON)},
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/wasm_exec.js":
			w.Header().Set("Content-Type", "text/javascript")
			http.ServeFile(w, r, filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
		case "/pkg.test.wasm":
			w.Header().Set("Content-Type", "application/wasm")
			http.ServeFile(w, r, wasm)
		default:
			f, ok := static[r.URL.Path]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", f[0])
			w.Write([]byte(f[1]))
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+ln.Addr().String()+"/")); err != nil {
		return nil, err
	}

	type state struct {
		Lines []string `json:"lines"`
		Done  bool     `json:"done"`
		Code  *int     `json:"code"`
		Error *string  `json:"error"`
	}
	var st state
	printed := 0
	for deadline := time.Now().Add(30 * time.Minute); ; {
		st, err = chromedp.Run(ctx, chromedp.Evaluate[state](`window.bench`))
		if err != nil {
			return nil, err
		}
		for _, l := range st.Lines[printed:] {
			fmt.Fprintln(os.Stderr, "  chromium:", l)
		}
		printed = len(st.Lines)
		if st.Done {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("not done after 30 min")
		}
		time.Sleep(500 * time.Millisecond)
	}
	out := []byte(strings.Join(st.Lines, "\n") + "\n")
	switch {
	case st.Error != nil:
		return out, fmt.Errorf("%s", *st.Error)
	case st.Code != nil && *st.Code != 0:
		return out, fmt.Errorf("the test binary exited with %d", *st.Code)
	}
	return out, nil
}
