//go:build !js

package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The harness test checks the tools of the lab test against a throwaway page
// with a strict CSP: Chromium starts with our flags, polling works where
// `new Function` is forbidden, WebGL draws something a screenshot sees in a
// same-origin iframe, and the console collector catches exceptions,
// console.error and CSP violations in the page and in the iframe. It needs no
// server binary, so it runs even when the lab's page is broken.

const harnessCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'"

var harnessFiles = map[string]string{
	"/": `<!doctype html><html><head><meta charset="utf-8"><title>harness</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/s.css"></head>
<body><h1>harness</h1><iframe src="/frame.html" width="400" height="300"></iframe>
<script src="/app.js"></script></body></html>`,
	"/s.css": `body{font-family:sans-serif;margin:0} canvas{display:block} iframe{border:0}`,
	"/app.js": `const f = document.querySelector('iframe');
f.addEventListener('load', () => {
	setTimeout(() => { document.body.dataset.ready = '1'; }, 300);
});
if (f.contentDocument && f.contentDocument.readyState === 'complete') document.body.dataset.ready = '1';
let frames = 0;
const tick = () => { window.rafCount = ++frames; requestAnimationFrame(tick); };
requestAnimationFrame(tick);`,
	"/frame.html": `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<link rel="stylesheet" href="/s.css"></head>
<body><canvas width="400" height="300"></canvas><script src="/gl.js"></script></body></html>`,
	// Clear to dark blue, then draw an orange square with a scissor test.
	"/gl.js": `const c = document.querySelector('canvas');
const gl = c.getContext('webgl2', {preserveDrawingBuffer: true});
if (!gl) throw new Error('no WebGL2');
gl.clearColor(0.1, 0.1, 0.3, 1); gl.clear(gl.COLOR_BUFFER_BIT);
gl.enable(gl.SCISSOR_TEST); gl.scissor(100, 75, 200, 150);
gl.clearColor(1, 0.5, 0, 1); gl.clear(gl.COLOR_BUFFER_BIT);
window.glRenderer = gl.getParameter(gl.RENDERER);`,
	// The bad page: an inline script (blocked by the CSP), a thrown error, a
	// console.error, and an iframe that does the same.
	"/bad": `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script>window.inlineRan = true;</script>
<iframe src="/badframe.html"></iframe>
<script src="/bad.js"></script></body></html>`,
	"/bad.js":        `console.error('harness: an error on purpose'); setTimeout(() => { throw new Error('harness: thrown on purpose'); }, 0);`,
	"/badframe.html": `<!doctype html><html><body><script>window.x = 1;</script><script src="/badframe.js"></script></body></html>`,
	"/badframe.js":   `Promise.reject(new Error('harness: rejected in the iframe'));`,
}

func harnessServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := harnessFiles[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch {
		case strings.HasSuffix(r.URL.Path, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
		case strings.HasSuffix(r.URL.Path, ".css"):
			w.Header().Set("Content-Type", "text/css")
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Header().Set("Content-Security-Policy", harnessCSP)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestHarness(t *testing.T) {
	chromium := needChromium(t)
	srv := harnessServer(t)
	browser := startBrowser(t, chromium)

	t.Run("CleanPage", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(srv.URL + "/")
		poll(tb, "ready", `document.body.dataset.ready === "1"`, time.Minute,
			func(ok bool) (bool, error) { return ok, nil })
		// ebiten draws from requestAnimationFrame: a tab must get frames.
		poll(tb, "10 animation frames", `window.rafCount || 0`, time.Minute,
			func(n int) (bool, error) { return n >= 10, nil })
		renderer := mustEval[string](tb, `document.querySelector('iframe').contentWindow.glRenderer || ""`)
		t.Logf("WebGL renderer: %q", renderer)
		png := tb.screenshotOf("iframe")
		writeArtifact(t, "harness-iframe.png", png)
		st, err := pngStats(png)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("iframe screenshot: %+v", st)
		// The orange square is 200×150 of 400×300 pixels: a quarter.
		if st.Width != 400 || st.Height != 300 || st.NonBackground < 200*150*9/10 || st.NonBackground > 200*150*11/10 {
			t.Errorf("iframe screenshot %+v: want 400×300 with ~30000 non-background pixels", st)
		}
		full := tb.screenshotFull()
		if st, err := pngStats(full); err != nil || st.Width != viewW {
			t.Errorf("full screenshot: %+v, %v; want width %d", st, err, viewW)
		}
	})

	t.Run("CollectorCatchesErrors", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(srv.URL + "/bad")
		poll(tb, "the bad page's load", `document.readyState === "complete"`, time.Minute,
			func(ok bool) (bool, error) { return ok, nil })
		// The timer throws after the load: wait until the collector has it.
		for end := time.Now().Add(30 * time.Second); time.Now().Before(end); {
			tb.flush()
			if strings.Contains(tb.consoleText(), "thrown on purpose") {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		errs, warns := tb.consoleProblems()
		all := strings.Join(errs, "\n")
		t.Logf("caught:\n%s\nwarnings: %q", all, warns)
		for _, want := range []string{
			"harness: an error on purpose",
			"harness: thrown on purpose",
			"harness: rejected in the iframe",
			"securitypolicyviolation: script-src-elem blocked inline",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("the collector missed %q", want)
			}
		}
		// Two inline scripts (page and iframe) are blocked: two probe reports.
		if n := strings.Count(all, "securitypolicyviolation:"); n != 2 {
			t.Errorf("%d CSP violations reported by the probe, want 2", n)
		}
		if ran := mustEval[bool](tb, `window.inlineRan === true`); ran {
			t.Error("the inline script ran despite the CSP")
		}
	})
}
