//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Generous timeouts: WebGL runs on SwiftShader and CI has 2 cores. Nothing
// asserts on time; these only bound a hang.
const (
	readyTimeout = 3 * time.Minute
	doneTimeout  = 10 * time.Minute
)

// pageState is what the lab page exposes on <body>: data-ready="1" once the
// figure's wasm is ready and the first load() returned, and data-status, the
// run status (ready|running|paused|done|error).
type pageState struct {
	Ready  string `json:"ready"`
	Status string `json:"status"`
	Search string `json:"search"`
}

const stateJS = `(() => {
	const b = document.body;
	return {ready: (b && b.dataset.ready) || "", status: (b && b.dataset.status) || "", search: location.search};
})()`

// openLab starts the server and Chromium, opens path (a link such as
// "/?v=1&lab=batch") in a new tab and waits until the page is ready.
func openLab(t *testing.T, path string) *tab {
	t.Helper()
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	tb := newTab(t, startBrowser(t, chromium))
	tb.navigate(base + path)
	waitReady(tb)
	return tb
}

// waitReady waits until the page says it is ready.
func waitReady(tb *tab) pageState {
	tb.t.Helper()
	return poll(tb, "data-ready=1", stateJS, readyTimeout, func(s pageState) (bool, error) {
		return s.Ready == "1", nil
	})
}

// waitDone waits until the run's status is done; status error ends it early.
func waitDone(tb *tab) pageState {
	tb.t.Helper()
	return poll(tb, "status done", stateJS, doneTimeout, func(s pageState) (bool, error) {
		if s.Status == "error" {
			r, _ := eval[string](tb, `JSON.stringify(window.sgdlabPage.readout())`)
			return false, fmt.Errorf("%w: the run's status is error; readout %s", errStop, r)
		}
		return s.Ready == "1" && s.Status == "done", nil
	})
}

// pageReadout reads window.sgdlabPage.readout().
func pageReadout(tb *tab) readout {
	tb.t.Helper()
	raw := mustEval[string](tb, `JSON.stringify(window.sgdlabPage.readout())`)
	var r readout
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		tb.t.Fatalf("page readout: %v\n%s", err, raw)
	}
	return r
}

// canvasStats is what the figure's sgdlab.canvasStats() reports, read with
// ebiten's ReadPixels inside Draw (toDataURL reads blank).
type canvasStats struct {
	Width         int `json:"width"`
	Height        int `json:"height"`
	NonBackground int `json:"nonBackground"`
}

func figureStats(tb *tab) canvasStats {
	tb.t.Helper()
	raw := mustEval[string](tb, `document.querySelector('iframe').contentWindow.sgdlab.canvasStats()`,
		chromedp.EvalAwaitPromise)
	var s canvasStats
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		tb.t.Fatalf("canvasStats: %v\n%s", err, raw)
	}
	return s
}

// withParam returns the query q with key=value set (q may start with "?").
func withParam(q, key, value string) string {
	q = strings.TrimPrefix(q, "?")
	var parts []string
	for p := range strings.SplitSeq(q, "&") {
		if p != "" && p != key && !strings.HasPrefix(p, key+"=") {
			parts = append(parts, p)
		}
	}
	return strings.Join(append(parts, key+"="+url.QueryEscape(value)), "&")
}

// compareReadouts reports every cell where the page and the CLI differ.
func compareReadouts(t *testing.T, page, cli readout) {
	t.Helper()
	for _, d := range readoutDiffs(page, cli) {
		t.Error(d)
	}
}

// readoutDiffs lists the differences between the page's readout and the
// CLI's: columns, rows cell by cell (string-equal), and the value of every
// item key both have.
func readoutDiffs(page, cli readout) []string {
	var diffs []string
	if strings.Join(page.Columns, "|") != strings.Join(cli.Columns, "|") {
		diffs = append(diffs, fmt.Sprintf("columns differ:\npage %q\ncli  %q", page.Columns, cli.Columns))
	}
	if len(page.Rows) != len(cli.Rows) {
		diffs = append(diffs, fmt.Sprintf("page has %d rows, the CLI %d", len(page.Rows), len(cli.Rows)))
	}
	for i := range min(len(page.Rows), len(cli.Rows)) {
		p, c := page.Rows[i], cli.Rows[i]
		if len(p) != len(c) {
			diffs = append(diffs, fmt.Sprintf("row %d: page has %d cells, the CLI %d:\npage %q\ncli  %q", i, len(p), len(c), p, c))
			continue
		}
		for j := range p {
			if p[j] != c[j] {
				col := fmt.Sprint(j)
				if j < len(cli.Columns) {
					col = cli.Columns[j]
				}
				diffs = append(diffs, fmt.Sprintf("row %d, %s: page %q, CLI %q", i, col, p[j], c[j]))
			}
		}
	}
	// The items (n, d, β, λ…) describe the same problem: each key both show
	// must have the same value.
	cliItems := map[string]string{}
	for _, it := range cli.Items {
		cliItems[it.Key] = it.Value
	}
	shared := 0
	for _, it := range page.Items {
		if v, ok := cliItems[it.Key]; ok {
			shared++
			if v != it.Value {
				diffs = append(diffs, fmt.Sprintf("item %s: page %q, CLI %q", it.Key, it.Value, v))
			}
		}
	}
	if len(cli.Items) > 0 && shared == 0 {
		diffs = append(diffs, fmt.Sprintf("the page's readout items share no key with the CLI's: page %+v", page.Items))
	}
	return diffs
}

// checkNoNaN fails on a readout cell that shows a non-number to the user.
func checkNoNaN(t *testing.T, r readout) {
	t.Helper()
	for i, row := range r.Rows {
		for j, c := range row {
			if strings.Contains(c, "NaN") || strings.Contains(c, "Inf") || c == "undefined" {
				t.Errorf("readout row %d cell %d shows %q", i, j, c)
			}
		}
	}
}

// checkFigureDrawn checks the figure twice: the page's own pixel count, and
// an independent CDP screenshot of the iframe.
func checkFigureDrawn(t *testing.T, tb *tab, name string) {
	t.Helper()
	st := figureStats(tb)
	t.Logf("canvasStats: %+v", st)
	if st.Width < 200 || st.Height < 150 {
		t.Errorf("canvas is %d×%d, want at least 200×150", st.Width, st.Height)
	}
	// Axes, ticks, labels and a few curves: well over 0.5% of the pixels.
	if minPx := st.Width * st.Height / 200; st.NonBackground < max(minPx, 500) {
		t.Errorf("canvas looks blank: %d non-background pixels of %d×%d", st.NonBackground, st.Width, st.Height)
	}
	png := tb.screenshotOf("iframe")
	writeArtifact(t, name+"-figure.png", png)
	ss, err := pngStats(png)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("iframe screenshot: %+v", ss)
	if ss.NonBackground < max(ss.Width*ss.Height/200, 500) || ss.Colours < 3 {
		t.Errorf("iframe screenshot looks blank: %+v", ss)
	}
}

func TestLab(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)

	// The default link: ready, its canonical form reproduces the same run as
	// the CLI, the figure is drawn, and the screenshot for the README.
	t.Run("DefaultLink", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(base + "/")
		st := waitReady(tb)
		canonical := strings.TrimPrefix(st.Search, "?")
		t.Logf("canonical link after load: ?%s", canonical)
		if strings.Contains(canonical, "autoplay=1") {
			t.Errorf("loading / turned autoplay on in the link: %q", canonical)
		}
		if st.Status != "ready" {
			t.Errorf("status after load without autoplay = %q, want ready", st.Status)
		}

		// Open the shared link with autoplay and run it to the end.
		tb.navigate(base + "/?" + withParam(canonical, "autoplay", "1"))
		waitReady(tb)
		st = waitDone(tb)
		final := strings.TrimPrefix(st.Search, "?")
		if withParam(final, "autoplay", "1") != withParam(canonical, "autoplay", "1") {
			t.Errorf("the link changed while running:\nbefore ?%s\nafter  ?%s", canonical, final)
		}

		got := pageReadout(tb)
		want := cliReadout(t, bins.CLI, canonical)
		pj, _ := json.MarshalIndent(got, "", "  ")
		cj, _ := json.MarshalIndent(want, "", "  ")
		writeArtifact(t, "default-readout-page.json", pj)
		writeArtifact(t, "default-readout-cli.json", cj)
		if len(want.Rows) == 0 {
			t.Fatalf("the CLI's readout has no rows: %s", cj)
		}
		compareReadouts(t, got, want)
		checkNoNaN(t, got)

		t.Run("CanvasNotBlank", func(t *testing.T) { checkFigureDrawn(t, tb, "lab") })
		t.Run("Exports", func(t *testing.T) { checkExports(t, tb, len(want.Rows)) })

		// canvasStats resolved in Draw, so a frame after "done" is on screen.
		p := writeArtifact(t, "lab.png", tb.screenshotFull())
		switch ss, err := pngStats(mustRead(t, p)); {
		case err != nil:
			t.Error(err)
		case ss.Width != viewW:
			t.Errorf("lab.png is %d px wide: the page overflows the %d-px viewport horizontally", ss.Width, viewW)
		case ss.NonBackground == 0:
			t.Error("lab.png is blank")
		}
	})

	// A malformed link never breaks the page: notices say what was changed,
	// and the cleaned link still runs (and matches the CLI).
	t.Run("MalformedLink", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(base + "/?v=1&n=abc&m=1,zz&bogus=1&eta=%ZZ&autoplay=1")
		st := waitReady(tb)
		t.Logf("link after load: %s", st.Search)

		raw := mustEval[string](tb, `JSON.stringify(window.sgdlabPage.notices())`)
		t.Logf("notices: %s", raw)
		var notices []json.RawMessage
		if err := json.Unmarshal([]byte(raw), &notices); err != nil {
			t.Fatalf("notices(): %v: %s", err, raw)
		}
		// Four problems (n, m, bogus, eta); a page may group some of them.
		if len(notices) < 2 {
			t.Fatalf("%d notices for a link with four bad parameters: %s", len(notices), raw)
		}
		if !strings.Contains(raw, "bogus") {
			t.Errorf("the notices do not mention the unknown parameter bogus: %s", raw)
		}
		// Each notice is on screen: its text is in the rendered text of the page.
		shown := mustEval[string](tb, `document.body.innerText`)
		for _, n := range notices {
			text := noticeText(n)
			if text == "" || !strings.Contains(normSpace(shown), normSpace(text)) {
				t.Errorf("notice %s is not visible in the page", n)
			}
		}

		st = waitDone(tb)
		got := pageReadout(tb)
		checkNoNaN(t, got)
		if len(got.Rows) == 0 {
			t.Error("no readout rows after the run")
		}
		compareReadouts(t, got, cliReadout(t, bins.CLI, strings.TrimPrefix(st.Search, "?")))
		writeArtifact(t, "malformed.png", tb.screenshotFull())
	})

	// embed=1 shows only the figure, sized to the window.
	t.Run("Embed", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(base + "/?embed=1")
		waitReady(tb)
		type layout struct {
			VW, VH           float64
			X, Y, W, H       float64
			Controls         []string
			ScrollW, ScrollH float64
		}
		l := mustEval[layout](tb, `(() => {
			const f = document.querySelector('iframe');
			const r = f ? f.getBoundingClientRect() : {x: 0, y: 0, width: 0, height: 0};
			const visible = (e) => {
				if (e.closest('iframe')) return false;
				const s = getComputedStyle(e);
				const b = e.getBoundingClientRect();
				return s.display !== 'none' && s.visibility !== 'hidden' && b.width > 0 && b.height > 0;
			};
			const controls = [...document.querySelectorAll('input, select, textarea')]
				.filter(visible).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[' + e.name + ']' : ''));
			return {VW: innerWidth, VH: innerHeight, X: r.x, Y: r.y, W: r.width, H: r.height, Controls: controls,
				ScrollW: document.documentElement.scrollWidth, ScrollH: document.documentElement.scrollHeight};
		})()`)
		t.Logf("embed layout: %+v", l)
		if l.W*l.H < 0.8*l.VW*l.VH {
			t.Errorf("the figure covers %.0f%% of the viewport (%.0f×%.0f of %.0f×%.0f), want at least 80%%",
				100*l.W*l.H/(l.VW*l.VH), l.W, l.H, l.VW, l.VH)
		}
		if len(l.Controls) > 0 {
			t.Errorf("embed=1 shows form controls: %v", l.Controls)
		}
		if l.ScrollW > l.VW+1 || l.ScrollH > l.VH+1 {
			t.Errorf("embed=1 scrolls: document %.0f×%.0f in a %.0f×%.0f viewport", l.ScrollW, l.ScrollH, l.VW, l.VH)
		}
		checkFigureDrawn(t, tb, "embed")
		writeArtifact(t, "embed.png", tb.screenshotFull())
	})
}

// noticeText is the text a notice shows: the notice itself when it is a
// string, else its message/text field.
func noticeText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil {
		for _, k := range []string{"message", "text", "msg", "reason"} {
			if s, ok := m[k].(string); ok {
				return s
			}
		}
	}
	return ""
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Clean(p))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkExports reads the three exports through the figure's API: the PNG
// starts with the PNG signature, the CSV has its header and points, and the
// JSON parses with one entry per run.
func checkExports(t *testing.T, tb *tab, runs int) {
	const api = `document.querySelector('iframe').contentWindow.sgdlab`
	sig := mustEval[string](tb, api+`.exportPNG().then(u => Array.from(u.slice(0, 8)).join(','))`, chromedp.EvalAwaitPromise)
	if sig != "137,80,78,71,13,10,26,10" {
		t.Errorf("exportPNG starts with %s, not the PNG signature", sig)
	}
	csv := mustEval[string](tb, api+`.exportCSV()`)
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if lines[0] != "run,m,rule,eta,t,grads,epoch,perr,mse" || len(lines) < 2*runs {
		t.Errorf("exportCSV: %d lines, header %q", len(lines), lines[0])
	}
	var doc struct {
		Runs []json.RawMessage `json:"runs"`
	}
	if err := json.Unmarshal([]byte(mustEval[string](tb, api+`.exportJSON()`)), &doc); err != nil || len(doc.Runs) != runs {
		t.Errorf("exportJSON: %v, %d runs, want %d", err, len(doc.Runs), runs)
	}
}

// presetRun opens base/?link&autoplay=1 in a new tab of browser, waits for
// the run to end, saves the page's readout as <name>-readout-page.json and
// checks it against the CLI's for the page's canonical link, cell by cell,
// and for NaN; it returns the tab and both readouts.
func presetRun(t *testing.T, browser context.Context, base, cli, link, name string) (tb *tab, page, want readout) {
	t.Helper()
	tb = newTab(t, browser)
	tb.navigate(base + "/?" + link + "&autoplay=1")
	waitReady(tb)
	st := waitDone(tb)
	page = pageReadout(tb)
	want = cliReadout(t, cli, strings.TrimPrefix(st.Search, "?"))
	pj, _ := json.MarshalIndent(page, "", "  ")
	writeArtifact(t, name+"-readout-page.json", pj)
	compareReadouts(t, page, want)
	checkNoNaN(t, page)
	return tb, page, want
}
