//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestKeyboardLeavesFigure: the figure is no keyboard trap (WCAG 2.1.2).
// From the Reset button, the element before the figure, Tab reaches "Copy
// link", the element after it, within 3 presses; Shift+Tab goes back the
// same way.
func TestKeyboardLeavesFigure(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	tb := newTab(t, browser)
	tb.navigate(base + "/?v=1&lab=batch&n=32&d=64&len=2")
	waitReady(tb)

	walk := func(from, to string, opts ...chromedp.KeyOption) {
		t.Helper()
		mustEval[bool](tb, `document.getElementById(`+jsString(from)+`).focus(), true`)
		var trail []string
		for range 3 {
			if _, err := chromedp.Run(tb.ctx, chromedp.KeyEvent("\t", opts...)); err != nil {
				t.Fatalf("Tab: %v", err)
			}
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
}

// TestLongNoticeLayout: a notice about a 5000-character value does not widen
// the page, on a desktop and on a phone.
func TestLongNoticeLayout(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	for _, w := range []int64{1400, 390} {
		tb := newTab(t, browser)
		if _, err := chromedp.Run(tb.ctx, chromedp.EmulateViewport(w, 844)); err != nil {
			t.Fatalf("viewport: %v", err)
		}
		tb.navigate(base + "/?v=1&lab=batch&n=32&d=64&len=2&m=" + strings.Repeat("7", 5000) + "&" + strings.Repeat("x", 5000) + "=1")
		waitReady(tb)
		if n := mustEval[int](tb, `sgdlabPage.notices().length`); n == 0 {
			t.Fatalf("width %d: no notice for the bad values", w)
		}
		if sw := mustEval[int](tb, `document.documentElement.scrollWidth`); sw > int(w) {
			t.Errorf("width %d: the page is %d px wide", w, sw)
		}
	}
}

// TestLabPickerBrowses: arrow keys move through the lab picker without
// switching lab; Enter opens the lab chosen.
func TestLabPickerBrowses(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	tb := newTab(t, browser)
	tb.navigate(base + "/?v=1&lab=batch&n=32&d=64&len=2")
	waitReady(tb)
	lab := func() string {
		return mustEval[string](tb, `new URLSearchParams(location.search).get('lab') || ''`)
	}
	mustEval[bool](tb, `document.getElementById('labpick').focus(), true`)
	if _, err := chromedp.Run(tb.ctx, chromedp.KeyEvent(kb.ArrowDown+kb.ArrowDown)); err != nil {
		t.Fatalf("ArrowDown: %v", err)
	}
	picked := mustEval[string](tb, `document.getElementById('labpick').value`)
	if picked == "batch" {
		t.Fatalf("two ArrowDown presses did not move the picker")
	}
	if got := lab(); got != "batch" {
		t.Errorf("browsing the picker switched the lab to %q", got)
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("Enter: %v", err)
	}
	poll(tb, "the lab after Enter", `new URLSearchParams(location.search).get('lab') || ''`, 10*time.Second,
		func(got string) (bool, error) { return got == picked, nil })
}

// TestPhoneEmbedStrip: in a 390 px wide embed the "open in sgdlab" link is
// whole inside the strip and the status keeps some room.
func TestPhoneEmbedStrip(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	tb := newTab(t, browser)
	if _, err := chromedp.Run(tb.ctx, chromedp.EmulateViewport(390, 300)); err != nil {
		t.Fatalf("viewport: %v", err)
	}
	tb.navigate(base + "/?v=1&lab=batch&n=32&d=64&len=2&embed=1")
	waitReady(tb)
	right := mustEval[float64](tb, `document.getElementById('openfull').getBoundingClientRect().right`)
	status := mustEval[float64](tb, `document.getElementById('status').getBoundingClientRect().width`)
	if right > 390 {
		t.Errorf("the open-in-sgdlab link ends at %.0f px, past the 390 px strip", right)
	}
	if status < 30 {
		t.Errorf("the status is %.0f px wide: not readable", status)
	}
	writeArtifact(t, "embed-phone.png", tb.screenshotFull())
}
