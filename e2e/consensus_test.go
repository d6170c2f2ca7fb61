//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// barbell is the page's "Barbell is slow" preset (sim/lab/consensus).
const barbell = "v=1&lab=consensus&topo=barbell&n=20&clique=8&d=40&w0=random&len=4000"

// TestConsensus: a newcomer opens the barbell preset; the node graph is
// drawn, the run ends and the theory readout equals the CLI's; a click on
// a node pins its curve (the link records it) without touching the numbers.
func TestConsensus(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	tb, got, want := presetRun(t, browser, base, bins.CLI, barbell, "consensus")
	items := map[string]string{}
	for _, it := range got.Items {
		items[it.Key] = it.Value
	}
	for _, k := range []string{"lambda2", "sigmamin", "sigmamax", "rate", "measured", "bound"} {
		if items[k] == "" {
			t.Errorf("readout item %s missing", k)
		}
	}
	if !strings.Contains(items["bound"], "holds") {
		t.Errorf("Mitra's bound: %q", items["bound"])
	}
	checkFigureDrawn(t, tb, "consensus")

	// Click node 5 of the graph (panel 0): the link gains pin=5 and the
	// readout is unchanged.
	type pos struct {
		X, Y float64
		OK   bool
	}
	p := mustEval[pos](tb, `(() => {
		const f = document.querySelector('iframe');
		const r = f.getBoundingClientRect();
		const p = JSON.parse(f.contentWindow.sgdlab.nodePos(0, 5));
		return {x: r.left + p.x, y: r.top + p.y, ok: p.ok};
	})()`)
	if !p.OK {
		t.Fatal("node 5 is not drawn")
	}
	if _, err := chromedp.Run(tb.ctx, chromedp.MouseClickXY(p.X, p.Y)); err != nil {
		t.Fatal(err)
	}
	after := poll(tb, "pin=5 in the link", stateJS, readyTimeout, func(s pageState) (bool, error) {
		return strings.Contains(s.Search, "pin=5"), nil
	})
	if after.Status != "done" {
		t.Errorf("a click changed the status to %s", after.Status)
	}
	compareReadouts(t, pageReadout(tb), want)
	writeArtifact(t, "consensus-pinned.png", tb.screenshotFull())
}

// frameRate is the n = 500 node graph of the frame-rate benchmark: G(n, p)
// with mean degree about 10, d = n (interpolation), a long run.
const frameRate = "v=1&lab=consensus&topo=er&n=500&p=0.02&d=500&w0=random&len=1300&base=none&view=graph"

// TestConsensusFrameRate runs the n = 500 graph for a few seconds and
// reports frames shown, figures rendered and steps per second (never
// asserted: headless Chromium renders WebGL in software here).
func TestConsensusFrameRate(t *testing.T) {
	tb := openLab(t, "/?"+frameRate)
	type perf struct {
		Frames, Redraws int
		DrawMs          float64
		Rounds          float64
		T               float64
		Status          string
	}
	const perfJS = `(() => {
		const f = document.querySelector('iframe').contentWindow.sgdlab;
		const p = JSON.parse(f.perf());
		const s = JSON.parse(f.state());
		const row = s.readout && s.readout.rows && s.readout.rows[0];
		return {frames: p.frames, redraws: p.redraws, drawMs: p.drawMs, rounds: row ? Number(row[2]) : 0, t: performance.now(), status: s.status};
	})()`
	mustEval[bool](tb, `(() => { document.querySelector('iframe').contentWindow.sgdlab.run(); return true; })()`)
	// Wait for the runs to start (layout, spectrum and analysis first).
	a := poll(tb, "steps under way", perfJS, readyTimeout, func(p perf) (bool, error) { return p.Rounds > 0 || p.Status == "done", nil })
	time.Sleep(8 * time.Second)
	b := mustEval[perf](tb, perfJS)
	dt := (b.T - a.T) / 1000
	report := fmt.Sprintf("link: ?%s\nwindow: %.1f s (status %s at the end)\nframes shown per second: %.1f\nfigures rendered per second: %.1f (recent render %.1f ms)\nsynchronous steps per second: %.1f\n",
		frameRate, dt, b.Status, float64(b.Frames-a.Frames)/dt, float64(b.Redraws-a.Redraws)/dt, b.DrawMs, (b.Rounds-a.Rounds)/dt)
	t.Log(report)
	writeArtifact(t, "consensus-framerate.txt", []byte(report))
	if b.Frames <= a.Frames || b.Rounds <= a.Rounds && b.Status != "done" {
		t.Errorf("nothing moved: %+v → %+v", a, b)
	}
	checkFigureDrawn(t, tb, "consensus-n500")
}
