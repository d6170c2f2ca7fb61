//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
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
