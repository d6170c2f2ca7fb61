//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The accessibility audit: axe-core (a pinned copy in testdata/axe-core, see
// its README) checks a page against WCAG 2.x A/AA and best practices. The
// test puts axe into every frame of the tab before the page's own scripts,
// through DevTools (page.addScriptToEvaluateOnNewDocument, which the page's
// CSP does not govern), so the server never serves it and no page includes
// it; axe.run in the top frame then audits the iframes too.

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

// axeSource is testdata/axe-core/axe.min.js, read once.
func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join("testdata", "axe-core", "axe.min.js"))
		axeSrc = string(b)
	})
	if axeErr != nil {
		t.Fatalf("axe-core: %v", axeErr)
	}
	return axeSrc
}

// injectAxe makes every document the tab loads from now on, in every frame,
// define window.axe before its own scripts run.
func injectAxe(tb *tab) {
	tb.t.Helper()
	// axe talks to the axe of each iframe with postMessage, by default only
	// to frames of its own origin: lecture notes frame another origin.
	src := axeSource(tb.t) + "\n;axe.configure({allowedOrigins: ['<unsafe_all_origins>']});\n"
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
		tb.t.Fatalf("injecting axe-core: %v", err)
	}
}

// axeViolation is one rule that failed, as axe.run reports it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		// Target is a CSS selector path: one selector per frame (and
		// nested arrays through shadow roots), kept raw.
		Target         json.RawMessage `json:"target"`
		Impact         string          `json:"impact"`
		FailureSummary string          `json:"failureSummary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 8 {
			fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n    %s", n.Target)
		if s := strings.ReplaceAll(strings.TrimSpace(n.FailureSummary), "\n", " / "); s != "" {
			fmt.Fprintf(&b, ": %s", s)
		}
	}
	return b.String()
}

// axeRun is the audit: violations in full, of every rule axe enables by
// default (WCAG 2.0–2.2 A and AA, and best practices), and whether the
// audit reached inside the iframes (a passing check on an element in a
// frame), if the page has any.
const axeRun = `(async () => {
	if (typeof axe !== 'object') throw new Error('axe-core is not in the page');
	const r = await axe.run(document, {resultTypes: ['violations']});
	const inFrame = (n) => n.target.length > 1;
	return JSON.stringify({
		violations: r.violations,
		iframes: document.querySelectorAll('iframe').length,
		framesAudited: [...r.passes, ...r.incomplete, ...r.violations].some((v) => v.nodes.some(inFrame)),
	});
})()`

// audit runs axe on the tab's page as it is now. A violation of impact
// serious or critical fails the test with its rule, impact, help and the
// selectors of the elements; moderate and minor ones are logged.
func audit(tb *tab, what string) []axeViolation {
	tb.t.Helper()
	raw := mustEval[string](tb, axeRun, chromedp.EvalAwaitPromise)
	var res struct {
		Violations    []axeViolation `json:"violations"`
		IFrames       int            `json:"iframes"`
		FramesAudited bool           `json:"framesAudited"`
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		tb.t.Fatalf("axe results: %v\n%s", err, raw)
	}
	if res.IFrames > 0 && !res.FramesAudited {
		tb.t.Errorf("%s: axe reported nothing inside the page's %d iframe(s): it did not reach them", what, res.IFrames)
	}
	vs := res.Violations
	for _, v := range vs {
		switch v.Impact {
		case "serious", "critical":
			tb.t.Errorf("%s: axe: %s", what, v)
		default:
			tb.t.Logf("%s: axe (not failing): %s", what, v)
		}
	}
	if len(vs) == 0 {
		tb.t.Logf("%s: axe found no violation", what)
	}
	return vs
}
