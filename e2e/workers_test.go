//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
)

// workersLink is a small critical link: a kernel matrix and a spectrum on
// the page, then 2 seeds × 4 batch sizes: 8 runs, the units the workers share.
const workersLink = "v=1&lab=critical&n=300&m=1,4,16,64&seeds=2&sweep=0"

// figureAPI is the figure's globalThis.sgdlab, seen from the lab page.
const figureAPI = `document.querySelector('iframe').contentWindow.sgdlab`

// workersInfo is what sgdlab.workers() reports.
type workersInfo struct {
	Setting       int    `json:"setting"`
	Active        int    `json:"active"`
	Live          int    `json:"live"`
	Started       int    `json:"started"`
	Note          string `json:"note"`
	Partials      int    `json:"partials"`
	PartialsShown int    `json:"partialsShown"`
	PartialBytes  int    `json:"partialBytes"`
	PartialMax    int    `json:"partialMax"`
	PartialFailed int    `json:"partialFailed"`
}

func readWorkers(tb *tab) workersInfo {
	tb.t.Helper()
	var w workersInfo
	if err := json.Unmarshal([]byte(mustEval[string](tb, figureAPI+`.workers()`)), &w); err != nil {
		tb.t.Fatal(err)
	}
	return w
}

// runWith opens link, sets the figure's workers (n < 0: the page's
// default), presses Run and waits for the end.
func runWith(t *testing.T, tb *tab, base, link string, n int) pageState {
	t.Helper()
	var start time.Time
	return runWithStart(t, tb, base, link, n, &start)
}

// runWithStart is runWith that sets *start when Run is pressed.
func runWithStart(t *testing.T, tb *tab, base, link string, n int, start *time.Time) pageState {
	t.Helper()
	tb.navigate(base + "/?" + link)
	waitReady(tb)
	poll(tb, "status ready (the data loaded)", stateJS, readyTimeout, func(s pageState) (bool, error) { return s.Status == "ready", nil })
	if n >= 0 {
		mustEval[bool](tb, fmt.Sprintf(`(%s.setWorkers(%d), true)`, figureAPI, n))
	}
	*start = time.Now()
	mustEval[bool](tb, `(document.querySelector('#run').click(), true)`)
	return waitDone(tb)
}

// liveLink is a variance link whose ensembles each run for seconds in a
// worker: long enough to see their curves grow.
const liveLink = "v=1&lab=variance"

// TestWorkers: the readout of a critical link is the CLI's, cell by cell,
// with one Web Worker, with the page's default (workers on: auto), with
// three, with none and when the workers cannot start (worker.js missing:
// the page runs alone and says why); the curves of units running in
// workers grow before the end (their snapshots are shown: the CSV has more
// rows while the run goes); twenty parameter changes in a row leave no more
// live workers than the setting; the Cores control sets the count and
// keeps it in this browser.
func TestWorkers(t *testing.T) {
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	want := cliReadout(t, bins.CLI, workersLink)
	if len(want.Rows) != 4 {
		t.Fatalf("the CLI's readout has %d rows, want 4 batch sizes", len(want.Rows))
	}
	for _, c := range []struct {
		name    string
		n       int // -1: the default
		workers bool
	}{{"One", 1, true}, {"Default", -1, true}, {"Three", 3, true}, {"None", 0, false}} {
		t.Run(c.name, func(t *testing.T) {
			tb := newTab(t, browser)
			runWith(t, tb, base, workersLink, c.n)
			w := readWorkers(tb)
			t.Logf("workers: %+v", w)
			if c.workers && (w.Started == 0 || w.Note != "") {
				t.Errorf("no workers ran: %+v", w)
			}
			if !c.workers && w.Started != 0 {
				t.Errorf("workers ran with the setting 0: %+v", w)
			}
			if w.Live != 0 || w.Active != 0 {
				t.Errorf("workers left alive at the end: %+v", w)
			}
			compareReadouts(t, pageReadout(tb), want)
		})
	}

	t.Run("Live", func(t *testing.T) {
		want := cliReadout(t, bins.CLI, liveLink)
		tb := newTab(t, browser)
		tb.navigate(base + "/?" + liveLink)
		waitReady(tb)
		poll(tb, "status ready", stateJS, readyTimeout, func(s pageState) (bool, error) { return s.Status == "ready", nil })
		rows := func() int { return mustEval[int](tb, figureAPI+`.exportCSV().split('\n').length`) }
		at0 := rows()
		mustEval[bool](tb, `(document.querySelector('#run').click(), true)`)
		type live struct {
			Status string
			Shown  int
			Rows   int
		}
		liveJS := `(() => { const f = ` + figureAPI + `; const w = JSON.parse(f.workers()); const s = JSON.parse(f.state());
			return {status: s.status, shown: w.partialsShown, rows: f.exportCSV().split('\n').length}; })()`
		seen := poll(tb, "a snapshot shown while running", liveJS, readyTimeout, func(l live) (bool, error) {
			if l.Status == "done" {
				return false, fmt.Errorf("done before any snapshot was shown: %+v", l)
			}
			return l.Shown > 0 && l.Rows > at0, nil
		})
		t.Logf("at Run: %d CSV lines; while running: %+v", at0, seen)
		waitDone(tb)
		w := readWorkers(tb)
		t.Logf("workers: %+v", w)
		if w.Started == 0 || w.PartialFailed > 0 {
			t.Errorf("workers: %+v", w)
		}
		compareReadouts(t, pageReadout(tb), want)
	})

	// The workers read the page's datasets through the HTTP cache: through
	// a proxy that counts the server's answers, a run with three workers
	// gets each shard's bytes once (the page's load); the workers' fetches
	// are revalidations (304, no body) or cache hits.
	t.Run("FetchOnce", func(t *testing.T) {
		proxy := countingProxy(t, base)
		tb := newTab(t, browser)
		runWith(t, tb, proxy.URL, workersLink, 3)
		if w := readWorkers(tb); w.Started != 3 {
			t.Fatalf("workers: %+v", w)
		}
		compareReadouts(t, pageReadout(tb), want)
		shards := 0
		for path, c := range proxy.counts() {
			if !strings.HasPrefix(path, "/data/") {
				continue
			}
			shards++
			t.Logf("%s: %d with body, %d not modified", path, c.full, c.notModified)
			if c.full > 1 {
				t.Errorf("%s came with its bytes %d times", path, c.full)
			}
		}
		if shards == 0 {
			t.Fatal("no dataset requests went through the proxy")
		}
	})

	t.Run("Control", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(base + "/?" + workersLink)
		waitReady(tb)
		pick := func(v string) {
			mustEval[bool](tb, fmt.Sprintf(`(() => { const s = document.querySelector('#cores'); s.value = %q; s.dispatchEvent(new Event('change')); return true; })()`, v))
		}
		if v := mustEval[string](tb, `document.querySelector('#cores').value`); v != "auto" {
			t.Errorf("the Cores control starts at %q, want auto", v)
		}
		auto := readWorkers(tb).Setting
		if auto < 1 {
			t.Errorf("auto gives %d workers", auto)
		}
		pick("0")
		if w := readWorkers(tb); w.Setting != 0 {
			t.Errorf("1 core (the page only): setting %d", w.Setting)
		}
		pick("2")
		if w := readWorkers(tb); w.Setting != 2 {
			t.Errorf("3 cores: setting %d", w.Setting)
		}
		if q := mustEval[string](tb, `location.search`); strings.Contains(q, "work") || strings.Contains(q, "core") {
			t.Errorf("the setting went into the link: %s", q)
		}
		// Kept in this browser: a new page starts with it.
		tb.navigate(base + "/?" + workersLink)
		waitReady(tb)
		if v, w := mustEval[string](tb, `document.querySelector('#cores').value`), readWorkers(tb); v != "2" || w.Setting != 2 {
			t.Errorf("after a reload: control %q, setting %d", v, w.Setting)
		}
		pick("auto")
		if w := readWorkers(tb); w.Setting != auto {
			t.Errorf("auto again: setting %d, want %d", w.Setting, auto)
		}
		mustEval[bool](tb, `(localStorage.removeItem('sgdlab-workers'), true)`)
	})

	t.Run("CannotStart", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.allow = func(m chromedp.ConsoleMessage) bool {
			return strings.Contains(m.String(), "404") || strings.Contains(m.URL, "worker.js")
		}
		if _, err := chromedp.Call(tb.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/worker.js"}}}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Listen(tb.ctx, func(ev any) {
			if e, ok := ev.(*fetch.EventRequestPaused); ok {
				go chromedp.Call(tb.ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: 404})
			}
		}); err != nil {
			t.Fatal(err)
		}
		runWith(t, tb, base, workersLink, 2)
		w := readWorkers(tb)
		t.Logf("workers: %+v", w)
		if w.Note == "" || w.Live != 0 {
			t.Errorf("the page did not say why it ran alone: %+v", w)
		}
		compareReadouts(t, pageReadout(tb), want)
	})

	t.Run("Churn", func(t *testing.T) {
		tb := newTab(t, browser)
		tb.navigate(base + "/?" + workersLink)
		waitReady(tb)
		poll(tb, "status ready (the data loaded)", stateJS, readyTimeout, func(s pageState) (bool, error) { return s.Status == "ready", nil })
		const n = 2
		mustEval[bool](tb, fmt.Sprintf(`(%s.setWorkers(%d), true)`, figureAPI, n))
		for i := range 20 {
			q := withParam(workersLink, "sseed", fmt.Sprint(i+1))
			mustEval[bool](tb, fmt.Sprintf(`(%s.load(%q), %s.run(), true)`, figureAPI, q, figureAPI))
			if w := readWorkers(tb); w.Live > n || w.Active != n {
				t.Fatalf("after %d changes: %+v", i+1, w)
			}
		}
		w := readWorkers(tb)
		t.Logf("workers: %+v", w)
		if w.Started < 20*n {
			t.Errorf("%d workers started for 20 links, want %d", w.Started, 20*n)
		}
		mustEval[bool](tb, `(`+figureAPI+`.reset(), true)`)
		if w := readWorkers(tb); w.Live != 0 {
			t.Errorf("reset left %d workers alive", w.Live)
		}
	})
}

// TestWorkersBench (make bench-browser; SGDLAB_BENCH_BROWSER=1): the
// critical and Armijo labs' default links from Run to done with the page
// alone, one Web Worker and two, in turn, three rounds (a drift of the
// machine hits every count alike), timed, with the snapshots the workers
// posted (count and bytes) and the medians' ratios. Never asserted (speed
// targets live in benchmarks); each readout still equals the CLI's.
func TestWorkersBench(t *testing.T) {
	bins, base, browser := startBench(t)
	var out strings.Builder
	counts := []int{0, 1, 2}
	for _, link := range []string{"v=1&lab=critical", "v=1&lab=armijo"} {
		want := cliReadout(t, bins.CLI, link)
		fmt.Fprintf(&out, "link: ?%s\n", link)
		took := make([][]float64, len(counts))
		for range 3 {
			for c, n := range counts {
				tb := newTab(t, browser)
				var start time.Time
				runWithStart(t, tb, base, link, n, &start)
				took[c] = append(took[c], time.Since(start).Seconds())
				w := readWorkers(tb)
				fmt.Fprintf(&out, "  workers %d (started %d%s): Run to done %.1f s", n, w.Started, map[bool]string{true: ", " + w.Note}[w.Note != ""], took[c][len(took[c])-1])
				if w.Partials > 0 {
					fmt.Fprintf(&out, "; snapshots %d (shown %d), %d bytes in all, mean %d, largest %d", w.Partials, w.PartialsShown, w.PartialBytes, w.PartialBytes/w.Partials, w.PartialMax)
				}
				fmt.Fprintln(&out)
				compareReadouts(t, pageReadout(tb), want)
				tb.navigate("about:blank")
			}
		}
		m := make([]float64, len(counts))
		for c := range counts {
			slices.Sort(took[c])
			m[c] = took[c][len(took[c])/2]
		}
		fmt.Fprintf(&out, "  medians: page alone %.1f s, 1 worker %.1f s, 2 workers %.1f s; 2 workers ÷ page alone %.2f, 2 workers ÷ 1 worker %.2f, 1 worker ÷ page alone %.2f\n",
			m[0], m[1], m[2], m[2]/m[0], m[2]/m[1], m[1]/m[0])
	}
	t.Log(out.String())
	writeArtifact(t, "workers-timing.txt", []byte(out.String()))
}

// TestWorkersGraphBench (make bench-browser; SGDLAB_BENCH_BROWSER=1): the
// consensus lab's node graph while a run goes, with the page alone and with
// the page's default workers — frames shown, figures rendered and the main
// run's rounds per second (each new round range brings the graph's next
// frames; the page keeps the main run, the workers take the baselines).
// Never asserted.
func TestWorkersGraphBench(t *testing.T) {
	_, base, browser := startBench(t)
	var out strings.Builder
	graph := strings.Replace(frameRate, "base=none", "base=both", 1)
	fmt.Fprintf(&out, "link: ?%s (8 s while the runs go)\n", graph)
	for _, n := range []int{0, -1, 0, -1} {
		tb := newTab(t, browser)
		tb.navigate(base + "/?" + graph)
		waitReady(tb)
		if n >= 0 {
			mustEval[bool](tb, fmt.Sprintf(`(%s.setWorkers(%d), true)`, figureAPI, n))
		}
		p := graphRate(t, tb)
		w := readWorkers(tb)
		fmt.Fprintf(&out, "  workers %s (active %d): frames shown %.1f/s, figures rendered %.1f/s, main run %.1f rounds/s\n",
			map[bool]string{true: "0", false: "default"}[n == 0], w.Active, p.frames, p.redraws, p.rounds)
		// The run would go on and take the cores from the next tab.
		tb.navigate("about:blank")
	}
	t.Log(out.String())
	writeArtifact(t, "workers-graph.txt", []byte(out.String()))
}

// rates is what graphRate measures.
type rates struct{ frames, redraws, rounds float64 }

// graphRate presses Run and measures, over 8 s once the main run is under
// way, the frames shown, the figures rendered and the main run's rounds
// per second (readout row 0, column 2).
func graphRate(t *testing.T, tb *tab) rates {
	t.Helper()
	type perf struct {
		Frames, Redraws int
		Rounds          float64
		T               float64
		Status          string
	}
	perfJS := `(() => {
		const f = ` + figureAPI + `;
		const p = JSON.parse(f.perf());
		const s = JSON.parse(f.state());
		const row = s.readout && s.readout.rows && s.readout.rows[0];
		return {frames: p.frames, redraws: p.redraws, rounds: row ? Number(row[2]) : 0, t: performance.now(), status: s.status};
	})()`
	mustEval[bool](tb, `(document.querySelector('#run').click(), true)`)
	a := poll(tb, "steps under way", perfJS, readyTimeout, func(p perf) (bool, error) { return p.Rounds > 0 || p.Status == "done", nil })
	time.Sleep(8 * time.Second)
	b := mustEval[perf](tb, perfJS)
	dt := (b.T - a.T) / 1000
	if b.Status == "done" {
		t.Logf("the run ended within the window: the rates are low bounds")
	}
	return rates{float64(b.Frames-a.Frames) / dt, float64(b.Redraws-a.Redraws) / dt, (b.Rounds - a.Rounds) / dt}
}

// proxyCount is what a countingProxy saw of one path.
type proxyCount struct{ full, notModified int }

// counting is a reverse proxy to a server that counts its answers by path.
type counting struct {
	URL string
	mu  sync.Mutex
	by  map[string]proxyCount
}

func (c *counting) counts() map[string]proxyCount {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.by)
}

// countingProxy starts a reverse proxy to base for the test.
func countingProxy(t *testing.T, base string) *counting {
	t.Helper()
	target, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	c := &counting{by: map[string]proxyCount{}}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(r *http.Response) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		n := c.by[r.Request.URL.Path]
		switch r.StatusCode {
		case http.StatusOK:
			n.full++
		case http.StatusNotModified:
			n.notModified++
		}
		c.by[r.Request.URL.Path] = n
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	c.URL = srv.URL
	return c
}

// startBench skips unless SGDLAB_BENCH_BROWSER=1 (make bench-browser), then
// starts the server and Chromium for a benchmark.
func startBench(t *testing.T) (bins binaries, base string, browser context.Context) {
	t.Helper()
	if os.Getenv("SGDLAB_BENCH_BROWSER") != "1" {
		t.Skip("a benchmark: make bench-browser runs it")
	}
	chromium := needChromium(t)
	bins = needBinaries(t)
	return bins, startServer(t, bins.Server), startBrowser(t, chromium)
}
