//go:build !js

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The viewport of every tab, in CSS pixels (device scale factor 1).
const viewW, viewH = 1280, 900

// chromiumPath finds the browser: $SGDLAB_CHROMIUM, /usr/bin/chromium, then
// the usual names on PATH. It returns "" when there is none.
func chromiumPath() string {
	if p := os.Getenv("SGDLAB_CHROMIUM"); p != "" {
		return p
	}
	if st, err := os.Stat("/usr/bin/chromium"); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

var bannerOnce sync.Once

// needChromium returns the browser's path. Without one the test skips with a
// loud message, or fails under CI=true, where .ci/deps must have installed it.
func needChromium(t *testing.T) string {
	t.Helper()
	p := chromiumPath()
	if p != "" {
		return p
	}
	bar := strings.Repeat("!", 78)
	msg := "\n" + bar + "\n" +
		"!!! Chromium not found: the browser end-to-end tests DID NOT RUN.\n" +
		"!!! Install it (as root: bash .ci/deps, or apt-get install chromium),\n" +
		"!!! or point SGDLAB_CHROMIUM at a Chrome/Chromium binary.\n" + bar
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "\nCI=true: a missing browser is a failure.")
	}
	bannerOnce.Do(func() { fmt.Fprintln(os.Stderr, msg) }) // seen even without -v
	t.Skip(msg)
	return ""
}

// artifactDir is where screenshots and logs go: $SGDLAB_ARTIFACTS or
// e2e/artifacts (git-ignored).
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SGDLAB_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// writeArtifact writes data to the artifact folder and logs where.
func writeArtifact(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(artifactDir(t), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", p, len(data))
	return p
}

// startBrowser starts one headless Chromium for the test and its subtests,
// with the flags below (software WebGL through SwiftShader, no sandbox so
// that root can run it, nothing fetched in the background) and a fresh
// profile under t.TempDir. Tabs are made from the returned context with newTab. Chromium's own output goes to
// <artifacts>/<name>-chromium.log.
func startBrowser(t *testing.T, execPath string) context.Context {
	t.Helper()
	logName := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + "-chromium.log"
	logf, err := os.Create(filepath.Join(artifactDir(t), logName))
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("force-device-scale-factor", "1"),
		chromedp.WindowSize(viewW, viewH),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(logf),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		logf.Close()
	})
	// Start the browser with a context that has no deadline: the browser lives
	// as long as the context of its first Run (see chromedp's README).
	start := make(chan error, 1)
	go func() { start <- chromedp.Do(ctx) }()
	select {
	case err := <-start:
		if err != nil {
			t.Fatalf("starting %s: %v (see %s)", execPath, err, logf.Name())
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("%s did not start within 90 s (see %s)", execPath, logf.Name())
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	t.Logf("browser: %s", v)
	return ctx
}

// cspProbe runs in every frame before the page's own scripts and reports each
// Content-Security-Policy violation on the console, where the tab's collector
// sees it as an error.
const cspProbe = `document.addEventListener('securitypolicyviolation', (e) => {
	console.error('securitypolicyviolation: ' + e.effectiveDirective + ' blocked ' +
		(e.blockedURI || '(inline)') + ' in ' + e.sourceFile + ':' + e.lineNumber);
});`

// tab is one browser tab with a console collector.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
	seen map[string]bool // flush markers that arrived

	// allow, when it returns true, lets a console error through.
	allow func(chromedp.ConsoleMessage) bool
	// checked counts the messages already checked by checkConsole.
	checked int
}

// newTab opens a tab in the browser of parent. It collects the console
// (console API calls, uncaught exceptions, the browser log) and, when the
// test ends, fails it on any error, exception or CSP violation.
func newTab(t *testing.T, parent context.Context) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(parent)
	tb := &tab{t: t, ctx: ctx, seen: map[string]bool{}}
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("new tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe}); err != nil {
		t.Fatalf("installing the CSP probe: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(viewW, viewH)); err != nil {
		t.Fatalf("viewport: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			tb.mu.Lock()
			if strings.HasPrefix(m.Text, "e2e-flush-") {
				tb.seen[m.Text] = true
			} else {
				tb.msgs = append(tb.msgs, m)
			}
			tb.mu.Unlock()
		}
	}()
	t.Cleanup(func() { tb.checkConsole() }) // runs before cancel
	return tb
}

// flush waits until the collector has seen every console message the page
// wrote so far: it logs a marker and waits for it (the stream keeps order).
func (tb *tab) flush() {
	marker := fmt.Sprintf("e2e-flush-%d", time.Now().UnixNano())
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`console.debug(`+jsString(marker)+`)`)); err != nil {
		tb.t.Logf("console flush: %v", err)
		return
	}
	for ctx.Err() == nil {
		tb.mu.Lock()
		ok := tb.seen[marker]
		tb.mu.Unlock()
		if ok {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	tb.t.Logf("console flush: marker not seen within 20 s")
}

// checkConsole fails the test on every console error, uncaught exception and
// CSP violation since the last check, and logs the warnings.
func (tb *tab) checkConsole() {
	tb.t.Helper()
	errs, warns := tb.consoleProblems()
	for _, w := range warns {
		tb.t.Logf("console: %s", w)
	}
	for _, e := range errs {
		tb.t.Errorf("console: %s", e)
	}
}

// consoleProblems returns the errors (console errors, uncaught exceptions,
// security messages such as CSP violations, unless allowed) and the warnings
// collected since the last call.
func (tb *tab) consoleProblems() (errs, warns []string) {
	tb.flush()
	tb.mu.Lock()
	msgs := tb.msgs[tb.checked:]
	tb.checked = len(tb.msgs)
	tb.mu.Unlock()
	for _, m := range msgs {
		s := m.String()
		if m.URL != "" {
			s += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
		}
		if m.Source != "" {
			s += " [" + m.Source + "]"
		}
		switch {
		case m.Type == chromedp.ConsoleError || m.IsException() || m.Source == "security":
			if tb.allow != nil && tb.allow(m) {
				warns = append(warns, "(allowed) "+s)
				continue
			}
			errs = append(errs, s)
		case m.Type == chromedp.ConsoleWarning:
			warns = append(warns, s)
		}
	}
	return errs, warns
}

// consoleText is every message collected so far, one a line.
func (tb *tab) consoleText() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var b strings.Builder
	for _, m := range tb.msgs {
		fmt.Fprintf(&b, "%s\n", m)
	}
	return b.String()
}

// navigate loads url and waits for its load event.
func (tb *tab) navigate(url string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		tb.t.Fatalf("navigate %s: %v", url, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](tb *tab, expr string, opts ...chromedp.EvaluateOption) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, time.Minute)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
}

// mustEval is eval that fails the test on an error.
func mustEval[T any](tb *tab, expr string, opts ...chromedp.EvaluateOption) T {
	tb.t.Helper()
	v, err := eval[T](tb, expr, opts...)
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// errStop ends a poll at once with the error it wraps.
var errStop = errors.New("stop polling")

// poll evaluates expr every 250 ms until done accepts its value, and returns
// that value. It polls from Go (chromedp's Poll compiles its predicate with
// new Function, which the page's CSP rightly forbids). An evaluation error
// (e.g. during a navigation) is retried; done may return an error wrapping
// errStop to give up early. Progress is logged every 15 s; nothing asserts on
// time except the generous timeout.
func poll[T any](tb *tab, what, expr string, timeout time.Duration, done func(T) (bool, error)) T {
	tb.t.Helper()
	start := time.Now()
	deadline := start.Add(timeout)
	nextLog := start.Add(15 * time.Second)
	var last T
	var lastErr error
	for {
		v, err := eval[T](tb, expr)
		if err == nil {
			last, lastErr = v, nil
			ok, derr := done(v)
			if derr != nil {
				tb.t.Fatalf("waiting for %s: %v\nlast value: %+v\nconsole:\n%s", what, derr, v, tb.consoleText())
			}
			if ok {
				tb.t.Logf("%s after %.1f s", what, time.Since(start).Seconds())
				return v
			}
		} else {
			lastErr = err
		}
		now := time.Now()
		if now.After(deadline) {
			tb.t.Fatalf("waiting for %s: not within %v\nlast value: %+v (error: %v)\nconsole:\n%s",
				what, timeout, last, lastErr, tb.consoleText())
		}
		if now.After(nextLog) {
			tb.t.Logf("still waiting for %s after %.0f s: %+v (error: %v)", what, now.Sub(start).Seconds(), last, lastErr)
			nextLog = now.Add(15 * time.Second)
		}
		select {
		case <-tb.ctx.Done():
			tb.t.Fatalf("waiting for %s: %v", what, tb.ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// screenshotFull takes a PNG of the whole page, beyond the viewport.
func (tb *tab) screenshotFull() []byte {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, time.Minute)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatalf("screenshot: %v", err)
	}
	return buf
}

// screenshotOf takes a PNG of the first element that matches the CSS selector.
func (tb *tab) screenshotOf(sel string) []byte {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, time.Minute)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("screenshot of %s: %v", sel, err)
	}
	return buf
}

// pixelStats decodes a PNG and counts the pixels that differ from its most
// common colour (the background), and the number of distinct colours.
type pixelStats struct {
	Width, Height int
	NonBackground int
	Colours       int
}

func pngStats(data []byte) (pixelStats, error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return pixelStats{}, err
	}
	b := img.Bounds()
	counts := map[[4]uint32]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			counts[[4]uint32{r >> 8, g >> 8, bl >> 8, a >> 8}]++
		}
	}
	top := 0
	for _, n := range counts {
		top = max(top, n)
	}
	return pixelStats{
		Width: b.Dx(), Height: b.Dy(),
		NonBackground: b.Dx()*b.Dy() - top,
		Colours:       len(counts),
	}, nil
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
