//go:build !js

package e2e

import "testing"

// varianceLink is the page's "Figure 2 (left)" preset of the variance lab.
const varianceLink = "v=1&lab=variance&b=1,2,4,8,16,32,64,128&runs=300&steps=200&view=time"

// TestVariance: the preset loads the diabetes shard, runs its ensembles to
// the end, draws the figure, and its readout equals the CLI's.
func TestVariance(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	tb, _, want := presetRun(t, browser, base, bins.CLI, varianceLink, "variance")
	if len(want.Rows) != 8 {
		t.Errorf("the CLI's readout has %d rows, want 8 batch sizes", len(want.Rows))
	}
	checkFigureDrawn(t, tb, "variance")
	writeArtifact(t, "variance.png", tb.screenshotFull())
}
