//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// small is a batch-lab link that is ready in a moment.
const small = "/?v=1&lab=batch&n=32&d=64&len=2"

// tabOption prepares a new tab before it loads its page.
type tabOption func(*tab)

// withAxe puts axe-core into every document the tab loads.
func withAxe(tb *tab) { injectAxe(tb) }

// resize sets the tab's viewport to w×h CSS pixels.
func resize(tb *tab, w, h int64) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.EmulateViewport(w, h)); err != nil {
		tb.t.Fatalf("viewport: %v", err)
	}
}

// notesServer serves /notes?src=PATH, a page of lecture notes with a link
// before and after an iframe of base+PATH: another origin than the lab's,
// as notes are.
func notesServer(t *testing.T, base string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/notes" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>notes</title>
<link rel="icon" href="data:,"></head><body><main aria-label="Lecture notes"><h1>Notes</h1>
<p><a id="before" href="#">before</a></p>
<iframe src="%s" width="800" height="500" title="sgdlab figure"></iframe>
<p><a id="after" href="#">after</a></p></main></body></html>`, html.EscapeString(base+r.URL.Query().Get("src")))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// waitInFrame waits until the document of the first element that matches
// frameSel (an iframe of the same site, so in the same process) holds an
// element that matches sel, and returns a function that evaluates a
// JavaScript expression in that document (in an isolated world: its DOM,
// not its script's globals).
func waitInFrame(tb *tab, frameSel, sel string) (frameEval func(expr string) string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, readyTimeout)
	defer cancel()
	start := time.Now()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS(frameSel)))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(sel), chromedp.FromNode(nodes[0])))
	}
	var world page.CreateIsolatedWorldResult
	if err == nil {
		world, err = chromedp.Call(ctx, page.CreateIsolatedWorld,
			page.CreateIsolatedWorldParams{FrameID: nodes[0].FrameID, WorldName: "e2e"})
	}
	if err != nil {
		tb.t.Fatalf("waiting for %s in %s: %v\nconsole:\n%s", sel, frameSel, err, tb.consoleText())
	}
	tb.t.Logf("%s in %s after %.1f s", sel, frameSel, time.Since(start).Seconds())
	return func(expr string) string {
		tb.t.Helper()
		return mustEval[string](tb, expr, func(p *runtime.EvaluateParams) { p.ContextID = world.ExecutionContextID })
	}
}

// activeJS is the id, or else the tag name, of the focused element.
const activeJS = `(document.activeElement && (document.activeElement.id || document.activeElement.tagName)) || ''`

// numbersSplitJS lists, as JSON, every number of the readout (a value or
// a table cell whose text is a number) that the layout splits over more
// than one line or lets spill out of its box.
const numbersSplitJS = `(() => {
	const number = /^[-+−]?[\d.,]+(e[-+]?\d+)?%?$/i;
	const bad = [];
	for (const el of document.querySelectorAll('#items dd, #runs td')) {
		const text = el.textContent.trim();
		if (!number.test(text)) continue;
		const range = document.createRange();
		for (const node of el.childNodes) {
			if (node.nodeType !== Node.TEXT_NODE || node.data.trim() === '') continue;
			range.selectNodeContents(node);
			const tops = [...range.getClientRects()].map((r) => Math.round(r.top));
			const lines = new Set(tops).size;
			const name = el.dataset.key || el.closest('tr') && ('row ' + el.closest('tr').rowIndex);
			if (lines > 1) bad.push(name + ' = ' + JSON.stringify(text) + ' is on ' + lines + ' lines');
			const box = (el.tagName === 'DD' ? el.parentElement : el).getBoundingClientRect();
			const r = range.getBoundingClientRect();
			if (r.right > box.right + 1 && el.tagName === 'DD') {
				bad.push(name + ' = ' + JSON.stringify(text) + ' ends at ' + Math.round(r.right) +
					' px, past its cell (' + Math.round(box.right) + ' px)');
			}
		}
	}
	return JSON.stringify(bad);
})()`

// described is what describedJS reports of an element: its name (aria-label
// or title), the ids in its aria-describedby, those that name no element,
// and the text of those that do.
type described struct {
	Name    string `json:"name"`
	IDs     string `json:"ids"`
	Missing string `json:"missing"`
	Text    string `json:"text"`
}

// describedJS is an expression for the described of the first element that
// matches sel in the document doc (an expression).
func describedJS(doc, sel string) string {
	return `((doc) => {
	const el = doc.querySelector(` + jsString(sel) + `);
	if (!el) return {name: '', ids: '', missing: ` + jsString(sel) + `, text: ''};
	const ids = (el.getAttribute('aria-describedby') || '').trim();
	const missing = [], text = [];
	for (const id of ids.split(/\s+/).filter(Boolean)) {
		const d = doc.getElementById(id);
		if (d) text.push(d.textContent.trim()); else missing.push(id);
	}
	return {name: el.getAttribute('aria-label') || el.getAttribute('title') || '', ids,
		missing: missing.join(' '), text: text.join(' ').trim()};
})(` + doc + `)`
}

func describedBy(tb *tab, doc, sel string) described {
	tb.t.Helper()
	var d described
	raw := mustEval[string](tb, `JSON.stringify(`+describedJS(doc, sel)+`)`)
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		tb.t.Fatalf("%v: %s", err, raw)
	}
	return d
}

// labOfPage is the lab= of the page's current link.
const labOfPage = `new URLSearchParams(location.search).get('lab') || ''`

// TestA11y: keyboard use, long notices, phone widths, the figure's text
// alternative and the axe-core audit, on one server and one browser.
func TestA11y(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)

	// open loads path in a new tab of w×h px (0: the default viewport) and
	// waits until the page is ready.
	open := func(t *testing.T, path string, w, h int64, opts ...tabOption) *tab {
		t.Helper()
		tb := newTab(t, browser)
		if w > 0 {
			resize(tb, w, h)
		}
		for _, o := range opts {
			o(tb)
		}
		tb.navigate(base + path)
		waitReady(tb)
		return tb
	}
	press := func(t *testing.T, ctx context.Context, keys string, opts ...chromedp.KeyOption) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.KeyEvent(keys, opts...)); err != nil {
			t.Fatalf("key %q: %v", keys, err)
		}
	}

	// The figure is no keyboard trap (WCAG 2.1.2): from the Reset button,
	// the element before the figure, Tab reaches "Copy link", the element
	// after it, within 3 presses; Shift+Tab goes back the same way.
	t.Run("KeyboardLeavesFigure", func(t *testing.T) {
		tb := open(t, small, 0, 0)
		walk := func(from, to string, opts ...chromedp.KeyOption) {
			t.Helper()
			mustEval[bool](tb, `document.getElementById(`+jsString(from)+`).focus(), true`)
			var trail []string
			for range 3 {
				press(t, tb.ctx, "\t", opts...)
				id := mustEval[string](tb, `(document.activeElement && (document.activeElement.id || document.activeElement.tagName)) || ''`)
				trail = append(trail, id)
				if id == to {
					return
				}
			}
			t.Errorf("from #%s, 3 presses went %v, never to #%s: the figure keeps the focus", from, trail, to)
		}
		walk("reset", "copylink")
		walk("copylink", "reset", chromedp.KeyModifiers(chromedp.ModifierShift))
	})

	// Lecture notes embed the figure in an iframe (another origin): from the
	// link before it, Tab reaches the link after it within a few presses
	// and Shift+Tab comes back (WCAG 2.1.2). The bare figure page has one
	// tab stop (the canvas), so 3 presses suffice; the embed strip adds at
	// most four (Run, Pause, Reset, "open ↗"), so 7. The notes, with the
	// figure page or the embed page (after its run) in them, pass axe-core,
	// and the bare figure's canvas has a name and a description.
	t.Run("KeyboardLeavesNotesIframe", func(t *testing.T) {
		notes := notesServer(t, base)
		for _, c := range []struct {
			name, src, ready string // ready: a selector inside the iframe
			max              int
		}{
			{"figure", "/figure.html?v=1&lab=batch&n=32&d=64&len=2", "canvas[tabindex='0']", 3},
			{"embed", small + "&embed=1&autoplay=1", "body[data-status='done']", 7},
		} {
			t.Run(c.name, func(t *testing.T) {
				tb := newTab(t, browser)
				withAxe(tb)
				tb.navigate(notes.URL + "/notes?src=" + url.QueryEscape(c.src))
				inFrame := waitInFrame(tb, "iframe", c.ready)
				// where is the focus: the id or tag of the outer page's active
				// element, and inside the iframe that of the frame's.
				// The canvas shows the focus (ebiten's inline outline: none
				// hid it).
				where := func() string {
					id := mustEval[string](tb, activeJS)
					if id == "IFRAME" {
						id += ">" + inFrame(activeJS)
					}
					if id == "IFRAME>CANVAS" {
						if o := inFrame(`getComputedStyle(document.activeElement).outlineStyle`); o == "none" {
							t.Errorf("the focused canvas has no outline: the focus is invisible")
						}
					}
					return id
				}
				walk := func(from, to string, opts ...chromedp.KeyOption) {
					t.Helper()
					mustEval[bool](tb, `document.getElementById(`+jsString(from)+`).focus(), true`)
					var trail []string
					for range c.max {
						press(t, tb.ctx, "\t", opts...)
						trail = append(trail, where())
						if trail[len(trail)-1] == to {
							t.Logf("#%s to #%s: %v", from, to, trail)
							if c.name == "figure" && !slices.Contains(trail, "IFRAME>CANVAS") {
								t.Errorf("from #%s, Tab went %v: never to the figure's canvas", from, trail)
							}
							return
						}
					}
					t.Errorf("from #%s, %d presses went %v, never to #%s: the figure keeps the focus", from, c.max, trail, to)
				}
				walk("before", "after")
				walk("after", "before", chromedp.KeyModifiers(chromedp.ModifierShift))

				if c.name == "figure" {
					var d described
					raw := inFrame(`JSON.stringify(` + describedJS(`document`, `canvas`) + `)`)
					if err := json.Unmarshal([]byte(raw), &d); err != nil {
						t.Fatalf("%v: %s", err, raw)
					}
					if d.Name == "" || d.Text == "" || d.Missing != "" {
						t.Errorf("figure.html's canvas: %+v, want aria-label and aria-describedby naming elements with text", d)
					}
				}
				audit(tb, "notes with "+c.src)
			})
		}
	})

	// A notice about a 5000-character value does not widen the page, on a
	// desktop and on a phone; the page with its notices passes axe-core.
	t.Run("LongNoticeLayout", func(t *testing.T) {
		for _, w := range []int64{1400, 390} {
			tb := open(t, small+"&m="+strings.Repeat("7", 5000)+"&"+strings.Repeat("x", 5000)+"=1", w, 844, withAxe)
			if n := mustEval[int](tb, `sgdlabPage.notices().length`); n == 0 {
				t.Fatalf("width %d: no notice for the bad values", w)
			}
			if sw := mustEval[int](tb, `document.documentElement.scrollWidth`); sw > int(w) {
				t.Errorf("width %d: the page is %d px wide", w, sw)
			}
			audit(tb, fmt.Sprintf("notices at %d px", w))
		}
	})

	// Arrow keys move through the lab picker without switching lab; Enter
	// opens the lab chosen.
	t.Run("LabPickerBrowses", func(t *testing.T) {
		tb := open(t, small, 0, 0)
		mustEval[bool](tb, `document.getElementById('labpick').focus(), true`)
		press(t, tb.ctx, kb.ArrowDown+kb.ArrowDown)
		picked := mustEval[string](tb, `document.getElementById('labpick').value`)
		if picked == "batch" {
			t.Fatalf("two ArrowDown presses did not move the picker")
		}
		if got := mustEval[string](tb, labOfPage); got != "batch" {
			t.Errorf("browsing the picker switched the lab to %q", got)
		}
		press(t, tb.ctx, kb.Enter)
		poll(tb, "the lab after Enter", labOfPage, 10*time.Second,
			func(got string) (bool, error) { return got == picked, nil })
	})

	// In a 390 px wide embed the "open in sgdlab" link is whole inside the
	// strip and the status keeps some room.
	t.Run("PhoneEmbedStrip", func(t *testing.T) {
		tb := open(t, small+"&embed=1", 390, 300)
		right := mustEval[float64](tb, `document.getElementById('openfull').getBoundingClientRect().right`)
		status := mustEval[float64](tb, `document.getElementById('status').getBoundingClientRect().width`)
		if right > 390 {
			t.Errorf("the open-in-sgdlab link ends at %.0f px, past the 390 px strip", right)
		}
		if status < 30 {
			t.Errorf("the status is %.0f px wide: not readable", status)
		}
		writeArtifact(t, "embed-phone.png", tb.screenshotFull())
	})

	// After a run (the consensus lab on a ring, whose readout has long
	// numbers and a table):
	//   - a number in the readout never breaks across lines (0.999433 once
	//     showed as "0.9994" over "33") nor spills out of its cell, at 1400
	//     and at 390 px: each readout value and table cell that is a number
	//     lies on a single line within its box;
	//   - the figure has a name and a text alternative: the iframe is
	//     described by the readout, the canvas inside it by the figure's
	//     summary, which holds the readout's values;
	//   - axe-core finds no serious or critical violation.
	t.Run("AfterRun", func(t *testing.T) {
		tb := open(t, "/?v=1&lab=consensus&topo=ring&n=16&d=32&len=300&autoplay=1", 1400, 900, withAxe)
		waitDone(tb)

		for _, w := range []int64{1400, 390} {
			resize(tb, w, 900)
			audit(tb, fmt.Sprintf("the consensus lab after a run at %d px", w))
			var bad []string
			raw := mustEval[string](tb, numbersSplitJS)
			if err := json.Unmarshal([]byte(raw), &bad); err != nil {
				t.Fatalf("%v: %s", err, raw)
			}
			if n := mustEval[int](tb, `document.querySelectorAll('#items dd').length`); n == 0 {
				t.Fatalf("width %d: the readout has no values", w)
			}
			for _, b := range bad {
				t.Errorf("width %d: %s", w, b)
			}
			writeArtifact(t, fmt.Sprintf("readout-numbers-%d.png", w), tb.screenshotOf("#readout"))
		}

		it := pageReadout(tb).Items[0]
		first := it.Label + ": " + it.Value
		d := describedBy(tb, `document`, `#figure`)
		if d.Name == "" || d.Text == "" || d.Missing != "" {
			t.Errorf("the lab page's figure iframe: %+v, want a title and aria-describedby naming elements with text", d)
		}
		poll(tb, "the canvas described by the readout's values", `JSON.stringify(`+describedJS(`document.getElementById('figure').contentDocument`, `canvas`)+`)`,
			10*time.Second, func(raw string) (bool, error) {
				var d described
				if err := json.Unmarshal([]byte(raw), &d); err != nil {
					return false, err
				}
				if d.Name == "" || d.Missing != "" || d.IDs == "" {
					return false, fmt.Errorf("%w: the canvas has no name or no description: %+v", errStop, d)
				}
				return strings.Contains(d.Text, first), nil
			})
	})

	// The README's embed and phone pictures, after a run: the variance lab
	// in an 800×500 embed, and the consensus lab (graph and curves) on a 390 px
	// phone, where the figure gets 260 px per panel (wasm/draw's legend
	// test assumes it).
	t.Run("Screens", func(t *testing.T) {
		tb := open(t, "/?v=1&lab=variance&b=1,2,4,8,16,32,64,128&runs=300&steps=100&view=b&at=50&embed=1&autoplay=1", 800, 500)
		waitDone(tb)
		writeArtifact(t, "embed.png", tb.screenshotFull())
		tb = open(t, "/?v=1&lab=consensus&topo=ring&n=24&d=48&mu=0.25&len=3000&autoplay=1", 390, 844)
		waitDone(tb)
		h := mustEval[float64](tb, `document.getElementById('figure').getBoundingClientRect().height`)
		if h < 2*260 {
			t.Errorf("the two-panel figure is %.0f px tall on a phone, want ≥ 520", h)
		}
		shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		writeArtifact(t, "phone.png", shot) // the first screen, as a phone shows it
	})

	// axe-core finds no serious or critical violation on any lab's default
	// link (AfterRun, LongNoticeLayout and KeyboardLeavesNotesIframe audit
	// a finished run, notices, the embed strip and the figure page). The
	// labs share one tab: the batch lab's link is loaded, the others opened
	// with the lab picker, which loads their default links (v=1&lab=NAME)
	// in place, so the simulator starts once.
	t.Run("AxeLabs", func(t *testing.T) {
		tb := open(t, "/?v=1&lab=batch", 0, 0, withAxe)
		for i, name := range []string{"batch", "critical", "consensus", "variance", "armijo"} {
			if i > 0 {
				mustEval[bool](tb, `(() => { const p = document.getElementById('labpick');
					p.value = `+jsString(name)+`; p.dispatchEvent(new Event('change')); return true; })()`)
			}
			if got := mustEval[string](tb, labOfPage); got != name {
				t.Fatalf("the lab picker opened %q, not %q", got, name)
			}
			for _, w := range []int64{viewW, 390} {
				resize(tb, w, viewH)
				audit(tb, fmt.Sprintf("/?v=1&lab=%s at %d px", name, w))
			}
		}
	})
}
