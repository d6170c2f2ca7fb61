//go:build !js

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// small is a batch-lab link that is ready in a moment.
const small = "/?v=1&lab=batch&n=32&d=64&len=2"

// labOfPage is the lab= of the page's current link.
const labOfPage = `new URLSearchParams(location.search).get('lab') || ''`

// TestA11y: keyboard use, long notices and phone widths, on one server and
// one browser.
func TestA11y(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)

	// open loads path in a new tab of w×h px (0: the default viewport) and
	// waits until the page is ready.
	open := func(t *testing.T, path string, w, h int64) *tab {
		t.Helper()
		tb := newTab(t, browser)
		if w > 0 {
			if _, err := chromedp.Run(tb.ctx, chromedp.EmulateViewport(w, h)); err != nil {
				t.Fatalf("viewport: %v", err)
			}
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

	// A notice about a 5000-character value does not widen the page, on a
	// desktop and on a phone.
	t.Run("LongNoticeLayout", func(t *testing.T) {
		for _, w := range []int64{1400, 390} {
			tb := open(t, small+"&m="+strings.Repeat("7", 5000)+"&"+strings.Repeat("x", 5000)+"=1", w, 844)
			if n := mustEval[int](tb, `sgdlabPage.notices().length`); n == 0 {
				t.Fatalf("width %d: no notice for the bad values", w)
			}
			if sw := mustEval[int](tb, `document.documentElement.scrollWidth`); sw > int(w) {
				t.Errorf("width %d: the page is %d px wide", w, sw)
			}
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
}
