//go:build !js

package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// varianceLink is the page's "Figure 2 (left)" preset of the variance lab.
const varianceLink = "v=1&lab=variance&b=1,2,4,8,16,32,64,128&runs=300&steps=200&view=time"

// TestVariance: the preset loads the diabetes shard, runs its ensembles to
// the end, draws the figure, and its readout equals the CLI's.
func TestVariance(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	tb := newTab(t, browser)
	tb.navigate(base + "/?" + varianceLink + "&autoplay=1")
	waitReady(tb)
	st := waitDone(tb)
	got := pageReadout(tb)
	want := cliReadout(t, bins.CLI, strings.TrimPrefix(st.Search, "?"))
	pj, _ := json.MarshalIndent(got, "", "  ")
	writeArtifact(t, "variance-readout-page.json", pj)
	if len(want.Rows) != 8 {
		t.Fatalf("the CLI's readout has %d rows, want 8 batch sizes", len(want.Rows))
	}
	compareReadouts(t, got, want)
	checkNoNaN(t, got)
	checkFigureDrawn(t, tb, "variance")
	writeArtifact(t, "variance.png", tb.screenshotFull())
}
