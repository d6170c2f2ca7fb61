//go:build !js

package e2e

import (
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
