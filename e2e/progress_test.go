//go:build !js

package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// progressLink runs for several seconds in the browser (about 10 s in
// headless Chromium here; seeds=1 took 6–7 s, too close to the 2 s before a
// time-left estimate on a faster machine): the 600×600 kernel matrix,
// Lanczos, eight batch sizes × 2 seeds to ε and the step-size sweep.
const progressLink = "/?v=1&lab=critical&n=600&seeds=2"

// statusJS reads the status line, the run state and what the screen reader
// was told since the observer was installed.
const statusJS = `(() => ({
	text: document.querySelector('#status').textContent,
	status: document.body.dataset.status || '',
	announced: (window.progressTestAnnounced || []).length,
}))()`

type statusLine struct {
	Text      string `json:"text"`
	Status    string `json:"status"`
	Announced int    `json:"announced"`
}

var (
	percentRE = regexp.MustCompile(`^running — (\d+)%`)
	leftRE    = regexp.MustCompile(` · (a few seconds|about \d+ (s|min|h)) left$`)
)

// TestProgress: the status line of a run that takes seconds — the progress
// never goes back, it says what is being computed, and at some point how
// long is left; before Run nothing claims to be computing; the screen reader
// hears of status and phase changes, not of every percent.
func TestProgress(t *testing.T) {
	tb := openLab(t, progressLink)
	poll(tb, "status ready", stateJS, readyTimeout, func(s pageState) (bool, error) { return s.Status == "ready", nil })

	// Nothing runs yet: no word of computing anywhere on the page.
	if text := mustEval[string](tb, `document.body.innerText`); strings.Contains(text, "computing") {
		t.Errorf("before Run the page says it is computing:\n%s", text)
	}
	if st := mustEval[string](tb, `document.querySelector('#status').textContent`); st != "ready — press Run" {
		t.Errorf("status before Run: %q", st)
	}

	mustEval[bool](tb, `(() => {
		window.progressTestAnnounced = [];
		const a = document.querySelector('#announce');
		new MutationObserver(() => window.progressTestAnnounced.push(a.textContent))
			.observe(a, {childList: true, characterData: true, subtree: true});
		document.querySelector('#run').click();
		return true;
	})()`)

	start := time.Now()
	last, polls, changes := -1, 0, 0
	var prevText string
	var phases, lefts []string
	var final statusLine
	for {
		s := mustEval[statusLine](tb, statusJS)
		polls++
		if s.Text != prevText {
			changes++
			t.Logf("%5.1f s  %s", time.Since(start).Seconds(), s.Text)
			prevText = s.Text
		}
		if s.Status == "running" {
			m := percentRE.FindStringSubmatch(s.Text)
			if m == nil {
				t.Fatalf("running, but the status line %q has no percentage", s.Text)
			}
			pct, _ := strconv.Atoi(m[1])
			if pct < last {
				t.Errorf("progress went back from %d%% to %d%%: %q", last, pct, s.Text)
			}
			last = pct
			rest := strings.TrimPrefix(s.Text, m[0])
			if l := leftRE.FindString(rest); l != "" {
				lefts = append(lefts, strings.TrimPrefix(l, " · "))
				rest = strings.TrimSuffix(rest, l)
			}
			if phase := strings.TrimPrefix(rest, " · "); phase == "" || phase == rest {
				t.Errorf("running without a phase: %q", s.Text)
			} else if len(phases) == 0 || phases[len(phases)-1] != phase {
				phases = append(phases, phase)
			}
		}
		if s.Status == "done" || s.Status == "error" {
			final = s
			break
		}
		if time.Since(start) > 2*time.Minute {
			t.Fatalf("not done after 2 minutes: %+v", s)
		}
		time.Sleep(200 * time.Millisecond)
	}
	took := time.Since(start)
	t.Logf("done in %.1f s: %d polls, %d status texts, %d announcements; phases %q…; time left %q",
		took.Seconds(), polls, changes, final.Announced, phases[:min(len(phases), 4)], lefts)
	if final.Status != "done" {
		t.Fatalf("the run ended with status %s: %q", final.Status, final.Text)
	}
	if len(phases) == 0 || !strings.Contains(strings.Join(phases, "|"), "kernel") {
		t.Errorf("the phases shown %q do not mention the kernel matrix or kernel SGD", phases)
	}
	if len(lefts) == 0 {
		t.Errorf("no estimate of the time left in %.1f s of running", took.Seconds())
	}
	// Announcements: when the status or the words of the phase change — a
	// handful, while the status line changed with nearly every poll.
	if final.Announced == 0 || final.Announced > 12 || (changes > 20 && final.Announced > changes/2) {
		t.Errorf("%d announcements for %d status texts", final.Announced, changes)
	}
}
