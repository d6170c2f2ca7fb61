//go:build !js

package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// armijoLink is the page's "line search at work" preset of the Armijo lab
// (b = 16, one seed, with the constant-step comparison): small enough for CI.
const armijoLink = "v=1&lab=armijo&b=16&seeds=1&view=lr"

// TestArmijo: the preset loads MNIST, runs Armijo and constant-step SGD to
// 97 % training accuracy, draws the line-search trace, and its readout equals
// the CLI's. With SGDLAB_BENCH_BROWSER=1 (make bench-browser) it also times
// the lab's default sweep from the link to the end.
func TestArmijo(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	tb, page, want := presetRun(t, browser, base, bins.CLI, armijoLink, "armijo")
	if len(want.Rows) != 1 || !strings.Contains(want.Rows[0][len(want.Rows[0])-1], "armijo 1/1") {
		t.Errorf("the CLI's readout rows %v, want b = 16 reached by the Armijo run", want.Rows)
	}
	items := map[string]string{}
	for _, it := range page.Items {
		items[it.Key] = it.Value
	}
	if !strings.Contains(items["linesearch"], "c = 0.05, δ = 0.9, γ = 2, α_max = 10") || !strings.Contains(items["paper"], "16–32") {
		t.Errorf("readout items: line search %q, paper %q", items["linesearch"], items["paper"])
	}
	checkFigureDrawn(t, tb, "armijo")
	writeArtifact(t, "armijo.png", tb.screenshotFull())

	if os.Getenv("SGDLAB_BENCH_BROWSER") != "1" {
		return
	}
	const sweep = "v=1&lab=armijo"
	tb = newTab(t, browser)
	start := time.Now()
	tb.navigate(base + "/?" + sweep + "&autoplay=1")
	waitReady(tb)
	ready := time.Since(start)
	st := waitDone(tb)
	done := time.Since(start)
	// Timing is reported, never asserted (speed targets live in benchmarks, never in timed tests).
	timing := fmt.Sprintf("link: ?%s\npage ready: %.1f s\nsweep done: %.1f s (%.1f s after the page was ready)\n", sweep, ready.Seconds(), done.Seconds(), (done - ready).Seconds())
	t.Log(timing)
	writeArtifact(t, "armijo-timing.txt", []byte(timing))
	compareReadouts(t, pageReadout(tb), cliReadout(t, bins.CLI, strings.TrimPrefix(st.Search, "?")))
	checkFigureDrawn(t, tb, "armijo-sweep")
	writeArtifact(t, "armijo-sweep.png", tb.screenshotFull())
}
