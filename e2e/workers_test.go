//go:build !js

package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
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
	Setting int    `json:"setting"`
	Active  int    `json:"active"`
	Live    int    `json:"live"`
	Started int    `json:"started"`
	Note    string `json:"note"`
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

// TestWorkers: the readout of a critical link is the CLI's, cell by cell,
// with one Web Worker, with the page's default, with three, with none and
// when the workers cannot start (worker.js missing: the page runs alone and
// says why); twenty parameter changes in a row leave no more live workers
// than the setting.
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
	}{{"One", 1, true}, {"Default", -1, false}, {"Three", 3, true}, {"None", 0, false}} {
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
// alone, one Web Worker and two, timed, never asserted (speed targets live
// in benchmarks); each readout still equals the CLI's.
func TestWorkersBench(t *testing.T) {
	if os.Getenv("SGDLAB_BENCH_BROWSER") != "1" {
		t.Skip("a benchmark: make bench-browser runs it")
	}
	chromium := needChromium(t)
	bins := needBinaries(t)
	base := startServer(t, bins.Server)
	browser := startBrowser(t, chromium)
	var out strings.Builder
	for _, link := range []string{"v=1&lab=critical", "v=1&lab=armijo"} {
		want := cliReadout(t, bins.CLI, link)
		fmt.Fprintf(&out, "link: ?%s\n", link)
		for _, n := range []int{0, 1, 2} {
			tb := newTab(t, browser)
			var start time.Time
			runWithStart(t, tb, base, link, n, &start)
			took := time.Since(start)
			w := readWorkers(tb)
			fmt.Fprintf(&out, "  workers %d (started %d%s): Run to done %.1f s\n", n, w.Started, map[bool]string{true: ", " + w.Note}[w.Note != ""], took.Seconds())
			compareReadouts(t, pageReadout(tb), want)
		}
	}
	t.Log(out.String())
	writeArtifact(t, "workers-timing.txt", []byte(out.String()))
}
